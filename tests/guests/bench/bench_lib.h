/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the benchmark programs (bench, bench_pv) print for tools/bench.py:
 * "bench: NAME TICKS ITERATIONS" per figure, "bench: FAIL ..." per failed
 * check, counted in bench_failed. Included once by each program.
 */
#ifndef BENCH_LIB_H
#define BENCH_LIB_H

#include <stdint.h>
#include <stdio.h>

#define N_WARM 32 /* iterations run once before each measured run */

static int bench_failed;

static void fail(const char *what, uint32_t got, uint32_t want)
{
	printf("bench: FAIL %s: 0x%08lx, want 0x%08lx\n", what, (unsigned long)got,
	       (unsigned long)want);
	bench_failed++;
}

static void report(const char *name, uint32_t ticks, uint32_t iters)
{
	printf("bench: %s %lu %lu\n", name, (unsigned long)ticks, (unsigned long)iters);
}

/* Warm up, then measure @n iterations of loop @fn (which returns ticks). */
static void run(const char *name, uint32_t (*fn)(uint32_t), uint32_t n)
{
	fn(N_WARM);
	report(name, fn(n), n);
}
#endif
