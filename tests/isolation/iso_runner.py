# SPDX-License-Identifier: BSD-2-Clause
"""Helpers of the isolation tests (the fixtures are in conftest.py):
building the hypervisor and the two guest programs, packing a
configuration tree with them, and one boot of QEMU's ppce500 that waits
for every partition to stop and then asks the monitor `echo alive`."""
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
QEMU = os.environ.get("TESSERA_QEMU", "qemu-system-ppc")
CPUS = ("e500mc", "e500v2")
GUEST_ARCH = {"e500v2": 203, "e500mc": 206}
OUT = REPO / "build" / "isolation"
GUEST_OUT = OUT / "guests"
LOG_DIR = REPO / "build" / "test-logs" / "isolation"
GUESTS = ("iso_attack", "iso_neigh")
DTC_FLAGS = ["-i", "dts", "-Wno-unit_address_vs_reg", "-Wno-simple_bus_reg"]
# Where an already built hypervisor is taken from instead ($ROOT/<cpu>/).
BUILD_ROOT = os.environ.get("TESSERA_BUILD_ROOT")
READY_TIMEOUT = 30
RUN_TIMEOUT = float(os.environ.get("TESSERA_ISO_TIMEOUT", "90"))
PROMPT = "tessera> "
# What the hypervisor prints when something went wrong on its side.
HV_TROUBLE = re.compile(r"crashed|unexpected exit|unexpected exception|halted|panic|"
                        r"already started|cannot run vcpu|is not online|[1-9]\d* refused",
                        re.IGNORECASE)


@dataclass
class Run:
    """One boot: the console text (LF line ends), and what came of it."""
    text: str
    log: Path
    stopped: dict = field(default_factory=dict)   # partition -> reason
    alive: bool = False
    error: str = ""

    def lines(self, part):
        """The console lines of partition PART, its "[PART] " prefix removed."""
        tag = f"[{part}] "
        return [l[len(tag):] for l in self.text.split("\n") if l.startswith(tag)]

    def hv_lines(self):
        """The hypervisor's own lines (no partition prefix)."""
        return [l for l in self.text.split("\n") if l and not l.startswith("[")]


def run_tool(argv, **kw):
    """Run a command in the tree; AssertionError with its output on failure."""
    r = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, **kw)
    assert r.returncode == 0, \
        f"{' '.join(map(str, argv))} failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}"
    return r.stdout


def build_guests():
    """Build the two guest programs into build/isolation/guests/."""
    run_tool(["make", "--no-print-directory", "-f", "tests/guests/guests.mk",
              f"GUEST_OUT={GUEST_OUT}"] + [str(GUEST_OUT / f"{g}.elf") for g in GUESTS])
    snap = OUT / "snap"
    snap.mkdir(parents=True, exist_ok=True)
    for g in GUESTS:
        shutil.copyfile(GUEST_OUT / f"{g}.elf", snap / f"{g}.elf")
    return {g: snap / f"{g}.elf" for g in GUESTS}


def build_hv(cpu):
    """The hypervisor for CPU: built in build/iso-<cpu>/ (or taken from
    $TESSERA_BUILD_ROOT/<cpu>/) and copied to build/isolation/<cpu>/, so a
    rebuild of the tree during the session changes nothing.
    Returns (elf, bin, load address, config address)."""
    if BUILD_ROOT:
        src = Path(BUILD_ROOT)
        src = (src if src.is_absolute() else REPO / src) / cpu
    else:
        src = REPO / "build" / f"iso-{cpu}"
        run_tool(["make", "--no-print-directory", f"CPU={cpu}", f"BUILD={src}",
                  str(src / "tessera.elf"), str(src / "tessera.bin")])
    dst = OUT / cpu
    dst.mkdir(parents=True, exist_ok=True)
    for f in ("tessera.elf", "tessera.bin", ".config"):
        if (src / f).exists():
            shutil.copyfile(src / f, dst / f)
    load, cfg = 0x0, 0x800000   # CONFIG_LOAD_ADDR, CONFIG_HV_CONFIG_ADDR defaults
    if (dst / ".config").exists():
        for ln in (dst / ".config").read_text().splitlines():
            key, _, val = ln.partition("=")
            if key == "CONFIG_LOAD_ADDR":
                load = int(val, 0)
            elif key == "CONFIG_HV_CONFIG_ADDR":
                cfg = int(val, 0)
    return dst / "tessera.elf", dst / "tessera.bin", load, cfg


