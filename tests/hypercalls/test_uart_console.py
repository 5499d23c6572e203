# SPDX-License-Identifier: BSD-2-Clause
"""The monitor's `console NAME` also types into a partition's emulated
16550 (dts/uart-echo.dts, tests/guests/uart_echo): the guest receives the
characters through its UART's receive interrupt (MPIC source 42), and
Ctrl-] gives the console back to the monitor. Byte-channel consoles are
covered by test_pair.py."""
import pytest

from hc_runner import CPUS, REPO

DTS = REPO / "dts" / "uart-echo.dts"


@pytest.mark.parametrize("cpu", CPUS)
def test_console_into_uart(boot, cpu):
    board = boot(cpu, DTS, {"uart_echo": "uart_echo"}, "uart_echo")
    board.expect(r"\[echo\] uart_echo: ready\n")  # may follow the prompt
    out = board.command("console echo")
    assert "console: input goes to echo's UART; Ctrl-] gives it back" in out, out
    board.type("hello uart\r")
    board.expect(r"\[echo\] uart_echo: got 'hello uart' \(by interrupt\)\n", 10)
    board.type("quit\r")
    board.expect(r"\[echo\] uart_echo: done\n", 10)
    board.type("\x1d")
    board.expect(r"^console: back to the monitor$", 10)
    assert "still here" in board.command("echo still here")
