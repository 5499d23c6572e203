# SPDX-License-Identifier: BSD-2-Clause
"""Building, packing and booting the partition-management configurations.

Everything goes under build/manager/ so that other work on build/<cpu>/ and
build/guests/ does not race with these tests:
  build/manager/<cpu>/    the hypervisor (make CPU=<cpu> BUILD=...)
  build/manager/guests/   mgr_manager.elf, mgr_target.elf
  build/manager/work/     compiled configurations and boot images
TESSERA_MGR_NO_MAKE=1 skips make and uses those directories as they are.
"""
import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "manager"
GUESTS = OUT / "guests"
LOG_DIR = REPO / "build" / "test-logs" / "manager"
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
QEMU = os.environ.get("TESSERA_QEMU", "qemu-system-ppc")
CPUS = ("e500v2", "e500mc")
GUEST_ARCH = {"e500v2": 203, "e500mc": 206}
IMAGES = ("mgr_manager", "mgr_target")
DTC_FLAGS = ["-Wno-unit_address_vs_reg", "-Wno-simple_bus_reg"]


def run(args, **kw):
    """subprocess.run in the repository; RuntimeError with the output on failure."""
    res = subprocess.run(args, cwd=REPO, capture_output=True, text=True, **kw)
    if res.returncode:
        raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{res.stdout}\n{res.stderr}")
    return res.stdout


def build(cpus=CPUS):
    """make the hypervisors and the two guest programs (unless told not to)."""
    if os.environ.get("TESSERA_MGR_NO_MAKE") == "1":
        return
    jobs = f"-j{os.cpu_count() or 2}"
    run(["make", jobs, "-f", "tests/guests/guests.mk", f"GUEST_OUT={GUESTS}"]
        + [str(GUESTS / f"{n}.elf") for n in IMAGES])
    for cpu in cpus:
        b = OUT / cpu
        run(["make", jobs, f"CPU={cpu}", f"BUILD={b}", f"GUEST_OUT={GUESTS}",
             str(b / "tessera.elf"), str(b / "tessera.bin")])


def kconfig(cpu):
    """build/manager/<cpu>/.config as a dict."""
    out = {}
    for line in (OUT / cpu / ".config").read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def entry(cpu):
    """_start of the hypervisor ELF."""
    nm = run([CROSS + "nm", str(OUT / cpu / "tessera.elf")])
    return next(int(l.split()[0], 16) for l in nm.splitlines() if l.split()[-1:] == ["_start"])


def compile_config(cpu, dts, out):
    """cpp (GUEST_ARCH for CPU) and dtc, as the Makefile does."""
    cpp = run([CROSS + "gcc", "-E", "-P", "-nostdinc", "-undef", "-x", "assembler-with-cpp",
               "-Idts", f"-DGUEST_ARCH={GUEST_ARCH[cpu]}", str(REPO / "dts" / dts)])
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", "dts", *DTC_FLAGS, "-o", str(out), "-"],
        input=cpp)
    return out


def pack(cpu, dts):
    """Boot image for DTS on CPU: returns the -device loader options."""
    work = OUT / "work" / f"{Path(dts).stem}-{cpu}"
    work.mkdir(parents=True, exist_ok=True)
    cfg = compile_config(cpu, dts, work / "config.dtb")
    k = kconfig(cpu)
    itb = work / "tessera.itb"
    run([str(REPO / "tools" / "mkfit.sh"), str(itb), str(OUT / cpu / "tessera.bin"),
         str(int(k["CONFIG_LOAD_ADDR"], 0)), hex(entry(cpu)), str(cfg),
         str(int(k["CONFIG_HV_CONFIG_ADDR"], 0)),
         *[f"{n}={GUESTS / (n + '.elf')}" for n in IMAGES]])
    return Path(f"{itb}.loaders").read_text().split()


def qemu_argv(cpu, smp, loaders):
    """The QEMU command line of a direct boot with the configuration's images."""
    return ["-M", "ppce500", "-cpu", cpu, "-smp", str(smp), "-m", "512", "-nographic",
            "-serial", "mon:stdio", "-serial", "null",
            "-kernel", str(OUT / cpu / "tessera.elf"), *loaders]


def clean(text):
    """Console text with LF line ends."""
    return text.replace("\r", "")


def part_lines(log, name):
    """What partition NAME printed on its hv-console, prefix stripped."""
    prefix = f"[{name}] "
    return [l[len(prefix):] for l in log.splitlines() if l.startswith(prefix)]
