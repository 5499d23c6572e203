# SPDX-License-Identifier: BSD-2-Clause
"""Helpers of the hypercall suite: building a configuration's FIT for
direct boot (cpp with GUEST_ARCH, dtc, tools/mkfit.sh), a QEMU board whose
console we read and type into, and reading guest trees from `dtdump`."""
import os
import re
import selectors
import shutil
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QEMU = os.environ.get("TESSERA_QEMU", "qemu-system-ppc")
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
CPUS = ("e500v2", "e500mc")
GUEST_ARCH = {"e500v2": 203, "e500mc": 206}
GUEST_OUT = REPO / "build" / "guests"
OUT = REPO / "build" / "hypercalls"
LOG_DIR = REPO / "build" / "test-logs" / "hypercalls"
HV_ROOT = Path(os.environ.get("TESSERA_BUILD_ROOT", str(REPO / "build")))
HV_ROOT = HV_ROOT if HV_ROOT.is_absolute() else REPO / HV_ROOT
TIMEOUT = float(os.environ.get("TESSERA_HC_TIMEOUT", "60"))
GUESTS = ("hc_bytechan", "hc_pair", "hello", "hc_pic", "uart_echo")


def make(args):
    """make in the tree; RuntimeError with the output's tail on failure."""
    r = subprocess.run(["make", "--no-print-directory"] + args, cwd=REPO,
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"make {' '.join(args)} failed:\n"
                           f"{r.stdout[-3000:]}{r.stderr[-3000:]}")


def snapshot(cpu):
    """Copy build/<cpu>'s hypervisor (ELF, binary, .config) and the guest
    ELFs to build/hypercalls/, so that a rebuild during the session changes
    nothing."""
    dst = OUT / cpu
    dst.mkdir(parents=True, exist_ok=True)
    for f in ("tessera.elf", "tessera.bin", ".config"):
        shutil.copyfile(HV_ROOT / cpu / f, dst / f)
    (OUT / "guests").mkdir(parents=True, exist_ok=True)
    for g in GUESTS:
        shutil.copyfile(GUEST_OUT / f"{g}.elf", OUT / "guests" / f"{g}.elf")


def kconfig(cpu):
    """The snapshot's .config as {CONFIG_X: value}."""
    out = {}
    for line in (OUT / cpu / ".config").read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def hv_entry(cpu):
    nm = subprocess.run([CROSS + "nm", str(OUT / cpu / "tessera.elf")],
                        check=True, capture_output=True, text=True).stdout
    for ln in nm.splitlines():
        f = ln.split()
        if len(f) == 3 and f[2] == "_start":
            return int(f[0], 16)
    raise AssertionError("_start not in the hypervisor ELF")


def compile_config(src, cpu, name):
    """cpp -DGUEST_ARCH=<core's> then dtc, as the Makefile does."""
    out = OUT / cpu / f"{name}.dtb"
    pre = subprocess.run(["cpp", "-P", "-nostdinc", "-undef", "-x", "assembler-with-cpp",
                          "-I", str(REPO / "dts"), f"-DGUEST_ARCH={GUEST_ARCH[cpu]}",
                          str(src)], capture_output=True, text=True, check=True)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", str(REPO / "dts"),
                    "-o", str(out), "-"], input=pre.stdout, capture_output=True,
                   text=True, check=True)
    return out


