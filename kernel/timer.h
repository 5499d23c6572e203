/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Timer service on the timebase and the decrementer: one-shot callbacks per
 * CPU. Deadlines are absolute timebase values; DEC is only ever written,
 * never read back (QEMU 7.2 reads Book-E DEC wrongly).
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

struct timer;
typedef void (*timer_fn)(struct timer *t, void *arg);

/* The shortest DEC the service writes (kernel/fastpath.S too): QEMU 7.2
 * raises a DEC written below 3 without setting TSR[DIS]. */
#define TIMER_DEC_MIN 16

struct timer {
	uint64_t deadline;
	timer_fn fn;
	void *arg;
	struct timer *next;
	int armed;
};

/** timer_init() - record the timebase frequency (Hz). Returns 0 or -EINVAL. */
int timer_init(uint32_t timebase_hz);
/** timer_cpu_init() - enable the decrementer service on this CPU. */
void timer_cpu_init(void);
/** timer_interrupt() - the decrementer fired: run expired timers. */
void timer_interrupt(void);
/** timer_arm() - call @fn(@t, @arg) on this CPU at timebase @deadline.
 * Re-arming an armed timer moves it. Returns 0 or -EINVAL. */
int timer_arm(struct timer *t, uint64_t deadline, timer_fn fn, void *arg);
/** timer_cancel() - disarm @t if armed. Returns 1 if it was armed. */
int timer_cancel(struct timer *t);
/** timer_us_to_ticks() - microseconds to timebase ticks. */
uint64_t timer_us_to_ticks(uint64_t us);
/** timer_ticks_to_us() - timebase ticks to microseconds. */
uint64_t timer_ticks_to_us(uint64_t ticks);
/**
 * timer_pause() - sleep this CPU for about @us microseconds (or until any
 * interrupt), letting other CPUs run. QEMU's 32-bit PowerPC runs all
 * vCPUs on one thread, so a busy-polling CPU starves the others; every
 * wait-for-another-CPU loop calls this. Must not be called with
 * interrupts disabled on purpose: it returns with them enabled.
 */
void timer_pause(uint64_t us);
/** timer_udelay() - busy-wait @us microseconds. */
void timer_udelay(uint64_t us);
#endif
