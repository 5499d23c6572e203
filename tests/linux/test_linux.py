# SPDX-License-Identifier: BSD-2-Clause
"""Unmodified Linux 6.1 guests (issue 6), booted through U-Boot with the
hypervisor, the configuration and the kernel in one FIT, on both cores.

The kernels are Debian's linux-source-6.1 built by `make linux` (cached);
their initramfs holds tests/linux/init.c, run here with "tessera.quick"
(shorter loops). Its lines start with "tessera-init: ", its figures vary
and are masked when outputs are compared; every check it makes must pass.
"""
import pytest

from lx_qemu import CPUS, QUICK, init_lines

PLATFORMS = {"none": "linux-none.dts", "kvm": "linux-kvm.dts", "epapr": "linux-epapr.dts"}
BANNER = {"none": "tessera-init: started on ppc, platform none",
          "kvm": "tessera-init: started on ppc, platform linux,kvm epapr,hypervisor-1",
          "epapr": "tessera-init: started on ppc, "
                   "platform epapr,hypervisor-1 fsl,hv-1.0 tessera,hv"}
# How each stops at the end of its init: the GPIO power-off pin, or (epapr)
# Linux's fsl_hv_halt, the stop hypercall on itself.
STOP_WHY = {"none": "power-off", "kvm": "power-off", "epapr": "its own stop hypercall"}
ARGS = {"none": QUICK, "kvm": QUICK, "epapr": "console=ttyEHV0 tessera.quick"}
_alone = {}


def stopped(part, why="power-off"):
    line = f"partition {part}: stopped ({why})"
    return lambda lines: line in lines


def alone(lx_run, cpu, platform):
    """Boot Linux alone in a `platform` partition (once per session);
    returns its masked init lines."""
    if (cpu, platform) not in _alone:
        lines, done = lx_run(cpu, PLATFORMS[platform], {"LINUX_ARGS": ARGS[platform]},
                     stopped("linux", STOP_WHY[platform]))
        assert done, f"Linux in a {platform} partition did not power off:\n" + \
            "\n".join(lines[-40:])
        _alone[cpu, platform] = init_lines(lines, "linux")
    return _alone[cpu, platform]


def assert_passed(init, platform, who):
    assert init and init[0] == BANNER[platform], f"{who}: banner\n" + "\n".join(init)
    assert "tessera-init: all checks passed" in init, f"{who}:\n" + "\n".join(init)
    assert not [l for l in init if "FAIL" in l or "failed" in l], "\n".join(init)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize("cpu", CPUS)
def test_linux_alone(lx_run, cpu, platform):
    """Linux boots to its init in a `none` partition (everything trapped and
    emulated: MMU, MPIC with EPR, 16550 with interrupts, timers) and in a
    `kvm` one (the kernel patches itself onto the magic page: its tree's
    /hypervisor says linux,kvm), passes every check and powers its
    partition off through the GPIO. In an `epapr` one (e500mc) its tree is
    a P4080 under an ePAPR hypervisor: hv-pic interrupts, its console and
    a write of the init on the byte-channel tty, and it stops itself with
    the fsl_hv halt hypercall."""
    if platform == "epapr" and cpu == "e500v2":
        pytest.skip("no e500v2 board of Linux 6.1 runs under an ePAPR hypervisor")
    init = alone(lx_run, cpu, platform)
    assert_passed(init, platform, f"{platform} on {cpu}")
    if platform == "epapr":
        assert "tessera-init: byte channel ttyEHV0 written" in init


@pytest.mark.parametrize("cpu", CPUS)
def test_linux_pair(lx_run, cpu):
    """Two Linux partitions side by side on two cores (alpha: none on CPU 0,
    beta: kvm on CPU 1), each on its own emulated console: both finish, and
    each prints exactly what it prints alone (figures masked)."""
    lines, done = lx_run(cpu, "linux-pair.dts", {"ALPHA_ARGS": QUICK, "BETA_ARGS": QUICK},
                         lambda ls: stopped("alpha")(ls) and stopped("beta")(ls))
    assert done, "\n".join(lines[-60:])
    for part, platform in (("alpha", "none"), ("beta", "kvm")):
        init = init_lines(lines, part)
        assert_passed(init, platform, part)
        assert init == alone(lx_run, cpu, platform), f"{part} differs from its run alone"


