#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Ensure the Debian packages Tessera needs are installed. Quiet and fast when
# everything is already present; otherwise runs one `apt-get update` and
# installs only the missing packages, non-interactively.
set -euo pipefail

PACKAGES=(
	gcc-powerpc-linux-gnu binutils-powerpc-linux-gnu
	qemu-system-ppc u-boot-qemu u-boot-tools
	device-tree-compiler python3-libfdt libfdt-dev
	python3-kconfiglib newlib-source gdb-multiarch
	libcmocka-dev python3-pytest python3-pexpect
	gcc make xz-utils gnuplot-nox
)

missing=()
for pkg in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [[ "$status" != "install ok installed" ]]; then
		missing+=("$pkg")
	fi
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo -n)
	else
		echo "deps.sh: missing packages (${missing[*]}) and not root, no sudo" >&2
		exit 1
	fi
fi

echo "deps.sh: installing ${missing[*]}" >&2
"${SUDO[@]}" apt-get update </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
