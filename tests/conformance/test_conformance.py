# SPDX-License-Identifier: BSD-2-Clause
"""Conformance: each tests/guests/conf_*/ program, run natively on QEMU and
inside a Tessera `none` partition, must print the same lines, except for
the differences listed in KNOWN below, each with its reason.

Reasons starting with "BUG:" are hypervisor bugs this suite found and that
are not fixed yet: remove the entry with the fix (a known difference that
no longer shows up is reported as a warning). The other entries are
legitimate: mostly QEMU 7.2 quirks (../shared/reference/qemu-ppce500.md)
where the vCPU follows the architecture or the real core and native QEMU
does not.

A program ends with "<name>: done, N failed" and exits N; N must be 0
natively (otherwise the program is wrong, not the hypervisor). In the
partition, N may only count lines marked FAIL that a BUG entry explains.
"""
import difflib
import re
import warnings
from dataclasses import dataclass

import pytest

from conf_runner import CPUS, program_names

V2, MC = ("e500v2",), ("e500mc",)


RFMCI_V2 = ("QEMU 7.2's e500v2 has no rfmci (illegal instruction); the e500v2 core has "
            "it, and the vCPU emulates it so a guest can return from a machine check")


@dataclass(frozen=True)
class Known:
    """native: regex, full match of the native line (None: a line only the
    partition prints). partition: regex, full match of the partition line
    (None: a line only native QEMU prints); \\g<n> in it stands for group n
    of the native match, taken literally. required: the difference must
    show up (the partition follows the hardware where QEMU does not, and
    that is what the line checks); a required entry not seen fails."""
    native: str
    partition: str
    reason: str
    cores: tuple = CPUS
    required: bool = False


Q_SRR1 = ("QEMU quirk: SRR1 of a Program interrupt carries extra bits (0x40000 privileged, "
          "0x80000 illegal); the vCPU gives the architected MSR copy")
Q_UNDEF = ("QEMU no-ops mfspr/mtspr of an SPR the core does not define in supervisor mode; "
           "the vCPU raises the illegal-instruction Program interrupt of the e500")

Q_FITWDT = ("QEMU 7.2 never fires the FIT or the watchdog natively (it re-arms them only while "
            "their TSR status bit is already set); the vCPU's timers follow the e500 core")

