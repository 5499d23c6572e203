/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual Book-E timers (see hv/vtimer.h). The FIT and the watchdog fire
 * when their selected timebase bit goes from 0 to 1: on e500 the bit is
 * FP||FPEXT (WP||WPEXT), numbered from the most significant bit of the
 * 64-bit timebase. A timer is armed only while its next expiry can change
 * TSR, so a guest that leaves TSR[FIS] set, or its watchdog at the end of
 * its state machine, costs nothing.
 *
 * QEMU 7.2 never fires either timer natively (it re-arms them only while
 * their status bit is already set); these follow the e500 core manual.
 */
#include "hv/vtimer.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/fslmgmt.h"
#include "kernel/ppc.h"
#include "kernel/atomic.h"
#include "kernel/percpu.h"
#include "kernel/console.h"

#define MIN_GAP VTIMER_MIN_GAP

/* --- decrementer ---------------------------------------------------------- */

static void dec_expired(struct timer *t, void *arg)
{
	struct vcpu *v = arg;

	(void)t;
	v->tsr |= TSR_DIS;
	vtimer_pending(v);
	if ((v->tcr & TCR_ARE) && v->decar) {
		v->dec_deadline += v->decar;
		timer_arm(&v->dec_timer, v->dec_deadline, dec_expired, v);
	} else {
		v->dec_running = 0;
	}
	this_cpu()->work = WORK_WAKE;
}

void vtimer_dec_write(struct vcpu *v, uint32_t val)
{
	timer_cancel(&v->dec_timer);
	v->dec_running = val != 0;
	v->dec_deadline = get_tb() + val;
	if (val)
		timer_arm(&v->dec_timer, v->dec_deadline, dec_expired, v);
}

uint32_t vtimer_dec_read(struct vcpu *v)
{
	uint64_t now = get_tb();

	if (!v->dec_running || now >= v->dec_deadline)
		return 0;
	return (uint32_t)(v->dec_deadline - now);
}

/* --- FIT and watchdog ---------------------------------------------------- */

/* Timebase bit (0 = least significant) selected by a period field pair. */
static unsigned int period_bit(uint32_t tcr, uint32_t hi_mask, unsigned int hi_shift,
			       uint32_t ext_mask, unsigned int ext_shift)
{
	uint32_t n = ((tcr & hi_mask) >> hi_shift) | (((tcr & ext_mask) >> ext_shift) << 2);

	return 63 - n;
}

/*
 * Next time after now at which timebase bit @b goes from 0 to 1:
 * t mod 2^(b+1) == 2^b. 0 when it is too far to matter (bit 63, or more
 * than 2^62 ticks away).
 */
static uint64_t next_rise(unsigned int b, uint64_t now)
{
	uint64_t span, phase, next;

	if (b >= 62)
		return 0;
	span = 2ull << b;
	phase = (now + (1ull << b)) & (span - 1);
	next = now + (span - phase);
	return next < now + MIN_GAP ? now + MIN_GAP : next;
}

static void fit_expired(struct timer *t, void *arg);
static void wdt_expired(struct timer *t, void *arg);

static void arm_at(struct timer *t, unsigned int bit, timer_fn fn, struct vcpu *v)
{
	uint64_t when = next_rise(bit, get_tb());

	if (when)
		timer_arm(t, when, fn, v);
	else
		timer_cancel(t);
}

/* Re-arm the FIT if its next expiry would set TSR[FIS]. */
static void fit_rearm(struct vcpu *v)
{
	if (v->tsr & TSR_FIS) {
		timer_cancel(&v->fit_timer);
		return;
	}
	arm_at(&v->fit_timer, period_bit(v->tcr, TCR_FP_MASK, 24, TCR_FPEXT_MASK, 13),
	       fit_expired, v);
}

/* Re-arm the watchdog unless it sits at its last state (ENW and WIS set),
 * where a further expiry is the reset, which has been taken or is off. */
