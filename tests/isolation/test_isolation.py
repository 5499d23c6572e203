# SPDX-License-Identifier: BSD-2-Clause
"""Isolation of `none` partitions (issue 4).

tests/guests/iso_attack runs in a 64 MiB `none` partition on CPU 1 and tries
to get out, one line per attempt ("iso: <n> ...: ok|ESCAPED|UNEXPECTED"):
  1 tlbwe mappings of guest-physical memory it does not have (past its RAM,
    the neighbour's host base, 0x7fff0000, 36-bit, TLB0, a 256 MiB page
    that only starts in its RAM, misaligned across its end): machine checks;
  2 writes to its guest-physical 0 (where the hypervisor lives on the host)
    land in its own RAM; exits with r1 at the hypervisor's memory;
  3 IVPR 0 / IVORs at the hypervisor's vector offsets, and IVPR at the
    hypervisor's CCSR VA: exceptions arrive at the guest's own IVPR|IVOR;
    hypercall-looking sc are its own;
  4 the neighbour's serial1: machine checks; the MPIC is its own vMPIC
    (source 42 masked, CTPR raised, IPIs, GCR reset); doorbells; TB writes;
  5 PID 0..255 x AS 0/1 at the hypervisor's own VAs: DTLB misses in the
    guest; TID/TS games, tlbre/tlbsx, odd MAS values, supervisor/user
    pages, PID1/PID2, IS != DS, TLB1 pressure, invalidations;
  6 the spin table is its own virtual one; releasing entries 1..3 does
    nothing.
tests/guests/iso_neigh fills its RAM with a pattern, owns serial1 and
checks both until the attacker is done; it must print exactly the same
lines alone and next to the attacker. After both stop, the hypervisor's
monitor must answer `echo alive` (its console input, MPIC source 42 on the
real MPIC, still works).
"""
import re

import pytest

from iso_runner import CPUS, HV_TROUBLE

ATTEMPTS = range(1, 7)
LINE_MAX = 119  # the hypervisor's per-partition line buffer (120) less one


def attacker(together):
    lines = together.lines("iso")
    assert lines, f"no attacker output ({together.error or 'no error'}); see {together.log}"
    return lines


@pytest.mark.parametrize("cpu", CPUS)
def test_attacker_escapes_nothing(iso_runs, cpu):
    """Every attempt of iso_attack is contained: no ESCAPED line, "done, 0 escaped"."""
    _, together = iso_runs(cpu)
    lines = attacker(together)
    escaped = [l for l in lines if l.endswith(": ESCAPED")]
    done = [l for l in lines if re.match(r"iso: done, \d+ escaped$", l)]
    assert done, (f"the attacker did not finish ({together.error or 'no error'}); last lines:\n"
                  + "\n".join(lines[-15:]) + f"\nsee {together.log}")
    assert not escaped and done == ["iso: done, 0 escaped"], \
        "escapes:\n" + "\n".join(escaped + done) + f"\nsee {together.log}"
    assert "guest: exit 0" in lines


@pytest.mark.parametrize("cpu", CPUS)
def test_attempts_fail_like_hardware(iso_runs, cpu):
    """Each attempt 1..6 reports, every report is "ok" (no UNEXPECTED), and
    no line was too long for the hypervisor's console (wrapped)."""
    _, together = iso_runs(cpu)
    lines = attacker(together)
    wrapped = [l for l in lines if not l.startswith(("iso: ", "guest: "))]
    assert not wrapped, "wrapped or stray attacker lines:\n" + "\n".join(wrapped)
    unexpected = [l for l in lines if l.endswith(": UNEXPECTED")]
    assert not unexpected, "not the way hardware would fail:\n" + "\n".join(unexpected)
    for n in ATTEMPTS:
        oks = [l for l in lines if l.startswith(f"iso: {n} ") and l.endswith(": ok")]
        assert oks, f"attempt {n} reported nothing ok:\n" + "\n".join(lines)


@pytest.mark.parametrize("cpu", CPUS)
def test_neighbour_same_alone_and_alongside(iso_runs, cpu):
    """iso_neigh prints exactly the same lines alone and next to the
    attacker, passes its own checks, and was still checking when the
    attacker was done."""
    alone, together = iso_runs(cpu)
    a, t = alone.lines("neigh"), together.lines("neigh")
    assert a, f"no neighbour output alone ({alone.error or 'no error'}); see {alone.log}"
    assert "neigh: done, 0 failed" in a and "guest: exit 0" in a, "\n".join(a)
    assert t == a, ("the neighbour's output changed next to the attacker:\n--- alone\n"
                    + "\n".join(a) + "\n--- together\n" + "\n".join(t))
    text = together.text
    filled = text.find("[neigh] neigh: filled ")
    first_try = text.find("[iso] iso: 1 ")
    assert 0 <= filled < first_try, \
        "the attacker began before the neighbour had filled its RAM: raise the attacker's wait="
    iso_done = text.find("[iso] iso: done,")
    neigh_end = text.find("[neigh] neigh: pattern intact:")
    assert 0 <= iso_done < neigh_end, \
        "the neighbour ended its checks before the attacker was done: raise its wait="


@pytest.mark.parametrize("cpu", CPUS)
@pytest.mark.parametrize("which", ["alone", "together"])
def test_hypervisor_alive(iso_runs, cpu, which):
    """Every partition stops by powering off, the hypervisor reports no
    trouble, and its monitor answers `echo alive` afterwards."""
    run = dict(zip(("alone", "together"), iso_runs(cpu)))[which]
    parts = ("neigh",) if which == "alone" else ("neigh", "iso")
    assert not run.error, f"{run.error}; see {run.log}"
    for p in parts:
        assert run.stopped.get(p) == "power-off", f"partition {p}: {run.stopped.get(p)}"
    trouble = [l for l in run.hv_lines() if HV_TROUBLE.search(l)]
    assert not trouble, "\n".join(trouble)
    assert run.alive, f"the monitor did not answer `echo alive`; see {run.log}"
