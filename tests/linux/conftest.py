# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures of the Linux guest tests (see lx_qemu.py).

`lx_kernels` (session) builds the guest kernels once (`make linux`, cached).
`lx_run(cpu, dts, defines, until)` packs a configuration and boots it
through U-Boot, returning its console lines. Each test is limited to
$TESSERA_TEST_TIMEOUT seconds (default 900: it may boot Linux three times).
"""
import os
import shutil

import pytest

import lx_qemu


@pytest.fixture(scope="session")
def lx_kernels():
    """Build the kernels and the hypervisors' tools; fail when a tool is
    missing rather than skip."""
    for tool in (lx_qemu.QEMU, "dtc", "mkimage", lx_qemu.CROSS + "gcc"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found")
    try:
        lx_qemu.make(["linux"])
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture
def lx_run(request, lx_kernels):
    """Factory: lx_run(cpu, dts, defines, until) -> console lines."""
    def _run(cpu, dts, defines, until, timeout=lx_qemu.BOOT_TIMEOUT):
        try:
            return lx_qemu.run(cpu, dts, defines, until, request.node.name, timeout)
        except RuntimeError as e:
            pytest.fail(str(e))
    return _run


@pytest.fixture
def test_timeout():
    """Up to three Linux boots per test: a longer limit (tests/conftest.py)."""
    return int(os.environ.get("TESSERA_TEST_TIMEOUT", "900"))
