# SPDX-License-Identifier: BSD-2-Clause
"""tests/guests/hc_bytechan alone in an epapr partition (dts/epapr-hcall.dts):
byte-channel send/receive/poll with every error code and bad handles, the
all-or-nothing EV_EAGAIN, the hypervisor-console channel's "[p0/log]"
output, doorbells, EV_MSGSND, and the rx/tx/doorbell interrupts through the
hv-pic; then the monitor's view of the channels and doorbells."""
import re

import pytest

from hc_runner import CPUS, REPO

DTS = REPO / "dts" / "epapr-hcall.dts"

# Checks that must have run and passed on every core.
MUST = ("tree: hv-pic", "tree: interrupts", "send 16", "receive 5 of 16",
        "send to a full ring: EAGAIN, r4 0", "send 16 into 10 free: EAGAIN, nothing sent",
        "drain: every byte in order", "send: no such handle", "send: a doorbell handle",
        "send: 17 bytes", "receive: 17 bytes", "poll: no such handle",
        "doorbell: a receive handle", "log: write a line", "doorbell: send",
        "interrupts: rx when data arrives", "interrupts: no rx while data waits",
        "interrupts: tx when the receiver makes room", "doorbell: the receive interrupt")


@pytest.mark.parametrize("cpu", CPUS)
def test_hc_bytechan(boot, cpu):
    board = boot(cpu, DTS, {"hc_bytechan": "hc_bytechan"}, "hc_bytechan")
    m = board.expect(r"^\[p0\] hc_bytechan: done, (\d+) failed$")
    fails = [ln for ln in board.text.splitlines() if "FAIL" in ln]
    assert m.group(1) == "0" and not fails, "\n".join(fails)
    for what in MUST:
        assert f"[p0] hc_bytechan: {what}: ok\n" in board.text, what
    if cpu == "e500mc":
        for what in ("msgsnd: to vCPU 0", "msgsnd: broadcast",
                     "msgsnd: critical doorbell type refused", "msgsnd: PIR of no vCPU"):
            assert f"[p0] hc_bytechan: {what}: ok\n" in board.text, what
    else:
        assert "[p0] hc_bytechan: msgsnd: ENODEV on e500v2: ok\n" in board.text
    # The log channel's line, tagged with partition and channel.
    assert "\n[p0/log] hc_bytechan: via the log channel\n" in board.text
    out = board.command("bytechans")
    assert re.search(r"^  loop +p0\(h\d+\) <-> p0\(h\d+\): 0 and 0 bytes queued", out, re.M), out
    assert re.search(r"^  log +p0\(h\d+\) <-> console\(h-1\)", out, re.M), out
    out = board.command("doorbells")
    assert re.search(r"^  self +p0\(h\d+\) -> p0\(h\d+, irq 2\d\d\): rung [2-9] times", out,
                     re.M), out
