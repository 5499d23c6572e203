#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Linux guests measured against native Linux, in instructions.

For each core, the kernel of `make linux` (build/linux/<cpu>) boots under
`-icount shift=0,sleep=off -seed 1`, where the timebase advances 0.4 ticks
per instruction, three ways: natively (QEMU -kernel vmlinux, -m 256, the
partition's memory), in a `none` partition (dts/linux-none.dts), in a
`kvm` one (dts/linux-kvm.dts) and, on e500mc, in an `epapr` one
(dts/linux-epapr.dts: no e500v2 board of Linux runs under an ePAPR
hypervisor), the hypervisor built into
build/bench/linux-<cpu>-<platform>/ and booted directly (-kernel
tessera.elf and its loaders). The init (tests/linux/init.c) prints its
figures in timebase ticks; here they become instructions:

    boot           instructions from the kernel's entry to init (natively
                   from power-on; in a partition from the vCPU's first
                   entry, the "from timebase" of the hypervisor's exit
                   statistics line)
    getppid, fork-wait, pipe-pingpong, page-first-touch, page-retouch:
                   instructions per operation (ticks * 2.5 / iterations)
    sleep-10ms-error: mean oversleep of a 10 ms nanosleep, in instructions

and each figure's ratio to native. The hypervisor prints each vCPU's exits
by reason when the partition stops: they are the histogram. Writes
build/bench/linux.json, build/bench/linux.md, build/bench/linux.png
(gnuplot) and the "linux" key of build/bench/results.json.

