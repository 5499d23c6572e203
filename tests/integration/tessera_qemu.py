# SPDX-License-Identifier: BSD-2-Clause
"""Helpers shared by the integration tests: QEMU command lines for the two
boot flows, a console wrapper for the Tessera monitor and parsers for what
the hypervisor prints while it boots.
"""
import os
import re
import subprocess
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parents[2]
QEMU = os.environ.get("TESSERA_QEMU", "qemu-system-ppc")
UBOOT = Path("/usr/lib/u-boot/qemu-ppce500/uboot.elf")
CROSS = os.environ.get("CROSS", "powerpc-linux-gnu-")
CPUS = ("e500v2", "e500mc")
PROMPT = "tessera> "
FAULT_VA = "6ffff000"  # kernel/shell.c: nothing is ever mapped there

# Per-expect timeouts (seconds). U-Boot's autoboot alone waits 1 s.
BOOT_TIMEOUT = {"uboot": 30, "direct": 15}
CMD_TIMEOUT = 10
POWEROFF_TIMEOUT = 10

BANNER_RE = re.compile(
    r"^Tessera (?P<version>\d+\.\d+\.\d+\S*) hypervisor \((?P<cpu>\S+) build\) on (?P<model>.+)$",
    re.M)
BOOTARGS_RE = re.compile(r'^  device tree: \S+, \d+ bytes; bootargs "(?P<args>[^"]*)"$', re.M)
IPI_RE = re.compile(r"^  ipi: cpu(?P<cpu>\d+) answered in (?P<ticks>\d+) ticks$", re.M)


class BootError(Exception):
    """The request cannot be booted (missing image, unknown cpu or flow)."""


def build_root():
    """$TESSERA_BUILD_ROOT (default build/), made absolute against the repo."""
    root = Path(os.environ.get("TESSERA_BUILD_ROOT", "build"))
    return root if root.is_absolute() else REPO / root


def image(cpu, flow):
    """Path of the image a flow boots: the uImage for U-Boot, the ELF direct."""
    name = "tessera.uImage" if flow == "uboot" else "tessera.elf"
    return build_root() / cpu / name


def qemu_argv(cpu, smp=2, mem=512, flow="direct", append=None, extra=()):
    """The qemu-system-ppc arguments for one boot; BootError if impossible."""
    if cpu not in CPUS:
        raise BootError(f"unknown cpu {cpu!r}")
    img = image(cpu, flow)
    if not img.is_file():
        raise BootError(f"image missing: {img} (run `make CPU={cpu}` first)")
    args = ["-nographic", "-M", "ppce500", "-cpu", cpu,
            "-smp", str(smp), "-m", str(mem)]
    if flow == "uboot":
        if not UBOOT.is_file():
            raise BootError(f"U-Boot missing: {UBOOT} (apt-get install u-boot-qemu)")
        args += ["-bios", str(UBOOT), "-kernel", str(img)]
    elif flow == "direct":
        args += ["-kernel", str(img)]
    else:
        raise BootError(f"unknown boot flow {flow!r}")
    if append is not None:
        args += ["-append", append]
    return args + list(extra)


def symbol_range(cpu, name):
    """(start, end) of a function in build/<cpu>/tessera.elf, from nm -S."""
    out = subprocess.run([CROSS + "nm", "-S", str(image(cpu, "direct"))],
                         check=True, capture_output=True, text=True).stdout
    for ln in out.splitlines():
        f = ln.split()
        if len(f) == 4 and f[3] == name:
            start = int(f[0], 16)
            return start, start + int(f[1], 16)
    raise AssertionError(f"{name} not in the {cpu} ELF")


def clean(text):
    """Console text with line ends normalised to LF (the UART sends CR CR LF)."""
    return text.replace("\r", "")


