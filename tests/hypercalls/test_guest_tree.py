# SPDX-License-Identifier: BSD-2-Clause
"""What the guest trees say about byte channels and doorbells (dumped at
boot with dump-guest-dts): for an epapr partition the hv-pic (the root's
interrupt parent, with the board MPIC's phandle so passed-through devices
reach it) and the handles with hv-handle, label and interrupts from 200;
for a kvm partition the same handles on the emulated MPIC; stdout-path on
the console byte channel."""
import pytest

from hc_runner import CPUS, GUEST_ARCH, OUT, cells, dtdump, strings

CONFIG = """/dts-v1/;
/include/ "qemu-ppce500.dtsi"
/ {
	hypervisor {
		compatible = "tessera,hypervisor-config";
		console = <&serial0>;
		devices = <&mpic &msi &guts &gpio0>;
		dump-guest-dts;
	};
	partitions {
		p0: p0 {
			compatible = "tessera,partition";
			cpus = <0>;
			memory = <0x0 0x0 0x0 0x4000000>;
			platform = "epapr";
			guest-arch = <GUEST_ARCH>;
			image = "hello";
			console = "byte-channel";
			devices = <&i2c0>;
		};
		p1: p1 {
			compatible = "tessera,partition";
			cpus = <1>;
			memory = <0x0 0x0 0x0 0x4000000>;
			platform = "kvm";
			guest-arch = <GUEST_ARCH>;
			image = "hello";
			console = "byte-channel";
		};
	};
	byte-channels {
		data { endpoints = <&p0 &p1>; };
	};
	doorbells {
		ring { sender = <&p0>; receiver = <&p1>; };
	};
};
"""
H = "/hypervisor/handles"


@pytest.fixture(params=CPUS)
def trees(request, boot):
    cpu = request.param
    dts = OUT / cpu / "tree.dts"
    dts.parent.mkdir(parents=True, exist_ok=True)
    dts.write_text("// SPDX-License-Identifier: BSD-2-Clause\n" + CONFIG)
    board = boot(cpu, dts, {"hello": "hello"}, "tree")
    board.expect(r"^tessera: ready$")
    return cpu, dtdump(board.text, "p0"), dtdump(board.text, "p1")


def one(v):
    return cells(v)[0]


def handle(nodes, path, compat, label, h):
    n = nodes.get(f"{H}/{path}")
    assert n is not None, f"no {path} in {sorted(nodes)}"
    assert strings(n["compatible"]) == [compat]
    assert strings(n["label"]) == [label]
    assert one(n["hv-handle"]) == one(n["reg"]) == h
    return n


def test_epapr_tree(trees):
    cpu, p0, _ = trees
    pic = p0["/hypervisor/interrupt-controller"]
    assert strings(pic["compatible"]) == ["epapr,hv-pic"]
    assert "interrupt-controller" in pic and one(pic["#interrupt-cells"]) == 2
    assert ("has-external-proxy" in pic) == (GUEST_ARCH[cpu] >= 206)
    ph = one(pic["phandle"])
    assert one(p0["/"]["interrupt-parent"]) == ph
    i2c = p0["/soc@fe0000000/i2c@3000"]
    if "interrupt-parent" in i2c:
        assert one(i2c["interrupt-parent"]) == ph, "a passed-through device misses the hv-pic"
    con = handle(p0, "byte-channel@0", "epapr,hv-byte-channel", "console", 0)
    assert cells(con["interrupts"]) == [200, 0, 201, 0] and one(con["interrupt-parent"]) == ph
    data = handle(p0, "byte-channel@1", "epapr,hv-byte-channel", "data", 1)
    assert cells(data["interrupts"]) == [202, 0, 203, 0]
    ring = handle(p0, "doorbell@2", "epapr,hv-send-doorbell", "ring", 2)
    assert "interrupts" not in ring
    assert strings(p0["/chosen"]["stdout-path"]) == [f"{H}/byte-channel@0"]


def test_kvm_tree(trees):
    _, _, p1 = trees
    assert "linux,kvm" in strings(p1["/hypervisor"]["compatible"])
    assert "/hypervisor/interrupt-controller" not in p1
    mpic = one(p1["/soc@fe0000000/pic@40000"]["phandle"])
    handle(p1, "byte-channel@0", "epapr,hv-byte-channel", "console", 0)
    data = handle(p1, "byte-channel@1", "epapr,hv-byte-channel", "data", 1)
    assert cells(data["interrupts"]) == [202, 0, 203, 0] and one(data["interrupt-parent"]) == mpic
    ring = handle(p1, "doorbell@2", "epapr,hv-receive-doorbell", "ring", 2)
    assert cells(ring["interrupts"]) == [204, 0] and one(ring["interrupt-parent"]) == mpic
    assert strings(p1["/chosen"]["stdout-path"]) == [f"{H}/byte-channel@0"]
