# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures that boot Tessera on QEMU's ppce500 machine.

`boot(cpu, smp=2, mem=512, flow="direct", append=None, extra=())` starts
qemu-system-ppc and returns a tessera_qemu.Console around a pexpect spawn
(utf-8) whose output is logged to build/test-logs/<test>.log. Every QEMU a
test started is killed at teardown. Images come from
$TESSERA_BUILD_ROOT/<cpu>/ (default build/); a missing image fails the test.
Each test is limited to $TESSERA_TEST_TIMEOUT seconds (default 90).
"""
import os
import re
import shutil
import signal

import pexpect
import pytest

from tessera_qemu import QEMU, REPO, BootError, CMD_TIMEOUT, Console, qemu_argv

LOG_DIR = REPO / "build" / "test-logs"


def _log_name(nodeid):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("/")[-1]).strip("_")


@pytest.fixture
def boot(request):
    """Factory: boot(cpu, smp=2, mem=512, flow="direct", append=None, extra=()).

    Returns a Console for a freshly started QEMU. All QEMUs started through
    it are killed when the test ends, whatever its outcome.
    """
    if shutil.which(QEMU) is None:
        pytest.fail(f"{QEMU} not found (apt-get install qemu-system-ppc)")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    started = []

    def _boot(cpu, smp=2, mem=512, flow="direct", append=None, extra=()):
        try:
            argv = qemu_argv(cpu, smp, mem, flow, append, extra)
        except BootError as e:
            pytest.fail(str(e))
        suffix = f".{len(started)}" if started else ""
        log = open(LOG_DIR / f"{_log_name(request.node.nodeid)}{suffix}.log",
                   "w", encoding="utf-8")
        log.write("$ " + " ".join([QEMU] + argv) + "\n")
        log.flush()
        child = pexpect.spawn(QEMU, argv, encoding="utf-8", codec_errors="replace",
                              timeout=CMD_TIMEOUT, cwd=str(REPO))
        child.logfile_read = log
        started.append((child, log))
        return Console(child, flow, cpu)

    yield _boot
    for child, log in started:
        try:
            child.close(force=True)  # SIGHUP, SIGCONT, SIGINT, then SIGKILL
        except Exception:  # noqa: BLE001 - teardown must reach every QEMU
            pass
        if child.isalive():
            try:
                os.kill(child.pid, signal.SIGKILL)
            except OSError:
                pass
        log.close()




@pytest.fixture(params=("e500v2", "e500mc"))
def cpu(request):
    """Each test that takes `cpu` runs once per supported core."""
    return request.param
