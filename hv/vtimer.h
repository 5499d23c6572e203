/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual Book-E core timers of a vCPU: decrementer (DEC, DECAR,
 * TCR[DIE,ARE]), fixed-interval timer (TCR[FP,FPEXT,FIE]) and watchdog
 * (TCR[WP,WPEXT,WIE,WRC], TSR[ENW,WIS,WRS]), all on the shared timebase.
 * Each runs as a one-shot kernel timer on the vCPU's physical CPU.
 */
#ifndef HV_VTIMER_H
#define HV_VTIMER_H

#include <stdint.h>

/* No FIT or watchdog expiry closer than this (2.5 us) to the last: a guest
 * choosing a tiny period gets interrupts as fast as the hypervisor can take
 * them, not a lock-up. kernel/fastpath.S keeps to it too. */
#define VTIMER_MIN_GAP 1000u

struct vcpu;

/** vtimer_dec_write() - the guest writes DEC. No return value. */
void vtimer_dec_write(struct vcpu *v, uint32_t val);
/** vtimer_dec_read() - the guest reads DEC. Returns the remaining ticks. */
uint32_t vtimer_dec_read(struct vcpu *v);
/** vtimer_tcr_write() - the guest writes TCR (WRC is sticky once set).
 * No return value. */
void vtimer_tcr_write(struct vcpu *v, uint32_t val);
/** vtimer_tsr_write() - the guest writes TSR (write one to clear).
 * No return value. */
void vtimer_tsr_write(struct vcpu *v, uint32_t val);
/** vtimer_pending() - recompute the VPEND_DEC/FIT/WDT bits from TSR and
 * TCR. No return value. */
void vtimer_pending(struct vcpu *v);
/**
 * vtimer_poll() - on @v's exit path: if the watchdog expired a third time
 * with TCR[WRC] set, reset the partition (its restart policy) and notify
 * its managers. No return value.
 */
void vtimer_poll(struct vcpu *v);
/** vtimer_stop() - disarm @v's timers (on the CPU they were armed on).
 * No return value. */
void vtimer_stop(struct vcpu *v);
#endif