static void wdt_rearm(struct vcpu *v)
{
	if ((v->tsr & (TSR_ENW | TSR_WIS)) == (TSR_ENW | TSR_WIS) &&
	    (v->wdt_reset || !(v->tcr & TCR_WRC_MASK) || (v->tsr & TSR_WRS_MASK))) {
		timer_cancel(&v->wdt_timer);
		return;
	}
	arm_at(&v->wdt_timer, period_bit(v->tcr, TCR_WP_MASK, 30, TCR_WPEXT_MASK, 17),
	       wdt_expired, v);
}

static void fit_expired(struct timer *t, void *arg)
{
	struct vcpu *v = arg;

	(void)t;
	v->tsr |= TSR_FIS;
	vtimer_pending(v);
	this_cpu()->work = WORK_WAKE;
}

/* The watchdog's state machine: enable-next, then interrupt status, then
 * the reset TCR[WRC] selects (none if 0). */
static void wdt_expired(struct timer *t, void *arg)
{
	struct vcpu *v = arg;

	(void)t;
	if (!(v->tsr & TSR_ENW)) {
		v->tsr |= TSR_ENW;
	} else if (!(v->tsr & TSR_WIS)) {
		v->tsr |= TSR_WIS;
		vtimer_pending(v);
	} else if (v->tcr & TCR_WRC_MASK) {
		v->tsr |= ((v->tcr & TCR_WRC_MASK) >> TCR_WRC_SHIFT) << TSR_WRS_SHIFT;
		v->wdt_reset = 1; /* acted on in vtimer_poll(), outside the interrupt */
	}
	wdt_rearm(v);
	this_cpu()->work = WORK_WAKE;
}

void vtimer_pending(struct vcpu *v)
{
	uint32_t set = 0;

	if ((v->tsr & TSR_DIS) && (v->tcr & TCR_DIE))
		set |= VPEND_DEC;
	if ((v->tsr & TSR_FIS) && (v->tcr & TCR_FIE))
		set |= VPEND_FIT;
	if ((v->tsr & TSR_WIS) && (v->tcr & TCR_WIE))
		set |= VPEND_WDT;
	atomic_update(&v->pending, VPEND_DEC | VPEND_FIT | VPEND_WDT, set);
}

void vtimer_tcr_write(struct vcpu *v, uint32_t val)
{
	/* Software can set WRC but not clear it: only a reset does. */
	v->tcr = val | (v->tcr & TCR_WRC_MASK);
	vtimer_pending(v);
	fit_rearm(v);
	wdt_rearm(v);
}

void vtimer_tsr_write(struct vcpu *v, uint32_t val)
{
	v->tsr &= ~val;
	vtimer_pending(v);
	if (val & TSR_FIS)
		fit_rearm(v);
	if (val & (TSR_ENW | TSR_WIS | TSR_WRS_MASK))
		wdt_rearm(v);
}

void vtimer_poll(struct vcpu *v)
{
	struct partition *p = v->part;

	if (!v->wdt_reset)
		return;
	v->wdt_reset = 0;
	kprintf("partition %s: vcpu %u watchdog expired (TCR[WRC] %lu): %s\n", p->cfg->name,
		v->id, (unsigned long)((v->tcr & TCR_WRC_MASK) >> TCR_WRC_SHIFT),
		p->cfg->restart == CONFIG_RESTART_RESTART ? "restarting" : "stopping");
	fslmgmt_error(p, "watchdog", "watchdog expired", v->pc);
	fslmgmt_notify(p, FSLMGMT_EV_WATCHDOG);
	partition_request(p, p->cfg->restart == CONFIG_RESTART_RESTART ?
			  PART_REQ_RESTART : PART_REQ_STOP, "watchdog");
}

void vtimer_stop(struct vcpu *v)
{
	timer_cancel(&v->dec_timer);
	timer_cancel(&v->fit_timer);
	timer_cancel(&v->wdt_timer);
}