Exit status: 0 when every run worked (targets met or not); 1 when a build
or a run failed or a figure is missing.
"""
import argparse
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
CORES = ("e500mc", "e500v2")
ICOUNT = ["-icount", "shift=0,sleep=off", "-seed", "1"]
INSN_PER_TICK = 2.5
FIGURES = ("boot", "getppid", "page-first-touch", "page-retouch", "fork-wait",
           "pipe-pingpong", "sleep-10ms-error")
CONFIGS = {"none": "dts/linux-none.dts", "kvm": "dts/linux-kvm.dts",
           "epapr": "dts/linux-epapr.dts"}
PLATFORMS = ("none", "kvm", "epapr")
RUNS = {"e500mc": PLATFORMS, "e500v2": ("none", "kvm")}
# The targets: ratio to native at most this.
TARGETS = {("kvm", "boot"): 1.3, ("none", "boot"): 2.5, ("kvm", "getppid"): 1.2,
           ("none", "page-first-touch"): 2.0, ("kvm", "page-first-touch"): 2.0,
           ("epapr", "page-first-touch"): 2.0}
TIMEOUT = 1800
FIG_RE = re.compile(r"tessera-init: ([a-z0-9-]+) (-?\d+)(?: (\d+))?$")
STATS_RE = re.compile(r"partition linux: vcpu 0: (\d+) exits in (\d+) ticks from timebase "
                      r"(\d+):(.*)$")


def sh(args, **kw):
    r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, **kw)
    if r.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r.stdout


def build(cpu, platform):
    """The hypervisor and FIT of one configuration; returns QEMU's -kernel
    and loader arguments."""
    b = OUT / f"linux-{cpu}-{platform}"
    sh(["make", "--no-print-directory", f"CPU={cpu}", f"BUILD={b}",
        f"CONFIG_TREE={CONFIGS[platform]}", f"IMAGES=linux=build/linux/{cpu}.elf", "all"])
    return ["-kernel", str(b / "tessera.elf")] + (b / "tessera.itb.loaders").read_text().split()


def run(cpu, platform, log):
    """One icount run: the console lines up to the end of the init."""
    if platform == "native":
        args, mem, smp = ["-kernel", f"build/linux/{cpu}/vmlinux"], "256", "1"
        done = "tessera-init: powering off"
    else:
        args, mem, smp = build(cpu, platform), "1024", "2"
        done = "partition linux: stopped"
    argv = ["qemu-system-ppc", "-M", "ppce500", "-cpu", cpu, "-smp", smp, "-m", mem,
            "-nographic", "-serial", "mon:stdio", "-serial", "null"] + ICOUNT + args
    lines = []
    with subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace") as proc:
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            for raw in proc.stdout:
                line = raw.rstrip("\r\n").replace("\r", "")
                lines.append(line)
                if done in line:
                    # the statistics line comes right before "stopped"
                    break
        finally:
            timer.cancel()
            proc.kill()
    log.write_text("\n".join(["$ " + " ".join(argv)] + lines) + "\n")
    return lines


def parse(lines, platform):
    """Figures in instructions, and the exit histogram of a partition."""
    figs, start, hist, exits = {}, 0, {"by-reason": {}, "by-action": {}}, None
    for l in lines:
        l2 = l[len("[linux] "):] if l.startswith("[linux] ") else l
        m = FIG_RE.search(l2)
        if m and m.group(1) in FIGURES:
            figs[m.group(1)] = (int(m.group(2)), int(m.group(3) or 0))
        s = STATS_RE.search(l)
        if s:
            exits, start = int(s.group(1)), int(s.group(3))
            reasons, _, actions = s.group(4).partition(";")
            for key, part in (("by-reason", reasons), ("by-action", actions)):
                hist[key] = {k: int(v) for k, v in (kv.split("=") for kv in part.split())}
    missing = [f for f in FIGURES if f not in figs]
    if missing or (platform != "native" and exits is None):
        raise RuntimeError(f"{platform}: missing {missing or 'exit statistics'}")
    out = {}
    for name, (ticks, iters) in figs.items():
        if name == "boot":
            out[name] = round((ticks - start) * INSN_PER_TICK)
        elif name == "sleep-10ms-error":
            out[name] = round(ticks * INSN_PER_TICK)
        else:
            out[name] = round(ticks * INSN_PER_TICK / iters, 1)
    return out, hist, exits


def measure(cpu, results, errors):
    for platform in ("native",) + RUNS[cpu]:
        try:
            lines = run(cpu, platform, OUT / f"linux-{cpu}-{platform}.log")
            figs, hist, exits = parse(lines, platform)
            results[cpu][platform] = {"figures": figs, "exits": exits, "histogram": hist}
        except (RuntimeError, OSError) as e:
            errors.append(f"{cpu}/{platform}: {e}")


def table(results):
    rows = ["| core | figure | native | none | ratio | kvm | ratio | epapr | ratio |",
            "|---|---|---|---|---|---|---|---|---|"]
    for cpu, r in results.items():
        if not all(p in r for p in ("native",) + RUNS[cpu]):
            continue
        nat = r["native"]["figures"]
        for f in FIGURES:
            cells = [cpu, f, f"{nat[f]:,}"]
            for p in PLATFORMS:
                if p not in r:
                    cells += ["-", "-"]
                    continue
                v = r[p]["figures"][f]
                ratio = v / nat[f] if nat[f] > 0 else float("nan")
                r[p].setdefault("ratio", {})[f] = round(ratio, 2)
                mark = ""
                if (p, f) in TARGETS:
                    mark = " ok" if ratio <= TARGETS[p, f] else f" (target {TARGETS[p, f]})"
                cells += [f"{v:,}", f"{ratio:.2f}{mark}"]
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def histogram(results):
    rows = []
    for cpu, r in results.items():
        for p in PLATFORMS:
            if p not in r:
                continue
            h = r[p]["histogram"]
            top = sorted(((v, k) for k, v in h["by-reason"].items()), reverse=True)
            rows.append(f"{cpu} {p}: {r[p]['exits']:,} exits: " +
                        ", ".join(f"{k} {v:,}" for v, k in top[:8]) + "; " +
                        ", ".join(f"{k} {v:,}" for k, v in h["by-action"].items()))
    return rows


def chart(results):
    """build/bench/linux.png: ratio to native per figure and platform."""
    data = OUT / "linux-ratios.dat"
    with open(data, "w") as f:
        for cpu, r in results.items():
            for fig in FIGURES:
                if "ratio" in r.get("none", {}):
                    cols = [str(r[p]["ratio"][fig]) if "ratio" in r.get(p, {}) else "-"
                            for p in PLATFORMS]
                    f.write(f'"{cpu} {fig}" ' + " ".join(cols) + "\n")
    script = (f'set terminal pngcairo size 1200,500; set output "{OUT / "linux.png"}";'
              'set style data histograms; set style fill solid; set logscale y;'
              'set datafile missing "-";'
              'set ylabel "ratio to native (log)"; set xtics rotate by -40;'
              f'plot "{data}" using 2:xtic(1) title "none", "" using 3 title "kvm", '
              '"" using 4 title "epapr"')
    try:
        sh(["gnuplot", "-e", script])
    except (RuntimeError, OSError) as e:
        print(f"bench-linux: no chart: {e}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cpu", choices=CORES, action="append")
    args = ap.parse_args()
    cores = args.cpu or list(CORES)
    OUT.mkdir(parents=True, exist_ok=True)
    sh(["make", "--no-print-directory", "linux"])
    results, errors = {c: {} for c in cores}, []
    threads = [threading.Thread(target=measure, args=(c, results, errors)) for c in cores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = table(results)
    md = ["# Linux guests against native (instructions, icount)", ""] + rows + \
        ["", "Exits by reason (top 8) and by what the hypervisor did:", ""] + \
        ["    " + h for h in histogram(results)]
    (OUT / "linux.md").write_text("\n".join(md) + "\n")
    (OUT / "linux.json").write_text(json.dumps(results, indent=2) + "\n")
    res = OUT / "results.json"
    allres = json.loads(res.read_text()) if res.exists() else {}
    allres["linux"] = results
    res.write_text(json.dumps(allres, indent=2) + "\n")
    chart(results)
    print("\n".join(md))
    for e in errors:
        print(f"bench-linux: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
