# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures of the partition-management tests (see mgr_qemu.py).

`mgr_build` (session) builds the hypervisors and guest programs once.
`boot(cpu, dts, smp)` packs DTS for CPU and starts QEMU; it returns a
pexpect spawn (utf-8) logged to build/test-logs/manager/<test>.log. Every
QEMU is killed at teardown. Each test is limited to $TESSERA_TEST_TIMEOUT
seconds (default 180).
"""
import os
import re
import shutil
import signal

import pexpect
import pytest

import mgr_qemu

TEST_TIMEOUT = int(os.environ.get("TESSERA_TEST_TIMEOUT", "180"))


@pytest.fixture(scope="session")
def mgr_build():
    """Build once per session; fail (not skip) when a tool is missing."""
    for tool in (mgr_qemu.QEMU, "dtc", "mkimage", "fdtput", mgr_qemu.CROSS + "gcc"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found")
    try:
        mgr_qemu.build()
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture
def boot(request, mgr_build):
    """Factory: boot(cpu, dts, smp=2) -> pexpect spawn of a fresh QEMU."""
    mgr_qemu.LOG_DIR.mkdir(parents=True, exist_ok=True)
    started = []

    def _boot(cpu, dts, smp=2):
        try:
            loaders = mgr_qemu.pack(cpu, dts)
        except RuntimeError as e:
            pytest.fail(str(e))
        argv = mgr_qemu.qemu_argv(cpu, smp, loaders)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
        log = open(mgr_qemu.LOG_DIR / f"{name}.log", "w", encoding="utf-8")
        log.write("$ " + " ".join([mgr_qemu.QEMU] + argv) + "\n")
        log.flush()
        child = pexpect.spawn(mgr_qemu.QEMU, argv, encoding="utf-8", codec_errors="replace",
                              timeout=30, cwd=str(mgr_qemu.REPO))
        child.logfile_read = log
        started.append((child, log))
        return child

    yield _boot
    for child, log in started:
        try:
            child.close(force=True)
        except Exception:  # noqa: BLE001 - teardown must reach every QEMU
            pass
        if child.isalive():
            try:
                os.kill(child.pid, signal.SIGKILL)
            except OSError:
                pass
        log.close()




@pytest.fixture
def test_timeout():
    """Manager scenarios boot several partitions: a longer limit (see
    tests/conftest.py)."""
    return TEST_TIMEOUT
