# SPDX-License-Identifier: BSD-2-Clause
"""Shared by every pytest suite under tests/: a per-test time limit.

Each test fails with DeadlineExceeded once it runs longer than the
`test_timeout` fixture's seconds: TESSERA_TEST_TIMEOUT, else 90. A suite
whose tests boot longer overrides `test_timeout` in its own conftest."""
import os
import signal

import pytest


class DeadlineExceeded(Exception):
    """Raised by the SIGALRM handler when a test runs past its limit."""


@pytest.fixture
def test_timeout():
    """The per-test limit in seconds."""
    return int(os.environ.get("TESSERA_TEST_TIMEOUT", "90"))


@pytest.fixture(autouse=True)
def test_deadline(test_timeout):
    """Fail any test that runs longer than test_timeout seconds."""
    def on_alarm(signum, frame):
        raise DeadlineExceeded(f"test exceeded its {test_timeout} s limit")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(test_timeout)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
