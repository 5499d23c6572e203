# SPDX-License-Identifier: BSD-2-Clause
"""Build-time config validation: tessera-cfgcheck on the corpus and examples.

Each tests/config/bad/*.dts starts with `// expect: <substring>` and may add
`// core: <core>`, `// hw: <dts under tests/config>`, `// image: NAME=BYTES`,
`// args: <extra tool arguments>` and `// exit: <code>` lines. The tool must
refuse it (exit 1, or 2 for an unusable tree) and print the substring.
The examples in dts/ must be accepted (except the one meant to be refused).
Build the tool first: make -f tools/tools.mk BUILD=build (the tool is
$BUILD/tools/tessera-cfgcheck, or $TESSERA_CFGCHECK when set).
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus import directives

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BUILD = Path(os.environ.get("BUILD", ROOT / "build"))
if not BUILD.is_absolute():
    BUILD = ROOT / BUILD
TOOL = Path(os.environ.get("TESSERA_CFGCHECK",
                          BUILD / "tools" / "tessera-cfgcheck"))
BAD = sorted((HERE / "bad").glob("*.dts"))
EXAMPLES = sorted((ROOT / "dts").glob("*.dts"))

# Examples that are meant to have a refused partition: (exit, substrings).
EXAMPLE_EXPECT = {
    "refused-partition.dts": (1, ["config: spe: guest-arch: ",
                                  "needs SPE", "refused: guest-arch"]),
}


def compile_dts(src, out, guest_arch=206):
    """Compile as the Makefile does: cpp first (GUEST_ARCH), then dtc."""
    assert shutil.which("dtc"), "dtc missing (apt-get install device-tree-compiler)"
    pre = subprocess.run(
        ["cpp", "-P", "-nostdinc", "-undef", "-x", "assembler-with-cpp",
         "-I", str(ROOT / "dts"), f"-DGUEST_ARCH={guest_arch}", str(src)],
        capture_output=True, text=True)
    assert pre.returncode == 0, f"cpp failed on {src}:\n{pre.stderr}"
    res = subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", str(ROOT / "dts"),
         "-i", str(src.parent), "-o", str(out), "-"],
        input=pre.stdout, capture_output=True, text=True)
    assert res.returncode == 0, f"dtc failed on {src}:\n{res.stderr}"
    return out


def run_tool(*args):
    assert TOOL.exists(), (f"{TOOL} missing: build it with "
                           "make -f tools/tools.mk BUILD=build")
    res = subprocess.run([str(TOOL), *map(str, args)],
                         capture_output=True, text=True)
    return res.returncode, res.stdout + res.stderr



def test_corpus_is_large_enough():
    assert len(BAD) >= 12


@pytest.mark.parametrize("src", BAD, ids=[p.stem for p in BAD])
def test_bad_config_refused(src, tmp_path):
    d = directives(src)
    args = ["--core", d.get("core", "e500mc")]
    if "hw" in d:
        args += ["--hw", compile_dts(HERE / d["hw"], tmp_path / "hw.dtb")]
    if "image" in d:
        name, size = d["image"].split("=")
        img = tmp_path / name
        with open(img, "wb") as f:
            f.truncate(int(size, 0))
        args += ["--image", f"{name}={img}"]
    args += d.get("args", "").split()
    rc, out = run_tool(*args, compile_dts(src, tmp_path / "c.dtb"))
    if "exit" in d:
        assert rc == int(d["exit"]), out
    else:
        assert rc in (1, 2), out
    assert d["expect"] in out, out


@pytest.mark.parametrize("src", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_config(src, tmp_path):
    rc, out = run_tool("--core", "e500mc",
                       compile_dts(src, tmp_path / "c.dtb"))
    want_rc, want = EXAMPLE_EXPECT.get(src.name, (0, []))
    assert rc == want_rc, out
    for s in want:
        assert s in out, out
    rows = [l for l in out.splitlines() if l.endswith(" ok")]
    assert rows, f"no accepted partition in:\n{out}"


def test_two_partitions_table(tmp_path):
    src = ROOT / "dts" / "two-partitions.dts"
    rc, out = run_tool(compile_dts(src, tmp_path / "c.dtb"))
    assert rc == 0, out
    # p0 is placed at the first 16 MiB boundary above the hypervisor's
    # 64 MiB; p1 sits where its phys-addr says.
    assert re.search(r"^p0 +epapr +206/32 +manager +0 +64M@0x4000000 +"
                     r"byte-channel +ok$", out, re.M), out
    assert re.search(r"^p1 +none +206/32 +- +1 +64M@0x10000000 +"
                     r"serial@4600 +ok$", out, re.M), out


def test_two_partitions_on_one_uart_hw(tmp_path):
    """At boot the real tree decides: without a second UART, p1 is refused
    and p0 still accepted."""
    hw = compile_dts(HERE / "hw" / "qemu-one-uart.dts", tmp_path / "hw.dtb")
    src = ROOT / "dts" / "two-partitions.dts"
    rc, out = run_tool("--hw", hw, compile_dts(src, tmp_path / "c.dtb"))
    assert rc == 1, out
    assert "config: p1: console: /soc@fe0000000/serial@4600 is not present" \
        in out, out
    assert re.search(r"^p0 .* ok$", out, re.M), out


def test_image_sizes_checked(tmp_path):
    src = ROOT / "dts" / "two-partitions.dts"
    img = tmp_path / "hello.elf"
    img.write_bytes(b"\0" * 4096)
    rc, out = run_tool("--strict-images", "--image", f"hello={img}",
                       compile_dts(src, tmp_path / "c.dtb"))
    assert rc == 0, out


def test_unreadable_input(tmp_path):
    junk = tmp_path / "junk.dtb"
    junk.write_bytes(b"not a device tree" * 8)
    rc, out = run_tool(junk)
    assert rc == 2, out
    rc, out = run_tool(tmp_path / "absent.dtb")
    assert rc == 2, out
