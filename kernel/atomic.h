/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Atomic read-modify-write of one word (lwarx/stwcx.), for flags that
 * several CPUs change: a vCPU's pending-interrupt word is set by other
 * CPUs (vMPIC, doorbells) while its own CPU clears and sets bits in it.
 */
#ifndef KERNEL_ATOMIC_H
#define KERNEL_ATOMIC_H

#include <stdint.h>

/**
 * atomic_update() - *@p = (*@p & ~@clear) | @set, as one atomic step.
 * Returns the new value.
 */
static inline uint32_t atomic_update(volatile uint32_t *p, uint32_t clear, uint32_t set)
{
	uint32_t v;

	__asm__ volatile(
		"1:	lwarx	%0,0,%1\n"
		"	andc	%0,%0,%2\n"
		"	or	%0,%0,%3\n"
		"	stwcx.	%0,0,%1\n"
		"	bne-	1b\n"
		: "=&r"(v) : "r"(p), "r"(clear), "r"(set) : "cr0", "memory");
	return v;
}

/** atomic_fetch_update() - as atomic_update(); returns the old value. */
static inline uint32_t atomic_fetch_update(volatile uint32_t *p, uint32_t clear, uint32_t set)
{
	uint32_t old, v;

	__asm__ volatile(
		"1:	lwarx	%0,0,%2\n"
		"	andc	%1,%0,%3\n"
		"	or	%1,%1,%4\n"
		"	stwcx.	%1,0,%2\n"
		"	bne-	1b\n"
		: "=&r"(old), "=&r"(v) : "r"(p), "r"(clear), "r"(set) : "cr0", "memory");
	return old;
}
#endif
