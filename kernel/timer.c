/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stddef.h>
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "kernel/percpu.h"

#define DEC_MAX 0x7fffffffu
#define DEC_MIN TIMER_DEC_MIN

static uint32_t tb_hz;

int timer_init(uint32_t timebase_hz)
{
	if (!timebase_hz)
		return -EINVAL;
	tb_hz = timebase_hz;
	return 0;
}

uint64_t timer_us_to_ticks(uint64_t us)
{
	return us * tb_hz / 1000000u;
}

uint64_t timer_ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000u / tb_hz;
}

void timer_udelay(uint64_t us)
{
	uint64_t end = get_tb() + timer_us_to_ticks(us);

	while (get_tb() < end)
		;
}

/* Program DEC for the earliest deadline, or switch the interrupt off. */
static void reprogram(struct percpu *pc)
{
	struct timer *t = pc->timers;
	uint64_t now, delta;

	if (!t) {
		mtspr(SPRN_TCR, mfspr(SPRN_TCR) & ~TCR_DIE);
		return;
	}
	/* Clear a stale expiry before arming: clearing it after writing DEC
	 * could swallow an expiry of a very short delta, and the CPU would
	 * then sleep forever. */
	mtspr(SPRN_TSR, TSR_DIS);
	now = get_tb();
	/* QEMU 7.2 raises a DEC written below 3 at once without setting
	 * TSR[DIS], and the TCR write below would then drop it: never go
	 * that low. */
	delta = t->deadline > now + DEC_MIN ? t->deadline - now : DEC_MIN;
	mtspr(SPRN_DEC, delta > DEC_MAX ? DEC_MAX : (uint32_t)delta);
	mtspr(SPRN_TCR, (mfspr(SPRN_TCR) & ~TCR_ARE) | TCR_DIE);
}

static void unlink(struct percpu *pc, struct timer *t)
{
	struct timer **pp;

	for (pp = (struct timer **)&pc->timers; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->armed = 0;
}

void timer_interrupt(void)
{
	struct percpu *pc = this_cpu();
	struct timer *t;

	mtspr(SPRN_TSR, TSR_DIS);
	while ((t = pc->timers) && t->deadline <= get_tb()) {
		unlink(pc, t);
		t->fn(t, t->arg);
	}
	reprogram(pc);
	pc->work = 1;
}

static void timer_decr(struct trap_frame *tf)
{
	(void)tf;
	timer_interrupt();
}

void timer_cpu_init(void)
{
	trap_set_handler(IVOR_DECR, timer_decr);
	mtspr(SPRN_TSR, TSR_DIS);
}

int timer_arm(struct timer *t, uint64_t deadline, timer_fn fn, void *arg)
{
	struct percpu *pc = this_cpu();
	struct timer **pp;
	uint32_t msr;

	if (!t || !fn)
		return -EINVAL;
	msr = irq_save();
	if (t->armed)
		unlink(pc, t);
	t->deadline = deadline;
	t->fn = fn;
	t->arg = arg;
	for (pp = (struct timer **)&pc->timers; *pp && (*pp)->deadline <= deadline;
	     pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->armed = 1;
	reprogram(pc);
	irq_restore(msr);
	return 0;
}

int timer_cancel(struct timer *t)
{
	uint32_t msr = irq_save();
	int was = t->armed;

	if (was) {
		unlink(this_cpu(), t);
		reprogram(this_cpu());
	}
	irq_restore(msr);
	return was;
}

static void pause_done(struct timer *t, void *arg)
{
	(void)t;
	*(volatile int *)arg = 1;
}

/* Pauses shorter than this spin instead of sleeping: QEMU 7.2 now and then
 * loses the decrementer interrupt that should end a sleep, and a short
 * pause is where that would hang the CPU (waiting for another CPU). */
#define PAUSE_SPIN_US 1000

void timer_pause(uint64_t us)
{
	struct timer t = { 0 };
	volatile int done = 0;

	if (us < PAUSE_SPIN_US) {
		uint64_t end = get_tb() + timer_us_to_ticks(us);

		irq_enable();
		while (get_tb() < end)
			;
		return;
	}

	timer_arm(&t, get_tb() + timer_us_to_ticks(us), pause_done, (void *)&done);
	irq_disable();
	if (!done)
		cpu_idle();
	irq_enable();
	timer_cancel(&t);
}
