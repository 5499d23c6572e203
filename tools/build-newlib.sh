#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Build newlib 3.3.0 for Tessera's targets with Debian's powerpc-linux-gnu
# cross compiler used as a bare-metal compiler, and install it flat:
#   OUTDIR/include/  newlib headers (stdio.h, ...)
#   OUTDIR/lib/      libc.a, libm.a
# One soft-float, integer-only build serves e500v2 and e500mc alike.
# Idempotent: returns at once while OUTDIR/.stamp is newer than this script.
#
# usage: tools/build-newlib.sh OUTDIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
OUTDIR=$(readlink -m "$1")
STAMP="$OUTDIR/.stamp"

up_to_date() { [[ -f "$STAMP" && "$STAMP" -nt "$SCRIPT" ]]; }
up_to_date && exit 0

NEWLIB_TARBALL=${NEWLIB_TARBALL:-/usr/src/newlib/newlib-3.3.0.tar.xz}
CROSS=${CROSS_COMPILE:-powerpc-linux-gnu-}
JOBS=${JOBS:-2}

# e500v2 has no classic FPU and e500mc's FPU belongs to the guests: the
# library must never touch an FPR, so build it soft-float for the 8548 core
# (its instruction set is a subset of e500mc's).
CPU_FLAGS=(-mcpu=8548 -msoft-float)
# Make the Linux compiler behave as a bare-metal one (see
# shared/reference/toolchain.md): newlib's sys/config.h keys off __linux__.
BAREMETAL_FLAGS=(-U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix
	-fno-pie -fno-pic -fno-stack-protector -mlong-double-64 -mbss-plt -ffreestanding)
# -O2, not -Os: the hypervisor's hot paths copy and clear structures, and the
# size-optimised memcpy/memset are byte loops.
TARGET_CFLAGS="${CPU_FLAGS[*]} -O2 -g -ffunction-sections -fdata-sections"

for tool in gcc ar nm; do
	if ! command -v "${CROSS}$tool" >/dev/null 2>&1; then
		echo "build-newlib: ${CROSS}$tool not found (run tools/deps.sh)" >&2
		exit 1
	fi
done
if [[ ! -r "$NEWLIB_TARBALL" ]]; then
	echo "build-newlib: $NEWLIB_TARBALL missing (run tools/deps.sh)" >&2
	exit 1
fi

mkdir -p "$OUTDIR"
# Parallel make may start us twice: serialise, then look again.
exec 9>"$OUTDIR/.lock"
flock 9
up_to_date && exit 0

BUILD="$OUTDIR/.build"
LOG="$BUILD/build.log"
rm -rf "$BUILD" "${OUTDIR:?}/include" "${OUTDIR:?}/lib" "$STAMP"
mkdir -p "$BUILD/bin" "$BUILD/obj"
: >"$LOG"

fail() {
	echo "build-newlib: FAILED: $1 (log: $LOG)" >&2
	tail -n 40 "$LOG" >&2
	exit 1
}

start=$(date +%s)
GCC_INCLUDE=$("${CROSS}gcc" -print-file-name=include)

# powerpc-eabi-* names for the Linux cross tools. The compiler wrapper puts
# gcc's own header directory last, so newlib's -isystem dirs win and glibc's
# headers (/usr/powerpc-linux-gnu/include) are never seen. It also cancels
# the -mrelocatable-lib that newlib's configure.host adds for powerpc-eabi:
# that would route every global access through .got2 and emit .fixup
# sections, which a hypervisor linked at a fixed address does not want.
for tool in ar as ld nm ranlib objcopy objdump strip readelf size strings; do
	ln -sf "$(command -v "${CROSS}$tool")" "$BUILD/bin/powerpc-eabi-$tool"
done
for tool in gcc cc cpp; do
	real=${CROSS}gcc
	[[ $tool == cpp ]] && real=${CROSS}cpp
	cat >"$BUILD/bin/powerpc-eabi-$tool" <<EOF
#!/bin/sh
exec $(command -v "$real") ${CPU_FLAGS[*]} ${BAREMETAL_FLAGS[*]} -nostdinc "\$@" \\
	-mno-relocatable-lib -isystem $GCC_INCLUDE
EOF
	chmod +x "$BUILD/bin/powerpc-eabi-$tool"
done

tar -xJf "$NEWLIB_TARBALL" -C "$BUILD" >>"$LOG" 2>&1 || fail "unpack"
SRC="$BUILD/newlib-salsa"
[[ -x "$SRC/configure" ]] || fail "unexpected layout in $NEWLIB_TARBALL"