def hv_entry(elf):
    """Address of _start in the hypervisor ELF."""
    for ln in run_tool([CROSS + "nm", str(elf)]).splitlines():
        f = ln.split()
        if len(f) == 3 and f[2] == "_start":
            return int(f[0], 16)
    raise AssertionError(f"_start not in {elf}")


def pack(cpu, dts, hv, images):
    """Preprocess DTS as the Makefile does (cpp, GUEST_ARCH), compile it and
    pack it with the hypervisor and IMAGES ({name: elf}) with tools/mkfit.sh.
    Returns the QEMU -device loader arguments."""
    elf, binary, load, cfg = hv
    out = OUT / cpu
    name = Path(dts).stem
    pre = run_tool([CROSS + "gcc", "-E", "-P", "-nostdinc", "-undef", "-x",
                    "assembler-with-cpp", "-Idts", f"-DGUEST_ARCH={GUEST_ARCH[cpu]}", str(dts)])
    dtb = out / f"{name}.dtb"
    run_tool(["dtc", *DTC_FLAGS, "-I", "dts", "-O", "dtb", "-o", str(dtb), "-"], input=pre)
    itb = out / f"{name}.itb"
    run_tool(["tools/mkfit.sh", str(itb), str(binary), str(load), hex(hv_entry(elf)),
              str(dtb), str(cfg)] + [f"{n}={p}" for n, p in images.items()])
    return Path(f"{itb}.loaders").read_text().split()


def boot(cpu, elf, loaders, parts, log_name):
    """Boot the hypervisor with LOADERS on -smp 2 and two -serial; wait until
    each partition in PARTS has stopped (or something went wrong), then
    type `echo alive` at the monitor. Returns a Run."""
    import pexpect  # noqa: PLC0415

    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"{log_name}-{cpu}.log"
    argv = ["-M", "ppce500", "-cpu", cpu, "-smp", "2", "-m", "512", "-nographic",
            "-serial", "mon:stdio", "-serial", "null", "-kernel", str(elf), *loaders]
    with open(log, "w", encoding="utf-8") as lf:
        lf.write("$ " + " ".join([QEMU] + argv) + "\n")
        lf.flush()
        child = pexpect.spawn(QEMU, argv, encoding="utf-8", codec_errors="replace",
                              timeout=RUN_TIMEOUT, logfile=lf)
        run = Run("", log)
        try:
            child.expect_exact("tessera: ready", timeout=READY_TIMEOUT)
            stop_re = re.compile(r"partition (\S+): stopped \(([^)]*)\)")
            while len(run.stopped) < len(parts):
                i = child.expect([stop_re, r"\*\*\* CPU \d+ halted", pexpect.EOF],
                                 timeout=RUN_TIMEOUT)
                if i:
                    run.error = "the hypervisor halted" if i == 1 else "QEMU exited"
                    break
                run.stopped[child.match.group(1)] = child.match.group(2)
            if not run.error:
                child.send("\r")
                child.expect_exact(PROMPT, timeout=10)
                child.send("echo alive\r")
                child.expect(r"\nalive\r*\n", timeout=10)
                run.alive = True
                child.expect_exact(PROMPT, timeout=10)
        except pexpect.TIMEOUT:
            run.error = "timeout"
        except pexpect.EOF:
            run.error = "QEMU exited"
        finally:
            child.close(force=True)
    with open(log, encoding="utf-8", errors="replace", newline="") as lf:
        run.text = lf.read().replace("\r", "")
    return run