@pytest.mark.parametrize("cpu", CPUS)
def test_linux_panic_stops(lx_run, cpu):
    """alpha's kernel panics (its init exits after starting the Book-E
    watchdog); the unfed watchdog's third expiry resets it, and the
    hypervisor applies alpha's policy, stop. beta, alongside, finishes
    with exactly its output alone."""
    lines, done = lx_run(cpu, "linux-panic.dts", {"BETA_ARGS": QUICK},
                         lambda ls: stopped("alpha", "watchdog")(ls) and stopped("beta")(ls))
    assert done, "\n".join(lines[-60:])
    assert any("[alpha] Kernel panic - not syncing: Attempted to kill init!" in l for l in lines)
    assert "partition alpha: vcpu 0 watchdog expired (TCR[WRC] 2): stopping" in lines
    assert not any(l.startswith("partition alpha: restarting") for l in lines)
    init = init_lines(lines, "beta")
    assert_passed(init, "kvm", "beta")
    assert init == alone(lx_run, cpu, "kvm"), "beta differs from its run alone"


def test_linux_panic_restarts(lx_run):
    """With restart-policy "restart", the same panic restarts alpha: its
    kernel boots again (and panics again), while beta finishes."""
    def twice(ls):
        return stopped("beta")(ls) and \
            sum(l == "[alpha] " + BANNER["none"] for l in ls) >= 2
    lines, done = lx_run("e500mc", "linux-panic.dts",
                         {"BETA_ARGS": QUICK, "ALPHA_POLICY": "restart"}, twice)
    assert done, "\n".join(lines[-60:])
    assert "partition alpha: vcpu 0 watchdog expired (TCR[WRC] 2): restarting" in lines
    assert any(l.startswith("partition alpha: restarting (watchdog), restart 1") for l in lines)
    assert_passed(init_lines(lines, "beta"), "kvm", "beta")


def in_order(lines, wanted):
    """The first line of @wanted not found after the previous one, or None."""
    i = 0
    for w in wanted:
        while i < len(lines) and lines[i] != w:
            i += 1
        if i == len(lines):
            return w
        i += 1
    return None


@pytest.mark.parametrize("cpu", CPUS)
def test_linux_manager(lx_run, cpu):
    """A Linux manager partition (epapr, e500mc) manages `target` (a bare
    program in a `none` partition) from its initramfs's /bin/fsl-hv over
    the fsl_hypervisor driver: status, a property of target's tree, a
    re-platform refused while target runs and a spapr one refused outright,
    stop, re-platform to kvm (target's next tree has a linux,kvm
    /hypervisor), start with reload, restart, stop; then it stops itself.
    Each step shows in order, from the tool, the hypervisor and target."""
    if cpu == "e500v2":
        pytest.skip("the manager is epapr Linux: no e500v2 board of Linux 6.1 "
                    "runs under an ePAPR hypervisor")
    lines, done = lx_run(cpu, "linux-manager.dts",
                         {"MGR_ARGS": "console=ttyEHV0 tessera.quick tessera.manager"},
                         stopped("mgr", STOP_WHY["epapr"]))
    assert done, "\n".join(lines[-60:])
    assert_passed(init_lines(lines, "mgr"), "epapr", "mgr")
    # Each stream in its own order: the hypervisor's and target's lines,
    # and the tool's (the two CPUs print independently).
    hv_target = [
        "[target] mgr_target: hypervisor: absent",
        "partition target: stopped (stopped by its manager)",
        "fslmgmt: mgr: platform 2/206 for target refused: PAPR is a Book3S server ABI",
        "fslmgmt: mgr sets target to platform kvm, guest-arch 206/32, flags 0",
        "fslmgmt: mgr starts target (load)",
        "[target] mgr_target: hypervisor 'linux,kvm'",
        "partition target: restarting (restarted by its manager), restart 1",
        "[target] mgr_target: hypervisor 'linux,kvm'",
        "partition target: stopped (stopped by its manager)",
        "partition mgr: stopped (its own stop hypercall)",
    ]
    tool = [
        "[mgr] fsl-hv: status target: running",
        '[mgr] fsl-hv: getprop target /chosen bootargs: "managed"',
        "[mgr] fsl-hv: platform target: error 11",          # EV_INVALID_STATE
        "[mgr] fsl-hv: stop target: done",
        "[mgr] fsl-hv: status target: stopped",
        "[mgr] fsl-hv: platform target: error 8",           # EV_EINVAL
        "[mgr] fsl-hv: platform target: kvm",
        "[mgr] fsl-hv: start target: done",
        "[mgr] fsl-hv: wait target running: ok",
        "[mgr] fsl-hv: restart target: done",
        "[mgr] fsl-hv: wait target running: ok",
        "[mgr] fsl-hv: stop target: done",
    ]
    for wanted in (hv_target, tool):
        missing = in_order(lines, wanted)
        assert missing is None, f"missing, or out of order: {missing!r}\n" + "\n".join(lines[-80:])
