# SPDX-License-Identifier: BSD-2-Clause
"""The fatal-exception path: a decoded dump, then only the faulting CPU halts."""
from tessera_qemu import FAULT_VA, PROMPT, check_fault_dump, symbol_range


def test_fault_cpu0_dump_and_halt(boot, cpu):
    """tessera.test=fault makes CPU 0 read an unmapped address after boot:
    the DTLB-miss dump names CPU 0, exception 13, DEAR = the address, shows
    SRR0 inside shell_fault and all 32 GPRs, then CPU 0 halts: the monitor
    never prompts and typed input is not echoed any more."""
    con = boot(cpu, append="tessera.test=fault")
    text = con.expect_exact("*** CPU 0 halted ***", timeout=15) + "*** CPU 0 halted ***"
    assert "tessera: ready" in text
    assert f"cpu0: test hook: reading unmapped address {FAULT_VA}" in text
    srr0 = check_fault_dump(text, 0)
    start, end = symbol_range(cpu, "shell_fault")
    assert start <= srr0 < end, f"SRR0 {srr0:08x} not in shell_fault"
    assert PROMPT not in text
    assert "fault hook returned" not in text
    con.send("echo x\r")
    assert con.quiet_for("x|tessera>", wait=2.0), "CPU 0 still answers after halting"


def test_fault_cpu1_leaves_others_running(boot, cpu):
    """tessera.test=fault-cpu1 (-smp 2): CPU 1 takes the fault and halts with
    its own dump, while CPU 0 keeps serving the monitor: echo works, "cpus"
    reports cpu0 online and cpu1 halted, and cpu1 no longer answers IPIs."""
    con = boot(cpu, smp=2, append="tessera.test=fault-cpu1")
    text = con.expect_exact("*** CPU 1 halted ***", timeout=15) + "*** CPU 1 halted ***"
    assert "tessera: ready" in text
    assert f"cpu1: test hook: reading unmapped address {FAULT_VA}" in text
    srr0 = check_fault_dump(text, 1)
    start, end = symbol_range(cpu, "shell_fault")
    assert start <= srr0 < end
    assert "*** CPU 0" not in text
    con.sync()
    _, out = con.command("echo still alive")
    assert out == "still alive\n"
    _, out = con.command("cpus")
    assert "cpu0: online," in out
    assert "cpu1: halted," in out
    _, out = con.command("ipi 1")
    assert out.startswith("ipi: cpu1 did not answer")


def test_fault_from_monitor_uboot(boot, cpu):
    """The monitor's "fault 1" (U-Boot flow) sends CPU 1 the same bad access
    through an IPI call: CPU 1 dumps and halts, the monitor stays usable and
    a second "fault 1" is refused because cpu1 is no longer online."""
    con = boot(cpu, smp=2, flow="uboot")
    con.wait_ready()
    con.send("fault 1\r")
    text = con.expect_exact("*** CPU 1 halted ***") + "*** CPU 1 halted ***"
    check_fault_dump(text, 1)
    assert "*** CPU 0" not in text
    con.sync()
    _, out = con.command("echo still alive")
    assert out == "still alive\n"
    _, out = con.command("cpus")
    assert "cpu0: online," in out and "cpu1: halted," in out
    _, out = con.command("fault 1")
    assert out == "fault: cpu1 is not online\n"
