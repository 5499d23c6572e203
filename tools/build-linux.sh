#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Build the Linux guest kernels from Debian's linux-source-6.1.
#
# usage: tools/build-linux.sh [e500mc|e500v2|all]     (default: all)
#
# The source is unpacked once into ${TESSERA_CACHE:-~/.cache/tessera}/
# linux-source-6.1 (from the cached tarball tools/fetch-libfdt.sh keeps
# there), and each kernel is built out of tree in $LINUX_OUT/<cpu>/ (default
# build/linux) from tinyconfig + tools/linux/common.config +
# tools/linux/<cpu>.config + the initramfs. The initramfs holds the static
# init built from tests/linux/init.c ($LINUX_OUT/init) and the manager's
# tool /bin/fsl-hv (tests/linux/fsl_hv.c), listed in
# $LINUX_OUT/initramfs.list (from tools/linux/initramfs.list.in).
#
# Outputs per core: $LINUX_OUT/<cpu>/vmlinux, $LINUX_OUT/<cpu>/arch/powerpc/
# boot/uImage, and $LINUX_OUT/<cpu>.elf (vmlinux stripped: a partition image).
# Nothing is rebuilt when the fragments, the programs and the list are unchanged.
# Environment: JOBS (make -j, default nproc), V=1 shows the kernel build.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${TESSERA_CACHE:-$HOME/.cache/tessera}
PKG=linux-source-6.1
SRC="$CACHE/$PKG"
OUT=$(readlink -m "${LINUX_OUT:-$TOP/build/linux}")
CROSS=${CROSS:-powerpc-linux-gnu-}
JOBS=${JOBS:-$(nproc)}
FRAGS="$TOP/tools/linux"
CPUS_KNOWN=(e500mc e500v2)

die() { echo "build-linux: $*" >&2; exit 1; }
say() { echo "  LINUX   $*"; }

