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

LINE_RE = re.compile(r"bench: (\S+) (\d+) (\d+)\s*$")
STOP_RE = re.compile(r"partition %s: (stopped|crashed|restarting|reload failed|"
                     r"cpu\d+ is not online|cpu\d+ cannot run|vcpu)" % PARTITION)


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


def build(cpu, log):
    cmd = ["make", "--no-print-directory", "CPU=" + cpu, "BUILD=build/bench/" + cpu,
           "CONFIG_TREE=" + CONFIG_TREE]
    print("bench: building %s: %s" % (cpu, " ".join(cmd)), flush=True)
    # A clean sub-make: nothing inherited from a calling make's command line.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    r = sh(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    log.write_text(r.stdout)
    if r.returncode:
        tail = r.stdout.splitlines()[-25:]
        print("\n".join("  | " + line for line in tail), file=sys.stderr, flush=True)
        raise BenchError("%s: build failed (make exit %d, log %s)" % (cpu, r.returncode, log))
    return cmd


def qemu_cmds(cpu):
    qemu = os.environ.get("QEMU", "qemu-system-ppc")
    native = [qemu, "-M", "ppce500", "-cpu", cpu, "-m", "512", "-nographic"] + ICOUNT + \
        ["-kernel", str(ROOT / "build" / "guests" / "bench.elf")]
    bdir = ROOT / "build" / "bench" / cpu
    loaders = (bdir / "tessera.itb.loaders").read_text().split()
    part = [qemu, "-M", "ppce500", "-cpu", cpu, "-smp", "2", "-m", "512", "-nographic",
            "-serial", "mon:stdio", "-serial", "null"] + ICOUNT + \
        ["-kernel", str(bdir / "tessera.elf")] + loaders
    return native, part


def run_qemu(cmd, timeout, partition, log):
    """Run QEMU until the guest (native) or the partition (hypervisor) is
    done; return the console lines. QEMU keeps running after a partition
    stops, so it is terminated then."""
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
    if partition and (stop is None or "stopped (power-off)" not in stop):
        raise BenchError("partition did not power off: %s" % (stop or "QEMU exited"))
    return out


def parse(lines, partition):
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
    missing = [b for b in BENCHMARKS if b not in found]
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


def table(cpu, res):
    head = "| benchmark | native instr/op | partition instr/op | hypervisor share | target | met? |"
    out = ["### %s" % cpu, "", head, "|---|---:|---:|---:|---:|:---:|"]
    for r in res:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        out.append("| %s | %.1f | %.1f | %.1f | %s | %s |" % (
            r["benchmark"],
            r["native_instr_per_op"], r["partition_instr_per_op"], r["hypervisor_share"],
            "-" if r["target"] is None else "<= %d" % r["target"], met))
    return out


def text_table(cpu, res):
    fmt = "%-14s %10s %12s %12s %8s %5s"
    out = ["%s" % cpu, fmt % ("benchmark", "native", "partition", "hv share", "target", "met?")]
    for r in res:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        out.append(fmt % (r["label"], "%.1f" % r["native_instr_per_op"],
                          "%.1f" % r["partition_instr_per_op"], "%.1f" % r["hypervisor_share"],
                          "-" if r["target"] is None else r["target"], met))
    return out


def bench_core(cpu, args):
    OUT.mkdir(parents=True, exist_ok=True)
    info = {"build_command": None}
    if not args.no_build:
        info["build_command"] = build(cpu, OUT / ("build-%s.log" % cpu))
    native_cmd, part_cmd = qemu_cmds(cpu)
    info["qemu"] = {"native": native_cmd, "partition": part_cmd}
    raw, per_run = {}, {}
    for kind, cmd in (("native", native_cmd), ("partition", part_cmd)):
        runs = []
        for i in range(args.runs):
            log = OUT / ("%s-%s-%d.log" % (cpu, kind, i + 1))
            print("bench: %s %s run %d/%d" % (cpu, kind, i + 1, args.runs), flush=True)
            try:
                lines = run_qemu(cmd, args.timeout, kind == "partition", log)
                runs.append(parse(lines, kind == "partition"))
            except BenchError as e:
                raise BenchError("%s %s run %d: %s (log %s)" % (cpu, kind, i + 1, e, log))
        per_run[kind] = runs
        raw[kind] = runs[0]
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
        },
        "targets": {r[0].strip(): r[3] for r in ROWS if r[3] is not None},
        "cores": {},
    }
    status = 0
    md = ["# Tessera microbenchmarks", "",
          "Instructions per operation under `%s` (instructions = timebase ticks x 2.5), "
          "loop overhead subtracted; hypervisor share = partition - native. "
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
