# SPDX-License-Identifier: BSD-2-Clause
"""Freescale partition management and run-time set-platform (issue 5).

A manager partition (tests/guests/mgr_manager, ePAPR, CPU 0) stops, starts,
restarts and re-platforms the partition it manages (tests/guests/mgr_target,
CPU 1), copies data into it and out of it with FH_PARTITION_MEMCPY, edits
its device tree, sends it an NMI, and checks every error answer. The guest
prints one "mgr: <check>: ok|FAIL" line per check and "mgr: done, N failed";
these tests read that and check what the hypervisor and the managed
partition printed meanwhile. docs/hypercalls.md documents the calls.
"""
import re
import subprocess

import pexpect
import pytest

from mgr_qemu import CPUS, clean, part_lines

RUN_TIMEOUT = 120   # the whole manager program (a few seconds under TCG)
DONE_RE = r"\[mgr\] mgr: done, (\d+) failed"


def run_to_done(child, *who):
    """Wait for the "done" line of every partition in WHO (default: mgr),
    in any order; returns the cleaned log so far."""
    who = list(who or ("mgr",))
    pats = [rf"\[{w}\] mgr: done, \d+ failed" for w in who]
    log = ""
    while who:
        i = child.expect(pats, timeout=RUN_TIMEOUT)
        log += clean(child.before + child.after)
        del who[i], pats[i]
    return log


def failures(log, who="mgr"):
    """The FAIL lines partition WHO printed."""
    return [l for l in part_lines(log, who) if ": FAIL" in l]


def in_order(lines, wanted):
    """True if WANTED appear in LINES in this order (other lines between)."""
    it = iter(lines)
    return all(any(w in l for l in it) for w in wanted)


@pytest.fixture(params=CPUS)
def cpu(request):
    return request.param


def test_manager_demo(boot, cpu):
    """Every check of the manager passes on both cores, and the managed
    partition shows each step: it is stopped and started again (without
    and with reload), powers itself off when its bootargs say so, comes up
    as `kvm` (/hypervisor compatible linux,kvm) after set-platform and
    keeps it across a restart, comes back as `none`, gets the memcpy data
    with the checksum the manager computed, and takes an NMI. Its watchdog,
    armed with TCR[WRC] and never serviced, stops it (its restart policy)
    and raises the manager's watchdog doorbell with an error record."""
    child = boot(cpu, "manager-demo.dts")
    log = run_to_done(child)
    nmi = "[target] mgr_target: NMI, MCSR 0x80000000"
    if nmi not in log:  # the manager saw it taken; the line may come later
        child.expect_exact(nmi, timeout=10)
        log += clean(child.before + child.after)
    m = re.search(DONE_RE, log)
    assert failures(log) == [], "\n".join(failures(log))
    assert m and m.group(1) == "0"

    sent = re.search(r"\[mgr\] mgr: memcpy sent 4096 bytes, checksum (0x[0-9a-f]{8})", log)
    assert sent, "no memcpy line from the manager"
    target = part_lines(log, "target")
    assert f"mgr_target: mailbox 4096 bytes, checksum {sent.group(1)}" in target

    assert in_order(target, [
        "hypervisor: absent",                         # boot, platform none
        "bootargs 'managed'",                         # start without load
        "bootargs 'managed'",                         # restart
        "bootargs 'poweroff'",                        # set-dtprop, start
        "hypervisor: absent",
        "guest: exit 0",                              # it powers itself off
        "bootargs 'managed'",
        "hypervisor 'linux,kvm'",                     # set-platform kvm, start
        "hypervisor 'linux,kvm'",                     # restart keeps it
        "hypervisor: absent",                         # back to none
        "NMI, MCSR 0x80000000",
        "bootargs 'watchdog'",
        "watchdog armed",                             # and never serviced
        "bootargs 'managed'",
    ]), "\n".join(target)
    hv = log.splitlines()
    assert in_order(hv, [
        "partition target: stopped (stopped by its manager)",
        "fslmgmt: mgr: state change of target (stopped), irq 242",
        "fslmgmt: mgr starts target (no load)",
        "partition target: restarting (restarted by its manager), restart 1",
        "partition target: stopped (power-off)",
        "fslmgmt: mgr sets target to platform kvm",
        "partition target: restarting (restarted by its manager), restart 2",
        "for target refused",
        "fslmgmt: mgr sets target to platform none",
        "partition target: vcpu 0 watchdog expired (TCR[WRC] 2): stopping",
        # the manager's CPU prints the target's state when it raises the
        # doorbell, while the target's CPU is stopping it: either word
        "fslmgmt: mgr: watchdog of target (stop",
    ]), log[-4000:]
    arch, verdict = (206, 6) if cpu == "e500v2" else (203, 7)
    assert f"[mgr] mgr: set-platform none/{arch}: expecting verdict {verdict}" in log