# ---- host packages ----------------------------------------------------------
# The kernel build needs flex, bison and bc; the static init needs Debian's
# glibc for powerpc. (No modules, so no signing: libssl-dev is not needed.)
deps() {
	local pkgs=(flex bison bc make gcc libc6-dev xz-utils u-boot-tools
		gcc-powerpc-linux-gnu binutils-powerpc-linux-gnu libc6-dev-powerpc-cross)
	local missing=() p st SUDO=()
	for p in "${pkgs[@]}"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[[ $st == "install ok installed" ]] || missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 ||
			die "missing packages (${missing[*]}) and not root, no sudo"
		SUDO=(sudo -n)
	fi
	echo "build-linux: installing ${missing[*]}" >&2
	"${SUDO[@]}" apt-get update </dev/null >/dev/null
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# ---- the source tree, unpacked once -----------------------------------------
unpack() {
	local stamp="$SRC/.tessera-unpacked" tmp
	[[ -f $stamp ]] && return 0
	# fetch-libfdt.sh downloads the .deb and extracts the tarball if needed.
	"$TOP/tools/fetch-libfdt.sh" >/dev/null
	[[ -s "$CACHE/$PKG.tar.xz" ]] || die "no $CACHE/$PKG.tar.xz"
	exec 8>"$CACHE/.$PKG.unpack.lock"
	flock 8
	if [[ ! -f $stamp ]]; then
		say "unpacking $PKG into $CACHE"
		rm -rf "$SRC"
		tmp=$(mktemp -d "$CACHE/.src.XXXXXX")
		tar -xJf "$CACHE/$PKG.tar.xz" -C "$tmp" || { rm -rf "$tmp"; die "cannot unpack"; }
		[[ -f "$tmp/$PKG/Makefile" ]] || { rm -rf "$tmp"; die "no $PKG/ in the tarball"; }
		mv "$tmp/$PKG" "$SRC"
		rmdir "$tmp"
		touch "$stamp"
	fi
	exec 8>&-
}

# Replace $2 by $1 only when the contents differ (keeps timestamps stable).
install_if_changed() {
	if cmp -s "$1" "$2"; then rm -f "$1"; else mv -f "$1" "$2"; fi
}

# ---- userspace ---------------------------------------------------------------
# One static program of tests/linux/: $1 the source's name, $2 the output.
build_prog() {
	local out="$OUT/$2" src="$TOP/tests/linux/$1"
	if [[ ! -x $out || $src -nt $out || $0 -nt $out ]]; then
		say "$2"
		"${CROSS}gcc" -static -O2 -s -std=gnu11 -Wall -Wextra -Werror \
			-o "$out.tmp" "$src"
		mv -f "$out.tmp" "$out"
	fi
}

build_init() {
	mkdir -p "$OUT"
	build_prog init.c init
	build_prog fsl_hv.c fsl-hv
	sed "s|@INIT@|$OUT/init|; s|@FSLHV@|$OUT/fsl-hv|" "$FRAGS/initramfs.list.in" \
		>"$OUT/initramfs.list.tmp"
	install_if_changed "$OUT/initramfs.list.tmp" "$OUT/initramfs.list"
}

# Fixed build identity: the "Linux version" line, and so the whole boot log,
# is the same from build to build and machine to machine.
kmake() {
	make -C "$SRC" O="$1" ARCH=powerpc CROSS_COMPILE="$CROSS" \
		KBUILD_BUILD_USER=tessera KBUILD_BUILD_HOST=tessera \
		KBUILD_BUILD_VERSION=1 KBUILD_BUILD_TIMESTAMP="$PKG" "${@:2}"
}

# Every CONFIG_X=v / "# CONFIG_X is not set" line of the fragments must
# survive olddefconfig: a dropped option means a missing dependency.
verify_config() {
	local cfg=$1 frag name line sym bad=0
	shift
	for frag in "$@"; do
		name=${frag##*/}
		while IFS= read -r line; do
			if [[ $line =~ ^CONFIG_[A-Za-z0-9_]+= ]]; then
				grep -qxF -- "$line" "$cfg" || { echo "build-linux: $name: '$line' not in .config" >&2; bad=1; }
			elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
				sym=${BASH_REMATCH[1]}
				! grep -q "^$sym=" "$cfg" || { echo "build-linux: $name: $sym is set" >&2; bad=1; }
			fi
		done <"$frag"
	done
	return $bad
}

build_cpu() {
	local cpu=$1 dir="$OUT/$1" log="$OUT/$1.log" gen hash frags
	[[ -f "$FRAGS/$cpu.config" ]] || die "no tools/linux/$cpu.config"
	mkdir -p "$dir"
	gen="$dir/tessera-initramfs.config"
	printf 'CONFIG_INITRAMFS_SOURCE="%s"\n' "$OUT/initramfs.list" >"$gen.tmp"
	install_if_changed "$gen.tmp" "$gen"
	frags=("$FRAGS/common.config" "$FRAGS/$cpu.config" "$gen")

	# Configure again only when a fragment changed.
	hash=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
	if [[ ! -f "$dir/.config" || $(cat "$dir/.tessera-config" 2>/dev/null) != "$hash" ]]; then
		say "configure $cpu"
		rm -f "$dir/.tessera-config" "$dir/.tessera-built"
		{
			kmake "$dir" tinyconfig
			KCONFIG_CONFIG="$dir/.config" "$SRC/scripts/kconfig/merge_config.sh" \
				-m -O "$dir" "$dir/.config" "${frags[@]}"
			kmake "$dir" olddefconfig
		} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "configuring $cpu failed (log: $log)"; }
		verify_config "$dir/.config" "${frags[@]}" || die "$cpu: options lost (see above)"
		echo "$hash" >"$dir/.tessera-config"
	fi

	# Build again only when the configuration, the init, the list or this
	# script changed.
	local want
	want=$(cat "$dir/.tessera-config" "$OUT/init" "$OUT/fsl-hv" "$OUT/initramfs.list" "$0" |
		sha256sum | cut -d' ' -f1)
	if [[ -f "$dir/vmlinux" && -f "$OUT/$cpu.elf" &&
		$(cat "$dir/.tessera-built" 2>/dev/null) == "$want" ]]; then
		say "$cpu up to date"
		return 0
	fi
	say "build $cpu (make -j$JOBS, log: ${log#"$TOP"/})"
	local t0=$SECONDS
	if [[ ${V:-0} == 1 ]]; then
		kmake "$dir" -j"$JOBS" 2>&1 | tee "$log"
		[[ ${PIPESTATUS[0]} -eq 0 ]] || die "building $cpu failed (log: $log)"
	else
		kmake "$dir" -j"$JOBS" >"$log" 2>&1 ||
			{ grep -E 'error|Error' "$log" | head -n 20 >&2; tail -n 10 "$log" >&2;
			  die "building $cpu failed (log: $log)"; }
	fi
	"${CROSS}strip" -o "$OUT/$cpu.elf.tmp" "$dir/vmlinux"
	mv -f "$OUT/$cpu.elf.tmp" "$OUT/$cpu.elf"
	echo "$want" >"$dir/.tessera-built"
	say "$cpu done in $((SECONDS - t0)) s: ${dir#"$TOP"/}/vmlinux, ${OUT#"$TOP"/}/$cpu.elf$(
		[[ -f $dir/arch/powerpc/boot/uImage ]] && echo ", ${dir#"$TOP"/}/arch/powerpc/boot/uImage")"
}

main() {
	local arg=${1:-all} cpus=() c
	case $arg in
	all) cpus=("${CPUS_KNOWN[@]}") ;;
	e500mc | e500v2) cpus=("$arg") ;;
	-h | --help) sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown core '$arg' (e500mc, e500v2 or all)" ;;
	esac
	deps
	unpack
	build_init
	for c in "${cpus[@]}"; do
		build_cpu "$c"
	done
}

main "$@"
