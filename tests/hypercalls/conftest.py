# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures of the hypercall suite (byte channels, doorbells, EV_MSGSND,
the guest tree's /hypervisor node) on both cores.

  hc_build  (session) builds both hypervisors and the guest programs once
            (TESSERA_HC_NO_MAKE=1: use build/ as it is; TESSERA_BUILD_ROOT=DIR
            boots DIR/<cpu>/tessera.elf, not rebuilt) and snapshots them
            into build/hypercalls/.
  boot(cpu, dts, images, log) -> hc_runner.Board, killed after the test.
Console logs go to build/test-logs/hypercalls/; TESSERA_HC_TIMEOUT (s,
default 60) bounds each wait.
"""
import os
import shutil

import pytest

from hc_runner import CPUS, CROSS, QEMU, Board, fit, make, snapshot


@pytest.fixture(scope="session")
def hc_build():
    for tool in (QEMU, "dtc", "cpp", "mkimage", "fdtput", CROSS + "nm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found")
    try:
        if os.environ.get("TESSERA_HC_NO_MAKE") != "1":
            if "TESSERA_BUILD_ROOT" not in os.environ:
                for cpu in CPUS:
                    make([f"CPU={cpu}", f"build/{cpu}/tessera.elf", f"build/{cpu}/tessera.bin"])
            make(["guests"])
        for cpu in CPUS:
            snapshot(cpu)
    except (RuntimeError, OSError) as e:
        pytest.fail(str(e))
    return True


@pytest.fixture
def boot(hc_build):
    boards = []

    def _boot(cpu, dts, images, log):
        board = Board(cpu, fit(dts, cpu, log, images), f"{log}-{cpu}.log")
        boards.append(board)
        return board

    yield _boot
    for b in boards:
        b.kill()
