# SPDX-License-Identifier: BSD-2-Clause
"""Booting the hypervisor: both boot flows, SMP bring-up and memory sizing."""
import re

import pytest

from tessera_qemu import BANNER_RE, check_banner


def test_boot_uboot(boot, cpu):
    """U-Boot boots the uImage with a device tree (bootm ... - $fdtcontroladdr):
    U-Boot's output comes first, then the banner for the right build, 512 MiB,
    both CPUs online and answering an IPI, "tessera: ready" and the prompt.
    With nothing set in U-Boot's environment the bootargs are empty."""
    con = boot(cpu, flow="uboot")
    log = con.wait_ready()
    assert "U-Boot" in log and "## Booting kernel from Legacy Image" in log
    banner = check_banner(log, cpu, smp=2, bootargs="")
    assert log.index("## Booting kernel") < log.index(banner.group(0)), \
        "U-Boot did not run before the hypervisor"
    assert f"Image Name:   Tessera {banner['version']} {cpu}" in log


def test_boot_uboot_passes_bootargs(boot):
    """Bootargs set in U-Boot's environment reach the hypervisor through the
    device tree U-Boot hands over (/chosen/bootargs), proving Tessera reads
    U-Boot's tree rather than QEMU's."""
    con = boot("e500mc", flow="uboot")
    con.expect_exact("Hit any key to stop autoboot", timeout=30)
    con.send(" ")
    con.expect_exact("=> ")
    con.send("setenv bootargs tessera.from=uboot quiet=0\r")
    con.expect_exact("=> ")
    con.send("boot\r")
    log = con.wait_ready()
    check_banner(log, "e500mc", bootargs="tessera.from=uboot quiet=0")


def test_boot_direct(boot, cpu):
    """QEMU loads the ELF itself (-kernel, no firmware): same healthy banner,
    and the -append string arrives as the bootargs."""
    con = boot(cpu, flow="direct", append="foo=bar")
    log = con.wait_ready()
    assert "U-Boot" not in log
    check_banner(log, cpu, smp=2, bootargs="foo=bar")
    assert log.lstrip("\n").startswith("Tessera "), "output before the banner"


def test_smp4(boot, cpu):
    """-smp 4: the spin-table release brings cpu1..cpu3 online (each reports
    its own PIR), and each answers an IPI from CPU 0 in a positive time."""
    con = boot(cpu, smp=4)
    log = con.wait_ready()
    for n in (1, 2, 3):
        assert f"\ncpu{n}: online (PIR {n})\n" in log
    assert "  smp: 4 of 4 CPUs online: 0 1 2 3\n" in log
    for n in (1, 2, 3):
        m = re.search(rf"^  ipi: cpu{n} answered in (\d+) ticks$", log, re.M)
        assert m and int(m.group(1)) > 0, f"no IPI answer from cpu{n}"
    check_banner(log, cpu, smp=4)


def test_smp1(boot, cpu):
    """-smp 1: no secondary to release; the hypervisor still becomes ready."""
    con = boot(cpu, smp=1)
    log = con.wait_ready()
    assert "  smp: 1 of 1 CPUs online: 0\n" in log
    assert "cpu1" not in log and "ipi:" not in log
    check_banner(log, cpu, smp=1)


@pytest.mark.parametrize("mem", (256, 1024))
def test_memory_from_device_tree(boot, cpu, mem):
    """The RAM size printed is the one QEMU put in the device tree's /memory
    node (-m), not a constant: 256 and 1024 MiB are both reported as such."""
    con = boot(cpu, mem=mem)
    log = con.wait_ready()
    shown = re.search(r"^  memory: (\d+) MiB at 0;", log, re.M)
    assert shown, "no memory line"
    assert int(shown.group(1)) == mem, f"-m {mem} reported as {shown.group(1)} MiB"
    assert BANNER_RE.search(log)
    check_banner(log, cpu, mem=mem)
