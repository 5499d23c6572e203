# SPDX-License-Identifier: BSD-2-Clause
"""Two epapr partitions (dts/epapr-pair.dts, tests/guests/hc_pair): p0 sends
64 KiB and its CRC-32 to p1 over a byte channel, p1 checks every byte and
answers, doorbells both ways; both report on their console byte channels
("[p0] ...", "[p1] ..."). Then the monitor's `console p1` types into p1's
console channel and Ctrl-] takes the console back."""
import re

import pytest

from hc_runner import CPUS, REPO

DTS = REPO / "dts" / "epapr-pair.dts"


@pytest.mark.parametrize("cpu", CPUS)
def test_pair_exchange(boot, cpu):
    board = boot(cpu, DTS, {"hc_pair": "hc_pair"}, "hc_pair")
    for p in ("p0", "p1"):
        m = board.expect(rf"^\[{p}\] hc_pair: done, (\d+) failed$")
        assert m.group(1) == "0", f"{p} failed"
    fails = [ln for ln in board.text.splitlines() if "FAIL" in ln]
    assert not fails, "\n".join(fails)
    sent = re.search(r"^\[p0\] hc_pair: sent 65536 bytes, crc ([0-9a-f]{8}),", board.text, re.M)
    got = re.search(r"^\[p1\] hc_pair: received 65536 bytes, crc ([0-9a-f]{8}), "
                    r"sender's ([0-9a-f]{8}), 0 wrong$", board.text, re.M)
    assert sent and got and sent.group(1) == got.group(1) == got.group(2), board.text
    for line in ("[p1] hc_pair: doorbell p0-to-p1 taken: ok",
                 "[p0] hc_pair: doorbell p1-to-p0 taken: ok",
                 "[p0] hc_pair: answer from p1: ok"):
        assert line in board.text, line
    out = board.command("doorbells")
    assert re.search(r"^  p0-to-p1 +p0\(h\d+\) -> p1\(h\d+, irq \d+\): rung 1 times", out, re.M)

    board.expect(r"^\[p1\] hc_pair: console echo ready$")
    assert "console: input goes to p1; Ctrl-] gives it back" in board.command("console p1")
    board.type("ping 42\r")
    # The line follows the monitor's prompt.
    board.expect(r"\[p1\] hc_pair: console got 'ping 42'\n", 10)
    board.type("\x1d")
    board.expect(r"^console: back to the monitor$", 10)
    assert "still here" in board.command("echo still here")
    assert "no console channel or UART named 'p9'" in board.command("console p9")
