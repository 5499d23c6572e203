# SPDX-License-Identifier: BSD-2-Clause
"""The console monitor on CPU 0: line editing, commands, IPIs, power-off, reset."""
import re

import pytest

from tessera_qemu import BANNER_RE, PROMPT, check_banner

COMMANDS = ("help", "echo", "cpus", "ipi", "fault", "tlb", "reset", "poweroff")


def test_console_echo_per_character(boot, cpu):
    """Console input is interrupt driven and echoed: each character typed
    alone comes back before the next is sent, and CR runs the line, whose
    output stands on its own line followed by a fresh prompt."""
    con = boot(cpu)
    con.wait_ready()
    for ch in "echo hello tessera":
        con.send(ch)
        con.expect_exact(ch, timeout=5)
    con.send("\r")
    con.expect(r"\r*\nhello tessera\r*\n", timeout=5)
    con.expect_exact(PROMPT, timeout=5)


def test_unknown_command_and_help(boot, cpu):
    """An unknown word is reported, not silently dropped, and "help" lists
    each base monitor command (including the test hook "fault") with a text."""
    con = boot(cpu)
    con.wait_ready()
    echo, out = con.command("frob")
    assert echo == "frob"
    assert out.startswith("unknown command: frob")
    _, out = con.command("help")
    listed = re.findall(r"^  (\S+) +\S.*$", out, re.M)
    missing = set(COMMANDS) - set(listed)
    assert not missing, f"help does not list {sorted(missing)}"
    assert len(listed) == len(set(listed)), f"duplicates in help: {listed}"


def test_backspace_editing(boot, cpu):
    """DEL erases the last character (echoed as BS SP BS) and the command
    sees the edited line: "echo abX<DEL>c" prints "abc"."""
    con = boot(cpu)
    con.wait_ready()
    echo, out = con.command("echo abX\x7fc")
    assert echo == "echo abX\b \bc"
    assert out == "abc\n"
    # Backspace on an empty line erases nothing (no BS is echoed).
    echo, out = con.command("\x7f\x7fecho ok")
    assert echo == "echo ok" and out == "ok\n"


def test_ipi_from_monitor(boot, cpu):
    """"ipi 1" interrupts CPU 1 through the MPIC and times its answer in
    timebase ticks (> 0); an IPI to a CPU that does not exist fails cleanly."""
    con = boot(cpu, smp=2)
    con.wait_ready()
    for _ in range(3):
        _, out = con.command("ipi 1")
        m = re.fullmatch(r"ipi: cpu1 answered in (\d+) ticks\n", out)
        assert m, out
        assert int(m.group(1)) > 0
    _, out = con.command("ipi 3")
    assert out.startswith("ipi: cpu3 did not answer")


@pytest.mark.parametrize("flow", ("direct", "uboot"))
def test_poweroff(boot, cpu, flow):
    """"poweroff" sets the GPIO power-off pin and QEMU exits by itself,
    cleanly (status 0), within 10 s: proves the GPIO driver and its wiring
    from the device tree."""
    con = boot(cpu, flow=flow)
    con.wait_ready()
    con.send("poweroff\r")
    con.expect_exact("powering off")
    assert con.wait_exit(timeout=10) == 0


@pytest.mark.parametrize("flow", ("direct", "uboot"))
def test_reset(boot, cpu, flow):
    """"reset" writes GUTS RSTCR and the board restarts: the firmware (U-Boot
    flow) or the hypervisor (direct flow) boots a second time, and the second
    boot is as healthy as the first."""
    con = boot(cpu, flow=flow)
    first = con.wait_ready()
    assert len(BANNER_RE.findall(first)) == 1
    con.send("reset\r")
    con.expect_exact("resetting")
    if flow == "uboot":
        con.expect_exact("U-Boot 20", timeout=30)
    second = con.wait_ready()
    check_banner(second, cpu)
