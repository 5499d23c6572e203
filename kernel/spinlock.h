/* SPDX-License-Identifier: BSD-2-Clause */
/* Spinlocks on lwarx/stwcx. Taken with external interrupts off. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdint.h>
#include "kernel/percpu.h"

typedef struct {
	volatile uint32_t v; /* 0 free, else owner cpu + 1 */
} spinlock_t;

#define SPINLOCK_INIT { 0 }

/* Try once to take @l for owner tag @tag (non-zero). Returns 1 on success. */
static inline int spin_trylock_tag(spinlock_t *l, uint32_t tag)
{
	uint32_t old;
	__asm__ volatile(
		"1:	lwarx	%0,0,%1\n"
		"	cmpwi	%0,0\n"
		"	bne-	2f\n"
		"	stwcx.	%2,0,%1\n"
		"	bne-	1b\n"
		"	isync\n"
		"2:\n"
		: "=&r"(old) : "r"(&l->v), "r"(tag) : "cr0", "memory");
	return old == 0;
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("sync" ::: "memory");
	l->v = 0;
}

/** spin_lock_tag() - take @l, spinning. */
static inline void spin_lock_tag(spinlock_t *l, uint32_t tag)
{
	while (!spin_trylock_tag(l, tag))
		while (l->v)
			;
}

/**
 * spin_lock_irqsave() - disable external interrupts, then take @l for this
 * CPU (a lock also taken from interrupt context or the exit path). Returns
 * the previous MSR, for spin_unlock_irqrestore().
 */
static inline uint32_t spin_lock_irqsave(spinlock_t *l)
{
	uint32_t msr = irq_save();

	spin_lock_tag(l, cpu_id() + 1);
	return msr;
}

/** spin_unlock_irqrestore() - release @l, then restore the MSR @msr. */
static inline void spin_unlock_irqrestore(spinlock_t *l, uint32_t msr)
{
	spin_unlock(l);
	irq_restore(msr);
}
#endif
