# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures for the partition boot tests.

`qemu(core, ...)` starts QEMU's ppce500 (arguments as
tessera_parts.qemu_argv) and returns a tessera_parts.Board whose output goes
to build/test-logs/partitions-<test>[.N].log. Every QEMU a test started is
killed at teardown, whatever the outcome. Each test is limited to
$TESSERA_TEST_TIMEOUT seconds (default 90).
"""
import re
import shutil

import pytest

from tessera_parts import LOG_DIR, OUT_DIR, spawn



def log_name(nodeid):
    """A file name for a test id (parameters included)."""
    return "partitions-" + re.sub(r"[^A-Za-z0-9_.-]+", "_",
                                  nodeid.split("/")[-1]).strip("_")


@pytest.fixture
def qemu(request):
    """Factory: qemu(core, **qemu_argv options) -> Board."""
    started = []

    def _start(core, **kw):
        suffix = f".{len(started)}" if started else ""
        board = spawn(core, LOG_DIR / f"{log_name(request.node.nodeid)}{suffix}.log", **kw)
        started.append(board)
        return board

    yield _start
    for board in started:
        board.kill()




@pytest.fixture
def workdir(request):
    """A fresh directory under build/test-partitions/ for this test's files."""
    d = OUT_DIR / log_name(request.node.nodeid)
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d