class Console:
    """A running board: the pexpect spawn plus helpers for the monitor.

    All output since the last expect is in `child.before`; `transcript`
    accumulates every expect's `before` and match so a test can check order.
    """

    def __init__(self, child, flow, cpu):
        self.child = child
        self.flow = flow
        self.cpu = cpu

    def send(self, s):
        return self.child.send(s)

    def expect(self, pattern, timeout=CMD_TIMEOUT):
        """pexpect.expect (a regex or a list of them); returns the index."""
        return self.child.expect(pattern, timeout=timeout)

    def expect_exact(self, s, timeout=CMD_TIMEOUT):
        """pexpect.expect_exact; returns the text before the match, cleaned."""
        self.child.expect_exact(s, timeout=timeout)
        return clean(self.child.before)

    def wait_ready(self):
        """Wait for "tessera: ready" and the first prompt; return the boot log.

        The log is everything printed since QEMU started (including U-Boot's
        output in the U-Boot flow) up to the prompt, with LF line ends.
        """
        log = self.expect_exact("tessera: ready", timeout=BOOT_TIMEOUT[self.flow])
        log += "tessera: ready"
        log += self.expect_exact(PROMPT, timeout=CMD_TIMEOUT)
        return log

    def command(self, line, timeout=CMD_TIMEOUT):
        """Type `line` + CR at the prompt, wait for the next prompt.

        Returns (echo, output): the echoed input line and what the command
        printed, with LF line ends.
        """
        self.child.send(line + "\r")
        text = self.expect_exact(PROMPT, timeout=timeout).lstrip("\n")
        echo, _, output = text.partition("\n")
        return echo, output

    def sync(self):
        """Run a marker echo and wait for its output and the prompt after it,
        so that whatever was printed before (e.g. a stale prompt) is consumed."""
        self._syncs = getattr(self, "_syncs", 0) + 1
        marker = f"sync-{self._syncs}"
        self.child.send(f"echo {marker}\r")
        self.child.expect(rf"\n{marker}\r*\n", timeout=CMD_TIMEOUT)
        self.child.expect_exact(PROMPT, timeout=CMD_TIMEOUT)

    def quiet_for(self, pattern, wait=2.0):
        """True if nothing matching regex `pattern` is printed within `wait` s."""
        idx = self.child.expect([pattern, pexpect.TIMEOUT, pexpect.EOF], timeout=wait)
        return idx != 0

    def wait_exit(self, timeout=POWEROFF_TIMEOUT):
        """Wait for QEMU to exit by itself; return its exit status."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus


def check_banner(log, cpu, mem=512, smp=2, bootargs=""):
    """Assert the boot log shows a healthy boot of `cpu` with `smp` CPUs.

    Checks the banner line, the core, bootargs, memory size, the SMP summary,
    one IPI answer per secondary CPU and that "tessera: ready" comes last.
    Returns the banner's regex match.
    """
    banner = BANNER_RE.search(log)
    assert banner, "no banner line"
    assert banner["cpu"] == cpu, banner.group(0)
    assert re.search(rf"^  core: {cpu}, PVR [0-9a-f]{{8}}", log, re.M), "core line"
    assert "warning: built for" not in log
    args = BOOTARGS_RE.search(log)
    assert args, "no bootargs line"
    assert args["args"] == bootargs
    assert re.search(rf"^  memory: {mem} MiB at 0;", log, re.M), \
        f"no 'memory: {mem} MiB' line"
    online = " ".join(str(i) for i in range(smp))
    summary = f"  smp: {smp} of {smp} CPUs online: {online}\n"
    assert summary in log, f"no {summary.strip()!r} line"
    answered = {int(m["cpu"]): int(m["ticks"]) for m in IPI_RE.finditer(log)}
    assert sorted(answered) == list(range(1, smp)), f"IPI answers: {answered}"
    assert all(t > 0 for t in answered.values()), answered
    for cpu_n in range(1, smp):
        assert f"\ncpu{cpu_n}: online (PIR {cpu_n})\n" in log, f"cpu{cpu_n} not online"
    assert "did not answer" not in log and "failed to start" not in log
    assert log.index(banner.group(0)) < log.index(summary) < log.rindex("tessera: ready")
    return banner


def check_fault_dump(text, cpu_n):
    """Assert `text` holds a complete exception dump for a DTLB miss at
    FAULT_VA on CPU `cpu_n`, ending with its halt line. Returns SRR0."""
    head = f"*** CPU {cpu_n}: unexpected exception 13 (data TLB miss) ***"
    tail = f"*** CPU {cpu_n} halted ***"
    assert head in text and tail in text
    dump = text[text.index(head):text.index(tail) + len(tail)]
    hexw = "[0-9a-f]{8}"
    srr = re.search(rf"^  SRR0 ({hexw})  SRR1 {hexw} \[[A-Z ]*\]$", dump, re.M)
    assert srr, "SRR0/SRR1 line"
    assert re.search(rf"^  ESR  {hexw} \[[A-Z ]*\]  DEAR {FAULT_VA}$", dump, re.M), "ESR/DEAR"
    assert re.search(rf"^  LR   {hexw}  CTR  {hexw}  CR {hexw}  XER {hexw}$", dump, re.M)
    for r in range(0, 32, 4):
        assert re.search(rf"^  r{r:<2d} {hexw} {hexw} {hexw} {hexw}$", dump, re.M), \
            f"GPR row r{r}"
    return int(srr.group(1), 16)
