# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for the partition boot tests: compiling configuration trees,
packing them with tools/mkfit.sh, asking the build-time checker for its
verdicts, QEMU command lines, and parsers for what the hypervisor prints
(the partition table, the load lines, `dtdump` hex dumps).
"""
import os
import re
import shutil
import signal
import struct
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DTS_DIR = REPO / "dts"
CORPUS_DIR = REPO / "tests" / "config"
OUT_DIR = REPO / "build" / "test-partitions"
LOG_DIR = REPO / "build" / "test-logs"
UBOOT = Path("/usr/lib/u-boot/qemu-ppce500/uboot.elf")
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
HELLO = REPO / "build" / "guests" / "hello.elf"
DTC_FLAGS = ["-Wno-unit_address_vs_reg", "-Wno-simple_bus_reg"]

# Which QEMU runs a core, and which Tessera build runs on it. The e5500 is
# a 64-bit core: only qemu-system-ppc64 has it; the e500mc build runs on it
# (32-bit mode) and the hypervisor recognises it by its PVR.
CORES = {
    "e500v2": ("qemu-system-ppc", "e500v2"),
    "e500mc": ("qemu-system-ppc", "e500mc"),
    "e5500": ("qemu-system-ppc64", "e500mc"),
}

# Per-expect timeouts (seconds).
DIRECT_READY_TIMEOUT = 10   # direct boot to "tessera: ready" (~1 s in practice)
UBOOT_READY_TIMEOUT = 30    # U-Boot flow (autoboot waits 1 s, then bootm)
PROMPT_TIMEOUT = 20         # the monitor prompt once guests run
CMD_TIMEOUT = 10

READY = "tessera: ready"
PROMPT = "tessera> "
LOAD_RE = re.compile(
    r"^  (?P<name>\S+): (?P<type>\S+) image '(?P<image>[^']*)' at "
    r"(?P<low>[0-9a-f]+)-(?P<high>[0-9a-f]+), entry (?P<entry>[0-9a-f]+), "
    r"tree at (?P<tree>[0-9a-f]+) \((?P<size>\d+) bytes\)$", re.M)
SUMMARY_RE = re.compile(r"^partitions: (\d+) configured, (\d+) refused$", re.M)


def clean(text):
    """Console text with LF line ends (the UART sends CR CR LF)."""
    return text.replace("\r", "")


SNAP_FILES = ("tessera.elf", ".config", "tools/tessera-cfgcheck")
_snapshots = {}


def _stamp(files):
    return [(f.stat().st_size, f.stat().st_mtime_ns) for f in files]


def _snapshot(cpu):
    """Copy build/<cpu>'s hypervisor ELF, its Kconfig and its checker to
    build/test-partitions/snap/<cpu>/, and make tessera.bin from that ELF.
    Other work may rebuild build/<cpu> while the tests run; the tests use
    one consistent copy instead. A copy taken while a file changed, or one
    that does not work (`nm` finds no _start, the checker does not run), is
    taken again."""
    src = REPO / "build" / cpu
    files = [src / f for f in SNAP_FILES]
    for f in files:
        assert f.exists(), f"{f} missing: run `make CPU={cpu}` first"
    dst = OUT_DIR / "snap" / cpu
    for _ in range(10):
        before = _stamp(files)
        shutil.rmtree(dst, ignore_errors=True)
        (dst / "tools").mkdir(parents=True)
        for f in SNAP_FILES:
            shutil.copy2(src / f, dst / f)
        nm = subprocess.run([CROSS + "nm", str(dst / "tessera.elf")],
                            capture_output=True, text=True)
        start = [l.split()[0] for l in nm.stdout.splitlines()
                 if l.split()[-1:] == ["_start"]]
        objcopy = subprocess.run([CROSS + "objcopy", "-O", "binary",
                                  str(dst / "tessera.elf"), str(dst / "tessera.bin")])
        tool = subprocess.run([str(dst / "tools" / "tessera-cfgcheck")],
                              capture_output=True, text=True)
        if (_stamp(files) == before and nm.returncode == 0 and start and
                objcopy.returncode == 0 and "usage" in tool.stderr + tool.stdout):
            return dst, int(start[0], 16)
        time.sleep(2)  # caught a build half-way: try again
    raise AssertionError(f"no stable, working build in {src}")


def tessera_build(cpu):
    """The hypervisor build for CPU the tests boot (a snapshot of build/<cpu>)."""
    if cpu not in _snapshots:
        _snapshots[cpu] = _snapshot(cpu)
    return _snapshots[cpu][0]


def kconfig(cpu):
    """build/<cpu>/.config as a dict of CONFIG_* strings."""
    out = {}
    for line in (tessera_build(cpu) / ".config").read_text().splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def compile_dts(src, out):
    """dtc SRC -> OUT (dtb), with the flags docs/config.md gives."""
    assert shutil.which("dtc"), "dtc missing (apt-get install device-tree-compiler)"
    res = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", str(DTS_DIR),
                          "-i", str(Path(src).parent), *DTC_FLAGS, "-o", str(out),
                          str(src)], capture_output=True, text=True)
    assert res.returncode == 0, f"dtc failed on {src}:\n{res.stderr}"
    return Path(out)


def config_images(cfg_dtb):
    """The image names a compiled configuration refers to (tools/config-images.sh)."""
    res = subprocess.run([str(REPO / "tools" / "config-images.sh"), str(cfg_dtb)],
                         capture_output=True, text=True, check=True)
    return res.stdout.split()


def hv_entry(cpu):
    """Address of _start in the hypervisor ELF for CPU."""
    tessera_build(cpu)
    return _snapshots[cpu][1]


def mkfit(cpu, cfg_dtb, out, images):
    """Pack build/<cpu>/tessera.bin, CFG_DTB and IMAGES ({name: path}) with
    tools/mkfit.sh as the Makefile does. Returns (itb, loader options list,
    config dtb with its /images manifest)."""
    assert HELLO.exists(), f"{HELLO} missing: run `make guests` first"
    cfg = kconfig(cpu)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(
        [str(REPO / "tools" / "mkfit.sh"), str(out),
         str(tessera_build(cpu) / "tessera.bin"),
         str(int(cfg["CONFIG_LOAD_ADDR"], 0)), hex(hv_entry(cpu)), str(cfg_dtb),
         str(int(cfg["CONFIG_HV_CONFIG_ADDR"], 0)),
         *[f"{n}={p}" for n, p in images.items()]],
        capture_output=True, text=True)
    assert res.returncode == 0, f"mkfit.sh failed:\n{res.stderr}"
    loaders = Path(f"{out}.loaders").read_text().split()
    return out, loaders, Path(f"{out}.config.dtb")


def cfgcheck(cpu, core, cfg_dtb, images, strict=True, extra=()):
    """Run build/<cpu>/tools/tessera-cfgcheck; returns (rc, stdout, stderr)."""
    tool = tessera_build(cpu) / "tools" / "tessera-cfgcheck"
    args = [str(tool), "--core", core]
    if strict:
        args.append("--strict-images")
    for n, p in images.items():
        args += ["--image", f"{n}={p}"]
    res = subprocess.run(args + list(extra) + [str(cfg_dtb)],
                         capture_output=True, text=True)
    return res.returncode, res.stdout, res.stderr


def tool_rows(table):
    """The partition rows of a tessera-cfgcheck table: {name: row text}."""
    lines = [l for l in table.splitlines() if l.strip()]
    assert lines and lines[0].startswith("name "), f"no table header in:\n{table}"
    return {l.split()[0]: l for l in lines[1:]}


def boot_row_for(tool_row):
    """The row the hypervisor prints for a partition the tool printed as
    TOOL_ROW: indented by two, with the verdict "ok" become "loaded"."""
    return "  " + (tool_row[:-2] + "loaded" if tool_row.endswith(" ok") else tool_row)


def qemu_argv(core, smp=2, mem=512, serials=2, uboot=False, kernel=None,
              loaders=(), append=None):
    """(binary, argv) for one boot on QEMU's ppce500 with `core`.

    The first -serial is the console (mon:stdio); further ones go to null.
    """
    binary, build = CORES[core]
    argv = ["-M", "ppce500", "-cpu", core, "-smp", str(smp), "-m", str(mem),
            "-nographic", "-serial", "mon:stdio"]
    argv += ["-serial", "null"] * (serials - 1)
    if uboot:
        assert UBOOT.is_file(), f"{UBOOT} missing (apt-get install u-boot-qemu)"
        argv += ["-bios", str(UBOOT)]
    argv += ["-kernel", str(kernel or tessera_build(build) / "tessera.elf")]
    argv += list(loaders)
    if append is not None:
        argv += ["-append", append]
    return binary, argv


class Board:
    """A running QEMU: expect helpers over a pexpect spawn. `log` keeps
    everything matched so far (LF line ends)."""

    def __init__(self, child, logfile):
        self.child = child
        self.logfile = logfile
        self.log = ""

    def expect_exact(self, s, timeout):
        """Wait for S; returns the text before it (cleaned) and records it."""
        self.child.expect_exact(s, timeout=timeout)
        before = clean(self.child.before)
        self.log += before + s
        return before

    def ready(self, timeout):
        """The boot log up to and including "tessera: ready"."""
        return self.expect_exact(READY, timeout) + READY

    def command(self, line, timeout=CMD_TIMEOUT):
        """Type LINE at the monitor; returns its output up to the next prompt."""
        self.child.send(line + "\r")
        out = self.expect_exact(PROMPT, timeout)
        return out.split("\n", 1)[1] if "\n" in out else ""

    def kill(self):
        """Stop QEMU (SIGHUP, SIGINT, then SIGKILL) and close the log."""
        try:
            self.child.close(force=True)
        except Exception:  # noqa: BLE001 - must reach the SIGKILL below
            pass
        if self.child.isalive():
            try:
                os.kill(self.child.pid, signal.SIGKILL)
            except OSError:
                pass
        self.logfile.close()


def spawn(core, log_path, **kw):
    """Start QEMU (qemu_argv(core, **kw)) logging to LOG_PATH; a Board."""
    import pexpect  # noqa: PLC0415 - only the boot tests need it

    binary, argv = qemu_argv(core, **kw)
    assert shutil.which(binary), f"{binary} not found (apt-get install qemu-system-ppc)"
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w", encoding="utf-8")
    log.write("$ " + " ".join([binary] + argv) + "\n")
    log.flush()
    child = pexpect.spawn(binary, argv, encoding="utf-8", codec_errors="replace",
                          timeout=CMD_TIMEOUT)
    child.logfile_read = log
    return Board(child, log)


def elf_span(path):
    """(low, high, entry) of an ELF32 big-endian file's PT_LOAD segments."""
    data = Path(path).read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 1 and data[5] == 2, "not ELF32 BE"
    entry, phoff = struct.unpack_from(">II", data, 24)
    phentsize, phnum = struct.unpack_from(">HH", data, 42)
    low, high = None, 0
    for i in range(phnum):
        p_type, _, vaddr, _, _, memsz, _, _ = struct.unpack_from(
            ">8I", data, phoff + i * phentsize)
        if p_type == 1 and memsz:
            low = vaddr if low is None else min(low, vaddr)
            high = max(high, vaddr + memsz)
    return low, high, entry


