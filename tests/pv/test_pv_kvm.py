# SPDX-License-Identifier: BSD-2-Clause
"""The `kvm` platform: hypercalls and the magic page, seen from a guest.

Boots dts/pv-kvm.dts (one kvm partition running tests/guests/pv_kvm) on
both cores and requires every check the guest makes to pass: KVM_HC_FEATURES,
the null call, EV_UNIMPLEMENTED for unknown calls and vendors, EV_EINVAL for
a bad argument, the magic page mapped and honoured both ways (MSR, SPRGs,
PIR), int_pending while MSR[EE] is off, no delivery while critical == r1,
the exit count dropping from 1000 to at most 2 when MSR reads become
magic-page loads, and a hypercall from user mode raising a program
interrupt with ESR[PPR].
"""
import os
import re
import subprocess
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]


def build(cpu):
    subprocess.run(["make", "-s", f"CPU={cpu}", "CONFIG_TREE=dts/pv-kvm.dts",
                    f"BUILD=build/pv-{cpu}"], cwd=ROOT, check=True)
    out = ROOT / f"build/pv-{cpu}"
    return out / "tessera.elf", (out / "tessera.itb.loaders").read_text().split()


@pytest.mark.parametrize("cpu", ["e500mc", "e500v2"])
def test_pv_kvm_guest(cpu):
    """Every check of the pv_kvm guest passes inside a kvm partition."""
    elf, loaders = build(cpu)
    cmd = ["qemu-system-ppc", "-M", "ppce500", "-cpu", cpu, "-smp", "2", "-m", "512",
           "-nographic", "-serial", "mon:stdio", "-serial", "null",
           "-kernel", str(elf), *loaders]
    log = ROOT / "build/test-logs" / f"pv_kvm-{cpu}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", timeout=60,
                          logfile=open(log, "w"))
    try:
        child.expect(r"partition pv: stopped \(power-off\)")
        lines = [l for l in child.before.splitlines() if "[pv] pv_kvm:" in l]
    finally:
        child.terminate(force=True)
    fails = [l for l in lines if ": FAIL" in l]
    assert not fails, "\n".join(fails)
    assert any("done, 0 failed" in l for l in lines), "\n".join(lines)
    assert len([l for l in lines if ": ok" in l]) >= 16, "\n".join(lines)