KNOWN = {
    "conf_msr": [
        Known(r"(conf_msr: .*: ivor 6 at [-+]\d+ srr1 0x000)[48]([0-9a-f]{4} esr .*)",
              r"\g<1>0\g<2>", Q_SRR1),
        Known(r"(conf_msr: sc with \+CE\+DE\+EE: ivor 8 at \+4 srr1 0x00029200 esr 0x[0-9a-f]{8}"
              r" handler msr) 0x00001000", r"\g<1> 0x00021200",
              "QEMU quirk: interrupt entry clears MSR[CE,DE]; a base-class interrupt keeps them"),
        Known(r"conf_msr: rfmci mcsrr1 \+DE: 0xffffffff", r"conf_msr: rfmci mcsrr1 \+DE: 0x00001200",
              RFMCI_V2, V2),
        Known(r"conf_msr: rfdi: 1 exception\(s\)", r"conf_msr: rfdi: 0 exception\(s\)",
              RFMCI_V2 + " (the rfmci's program interrupt is counted with rfdi's)", V2),
        Known(r"(conf_msr: user sc: ivor 8 at \+8 srr1 0x00005000) esr 0x08000000( handler msr "
              r"0x00001000)", r"\g<1> esr 0x00000000\g<2>",
              RFMCI_V2 + ": sc leaves ESR alone, so natively it still holds the rfmci's "
              "ESR[PIL]", V2),
        Known(r"conf_msr: rfdi: ivor 6 at -24 srr1 0x[0-9a-f]{8} esr 0x08000000 handler msr "
              r"0x[0-9a-f]{8}", None, RFMCI_V2, V2),
        Known(r"conf_msr: mtmsr -ME: 0x00001000", r"conf_msr: mtmsr -ME: 0x00000000",
              "QEMU quirk: mtmsr cannot change MSR[ME] (only rfi can); the vCPU's mtmsr can"),
        Known(r"conf_msr: mtmsr \+PMM: 0x00001000", r"conf_msr: mtmsr \+PMM: 0x00001004",
              "QEMU's e500v2 MSR mask lacks PMM, which e500v1/v2 implement", V2),
    ],
    "conf_spr": [
        Known(r"(conf_spr: spr IVOR\d+ was 0x[0-9a-f]{8} w 0xffffffff r) 0x0000fff7",
              r"\g<1> 0x0000fff0",
              "QEMU quirk: IVORs read back with mask 0xFFF7, architected 0xFFF0"),
        Known(r"conf_spr: dec while counting: zero", r"conf_spr: dec while counting: positive",
              "QEMU quirk: mfspr DEC returns 0 while the decrementer counts"),
        Known(r"conf_spr: dec after expiry: negative", r"conf_spr: dec after expiry: zero",
              "QEMU quirk: mfspr DEC is negative after expiry; Book-E DEC stops at 0"),
        Known(r"(conf_spr: spr (IVOR3[67]|L2CSR[01]) \(absent\) r 0xdeadbeef)",
              r"\g<1> \[6:0x08000000\]", Q_UNDEF, V2),
        Known(r"(conf_spr: spr IVOR3[234] \(absent\) r) 0x(deadbeef|00000000)",
              r"\g<1> 0xdeadbeef \[6:0x08000000\]",
              Q_UNDEF + " (QEMU's e500mc also defines IVOR33/34, e500mc has no SPE)", MC),
        Known(r"(conf_spr: spr undefined-1000 was 0xdeadbeef) w 0x12345678 r 0xdeadbeef",
              r"\g<1> \[6:0x08000000\] w 0x12345678 \[6:0x08000000\] r 0xdeadbeef "
              r"\[6:0x08000000\]", Q_UNDEF),
        Known(r"conf_spr: spr L2CSR1 was 0xdeadbeef w 0xffffffff r 0xdeadbeef",
              r"conf_spr: spr L2CSR1 was 0x00000000 w 0xffffffff r 0xffffffff",
              "QEMU 7.2's e500mc lacks L2CSR1 (no-op); e500mc has it", MC),
        Known(r"(conf_spr: spr BUCSR was 0x00000000 w 0xffffffff r) 0xffffffff",
              r"\g<1> 0xfffffdff",
              "QEMU keeps BUCSR[BBFI]; the flash-invalidate bit completes at once and reads 0"),
        Known(r"(conf_spr: spr PID was 0x00000000 w 0xffffffff r) 0xffffffff", r"\g<1> 0x00003fff",
              "QEMU stores all 32 bits of PID; e500mc's PID has 14", MC),
        Known(r"(conf_spr: spr PID[12]? was 0x00000000 w 0xffffffff r) 0xffffffff",
              r"\g<1> 0x000000ff",
              "QEMU stores all 32 bits of PID/PID1/PID2; e500v2's PIDs have 8", V2),
        Known(r"conf_spr: tbu after tbwu 0x1234: 0x00001234",
              r"conf_spr: tbu after tbwu 0x1234: 0x(?!00001234)[0-9a-f]{8}",
              "The timebase is shared with the hypervisor and the other partitions, and "
              "user mode reads it without a trap: a guest's TBWL/TBWU writes are ignored"),
    ],
    "conf_exc": [
        Known(r"conf_exc: (load|store) unassigned pa: no exception",
              r"conf_exc: (load|store) unassigned pa: ivor 1 srr0 t_(load|store)_at\+0x0 .*",
              "An access to an unassigned physical address is a bus error: e500 cores take a "
              "machine check, and so does the vCPU; QEMU 7.2 ignores it"),
        Known(r"conf_exc: load unassigned pa: value 0x00000000",
              r"conf_exc: load unassigned pa: value 0x5a5a5a5a",
              "The load was stopped by the machine check (see above): its target keeps its value"),
        Known(r"(conf_exc: itlb miss: ivor 14 srr0 0x80005000 srr1 0x[0-9a-f]{8} "
              r"esr 0x00000000) dear 0x80005000( msr 0x[0-9a-f]{8})",
              r"\g<1> dear 0x0000dea0\g<2>",
              "QEMU quirk: an ITLB miss writes DEAR; Book-E leaves DEAR alone (the vCPU does)"),
    ],
    "conf_timer": [
        Known(r"conf_timer: dec read while counting: zero",
              r"conf_timer: dec read while counting: nonzero",
              "QEMU quirk: mfspr DEC returns 0 while the decrementer counts"),
        Known(r"conf_timer: fit: no interrupt", r"conf_timer: fit: 3 periodic interrupts", Q_FITWDT,
              required=True),
        Known(r"conf_timer: fit: FIS without FIE: not set", r"conf_timer: fit: FIS without FIE: set",
              Q_FITWDT, required=True),
        Known(r"conf_timer: watchdog status: none", r"conf_timer: watchdog status: ENW, then WIS",
              Q_FITWDT, required=True),
        Known(r"conf_timer: watchdog behind the DEC: none",
              r"conf_timer: watchdog behind the DEC: ENW, then WIS",
              Q_FITWDT, required=True),
        Known(r"conf_timer: watchdog: no interrupt, tsr in handler 0x00000000, "
              r"csrr1 0x00000000, after 0x00000000",
              r"conf_timer: watchdog: interrupt, tsr in handler 0xc0000000, "
              r"csrr1 0x00020000, after 0x00000000",
              Q_FITWDT + " (the interrupt comes at the second expiry, with ENW and WIS set)",
              required=True),
    ],
    "conf_tlb": [
    ],
    "conf_smp": [
        Known(r"conf_smp: cpu1: its TLB0 entry after cpu0's tlbivax: still there",
              r"conf_smp: cpu1: its TLB0 entry after cpu0's tlbivax: gone",
              "QEMU 7.2's tlbivax invalidates only the issuing CPU's TLB array; on e500 it "
              "reaches every core's TLB, and the vCPUs' invalidations are broadcast "
              "(hv/tlbsync.c)", required=True),
    ],
}

