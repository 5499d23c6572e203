# SPDX-License-Identifier: BSD-2-Clause
"""A configuration with a partition the host core cannot run
(dts/refused-partition.dts): on e500mc the SPE guest (guest-arch 203) is
refused and "good" (206) starts; on e500v2 the roles swap (206 needs a
classic FPU). The expected verdicts come from the build-time checker
(tessera-cfgcheck --core <cpu>, i.e. the platform table); the boot must
agree with it line for line, and the accepted partition must be set up.
"""
import re

import pytest

from tessera_parts import (DIRECT_READY_TIMEOUT, DTS_DIR, HELLO, LOAD_RE,
                           SUMMARY_RE, boot_row_for, cfgcheck, compile_dts,
                           mkfit, tool_rows)

SRC = DTS_DIR / "refused-partition.dts"


@pytest.fixture(params=("e500mc", "e500v2"))
def refused_boot(request, qemu, workdir):
    """The configuration packed with mkfit.sh for the param's build, the
    tool's verdict (rc, rows, problem lines) and the boot log up to
    "tessera: ready" plus the partitions' start lines (direct boot)."""
    cpu = request.param
    cfg = compile_dts(SRC, workdir / "config.dtb")
    images = {"hello": HELLO}
    _, loaders, _ = mkfit(cpu, cfg, workdir / "tessera.itb", images)
    rc, out, err = cfgcheck(cpu, cpu, cfg, images)
    rows = tool_rows(out)
    board = qemu(cpu, loaders=loaders)
    log = board.ready(DIRECT_READY_TIMEOUT)
    accepted = [n for n, r in rows.items() if r.endswith(" ok")]
    for name in accepted:
        board.expect_exact(f"partition {name}: starting on cpu", DIRECT_READY_TIMEOUT)
    return {"cpu": cpu, "rc": rc, "rows": rows, "accepted": accepted,
            "refused": [n for n in rows if n not in accepted],
            "problems": [l for l in err.splitlines() if l.startswith("config: ")],
            "log": log, "after": board.log[len(log):]}


def test_build_time_verdict(refused_boot):
    """The checker refuses exactly one partition, on guest-arch, for this
    core's reason -- SPE (203) on e500mc, a classic FPU (206) on e500v2 --
    and accepts the other: the configuration does what it is meant to."""
    b = refused_boot
    assert b["rc"] == 1 and len(b["accepted"]) == 1 and len(b["refused"]) == 1, b["rows"]
    why = {"e500mc": "guest_arch 203 needs SPE, which e500mc lacks",
           "e500v2": "guest_arch 206 needs a classic FPU; e500v2 has only SPE"}[b["cpu"]]
    assert f"refused: guest-arch: {why}" in b["rows"][b["refused"][0]]


def test_refusal_message_at_boot(refused_boot):
    """At boot the hypervisor prints the same `config: <node>: guest-arch:
    <reason>` lines as the build-time tool (the platform table's one-line
    reason, naming guest arch, platform and host core), and its summary
    counts the refused partition."""
    b = refused_boot
    problems = [l for l in b["log"].splitlines() if l.startswith("config: ")]
    assert problems == b["problems"]
    for name in b["refused"]:
        assert any(l.startswith(f"config: {name}: guest-arch: ") and
                   f"on {b['cpu']})" in l for l in problems), name
    assert SUMMARY_RE.search(b["log"]).groups() == \
        (str(len(b["rows"])), str(len(b["refused"])))


def test_table_matches_build_time(refused_boot):
    """Each boot table row is the tool's row: the refused partition with
    "refused: guest-arch: <reason>" in full, the other with state "loaded"."""
    lines = refused_boot["log"].splitlines()
    for name, row in refused_boot["rows"].items():
        assert boot_row_for(row) in lines, f"{name}: no boot row equal to\n{row}"


def test_other_partition_set_up(refused_boot):
    """The accepted partition is loaded (its image-load line: ELF 'hello',
    tree inside its memory) and started on its CPU; the refused one is
    neither loaded nor started."""
    b = refused_boot
    loads = {m["name"]: m for m in LOAD_RE.finditer(b["log"])}
    assert sorted(loads) == sorted(b["accepted"])
    for name, m in loads.items():
        assert (m["type"], m["image"]) == ("elf", "hello")
        assert int(m["tree"], 16) + int(m["size"]) <= 64 << 20
        assert re.search(rf"^  {re.escape(name)} .* loaded$", b["log"], re.M)
    for name in b["refused"]:
        assert f"partition {name}: starting" not in b["log"] + b["after"]
