#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Guest microbenchmarks, natively and inside a Tessera partition.

For each core: build the hypervisor with dts/bench.dts (into
build/bench/<cpu>/, so build/<cpu>/ keeps its own configuration), run the
bench guest (tests/guests/bench) natively and in a `none` partition, both
under `-icount shift=0,sleep=off -seed 1` where the timebase advances 0.4
ticks per instruction, and turn its "bench: <name> <ticks> <iterations>"
lines into instructions per operation:

    instr/op = (ticks - empty_loop_ticks_per_iteration * iterations) * 2.5 / iterations

The hypervisor's share is partition minus native. Interrupt delivery
(decrementer, external) is the round trip minus the "-base" loop, which
runs the same instructions (the handler's included) with no interrupt
raised. Every run is repeated (--runs, default 2) and must give identical
figures.

Paravirtual rows, partition only (no native equivalent): the same tree
with dts/bench-kvm.dts and dts/bench-epapr.dts (into build/bench/<cpu>-kvm
and -epapr) runs tests/guests/bench_pv in a `kvm` partition (the null
hypercall, token 0, minus its base loop with a nop for the sc; mfmsr as a
trap before the magic page is mapped and as a load of the page's msr
field after, each minus a one-instruction loop) and in an `epapr` one
(EV_INT_IACK + EV_INT_EOI with nothing pending, minus its base; and
byte-channel throughput: 16-byte EV_BYTE_CHANNEL_SEND on one end of a
loopback channel plus EV_BYTE_CHANNEL_RECEIVE of them on the other, as
bytes moved per 1,000 instructions, all the guest's instructions
included). An epapr partition cannot power off: its run ends at the
guest's "guest: exit" line.

Writes build/bench/results.json and build/bench/results.md and prints the
table. Exit status: 0 when every run worked, targets met or not (this is a
measurement); 1 when a build or a run failed or a figure is missing;
3 when repeated runs disagree.
"""
import argparse
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
CONFIG_TREE = "dts/bench.dts"
PARTITION = "bench"
CORES = ("e500mc", "e500v2")
ICOUNT = ["-icount", "shift=0,sleep=off", "-seed", "1"]
INSN_PER_TICK = 2.5  # 1 ns per instruction, 400 MHz timebase

# Every line the guest must print, in its order.
BENCHMARKS = ("empty-loop", "mfmsr", "mtmsr", "wrteei", "mtspr-sprg0", "mfspr-sprg1",
              "rfi", "syscall", "tlb-refill", "tlb-reflect", "decrementer",
              "decrementer-base", "external", "external-base")

# Table rows: (row name, benchmark, its base or None, target or None, what).
ROWS = (
    ("syscall", "syscall", None, 40, "user sc reflected to the guest kernel and back"),
    ("mfmsr", "mfmsr", None, 40, "emulated mfmsr"),
    ("mtmsr", "mtmsr", None, 40, "emulated mtmsr (same value)"),
    ("wrteei", "wrteei", None, 40, "emulated wrteei 1 (EE already 1)"),
    ("mtspr SPRG0", "mtspr-sprg0", None, 40, "emulated mtspr SPRG0"),
    ("mfspr SPRG1", "mfspr-sprg1", None, 40, "emulated mfspr SPRG1"),
    ("rfi", "rfi", None, 40, "emulated rfi"),
    ("tlb-refill", "tlb-refill", None, 80,
     "first touch of a page the guest TLB maps (shadow refill); native: a plain load"),
    ("tlb-reflect", "tlb-reflect", None, None,
     "miss reflected to the guest's handler (mtspr MAS3, tlbwe, rfi) and refilled"),
    ("decrementer", "decrementer", "decrementer-base", 100,
     "decrementer interrupt delivery: round trip minus the same loop without interrupt"),
    ("  round trip", "decrementer", None, None,
     "arm DEC=1, interrupt, handler (mtspr TSR, rfi), wait loop"),
    ("external", "external", "external-base", 100,
     "MPIC IPI delivery: round trip minus the same loop with the IPI masked"),
    ("  round trip", "external", None, None,
     "IPI dispatch, interrupt, handler (IACK, EOI, rfi), wait loop"),
)

# Paravirtual configurations: (name, config tree, benchmarks its guest prints).
PV_CONFIGS = (
    ("kvm", "dts/bench-kvm.dts",
     ("empty-loop", "insn-base", "null-hcall", "null-hcall-base", "mfmsr-trap", "magic-msr")),
    ("epapr", "dts/bench-epapr.dts",
     ("empty-loop", "bytechan", "iack-eoi", "iack-eoi-base")),
)
BYTECHAN_BYTES = 16  # bytes sent and received back per bytechan iteration

# Partition-only rows: (row name, configuration, benchmark, its base or None,
# target or None, unit, what). Unit "instr": instructions per operation,
# hypervisor share = minus the base; "bytes/kinstr": bytes moved per 1,000
# instructions, no share.
PV_ROWS = (
    ("null hypercall", "kvm", "null-hcall", "null-hcall-base", 40, "instr",
     "sc with r11 = 0 from the guest kernel; share: minus the loop with a nop for the sc"),
    ("mfmsr (trap, kvm)", "kvm", "mfmsr-trap", "insn-base", None, "instr",
     "mfmsr trapped and emulated, kvm partition, magic page not mapped"),
    ("mfmsr (magic page)", "kvm", "magic-msr", "insn-base", None, "instr",
     "lwz of the magic page's msr field after KVM_HC_PPC_MAP_MAGIC_PAGE"),
    ("bytechan B/kinstr", "epapr", "bytechan", None, None, "bytes/kinstr",
     "loopback byte channel: 16-byte send + receive of them, bytes per 1,000 instructions"),
    ("vmpic iack+eoi", "epapr", "iack-eoi", "iack-eoi-base", None, "instr",
     "EV_INT_IACK (nothing pending: 0xffff) + EV_INT_EOI, per pair"),
)

LINE_RE = re.compile(r"bench: (\S+) (\d+) (\d+)\s*$")
STOP_RE = re.compile(r"partition %s: (stopped|crashed|restarting|reload failed|"
                     r"cpu\d+ is not online|cpu\d+ cannot run|vcpu \d+ already|vcpu \d+ watchdog)" % PARTITION)


class BenchError(Exception):
    pass


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, text=True, **kw)


def git_commit():
    try:
        head = sh(["git", "rev-parse", "HEAD"], capture_output=True, check=True).stdout.strip()
        dirty = bool(sh(["git", "status", "--porcelain", "--untracked-files=no"],
                        capture_output=True, check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return None, None
    return head, dirty


def build(cpu, log, bdir=None, tree=CONFIG_TREE):
    bdir = bdir or cpu
    cmd = ["make", "--no-print-directory", "CPU=" + cpu, "BUILD=build/bench/" + bdir,
           "CONFIG_TREE=" + tree]
    print("bench: building %s: %s" % (bdir, " ".join(cmd)), flush=True)
    # A clean sub-make: nothing inherited from a calling make's command line.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    r = sh(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    log.write_text(r.stdout)
    if r.returncode:
        tail = r.stdout.splitlines()[-25:]
        print("\n".join("  | " + line for line in tail), file=sys.stderr, flush=True)
        raise BenchError("%s: build failed (make exit %d, log %s)" % (bdir, r.returncode, log))
    return cmd


def qemu_cmds(cpu, bdir=None):
    qemu = os.environ.get("QEMU", "qemu-system-ppc")
    native = [qemu, "-M", "ppce500", "-cpu", cpu, "-m", "512", "-nographic"] + ICOUNT + \
        ["-kernel", str(ROOT / "build" / "guests" / "bench.elf")]
    bdir = ROOT / "build" / "bench" / (bdir or cpu)
    loaders = (bdir / "tessera.itb.loaders").read_text().split()
    part = [qemu, "-M", "ppce500", "-cpu", cpu, "-smp", "2", "-m", "512", "-nographic",
            "-serial", "mon:stdio", "-serial", "null"] + ICOUNT + \
        ["-kernel", str(bdir / "tessera.elf")] + loaders
    return native, part


def run_qemu(cmd, timeout, partition, log, until_exit=False):
    """Run QEMU until the guest (native) or the partition (hypervisor) is
    done; return the console lines. QEMU keeps running after a partition
    stops, so it is terminated then. @until_exit (a partition that cannot
    power off): done at the guest's "guest: exit" line instead."""
    exit_mark = "[%s] guest: exit " % PARTITION
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
    lines = queue.Queue()

    def reader():
        for line in proc.stdout:
            lines.put(line.rstrip("\r\n"))
        lines.put(None)

    threading.Thread(target=reader, daemon=True).start()
    out, stop, deadline = [], None, time.monotonic() + timeout
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise BenchError("timed out after %d s" % timeout)
            if line is None:
                break
            out.append(line)
            if until_exit and exit_mark in line:
                stop = "guest exit"
                break
            if partition and STOP_RE.search(line):
                stop = line
                break
    finally:
        log.write_text("\n".join(out) + "\n")
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if until_exit and stop == "guest exit":
        return out
    if partition and (stop is None or "stopped (power-off)" not in stop):
        raise BenchError("partition did not power off: %s" % (stop or "QEMU exited"))
    return out


def parse(lines, partition, expected=BENCHMARKS):
    """{benchmark: (ticks, iterations)} from the guest's lines."""
    prefix = "[%s] " % PARTITION if partition else ""
    found, done, exit_code, fails = {}, False, None, []
    for line in lines:
        i = line.find(prefix + "bench: ")
        j = line.find(prefix + "guest: exit ")
        if j >= 0:
            exit_code = line[j + len(prefix) + len("guest: exit "):].strip()
        if i < 0:
            continue
        text = line[i + len(prefix):]
        m = LINE_RE.match(text)
        if m:
            found[m.group(1)] = (int(m.group(2)), int(m.group(3)))
        elif text.startswith("bench: FAIL"):
            fails.append(text)
        elif text.strip() == "bench: done":
            done = True
    missing = [b for b in expected if b not in found]
    problems = fails + (["missing: " + ", ".join(missing)] if missing else [])
    if not done:
        problems.append("no 'bench: done'")
    if exit_code != "0":
        problems.append("guest exit %s" % exit_code)
    if problems:
        raise BenchError("; ".join(problems))
    return found


def per_op(raw):
    """Instructions per operation, the empty loop's share subtracted."""
    e_ticks, e_iters = raw["empty-loop"]
    rate = e_ticks / e_iters
    return {name: (ticks - rate * iters) * INSN_PER_TICK / iters
            for name, (ticks, iters) in raw.items() if name != "empty-loop"}


def rows(native, part):
    res = []
    for label, bench, base, target, what in ROWS:
        n, p = native[bench], part[bench]
        if base:
            n, p = n - native[base], p - part[base]
        share = p - n
        res.append({
            "benchmark": bench + " round trip" if label.startswith(" ") else label,
            "label": label, "from": bench + (" - " + base if base else ""), "what": what,
            "native_instr_per_op": round(n, 3), "partition_instr_per_op": round(p, 3),
            "hypervisor_share": round(share, 3), "target": target,
            "met": None if target is None else share <= target,
        })
    return res


def pv_rows(ops):
    """The partition-only rows from {configuration: {benchmark: instr/op}}."""
    res = []
    for label, conf, bench, base, target, unit, what in PV_ROWS:
        p = ops[conf][bench]
        if unit == "bytes/kinstr":
            value, share = BYTECHAN_BYTES * 1000.0 / p, None
        else:
            value, share = p, (p - ops[conf][base] if base else None)
        res.append({
            "benchmark": label, "label": label, "partition_config": conf,
            "from": bench + (" - " + base if base else ""), "what": what, "unit": unit,
            "native_instr_per_op": None,
            "partition_instr_per_op": round(value, 3) if unit == "instr" else round(p, 3),
            "partition_value": round(value, 3),
            "hypervisor_share": None if share is None else round(share, 3),
            "target": target,
            "met": None if target is None else share <= target,
        })
    return res


def fmt(x):
    return "-" if x is None else "%.1f" % x


def table(cpu, res):
    head = "| benchmark | native instr/op | partition instr/op | hypervisor share | target | met? |"
    out = ["### %s" % cpu, "", head, "|---|---:|---:|---:|---:|:---:|"]
    for r in res:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            r["benchmark"], fmt(r["native_instr_per_op"]),
            fmt(r.get("partition_value", r["partition_instr_per_op"])),
            fmt(r["hypervisor_share"]),
            "-" if r["target"] is None else "<= %d" % r["target"], met))
    return out