# The hypervisor console (hv/vuart.c) prints a partition's line in pieces
# of at most this many characters.
LINE_MAX = 200

# Programs that need more than one CPU: QEMU -smp natively, and the
# physical CPUs of the partition (one vCPU each).
NATIVE_SMP = {"conf_smp": 2}
PART_CPUS = {"conf_smp": (1, 2)}


def _expand(template, m):
    """@template with \\g<n> replaced by group n of @m, escaped."""
    return re.sub(r"\\g<(\d+)>", lambda g: re.escape(m.group(int(g.group(1))) or ""), template)


def _explains(k, n, p):
    if n is None or p is None:
        pat, line = (k.partition, p) if n is None else (k.native, n)
        other = k.native if n is None else k.partition
        return other is None and pat is not None and re.fullmatch(pat, line) is not None
    if k.native is None or k.partition is None:
        return False
    m = re.fullmatch(k.native, n)
    return m is not None and re.fullmatch(_expand(k.partition, m), p) is not None


def compare(name, cpu, native, part):
    """Align the two runs; return (unified diff of what no KNOWN entry
    explains, or "", the entries used, the explained partition lines)."""
    known = [k for k in KNOWN.get(name, []) if cpu in k.cores]
    used, shown, explained = set(), [], []

    def explain(n, p):
        for i, k in enumerate(known):
            if _explains(k, n, p):
                used.add(i)
                if p is not None:
                    explained.append(p)
                return True
        return False

    sm = difflib.SequenceMatcher(a=native, b=part, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            shown += native[i1:i2]
            continue
        nat, par = native[i1:i2], part[j1:j2]
        pairs = min(len(nat), len(par))
        for n, p in zip(nat, par):
            shown.append(n if explain(n, p) else p)
        for n in nat[pairs:]:  # only natively
            if explain(n, None):
                shown.append(n)
        for p in par[pairs:]:  # only in the partition
            if not explain(None, p):
                shown.append(p)
    diff = "" if shown == native else "\n".join(
        difflib.unified_diff(native, shown, "native", "partition", lineterm="", n=2))
    return diff, [known[i] for i in sorted(used)], explained


def _done_re(name):
    return re.compile(re.escape(name) + r": done, (\d+) failed")


@pytest.mark.parametrize("cpu", CPUS)
@pytest.mark.parametrize("name", program_names())
def test_conformance(name, cpu, run_native, run_partition):
    nat = run_native(name, cpu, smp=NATIVE_SMP.get(name, 1))
    assert nat.ended == "exit", f"native run timed out; log {nat.log}"
    nfail = nat.failed_count(name)
    assert nfail is not None, f"native run printed no '{name}: done' line; log {nat.log}"
    assert nfail == 0, (f"{name} fails natively on {cpu} ({nfail} failed): the program "
                        f"is broken, not the hypervisor; log {nat.log}")
    assert nat.lines[-1] == "guest: exit 0", f"native run did not exit 0; log {nat.log}"
    long = [ln for ln in nat.lines if len(ln) >= LINE_MAX]
    assert not long, (f"{name} prints lines of {LINE_MAX} characters or more, which the "
                      f"hypervisor console splits: {long[0]!r}")

    part = run_partition(name, cpu, cpus=PART_CPUS.get(name, (1,)))
    lines = list(part.lines)
    if lines and lines[-1] == f"## partition {name}: stopped (power-off)":
        lines.pop()
    pfail = part.failed_count(name)
    # Compare the verdict separately: the FAIL lines behind it must be known.
    lines = [_done_re(name).sub(f"{name}: done, 0 failed", ln) for ln in lines]
    lines = [re.sub(r"^guest: exit \d+$", "guest: exit 0", ln) for ln in lines]
    diff, used, explained = compare(name, cpu, nat.lines, lines)
    if diff:  # show the partition's own verdict lines
        diff = compare(name, cpu, nat.lines, part.lines[:len(lines)])[0]
    for k in used:
        print(f"known difference ({cpu}): {k.reason}")
    for k in KNOWN.get(name, []):
        if cpu in k.cores and k not in used:
            warnings.warn(f"{name}/{cpu}: known difference not seen: {k.reason}")
    missing = [k.partition for k in KNOWN.get(name, [])
               if cpu in k.cores and k.required and k not in used]
    assert not missing, (f"{name} on {cpu}: the partition did not print what the hardware "
                         f"would: {missing} (log {part.log})")
    assert not diff, (f"{name} on {cpu}: partition output differs from native "
                      f"(logs {nat.log}, {part.log}):\n{diff}")
    assert part.ended == "exit", f"partition run did not stop; log {part.log}"
    known_fails = sum(1 for ln in explained if ln.endswith(" FAIL"))
    assert pfail == known_fails, (f"{name} on {cpu}: {pfail} failed in the partition, "
                                  f"{known_fails} of them known; log {part.log}")