def fit(src, cpu, name, images):
    """Pack the configuration @src with @images ({fit name: guest program})
    for @cpu. Returns the QEMU -device loader options."""
    dtb = compile_config(src, cpu, name)
    itb = OUT / cpu / f"{name}.itb"
    cfg = kconfig(cpu)
    r = subprocess.run([str(REPO / "tools" / "mkfit.sh"), str(itb),
                        str(OUT / cpu / "tessera.bin"), str(int(cfg["CONFIG_LOAD_ADDR"], 0)),
                        hex(hv_entry(cpu)), str(dtb), str(int(cfg["CONFIG_HV_CONFIG_ADDR"], 0)),
                        *[f"{n}={OUT / 'guests' / (g + '.elf')}" for n, g in images.items()]],
                       cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, f"mkfit.sh failed:\n{r.stderr}"
    return Path(f"{itb}.loaders").read_text().split()


class Board:
    """QEMU running Tessera: console lines (\\r dropped) as they come, and
    typing into the console (stdin: -serial mon:stdio)."""

    def __init__(self, cpu, loaders, log_name, smp=2):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.argv = [QEMU, "-M", "ppce500", "-cpu", cpu, "-smp", str(smp), "-m", "512",
                     "-nographic", "-serial", "mon:stdio", "-serial", "null",
                     "-kernel", str(OUT / cpu / "tessera.elf")] + loaders
        self.log = open(LOG_DIR / log_name, "w", encoding="utf-8")
        self.log.write("$ " + " ".join(self.argv) + "\n")
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, cwd=REPO)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        self.text = ""

    def _read(self, timeout):
        if not self.sel.select(timeout=timeout):
            return False
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            raise AssertionError(f"QEMU exited; console so far:\n{self.text[-3000:]}")
        s = chunk.decode("utf-8", "replace").replace("\r", "")
        self.log.write(s)
        self.log.flush()
        self.text += s
        return True

    def expect(self, pattern, timeout=TIMEOUT, start=0):
        """Wait for the regex @pattern (multiline) in the console text from
        offset @start; returns the match."""
        rx = re.compile(pattern, re.M)
        end = time.monotonic() + timeout
        while True:
            m = rx.search(self.text, start)
            if m:
                return m
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timeout waiting for {pattern!r}; console:\n"
                                     f"{self.text[-4000:]}")
            self._read(min(left, 0.5))

    def settle(self, seconds):
        """Read for @seconds, whatever comes."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._read(max(0.0, min(end - time.monotonic(), 0.2)))

    def type(self, s, delay=0.02):
        """Type @s into the console, a character at a time."""
        for ch in s.encode("latin1"):
            self.proc.stdin.write(bytes([ch]))
            self.proc.stdin.flush()
            self.settle(delay)

    def command(self, cmd, timeout=10):
        """A monitor command; returns what it printed before the next prompt."""
        start = len(self.text)
        self.type(cmd + "\r")
        m = self.expect(r"tessera> ", timeout, start + len(cmd))
        return self.text[start:m.start()]

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.sel.close()
        self.proc.stdout.close()
        self.proc.stdin.close()
        self.log.close()


def dtdump(text, name):
    """The tree `dtdump NAME` (or dump-guest-dts) printed in @text, as
    {path: {property: bytes}} (python3-libfdt)."""
    import libfdt

    m = re.search(rf"^dtdump {re.escape(name)} (\d+) bytes\n((?::[0-9a-f]*\n)*)dtdump end$",
                  text, re.M)
    assert m, f"no dtdump of {name}"
    blob = bytes.fromhex("".join(ln[1:] for ln in m.group(2).splitlines()))
    assert len(blob) == int(m.group(1))
    fdt = libfdt.Fdt(blob)
    nodes = {}

    def walk(off, path):
        props, poff = {}, fdt.first_property_offset(off, [libfdt.NOTFOUND])
        while poff >= 0:
            prop = fdt.get_property_by_offset(poff)
            props[prop.name] = bytes(prop)
            poff = fdt.next_property_offset(poff, [libfdt.NOTFOUND])
        nodes[path] = props
        sub = fdt.first_subnode(off, [libfdt.NOTFOUND])
        while sub >= 0:
            walk(sub, path.rstrip("/") + "/" + fdt.get_name(sub))
            sub = fdt.next_subnode(sub, [libfdt.NOTFOUND])

    walk(0, "/")
    return nodes


def cells(value):
    """A property as a list of 32-bit big-endian cells."""
    return [int.from_bytes(value[i:i + 4], "big") for i in range(0, len(value), 4)]


def strings(value):
    """A string-list property as a list."""
    return value.rstrip(b"\0").decode().split("\0") if value else []