def parse_dtdump(text, name):
    """Bytes of the tree `dtdump NAME` printed in TEXT (checked against the
    byte count in its header line)."""
    m = re.search(rf"^dtdump {re.escape(name)} (\d+) bytes\n((?::[0-9a-f]*\n)*)dtdump end$",
                  clean(text), re.M)
    assert m, f"no complete dtdump for {name} in:\n{text[-2000:]}"
    blob = bytes.fromhex("".join(l[1:] for l in m.group(2).splitlines()))
    assert len(blob) == int(m.group(1)), \
        f"dtdump {name}: {len(blob)} bytes of hex for {m.group(1)} announced"
    return blob


def decompile(blob, out_dts):
    """dtc -I dtb -O dts on BLOB; writes OUT_DTS and returns the source."""
    res = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", "-o", str(out_dts), "-"],
                         input=blob, capture_output=True)
    assert res.returncode == 0, f"dtc cannot decompile the tree:\n{res.stderr.decode()}"
    return Path(out_dts).read_text()


def fdt_nodes(blob):
    """A device tree blob, read with libfdt, as {path: {property: bytes}}."""
    import libfdt  # python3-libfdt

    fdt = libfdt.Fdt(bytes(blob))
    nodes = {}

    def walk(off, path):
        props = {}
        poff = fdt.first_property_offset(off, [libfdt.NOTFOUND])
        while poff >= 0:
            prop = fdt.get_property_by_offset(poff)
            props[prop.name] = bytes(prop)
            poff = fdt.next_property_offset(poff, [libfdt.NOTFOUND])
        nodes[path] = props
        sub = fdt.first_subnode(off, [libfdt.NOTFOUND])
        while sub >= 0:
            name = fdt.get_name(sub)
            walk(sub, (path.rstrip("/") + "/" + name))
            sub = fdt.next_subnode(sub, [libfdt.NOTFOUND])

    walk(0, "/")
    return nodes


def strings(value):
    """A string-list property as a Python list."""
    return value.rstrip(b"\0").decode().split("\0") if value else []


def cells(value, width=4):
    """A property as big-endian integers of WIDTH bytes."""
    assert len(value) % width == 0, f"{len(value)} bytes is not a whole number of cells"
    return [int.from_bytes(value[i:i + width], "big") for i in range(0, len(value), width)]
