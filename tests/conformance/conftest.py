# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures of the native-vs-partition conformance runner.

A conformance program (tests/guests/conf_*/) runs twice:

* natively: `qemu-system-ppc -M ppce500 -cpu CPU -m 512 -kernel NAME.elf`,
  its console lines collected until the guest powers QEMU off;
* inside a one-partition Tessera configuration (platform none, 64 MiB,
  console "hv-console"), booted directly with the hypervisor ELF and the
  `-device loader` options tools/mkfit.sh prints; the lines prefixed
  "[NAME] " are collected (prefix stripped) until the hypervisor reports
  "partition NAME: stopped".

Fixtures:
  conformance_build  (session) runs make once for both hypervisors and,
                     on first use, for each guest program
                     (TESSERA_CONF_NO_MAKE=1: use build/ as it is), and
                     snapshots the images into build/conformance/ so that a
                     rebuild of the tree during the session changes nothing.
                     TESSERA_BUILD_ROOT=DIR boots DIR/<cpu>/tessera.elf
                     instead of build/<cpu>/ (not rebuilt).
  run_native(name, cpu, smp=1)    -> conf_runner.Run
  run_partition(name, cpu, cpus=(1,)) -> conf_runner.Run
Every QEMU run is logged to build/test-logs/conformance/ and killed when
it is over. TESSERA_CONF_TIMEOUT (seconds, default 60) bounds each run.
"""
import os
import re
import shutil

import pytest

from conf_runner import (CPUS, CROSS, LOG_DIR, QEMU, RUN_TIMEOUT, Run, guest_image,
                         hv_image, make, partition_config, qemu_base, read_until,
                         snapshot_guest, snapshot_hv)


def _make(args):
    try:
        make(args)
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def conformance_build():
    """Build both hypervisors (once per session) and snapshot them; returns
    prepare(name), which builds and snapshots one guest program (once)."""
    for tool in (QEMU, "dtc", "mkimage", "fdtput", CROSS + "nm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found")
    build = os.environ.get("TESSERA_CONF_NO_MAKE") != "1"
    if build and "TESSERA_BUILD_ROOT" not in os.environ:
        for cpu in CPUS:
            b = f"build/{cpu}"
            _make([f"CPU={cpu}", f"{b}/tessera.elf", f"{b}/tessera.bin"])
    try:
        for cpu in CPUS:
            snapshot_hv(cpu)
    except OSError as e:
        pytest.fail(f"cannot snapshot the hypervisor images: {e}")
    ready = set()

    def prepare(name):
        if name in ready:
            return
        if build:
            _make([f"build/guests/{name}.elf"])
        try:
            snapshot_guest(name)
        except OSError as e:
            pytest.fail(f"cannot snapshot {name}.elf: {e}")
        ready.add(name)
    return prepare


@pytest.fixture
def run_native(conformance_build):
    """run_native(name, cpu, smp=1) -> Run: the program alone on QEMU."""
    def _run(name, cpu, smp=1):
        conformance_build(name)
        elf = guest_image(name)
        assert elf.is_file(), f"{elf} missing (make guests)"
        argv = qemu_base(cpu, smp) + ["-kernel", str(elf)]
        log = LOG_DIR / f"{name}-{cpu}-native.log"
        lines, ended = read_until(argv, log, lambda s: False, RUN_TIMEOUT)
        return Run(lines=[ln for ln in lines if ln], ended=ended, log=log, raw=lines)
    return _run


@pytest.fixture
def run_partition(conformance_build):
    """run_partition(name, cpu, cpus=(1,)) -> Run: the program in a
    partition on physical CPUs @cpus (QEMU gets max(cpus) + 1 CPUs: CPU 0
    keeps the hypervisor console), lines "[name] X" reduced to X;
    hypervisor lines about the partition ending (stopped/crashed/
    restarting) are kept as "## <line>"."""
    def _run(name, cpu, cpus=(1,)):
        conformance_build(name)
        smp = max(cpus) + 1
        try:
            loaders = partition_config(name, cpu, cpus)
        except RuntimeError as e:
            pytest.fail(str(e))
        argv = qemu_base(cpu, smp) + ["-kernel", str(hv_image(cpu, "elf"))] + loaders
        log = LOG_DIR / f"{name}-{cpu}-partition.log"
        prefix = re.compile(r"\[" + re.escape(name) + r"\] (.*)$")
        event = re.compile(r"partition " + re.escape(name) +
                           r": (stopped|crashed|restarting|reload failed)")
        stop = re.compile(r"partition " + re.escape(name) + r": (stopped|reload failed)")
        raw, ended = read_until(argv, log, lambda s: bool(stop.search(s)), RUN_TIMEOUT)
        lines = []
        for ln in raw:
            m = prefix.search(ln)
            if m:
                if m.group(1):  # as natively, empty lines do not count
                    lines.append(m.group(1))
            elif event.search(ln):
                lines.append("## " + ln[event.search(ln).start():])
        return Run(lines=lines, ended=ended, log=log, raw=raw)
    return _run
