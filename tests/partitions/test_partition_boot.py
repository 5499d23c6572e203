# SPDX-License-Identifier: BSD-2-Clause
"""Partitions from a configuration tree at boot: the good two-partition
configuration through U-Boot's FIT loadables, the guest device trees the
hypervisor generates (dumped with `dtdump`, decompiled with dtc, read with
libfdt), no configuration at all, and `tessera.config=ADDR`.
"""
import re
import subprocess

import pytest

from tessera_parts import (CMD_TIMEOUT, DIRECT_READY_TIMEOUT, DTS_DIR, HELLO, LOAD_RE, LOG_DIR,
                           OUT_DIR, PROMPT, PROMPT_TIMEOUT, SUMMARY_RE,
                           UBOOT_READY_TIMEOUT, boot_row_for, cells, cfgcheck,
                           compile_dts, decompile, elf_span, fdt_nodes, kconfig,
                           mkfit, parse_dtdump, qemu_argv, spawn, strings,
                           tool_rows)

CPU = "e500mc"
MIB = 1 << 20
SOC = "/soc@fe0000000"
TWO = DTS_DIR / "two-partitions.dts"


@pytest.fixture(scope="module")
def two_parts():
    """build/test-partitions/two-partitions/: dts/two-partitions.dts
    compiled and packed with tools/mkfit.sh for the e500mc build, the
    build-time checker's verdict on it, and QEMU's own hardware tree
    (-machine dumpdtb) for comparing passed-through nodes."""
    d = OUT_DIR / "two-partitions"
    d.mkdir(parents=True, exist_ok=True)
    cfg = compile_dts(TWO, d / "config.dtb")
    images = {"hello": HELLO}
    itb, loaders, cfg_packed = mkfit(CPU, cfg, d / "tessera.itb", images)
    rc, out, err = cfgcheck(CPU, CPU, cfg, images)
    assert rc == 0, f"tessera-cfgcheck refuses {TWO.name}:\n{out}{err}"
    binary, argv = qemu_argv(CPU, loaders=loaders)
    argv[1] = f"ppce500,dumpdtb={d / 'qemu-hw.dtb'}"
    res = subprocess.run([binary] + argv, capture_output=True, text=True, timeout=20)
    assert res.returncode == 0, f"QEMU dumpdtb failed:\n{res.stderr}"
    return {"dir": d, "itb": itb, "loaders": loaders, "rows": tool_rows(out),
            "cfg": fdt_nodes(cfg.read_bytes()),
            "hw": fdt_nodes((d / "qemu-hw.dtb").read_bytes())}


@pytest.fixture(scope="module")
def uboot_boot(two_parts, request):
    """One U-Boot boot of the two-partition FIT (the real flow): the log up
    to "tessera: ready", both guests started, then `dtdump p0` and
    `dtdump p1` at the monitor.
    QEMU is killed when the module's tests are done."""
    board = spawn(CPU, LOG_DIR / "partitions-uboot-two-partitions.log",
                  uboot=True, kernel=two_parts["itb"])
    try:
        boot_log = board.ready(UBOOT_READY_TIMEOUT)
        for name, cpu in (("p0", 0), ("p1", 1)):
            board.expect_exact(f"partition {name}: starting on cpu{cpu}", CMD_TIMEOUT)
        # CPU 0 runs p0's guest: the monitor is served between guest exits
        # and prints no prompt of its own until a line is typed.
        board.command("", PROMPT_TIMEOUT)
        dumps = {name: board.command(f"dtdump {name}") for name in ("p0", "p1")}
        yield {"log": boot_log, "dumps": dumps}
    finally:
        board.kill()


def guest_tree(uboot_boot, two_parts, name):
    """The decompiled-and-parsed tree `dtdump NAME` printed."""
    blob = parse_dtdump(uboot_boot["dumps"][name], name)
    src = decompile(blob, two_parts["dir"] / f"{name}.dts")
    assert src.startswith("/dts-v1/;")
    return blob, fdt_nodes(blob)


def test_uboot_loads_loadables(uboot_boot, two_parts):
    """U-Boot's bootm copies the FIT's loadables -- the configuration and the
    guest image -- to the addresses tools/mkfit.sh gave them (the same ones
    its .loaders file gives QEMU's direct boot), before the hypervisor runs."""
    log = uboot_boot["log"]
    addrs = [int(re.search(r"addr=(0x[0-9a-f]+)", o).group(1), 16)
             for o in two_parts["loaders"] if o.startswith("loader,")]
    assert "## Loading loadables from FIT Image" in log
    for sub, addr in zip(("config", "img-hello"), addrs):
        assert f"Trying '{sub}' loadables subimage" in log, sub
        assert re.search(rf"Loading loadables from 0x[0-9a-f]+ to 0x{addr:08x}", log), \
            f"{sub} not loaded to {addr:#x}"
    banner = re.search(r"^Tessera \S+ hypervisor \(e500mc build\)", log, re.M)
    assert banner, "no hypervisor banner"
    assert log.rindex("Loading loadables") < banner.start(), "hypervisor ran first"


