# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures of the isolation tests.

  iso_images  (session) builds tests/guests/iso_attack and iso_neigh once.
  iso_runs    (session) runs(cpu) -> (alone, together): two boots per core,
              made once and shared by the tests of that core:
                alone     dts/isolation-alone.dts: the neighbour by itself;
                together  dts/isolation.dts: the neighbour on CPU 0 and the
                          attacker on CPU 1.
              The hypervisor is built in build/iso-<cpu>/, or taken from
              $TESSERA_BUILD_ROOT/<cpu>/ (not rebuilt). Logs go to
              build/test-logs/isolation/. $TESSERA_ISO_TIMEOUT (seconds,
              default 90) bounds each wait.
"""
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from iso_runner import CROSS, QEMU, REPO, boot, build_guests, build_hv, pack  # noqa: E402


@pytest.fixture(scope="session")
def iso_images():
    for tool in (QEMU, "dtc", "mkimage", "fdtput", CROSS + "gcc", CROSS + "nm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} not found")
    return build_guests()


@pytest.fixture(scope="session")
def iso_runs(iso_images):
    done = {}

    def runs(cpu):
        if cpu not in done:
            hv = build_hv(cpu)
            alone = pack(cpu, REPO / "dts" / "isolation-alone.dts", hv,
                         {"iso_neigh": iso_images["iso_neigh"]})
            together = pack(cpu, REPO / "dts" / "isolation.dts", hv, iso_images)
            done[cpu] = (boot(cpu, hv[0], alone, ("neigh",), "alone"),
                         boot(cpu, hv[0], together, ("neigh", "iso"), "together"))
        return done[cpu]
    return runs
