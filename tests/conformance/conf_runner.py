# SPDX-License-Identifier: BSD-2-Clause
"""Helpers of the conformance runner (the fixtures are in conftest.py):
QEMU command lines, console collection, the partition configuration."""
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from qemu_console import read_until  # noqa: F401 (used by conftest.py)


REPO = Path(__file__).resolve().parents[2]
QEMU = os.environ.get("TESSERA_QEMU", "qemu-system-ppc")
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
CPUS = ("e500v2", "e500mc")
GUEST_OUT = REPO / "build" / "guests"
CONF_OUT = REPO / "build" / "conformance"
# Where the hypervisor images are built ($TESSERA_BUILD_ROOT/<cpu>/).
HV_ROOT = Path(os.environ.get("TESSERA_BUILD_ROOT", str(REPO / "build")))
HV_ROOT = HV_ROOT if HV_ROOT.is_absolute() else REPO / HV_ROOT
LOG_DIR = REPO / "build" / "test-logs" / "conformance"
RUN_TIMEOUT = float(os.environ.get("TESSERA_CONF_TIMEOUT", "60"))
DTC_FLAGS = ["-i", "dts", "-Wno-unit_address_vs_reg", "-Wno-simple_bus_reg"]
HV_LOAD = 0x0             # defaults of CONFIG_LOAD_ADDR and CONFIG_HV_CONFIG_ADDR
CONFIG_ADDR = 0x800000
# ePAPR guest-arch: 206 (Power ISA 2.06, classic FPU) is refused on e500v2.
GUEST_ARCH = {"e500v2": 203, "e500mc": 206}
PART_MEM = 0x4000000  # 64 MiB

DONE_RE = r"^{name}: done, (\d+) failed$"


@dataclass
class Run:
    """One run of a program: its console lines and how the run ended."""
    lines: list
    ended: str            # "exit" (QEMU exited / partition stopped) or "timeout"
    log: Path
    raw: list = field(default_factory=list)

    def failed_count(self, name):
        """N of the "<name>: done, N failed" line, or None if missing."""
        rx = re.compile(DONE_RE.format(name=re.escape(name)))
        for ln in self.lines:
            m = rx.match(ln)
            if m:
                return int(m.group(1))
        return None


def program_names():
    """Every tests/guests/conf_*/ directory holding .c or .S sources."""
    root = REPO / "tests" / "guests"
    return sorted(d.name for d in root.glob("conf_*")
                  if d.is_dir() and any(d.glob("*.[cS]")))


def make(args):
    """Run make in the tree; RuntimeError with its output if it fails."""
    r = subprocess.run(["make", "--no-print-directory"] + args, cwd=REPO,
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"make {' '.join(args)} failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")


def snapshot_hv(cpu):
    """Copy the hypervisor ELF and bin of @cpu into build/conformance/<cpu>/,
    so that every run of the session boots the same images even if the
    tree is rebuilt meanwhile."""
    out = CONF_OUT / cpu
    out.mkdir(parents=True, exist_ok=True)
    for ext in ("elf", "bin"):
        shutil.copyfile(HV_ROOT / cpu / f"tessera.{ext}", out / f"tessera.{ext}")


def snapshot_guest(name):
    """Copy build/guests/<name>.elf into build/conformance/guests/."""
    (CONF_OUT / "guests").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GUEST_OUT / f"{name}.elf", CONF_OUT / "guests" / f"{name}.elf")


def hv_image(cpu, ext):
    """The snapshot of build/<cpu>/tessera.<ext>."""
    return CONF_OUT / cpu / f"tessera.{ext}"


def guest_image(name):
    """The snapshot of build/guests/<name>.elf."""
    return CONF_OUT / "guests" / f"{name}.elf"


def hv_entry(cpu):
    """Address of _start in the hypervisor ELF (the FIT's entry point)."""
    out = subprocess.run([CROSS + "nm", str(hv_image(cpu, "elf"))],
                         check=True, capture_output=True, text=True).stdout
    for ln in out.splitlines():
        f = ln.split()
        if len(f) == 3 and f[2] == "_start":
            return int(f[0], 16)
    raise AssertionError(f"_start not in {hv_image(cpu, 'elf')}")


def hv_addresses(cpu):
    """(load address, configuration address) as the build's .config has
    them (CONFIG_LOAD_ADDR, CONFIG_HV_CONFIG_ADDR), else the defaults."""
    load, cfg = HV_LOAD, CONFIG_ADDR
    config = HV_ROOT / cpu / ".config"
    if config.is_file():
        for ln in config.read_text().splitlines():
            key, _, val = ln.partition("=")
            if key == "CONFIG_LOAD_ADDR":
                load = int(val, 0)
            elif key == "CONFIG_HV_CONFIG_ADDR":
                cfg = int(val, 0)
    return load, cfg


def _run_tool(argv):
    r = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{r.stdout}{r.stderr}")


# Hardware a program needs in its partition, beyond the emulated board.
PART_DEVICES = {"conf_i2c": "&i2c0"}


def partition_config(name, cpu, cpus=(1,)):
    """Write build/conformance/<cpu>/<name>.dts (the partition runs on the
    physical CPUs @cpus, one vCPU each), compile it, pack the FIT.
    Returns the list of QEMU -device loader arguments."""
    out = CONF_OUT / cpu
    out.mkdir(parents=True, exist_ok=True)
    dts, dtb, itb = out / f"{name}.dts", out / f"{name}.dtb", out / f"{name}.itb"
    devices = (f"\n\t\t\tdevices = <{PART_DEVICES[name]}>;" if name in PART_DEVICES else "")
    dts.write_text(f"""// SPDX-License-Identifier: BSD-2-Clause
// Generated by tests/conformance/conf_runner.py: {name} alone in a none partition.
/dts-v1/;
/include/ "qemu-ppce500.dtsi"
/ {{
	hypervisor {{
		compatible = "tessera,hypervisor-config";
		console = <&serial0>;
		devices = <&mpic &msi &guts &gpio0>;
	}};
	partitions {{
		{name} {{
			compatible = "tessera,partition";
			cpus = <{" ".join(str(c) for c in cpus)}>;
			memory = <0x0 0x0 0x0 {PART_MEM:#x}>;
			platform = "none";
			guest-arch = <{GUEST_ARCH[cpu]}>;
			image = "{name}";
			console = "hv-console";{devices}
		}};
	}};
}};
""")
    _run_tool(["dtc", *DTC_FLAGS, "-I", "dts", "-O", "dtb", "-o", str(dtb), str(dts)])
    load, cfg = hv_addresses(cpu)
    _run_tool(["tools/mkfit.sh", str(itb), str(hv_image(cpu, "bin")), str(load),
               hex(hv_entry(cpu)), str(dtb), str(cfg), f"{name}={guest_image(name)}"])
    return Path(str(itb) + ".loaders").read_text().split()


def qemu_base(cpu, smp):
    """QEMU's command line up to the images: console on stdio."""
    return [QEMU, "-M", "ppce500", "-cpu", cpu, "-smp", str(smp), "-m", "512",
            "-nographic", "-serial", "mon:stdio", "-serial", "null"]