def test_uboot_partition_table(uboot_boot, two_parts):
    """The boot table shows both partitions loaded: p0 an ePAPR manager on
    CPU 0 with 64 MiB placed at 0x4000000 and a byte-channel console, p1
    bare metal (none) on CPU 1 with 64 MiB pinned at 0x10000000 and the
    second UART -- the rows the build-time tool printed, "ok" become "loaded"."""
    log = uboot_boot["log"]
    lines = log.splitlines()
    assert SUMMARY_RE.search(log).groups() == ("2", "0")
    assert not [l for l in lines if l.startswith("config: ")], "problems reported"
    assert re.search(r"^  p0 +epapr +206/32 +manager +0 +64M@0x4000000 +byte-channel +loaded$",
                     log, re.M), "p0 row"
    assert re.search(r"^  p1 +none +206/32 +- +1 +64M@0x10000000 +serial@4600 +loaded$",
                     log, re.M), "p1 row"
    for name, row in two_parts["rows"].items():
        assert boot_row_for(row) in lines, f"{name}: boot row differs from\n{row}"


def test_uboot_load_lines(uboot_boot):
    """Each partition's image is loaded where its ELF says (guest-physical
    range and entry), and its device tree sits inside the partition's 64 MiB,
    above the image, below the top of the initial mapping."""
    low, high, entry = elf_span(HELLO)
    loads = {m["name"]: m for m in LOAD_RE.finditer(uboot_boot["log"])}
    assert sorted(loads) == ["p0", "p1"], f"load lines: {sorted(loads)}"
    for name, m in loads.items():
        assert (m["type"], m["image"]) == ("elf", "hello"), name
        assert (int(m["low"], 16), int(m["high"], 16), int(m["entry"], 16)) == \
            (low, high, entry), f"{name}: image span"
        tree, size = int(m["tree"], 16), int(m["size"])
        assert high <= tree and tree + size <= 64 * MIB and tree % 4096 == 0, name
        assert f"dtdump {name} {size} bytes" in uboot_boot["dumps"][name], \
            f"{name}: dtdump size differs from the load line"


def check_common(nodes, cfg_part, name):
    """What every guest tree has: memory, one boot cpu, chosen."""
    mem = nodes.get("/memory")
    assert mem is not None, f"{name}: no /memory"
    assert strings(mem["device_type"]) == ["memory"]
    assert cells(nodes["/"]["#address-cells"]) == [2] and cells(nodes["/"]["#size-cells"]) == [2]
    assert cells(mem["reg"], 8) == [0, 64 * MIB], f"{name}: memory reg"
    cpus = [p for p, props in nodes.items()
            if p.startswith("/cpus/") and props.get("device_type") == b"cpu\0"]
    assert len(cpus) == 1, f"{name}: cpus {cpus}"
    assert cells(nodes[cpus[0]]["reg"]) == [0], f"{name}: cpu reg"
    assert strings(nodes[cpus[0]]["status"]) == ["okay"], f"{name}: cpu status"
    chosen = nodes.get("/chosen")
    assert chosen is not None, f"{name}: no /chosen"
    assert chosen["bootargs"] == cfg_part["bootargs"], f"{name}: bootargs"
    out = strings(chosen["stdout-path"])[0]
    assert out in nodes, f"{name}: stdout-path {out} is not a node of the tree"
    return out


def test_p0_epapr_tree(uboot_boot, two_parts):
    """p0 (platform epapr, byte-channel console): memory 0..64 MiB, one cpu
    (reg 0, okay), bootargs from the config, stdout-path on the byte channel,
    a /hypervisor node as Linux's ePAPR code wants it (compatible
    epapr,hypervisor-1, 4-cell hcall-instructions, has-idle, fsl,hv-version,
    a byte-channel handle), and none of the hardware it must not see: no
    MPIC (ePAPR guests use the hypervisor's), no UART, no I2C."""
    _, nodes = guest_tree(uboot_boot, two_parts, "p0")
    out = check_common(nodes, two_parts["cfg"]["/partitions/p0"], "p0")
    hv = nodes.get("/hypervisor")
    assert hv is not None, "p0: no /hypervisor"
    assert "epapr,hypervisor-1" in strings(hv["compatible"])
    assert len(cells(hv["hcall-instructions"])) == 4
    assert "has-idle" in hv and hv["has-idle"] == b""
    assert len(hv["fsl,hv-version"]) == 4
    bcs = [p for p, props in nodes.items() if p.startswith("/hypervisor/")
           and "epapr,hv-byte-channel" in strings(props.get("compatible", b""))]
    assert len(bcs) == 1 and "hv-handle" in nodes[bcs[0]], f"byte channels: {bcs}"
    assert out == bcs[0], "stdout-path is not the byte channel"
    for absent in ("pic@40000", "serial@4500", "serial@4600", "i2c@3000"):
        assert f"{SOC}/{absent}" not in nodes, f"p0 sees {absent}"