def test_manager_tree(boot):
    """The manager's tree (dump-guest-dts) lists the managed partition as a
    fsl,hv-partition-handle node with its hv-handle, label and the
    state-change and watchdog receive doorbells; the managed partition's
    own tree has none."""
    child = boot("e500mc", "manager-demo.dts")
    child.expect("tessera: ready", timeout=30)
    log = clean(child.before)
    dumps = dict(re.findall(r"^dtdump (\S+) \d+ bytes\n((?::[0-9a-f]*\n)*)dtdump end$", log,
                            re.M))
    assert set(dumps) == {"mgr", "target"}
    blob = bytes.fromhex("".join(l[1:] for l in dumps["mgr"].splitlines()))
    assert b"fsl,hv-partition-handle\0" in blob
    assert b"fsl,hv-state-change-doorbell\0epapr,hv-receive-doorbell\0" in blob
    assert b"fsl,hv-watchdog-doorbell\0epapr,hv-receive-doorbell\0" in blob
    assert b"target\0" in blob
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts"], input=blob,
                         capture_output=True, check=True).stdout.decode()
    node = re.search(r"partition@0 \{(.*?)\n\t\t\t\};", dts, re.S)
    assert node, dts
    body = node.group(1)
    assert 'label = "target";' in body and "hv-handle = <0x00>;" in body
    assert "reg = <0x00>;" in body
    assert "interrupts = <0xf2 0x00>;" in body and "interrupts = <0xf3 0x00>;" in body
    target = bytes.fromhex("".join(l[1:] for l in dumps["target"].splitlines()))
    assert b"fsl,hv-partition-handle" not in target


def test_manager_isolation(boot, cpu):
    """Three partitions: memcpy through the third one's memory is EV_EFAULT
    for the manager, and the partition that manages nobody gets EV_EPERM
    for every management call (and EV_UNIMPLEMENTED for an unknown one)."""
    child = boot(cpu, "manager-isolation.dts", smp=3)
    log = run_to_done(child, "other", "mgr")
    assert failures(log, "other") == [] and failures(log, "mgr") == [], log[-4000:]
    other = part_lines(log, "other")
    assert any("observer: every management call is EV_EPERM: ok" in l for l in other)
    mgr = part_lines(log, "mgr")
    assert any("memcpy into a third partition's memory: ok" in l for l in mgr)
    assert any("memcpy from a third partition's memory: ok" in l for l in mgr)
    assert "mgr: done, 0 failed" in mgr and "mgr: done, 0 failed" in other


def test_system_reset(boot):
    """FH_SYSTEM_RESET resets the board: the hypervisor boots again."""
    child = boot("e500mc", "manager-reset.dts")
    log = run_to_done(child)
    assert failures(log) == []
    child.expect_exact("fslmgmt: mgr resets the system", timeout=10)
    child.expect(r"Tessera \S+ hypervisor \(e500mc build\)", timeout=30)
    child.expect_exact("tessera: ready", timeout=30)
    assert child.expect([r"\[mgr\] mgr: manager on e500mc", pexpect.TIMEOUT], timeout=30) == 0
