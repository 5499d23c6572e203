#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Make libfdt's sources available for the target build. No Debian binary
# package ships libfdt's .c files, so take them from the Linux source
# package (linux-source-6.1, dual GPL-2.0+/BSD-2-Clause files): download the
# .deb once into the cache, keep its linux-source-6.1.tar.xz there (guest
# kernels are built from it too) and unpack scripts/dtc/libfdt/ flat into
# DESTDIR. Prints DESTDIR, and only that, on stdout.
#
# usage: tools/fetch-libfdt.sh [DESTDIR]
#   default DESTDIR: ${TESSERA_CACHE:-$HOME/.cache/tessera}/libfdt
set -euo pipefail

CACHE=${TESSERA_CACHE:-$HOME/.cache/tessera}
DESTDIR=$(readlink -m "${1:-$CACHE/libfdt}")
PKG=linux-source-6.1
TARBALL="$CACHE/$PKG.tar.xz"
FILES=(fdt.c fdt_addresses.c fdt_empty_tree.c fdt_overlay.c
	fdt_ro.c fdt_rw.c fdt_strerror.c fdt_sw.c fdt_wip.c
	fdt.h libfdt.h libfdt_env.h libfdt_internal.h)

have_libfdt() {
	local f
	for f in "${FILES[@]}"; do
		[[ -s "$DESTDIR/$f" ]] || return 1
	done
}

if have_libfdt; then
	echo "$DESTDIR"
	exit 0
fi

mkdir -p "$CACHE"
LOG="$CACHE/fetch-libfdt.log"
exec 9>"$CACHE/.$PKG.lock"
flock 9
if have_libfdt; then
	echo "$DESTDIR"
	exit 0
fi

TMPDIRS=()
cleanup() { ((${#TMPDIRS[@]} == 0)) || rm -rf "${TMPDIRS[@]}"; }
trap cleanup EXIT
die() {
	echo "fetch-libfdt: $*" >&2
	[[ -s "$LOG" ]] && tail -n 20 "$LOG" >&2
	exit 1
}

SUDO=()
[[ $(id -u) -eq 0 ]] || ! command -v sudo >/dev/null 2>&1 || SUDO=(sudo -n)

# Someone else (another checkout, an earlier interrupted run) may be
# downloading into the cache right now: wait until the size settles.
wait_stable() {
	local f=$1 prev=-1 cur waited=0
	while :; do
		cur=$(stat -c %s "$f" 2>/dev/null || echo -1)
		[[ $cur == "$prev" ]] && return 0
		((waited < 900)) || return 1
		prev=$cur
		sleep 3
		waited=$((waited + 3))
	done
}

# A .deb is good if its hash matches apt's record for its version; when apt
# no longer knows that version, extraction below is the integrity check.
deb_ok() {
	local deb=$1 ver want
	dpkg-deb --info "$deb" >/dev/null 2>&1 || return 1
	ver=$(dpkg-deb -f "$deb" Version 2>/dev/null) || return 1
	want=$(apt-cache show "$PKG=$ver" 2>/dev/null | awk '/^SHA256:/ {print $2; exit}')
	[[ -z "$want" ]] && return 0
	[[ $(sha256sum <"$deb" | cut -d' ' -f1) == "$want" ]]
}

# Sets $deb to the downloaded file in the cache.
download_deb() {
	local dl
	dl=$(mktemp -d "$CACHE/.dl.XXXXXX")
	TMPDIRS+=("$dl")
	echo "fetch-libfdt: downloading $PKG (~140 MB)" >&2
	if ! (cd "$dl" && apt-get download "$PKG") >>"$LOG" 2>&1; then
		# Package lists may be missing or stale (fresh CI machine).
		"${SUDO[@]}" apt-get update >>"$LOG" 2>&1 </dev/null || true
		(cd "$dl" && apt-get download "$PKG") >>"$LOG" 2>&1 ||
			die "apt-get download $PKG failed (log: $LOG)"
	fi
	deb=$(find "$dl" -maxdepth 1 -name "${PKG}_*.deb" | head -n1)
	if [[ -z "$deb" ]] || ! deb_ok "$deb"; then
		die "downloaded $PKG .deb is broken"
	fi
	mv "$deb" "$CACHE/"
	deb="$CACHE/$(basename "$deb")"
}

# Pull usr/src/linux-source-6.1.tar.xz out of the .deb; it lands in the cache
# atomically, so an existing tarball is always complete.
extract_tarball() {
	local deb=$1 x
	x=$(mktemp -d "$CACHE/.x.XXXXXX")
	TMPDIRS+=("$x")
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$x" --wildcards '*.tar.xz' \
		>>"$LOG" 2>&1 || return 1
	[[ -s "$x/usr/src/$PKG.tar.xz" ]] || return 1
	mv "$x/usr/src/$PKG.tar.xz" "$TARBALL"
	rm -rf "$x"
}

: >"$LOG"
if [[ ! -s "$TARBALL" ]]; then
	# shellcheck disable=SC2012 # newest first; Debian file names are plain
	deb=$(ls -t "$CACHE"/"$PKG"_*.deb 2>/dev/null | head -n1 || true)
	if [[ -n "$deb" ]]; then
		if ! wait_stable "$deb" || ! deb_ok "$deb" || ! extract_tarball "$deb"; then
			echo "fetch-libfdt: $deb is incomplete or corrupt, fetching again" >&2
			rm -f "$deb"
			deb=
		fi
	fi
	if [[ -z "$deb" ]]; then
		download_deb
		extract_tarball "$deb" || die "cannot extract $PKG.tar.xz from $deb"
	fi
fi

mkdir -p "$DESTDIR"
x=$(mktemp -d "$DESTDIR/.x.XXXXXX")
TMPDIRS+=("$x")
tar -xJf "$TARBALL" -C "$x" --strip-components=4 --wildcards \
	"$PKG/scripts/dtc/libfdt/*" >>"$LOG" 2>&1 || die "cannot unpack libfdt from $TARBALL"
# Renames within one directory are atomic: no half-written file is ever
# visible under DESTDIR.
for f in "$x"/* "$x"/.[!.]*; do
	[[ -e "$f" ]] && mv -f "$f" "$DESTDIR/"
done
have_libfdt || die "libfdt in $TARBALL lacks some of: ${FILES[*]}"
rm -f "$LOG"
echo "$DESTDIR"