PREFIX="$BUILD/install"
export PATH="$BUILD/bin:$PATH"
# Called from the project's Makefile: its command-line variables and any
# exported compiler settings are meant for the hypervisor, not for newlib.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL CC CPP CFLAGS CPPFLAGS LDFLAGS LIBS AR
(
	cd "$BUILD/obj"
	"$SRC/configure" --target=powerpc-eabi --prefix="$PREFIX" \
		--disable-multilib --disable-nls \
		--disable-newlib-supplied-syscalls --enable-newlib-nano-malloc \
		--disable-newlib-multithread --enable-newlib-reent-small \
		--enable-lite-exit --enable-newlib-global-atexit \
		--disable-newlib-io-float \
		CFLAGS_FOR_TARGET="$TARGET_CFLAGS"
) >>"$LOG" 2>&1 || fail "configure"
make -C "$BUILD/obj" -j"$JOBS" all-target-newlib >>"$LOG" 2>&1 || fail "make"
# MAKEINFO=true: the info manuals are not wanted and texinfo may be absent.
make -C "$BUILD/obj" install-target-newlib MAKEINFO=true >>"$LOG" 2>&1 ||
	fail "make install"

mkdir -p "$OUTDIR/lib"
cp -a "$PREFIX/powerpc-eabi/include" "$OUTDIR/include"
for lib in libc.a libm.a; do
	cp -a "$PREFIX/powerpc-eabi/lib/$lib" "$OUTDIR/lib/" || fail "no $lib"
done

# Smoke test: a freestanding program using stdio, string and malloc must
# link with only the documented hooks supplied, and contain no FP or SPE
# instructions.
T="$BUILD/smoke"
mkdir -p "$T"
cat >"$T/smoke.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char heap[64 * 1024];
static size_t heap_used;

int write(int fd, const void *buf, size_t n) { (void)fd; (void)buf; return (int)n; }
int read(int fd, void *buf, size_t n) { (void)fd; (void)buf; (void)n; return 0; }
void *sbrk(ptrdiff_t inc)
{
	void *p = heap + heap_used;
	heap_used += (size_t)inc;
	return p;
}
int fstat(int fd, struct stat *st) { (void)fd; st->st_mode = S_IFCHR; return 0; }
int isatty(int fd) { (void)fd; return 1; }
int close(int fd) { (void)fd; return -1; }
off_t lseek(int fd, off_t off, int whence) { (void)fd; (void)off; (void)whence; return 0; }
void _exit(int code) { (void)code; for (;;) ; }

void _start(void)
{
	char buf[32];
	char *p = malloc(16);
	int n = snprintf(buf, sizeof(buf), "%d %s", 42, "x");
	printf("%s %u\n", buf, (unsigned)strlen(buf));
	free(p);
	exit(n);
}
EOF
"${CROSS}gcc" "${CPU_FLAGS[@]}" "${BAREMETAL_FLAGS[@]}" -nostdinc -isystem "$OUTDIR/include" \
	-isystem "$GCC_INCLUDE" -Os -Wall -Wextra -Werror -c "$T/smoke.c" -o "$T/smoke.o" \
	>>"$LOG" 2>&1 || fail "smoke compile"
"${CROSS}gcc" "${CPU_FLAGS[@]}" -nostdlib -nostartfiles -static -Wl,--fatal-warnings \
	-Wl,--gc-sections -o "$T/smoke.elf" "$T/smoke.o" -L"$OUTDIR/lib" -lc -lm -lgcc \
	>>"$LOG" 2>&1 || fail "smoke link"
if "${CROSS}objdump" -d "$OUTDIR/lib/libc.a" "$OUTDIR/lib/libm.a" |
	grep -qP '\t(lf[ds]|stf[ds]|stfiwx|mffs|mtfs|f[a-z]+|ev[a-z]+)\S*\s'; then
	fail "FP/SPE instructions found in the libraries"
fi
if "${CROSS}objdump" -h "$OUTDIR/lib/libc.a" "$OUTDIR/lib/libm.a" | grep -qE '\.(got2|fixup)\b'; then
	fail "relocatable-lib sections (.got2/.fixup) found in the libraries"
fi

rm -rf "$SRC" "$BUILD/obj" "$PREFIX"
touch "$STAMP"
echo "build-newlib: newlib 3.3.0 (${CPU_FLAGS[*]}) in $OUTDIR ($(($(date +%s) - start)) s)"
