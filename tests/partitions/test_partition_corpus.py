# SPDX-License-Identifier: BSD-2-Clause
"""The malformed-config corpus (tests/config/bad/*.dts) at boot.

tests/config/test_cfgcheck.py proves the build-time tool refuses each entry
with its `// expect:` message; these tests prove the hypervisor, given the
same tree in a real boot image, refuses it with the same message and still
comes up. Each entry is packed with tools/mkfit.sh and booted directly
(QEMU loads the hypervisor ELF, the configuration and the images with
-device loader, as the FIT's loadables would be placed), one QEMU per entry.
"""
import re

import pytest

from corpus import directives
from tessera_parts import (CORPUS_DIR, DIRECT_READY_TIMEOUT, HELLO, cfgcheck,
                           boot_row_for, compile_dts, config_images, kconfig,
                           mkfit, tool_rows)

BAD = sorted((CORPUS_DIR / "bad").glob("*.dts"))

# `// hw:` trees and the QEMU that has that hardware: the number of -serial
# options (QEMU creates serial@4600 only for a second one).
HW_SERIALS = {"hw/qemu-one-uart.dts": 1}



def boot_images(d, cfg_dtb, workdir):
    """{name: path} of the images to pack, mirroring what the build-time
    test gives the tool: an `// image: NAME=BYTES` line is a file of that
    size; with --strict-images and no image given, the image is left out of
    the boot image (that is the error); every other image is hello.elf."""
    images = {}
    sized = dict([d["image"].split("=")]) if "image" in d else {}
    strict_missing = "--strict-images" in d.get("args", "").split() and not sized
    for name in config_images(cfg_dtb):
        if name in sized:
            path = workdir / f"{name}.img"
            with open(path, "wb") as f:
                f.truncate(int(sized[name], 0))
            images[name] = path
        elif not strict_missing:
            images[name] = HELLO
    return images


def config_lines(text):
    """The `config: ...` problem lines, in order."""
    return [l for l in text.splitlines() if l.startswith("config: ")]


@pytest.mark.parametrize("src", BAD, ids=[p.stem for p in BAD])
def test_bad_config_refused_at_boot(src, qemu, workdir):
    """The hypervisor reports the corpus entry's `// expect:` problem as a
    `config: ...` line -- for a tree unusable as a whole (tool exit 2) it also
    says "configuration at ADDR is unusable; none started" -- and still
    reaches "tessera: ready". Its problem lines, and its partition table
    rows (state "loaded" for the tool's "ok"), are the ones the build-time
    tool prints for the same tree, images and hardware."""
    d = directives(src)
    core = d.get("core", "e500mc")
    build = {"e5500": "e500mc"}.get(core, core)
    cfg = compile_dts(src, workdir / "config.dtb")
    images = boot_images(d, cfg, workdir)
    _, loaders, _ = mkfit(build, cfg, workdir / "tessera.itb", images)
    hw_args = []
    serials = 2
    if "hw" in d:
        assert d["hw"] in HW_SERIALS, f"no QEMU set-up known for hardware {d['hw']}"
        serials = HW_SERIALS[d["hw"]]
        hw_args = ["--hw", compile_dts(CORPUS_DIR / d["hw"], workdir / "hw.dtb")]
    rc, tool_out, tool_err = cfgcheck(build, core, cfg, images, extra=hw_args)

    board = qemu(core, serials=serials, loaders=loaders)
    log = board.ready(DIRECT_READY_TIMEOUT)

    addr = int(kconfig(build)["CONFIG_HV_CONFIG_ADDR"], 0)
    unusable = f"partitions: configuration at {addr:#x} is unusable; none started"
    if d.get("exit") == "2":
        assert rc == 2, tool_err
        assert unusable in log
    else:
        assert rc == 1, tool_err
        assert unusable not in log
        assert re.search(r"^partitions: \d+ configured, [1-9]\d* refused$", log, re.M) \
            or "too many partitions" in d["expect"], "no refused partition in the summary"
    lines = config_lines(log)
    assert any(d["expect"] in l for l in lines), \
        f"expected {d['expect']!r} in a config: line; got {lines}"
    assert lines == config_lines(tool_err), "boot and build-time problems differ"
    if rc != 2:
        boot_lines = log.splitlines()
        for name, row in tool_rows(tool_out).items():
            assert boot_row_for(row) in boot_lines, \
                f"partition {name}: the boot table lacks the build-time row\n{row}"
