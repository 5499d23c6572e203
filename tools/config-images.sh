#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# config-images.sh CONFIG.dtb: print the names of the images a configuration
# tree refers to (each partition's image and guest-dts), one per line, once.
set -euo pipefail
cfg=$1
for p in $(fdtget -l "$cfg" /partitions 2>/dev/null); do
	for prop in image guest-dts; do
		fdtget -ts "$cfg" "/partitions/$p" "$prop" 2>/dev/null || true
	done
done | sort -u