def test_p1_bare_metal_tree(uboot_boot, two_parts):
    """p1 (platform none): memory 0..64 MiB, one cpu (reg 0, okay), bootargs
    from the config, stdout-path on its own UART; no /hypervisor node; the
    passed-through i2c@3000 and serial@4600 with QEMU's reg, interrupts and
    compatible; the emulated board: MPIC (pic@40000), GPIO power-off and
    GUTS; and not the hypervisor's UART (serial@4500)."""
    _, nodes = guest_tree(uboot_boot, two_parts, "p1")
    out = check_common(nodes, two_parts["cfg"]["/partitions/p1"], "p1")
    assert out == f"{SOC}/serial@4600", "stdout-path"
    assert "/hypervisor" not in nodes, "a none guest got a /hypervisor node"
    hw = two_parts["hw"]
    for dev in ("i2c@3000", "serial@4600", "pic@40000"):
        path = f"{SOC}/{dev}"
        assert path in nodes, f"p1 lacks {path}"
        for prop in ("compatible", "reg", "interrupts"):
            if prop in hw[path]:
                assert nodes[path].get(prop) == hw[path][prop], f"{path} {prop}"
    poweroff = [p for p, props in nodes.items()
                if "gpio-poweroff" in strings(props.get("compatible", b""))]
    assert poweroff, "no gpio-poweroff node"
    assert f"{SOC}/gpio@ff000" in nodes, "no GPIO controller for the power-off"
    assert any("fsl,mpc8544-guts" in strings(props.get("compatible", b""))
               for props in nodes.values()), "no GUTS node"
    assert f"{SOC}/serial@4500" not in nodes, "p1 sees the hypervisor's UART"


def test_no_configuration(qemu):
    """Without a configuration (plain -kernel tessera.elf) the hypervisor
    says so, starts no partition and still gives its monitor prompt."""
    addr = int(kconfig(CPU)["CONFIG_HV_CONFIG_ADDR"], 0)
    board = qemu(CPU)
    log = board.ready(DIRECT_READY_TIMEOUT)
    assert f"partitions: no configuration at {addr:#x}; none started" in log
    assert not SUMMARY_RE.search(log) and not LOAD_RE.search(log)
    board.expect_exact(PROMPT, DIRECT_READY_TIMEOUT)
    assert "starting on cpu" not in board.log
    assert "dtdump: no tree for partition 'p0'" in board.command("dtdump p0")


def test_config_address_from_bootargs(qemu, two_parts):
    """tessera.config=ADDR in the bootargs moves the configuration: with the
    config tree loaded at 0x2000000 instead of the default (images where
    mkfit placed them), the hypervisor reads it there and loads both
    partitions; without the bootarg the same memory layout gives "no
    configuration" at the default address, so the tree really came from ADDR."""
    new = 0x2000000  # not 0x1800000: QEMU puts its own tree there (direct boot)
    default = int(kconfig(CPU)["CONFIG_HV_CONFIG_ADDR"], 0)
    loaders = [re.sub(r"addr=0x[0-9a-f]+", f"addr={new:#x}", o)
               if ".config.dtb," in o else o for o in two_parts["loaders"]]
    assert loaders != two_parts["loaders"], "config loader option not found"

    log = qemu(CPU, loaders=loaders, append=f"tessera.config={new:#x}") \
        .ready(DIRECT_READY_TIMEOUT)
    assert "no configuration at" not in log
    assert SUMMARY_RE.search(log).groups() == ("2", "0")
    assert sorted(m["name"] for m in LOAD_RE.finditer(log)) == ["p0", "p1"]
    for row in two_parts["rows"].values():
        assert boot_row_for(row) in log.splitlines(), row

    log = qemu(CPU, loaders=loaders).ready(DIRECT_READY_TIMEOUT)
    assert f"partitions: no configuration at {default:#x}; none started" in log
