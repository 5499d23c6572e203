# SPDX-License-Identifier: BSD-2-Clause
"""tests/guests/hc_pic alone in an epapr partition (dts/epapr-hcall.dts with
that image): every hv-pic hypercall (INT_SET/GET_CONFIG, INT_SET/GET_MASK,
INT_IACK, INT_EOI, SEND_IPI, SET/GET_TASK_PRIORITY) succeeds with good
arguments and answers EV_EINVAL for each bad one, and a self-IPI sent with
SEND_IPI arrives through the hv-pic with its vector."""
import pytest

from hc_runner import CPUS, REPO

DTS = REPO / "dts" / "epapr-hcall.dts"


@pytest.mark.parametrize("cpu", CPUS)
def test_hc_pic(boot, cpu):
    board = boot(cpu, DTS, {"hc_bytechan": "hc_pic"}, "hc_pic")
    m = board.expect(r"^\[p0\] hc_pic: done, (\d+) failed$")
    fails = [ln for ln in board.text.splitlines() if "FAIL" in ln]
    assert m.group(1) == "0" and not fails, "\n".join(fails)
    oks = [ln for ln in board.text.splitlines() if ln.startswith("[p0] hc_pic: ")
           and ln.endswith(": ok")]
    assert len(oks) >= 26, "\n".join(oks)
    assert "[p0] hc_pic: the IPI arrives through the hv-pic: ok" in board.text