def text_table(cpu, res):
    w = max([14] + [len(r["label"]) for r in res])
    line = "%-" + str(w) + "s %10s %12s %12s %8s %5s"
    out = ["%s" % cpu, line % ("benchmark", "native", "partition", "hv share", "target", "met?")]
    for r in res:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        out.append(line % (r["label"], fmt(r["native_instr_per_op"]),
                           fmt(r.get("partition_value", r["partition_instr_per_op"])),
                           fmt(r["hypervisor_share"]),
                           "-" if r["target"] is None else r["target"], met))
    return out


def bench_core(cpu, args):
    OUT.mkdir(parents=True, exist_ok=True)
    info = {"build_command": None}
    if not args.no_build:
        info["build_command"] = build(cpu, OUT / ("build-%s.log" % cpu))
    pv_builds = {}
    for conf, tree, _ in PV_CONFIGS:
        bdir = "%s-%s" % (cpu, conf)
        pv_builds[conf] = None if args.no_build else \
            build(cpu, OUT / ("build-%s.log" % bdir), bdir, tree)
    native_cmd, part_cmd = qemu_cmds(cpu)
    info["qemu"] = {"native": native_cmd, "partition": part_cmd}
    configs = [("native", native_cmd, BENCHMARKS, False),
               ("partition", part_cmd, BENCHMARKS, False)]
    for conf, _, expected in PV_CONFIGS:
        configs.append((conf, qemu_cmds(cpu, "%s-%s" % (cpu, conf))[1], expected,
                        conf == "epapr"))
    raw, per_run = {}, {}
    for kind, cmd, expected, until_exit in configs:
        runs = []
        for i in range(args.runs):
            log = OUT / ("%s-%s-%d.log" % (cpu, kind, i + 1))
            print("bench: %s %s run %d/%d" % (cpu, kind, i + 1, args.runs), flush=True)
            try:
                lines = run_qemu(cmd, args.timeout, kind != "native", log, until_exit)
                runs.append(parse(lines, kind != "native", expected))
            except BenchError as e:
                raise BenchError("%s %s run %d: %s (log %s)" % (cpu, kind, i + 1, e, log))
        per_run[kind] = runs
        raw[kind] = runs[0]
    pv_raw = {conf: raw.pop(conf) for conf, _, _ in PV_CONFIGS}
    same = all(r == runs[0] for runs in per_run.values() for r in runs)
    info["runs"] = args.runs
    info["deterministic"] = same
    if not same:
        info["raw_per_run"] = {k: [{n: {"ticks": t, "iterations": it}
                                    for n, (t, it) in r.items()} for r in v]
                               for k, v in per_run.items()}
    info["raw"] = {k: {n: {"ticks": t, "iterations": it} for n, (t, it) in v.items()}
                   for k, v in raw.items()}
    ops = {k: per_op(v) for k, v in raw.items()}
    info["instr_per_op"] = {k: {n: round(x, 3) for n, x in v.items()} for k, v in ops.items()}
    info["results"] = rows(ops["native"], ops["partition"])
    pv_ops = {k: per_op(v) for k, v in pv_raw.items()}
    info["pv"] = {conf: {
        "config_tree": tree, "build_command": pv_builds[conf],
        "qemu": {"partition": configs[2 + i][1]},
        "raw": {n: {"ticks": t, "iterations": it} for n, (t, it) in pv_raw[conf].items()},
        "instr_per_op": {n: round(x, 3) for n, x in pv_ops[conf].items()},
    } for i, (conf, tree, _) in enumerate(PV_CONFIGS)}
    info["results"] += pv_rows(pv_ops)
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpu", action="append", choices=CORES,
                    help="core to measure (repeatable; default: both)")
    ap.add_argument("--runs", type=int, default=2,
                    help="runs of each configuration, compared for determinism (default 2)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per QEMU run")
    ap.add_argument("--no-build", action="store_true", help="use the existing build")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    cpus = args.cpu or list(CORES)
    head, dirty = git_commit()
    try:
        qver = subprocess.run([os.environ.get("QEMU", "qemu-system-ppc"), "--version"],
                              capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        qver = None
    result = {
        "tool": "tools/bench.py",
        "git_commit": head, "git_dirty": dirty, "qemu_version": qver,
        "config_tree": CONFIG_TREE,
        "method": {
            "icount": " ".join(ICOUNT),
            "instructions_per_tick": INSN_PER_TICK,
            "instr_per_op": "(ticks - empty_loop_ticks / empty_loop_iterations * iterations)"
                            " * 2.5 / iterations",
            "hypervisor_share": "partition instr/op - native instr/op",
            "interrupt_delivery": "round trip instr/op - base instr/op (same instructions,"
                                  " no interrupt raised)",
            "partition_only": "kvm/epapr partitions, no native run (native column '-'); "
                              "hypervisor share = instr/op - the same loop's base "
                              "(every sc a nop, or one plain instruction for the mfmsr rows)",
            "bytechan": "%d bytes sent on one end of a loopback channel and received on "
                        "the other per iteration; bytes per 1,000 instructions, every "
                        "instruction counted (guest's too); only this row is not instr/op"
                        % BYTECHAN_BYTES,
        },
        "pv_config_trees": {conf: tree for conf, tree, _ in PV_CONFIGS},
        "targets": dict([(r[0].strip(), r[3]) for r in ROWS if r[3] is not None] +
                        [(r[0], r[4]) for r in PV_ROWS if r[4] is not None]),
        "cores": {},
    }
    status = 0
    md = ["# Tessera microbenchmarks", "",
          "Instructions per operation under `%s` (instructions = timebase ticks x 2.5), "
          "loop overhead subtracted; hypervisor share = partition - native. "
          "Rows with native '-' run only in a partition (kvm: null hypercall, mfmsr; "
          "epapr: byte channel, vmpic), share = minus the loop without the hypercall "
          "(or a one-instruction loop); \"bytechan B/kinstr\" is bytes through a "
          "loopback byte channel (16-byte send + receive) per 1,000 instructions. "
          "git %s%s." % (" ".join(ICOUNT), (head or "unknown")[:12], " (dirty)" if dirty else ""),
          ""]
    for cpu in cpus:
        try:
            info = bench_core(cpu, args)
        except BenchError as e:
            sys.stdout.flush()
            print("bench: FAILED: %s" % e, file=sys.stderr, flush=True)
            result["cores"][cpu] = {"error": str(e)}
            status = 1
            continue
        result["cores"][cpu] = info
        print()
        print("\n".join(text_table(cpu, info["results"])))
        det = "identical in %d runs" % args.runs if info["deterministic"] else \
            "DIFFER between runs"
        print("%s: figures %s" % (cpu, det))
        print()
        md += table(cpu, info["results"]) + ["", "Runs: %d, figures %s." % (args.runs, det), ""]
        if not info["deterministic"] and status == 0:
            status = 3
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(result, indent=2) + "\n")
    (OUT / "results.md").write_text("\n".join(md) + "\n")
    print("bench: wrote %s and %s" % ((OUT / "results.json").relative_to(ROOT),
                                      (OUT / "results.md").relative_to(ROOT)))
    return status


if __name__ == "__main__":
    sys.exit(main())
