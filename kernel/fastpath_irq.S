/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual timers and interrupts without C (see kernel/fastpath.S for the
 * conventions and the list): the real decrementer when it fired for the
 * vCPU's DEC, FIT or watchdog timer, and the delivery of the virtual
 * external, FIT and DEC interrupts wherever the guest enables them or
 * hv/vcpu.c leaves one to guest_enter.
 */
#include "kernel/fastpath.h"

	/* Next to the vectors: they reach these with conditional branches. */
	.section .text.vectors, "ax"

/* --- the virtual decrementer and fixed-interval timer ------------------- */

/*
 * What kernel/timer.c (timer_interrupt) and hv/vtimer.c (dec_expired,
 * fit_expired, vtimer_pending) and hv/vcpu.c (deliver) do for the common
 * case, in one pass: the CPU's timer list holds only this vCPU's DEC or
 * FIT timer, which is due. It is unlinked, the real DEC interrupt is
 * acknowledged and turned off (no timer left), the guest's TSR[DIS] or
 * TSR[FIS] set, and the interrupt reflected if TCR and MSR[EE] allow and
 * nothing of higher priority waits. Every other case -- a timer due early
 * (DEC_MAX clamps), other timers, auto-reload -- is C's. cr1.eq says DEC.
 */
/* On to \slow unless timer r12 is due (clobbers r8, r11). A torn
 * timebase read only ever looks earlier: C then. */
.macro DUE slow
	mfspr	r11, SPRN_TBRU
	lwz	r8, T_DEADLINE(r12)
	cmplw	r11, r8
	blt	\slow
	bgt	.Ldue\@
	mfspr	r11, SPRN_TBRL
	lwz	r8, T_DEADLINE + 4(r12)
	cmplw	r11, r8
	blt	\slow
.Ldue\@:
.endm

/*
 * kernel/timer.c reprogram() for the new head timer \head (0: none left;
 * else its deadline shares the timebase's high word, checked before):
 * the real DEC's expiry acknowledged before the DEC is rewritten, then
 * set for the head or turned off. Clobbers \t1, \t2 and CR0.
 */
.macro REPROGRAM head, t1, t2
	lis	\t1, TSR_DIS@h
	mtspr	SPRN_TSR, \t1
	cmpwi	\head, 0
	bne	.Lset\@
	mfspr	\t1, SPRN_TCR
	rlwinm	\t1, \t1, 0, 6, 4	/* DIE off: no timer left */
	mtspr	SPRN_TCR, \t1
	b	.Ldone\@
.Lset\@:
	mfspr	\t1, SPRN_TBRL
	lwz	\t2, T_DEADLINE + 4(\head)
	subf	\t2, \t1, \t2
	cmpwi	\t2, TIMER_DEC_MIN_ASM	/* due, or more than 2^31 away: soon */
	bge	.Lmin\@
	li	\t2, TIMER_DEC_MIN_ASM
.Lmin\@:
	mtspr	SPRN_DEC, \t2
.Ldone\@:
.endm

	.globl	fast_decr
fast_decr:
	stw	r9, S_R9(r10)
	stw	r8, S_R8(r10)
	lwz	r9, PC_VCPU(r10)
	lwz	r12, PC_TIMERS(r10)
	addi	r11, r9, V_DEC_TIMER
	cmpw	cr1, r12, r11
	beq	cr1, 4f
	addi	r11, r9, V_FIT_TIMER
	cmpw	r12, r11
	beq	5f
	addi	r11, r9, V_WDT_TIMER
	cmpw	r12, r11
	beq	fast_wdt
	b	decr_slow		/* another timer first */
4:	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_ARE@h
	bne	decr_slow		/* auto-reload: C re-arms */
5:	DUE	decr_slow
	/* The DEC for the next timer is computed on 32 bits: its deadline
	 * must share the timebase's high word, or C reprograms. */
	lwz	r11, T_NEXT(r12)
	cmpwi	r11, 0
	beq	9f
	mfspr	r8, SPRN_TBRU
	lwz	r11, T_DEADLINE(r11)
	cmplw	r8, r11
	bne	decr_slow
9:	lwz	r11, T_NEXT(r12)	/* unlinked: kernel/timer.c unlink() */
	stw	r11, PC_TIMERS(r10)
	li	r8, 0
	stw	r8, T_ARMED(r12)
	REPROGRAM r11, r8, r12
	beq	cr1, 6f
	lwz	r11, V_TSR(r9)		/* the FIT */
	oris	r11, r11, TSR_FIS@h
	stw	r11, V_TSR(r9)
	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_FIE@h
	beq	2f			/* the guest only polls TSR */
	li	r8, VPEND_FIT_ASM
	b	7f
6:	li	r11, 0			/* the DEC */
	stw	r11, V_DEC_RUNNING(r9)
	lwz	r11, V_TSR(r9)
	oris	r11, r11, TSR_DIS@h
	stw	r11, V_TSR(r9)
	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_DIE@h
	beq	2f
	li	r8, VPEND_DEC_ASM
7:	addi	r12, r9, V_PENDING	/* other CPUs set bits too: atomically */
3:	lwarx	r11, 0, r12
	or	r11, r11, r8
	stwcx.	r11, 0, r12
	bne-	3b
	lwz	r8, S_R8(r10)
	lwz	r12, V_FAST_IRQS(r9)
	andc.	r12, r11, r12
	bne	decr_slow		/* something only C delivers waits too */
	lwz	r12, V_MSR(r9)
	andi.	r12, r12, MSR_EE
	bne	fast_irq		/* else taken when the guest enables EE */
2:	COUNT(10, r11)
	lwz	r8, S_R8(r10)
	b	fast_return
decr_slow:
	lwz	r8, S_R8(r10)
	li	r11, 10
	b	fast_slow

/*
 * The virtual watchdog's timer at the head of the CPU's list (r12):
 * hv/vtimer.c wdt_expired()'s first two steps, TSR[ENW] and then TSR[WIS]
 * with the watchdog interrupt (critical class) if TCR[WIE] and MSR[CE]
 * allow, re-armed as wdt_rearm() does: one period, 2^(64 - n) ticks with
 * n = WP||WPEXT, after this expiry, in deadline order in the list (after
 * every timer due no later, as timer_arm() inserts). C's: the last step
 * (the reset), periods of 2^32 ticks or more, a head deadline outside the
 * timebase's current high word, a next expiry closer than VTIMER_MIN_GAP,
 * a critical input waiting too. Every check comes before any change.
 * cr1.eq: the WIS step. r5-r7 parked in the save slots.
 */
fast_wdt:
	stw	r7, S_R7(r10)
	stw	r6, S_R6(r10)
	stw	r5, S_R5(r10)
	DUE	wdt_slow
	lwz	r6, V_TSR(r9)
	andis.	r11, r6, TSR_ENW@h
	crclr	4*cr1+eq
	bne	2f
	andis.	r11, r6, TSR_WIS@h	/* the ENW step: re-armed, unless WIS */
	beq	3f			/* is set too (the guest cleared ENW) */
	b	1f
2:	andis.	r11, r6, TSR_WIS@h
	bne	wdt_slow		/* the reset step */
	crset	4*cr1+eq
1:	lwz	r11, V_TCR(r9)		/* ENW and WIS now: wdt_rearm()'s test */
	andis.	r11, r11, TCR_WRC_MASK@h
	beq	wdt_unarmed		/* no reset to come */
	andis.	r11, r6, TSR_WRS_MASK@h
	bne	wdt_unarmed
	lwz	r11, V_WDT_RESET(r9)
	cmpwi	r11, 0
	bne	wdt_unarmed
3:	lwz	r11, V_TCR(r9)		/* r7 = 64 - n = b + 1 */
	rlwinm	r7, r11, 2, 30, 31	/* WP */
	rlwinm	r11, r11, 17, 26, 29	/* WPEXT << 2 */
	or	r7, r7, r11
	neg	r7, r7
	addi	r7, r7, 64		/* not subfic: the guest's XER[CA] is live */
	cmplwi	r7, 31
	bgt	wdt_slow
	/* hv/vtimer.c next_rise(): the first t after now with t mod 2^(b+1)
	 * = 2^b; on the low word, the period being below 2^32. r8:r7 = t. */
	li	r11, 1
	slw	r11, r11, r7		/* 2^(b+1) */
	mfspr	r8, SPRN_TBRU		/* high first: a torn read looks earlier, */
	mfspr	r7, SPRN_TBRL		/* and the high-word check below sends it to C */
	srwi	r6, r11, 1
	add	r6, r7, r6		/* now + 2^b */
	addi	r5, r11, -1
	and	r6, r6, r5		/* its phase */
	subf	r6, r6, r11
	add	r7, r7, r6		/* now + 2^(b+1) - phase */
	cmplw	r7, r6			/* the carry, without XER[CA] */
	bge	4f
	addi	r8, r8, 1
4:	mfspr	r11, SPRN_TBRU
	cmplw	r8, r11
	bne	wdt_slow
	mfspr	r11, SPRN_TBRL
	cmplw	r7, r11
	ble	wdt_slow
	subf	r11, r11, r7
	cmplwi	r11, VTIMER_MIN_GAP_ASM
	blt	wdt_slow
	lwz	r11, T_NEXT(r12)	/* the next timer first? */
	cmpwi	r11, 0
	beq	6f
	lwz	r6, T_DEADLINE(r11)
	cmplw	r6, r8
	blt	5f
	bgt	6f
	lwz	r6, T_DEADLINE + 4(r11)
	cmplw	r6, r7
	bgt	6f
5:	mfspr	r5, SPRN_TBRU		/* it becomes the head */
	lwz	r6, T_DEADLINE(r11)
	cmplw	r6, r5
	bne	wdt_slow
	stw	r11, PC_TIMERS(r10)	/* committed from here */
7:	lwz	r6, T_NEXT(r11)		/* r11: the last timer due no later */
	cmpwi	r6, 0
	beq	9f
	lwz	r5, T_DEADLINE(r6)
	cmplw	r5, r8
	blt	8f
	bgt	9f
	lwz	r5, T_DEADLINE + 4(r6)
	cmplw	r5, r7
	bgt	9f
8:	mr	r11, r6
	b	7b
9:	stw	r6, T_NEXT(r12)
	stw	r12, T_NEXT(r11)
	stw	r8, T_DEADLINE(r12)
	stw	r7, T_DEADLINE + 4(r12)
	lwz	r11, PC_TIMERS(r10)
	b	wdt_dec
6:	stw	r8, T_DEADLINE(r12)	/* it stays the head */
	stw	r7, T_DEADLINE + 4(r12)
	mr	r11, r12
wdt_dec:				/* the real DEC for head r11 */
	REPROGRAM r11, r6, r5
wdt_status:
	lwz	r6, V_TSR(r9)
	lis	r5, TSR_ENW@h
	bne	cr1, 1f
	lis	r5, TSR_WIS@h
1:	or	r6, r6, r5
	stw	r6, V_TSR(r9)
	lwz	r7, S_R7(r10)
	lwz	r6, S_R6(r10)
	lwz	r5, S_R5(r10)
	bne	cr1, 2f			/* ENW: nothing to deliver */
	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_WIE@h
	beq	2f
	addi	r12, r9, V_PENDING
3:	lwarx	r11, 0, r12
	ori	r11, r11, VPEND_WDT_ASM
	stwcx.	r11, 0, r12
	bne-	3b
	andi.	r11, r11, VPEND_CRIT_ASM
	bne	decr_slow		/* the critical input first: C */
	lwz	r11, V_MSR(r9)
	andis.	r11, r11, MSR_CE@h
	beq	2f			/* held until the guest sets CE (C) */
	lwz	r8, S_R8(r10)
	STAT(VSTAT_IRQ_INJECT_ASM, r11)
	li	r11, 12
	b	fast_reflect_crit
2:	COUNT(10, r11)
	lwz	r8, S_R8(r10)
	b	fast_return
wdt_slow:
	lwz	r7, S_R7(r10)
	lwz	r6, S_R6(r10)
	lwz	r5, S_R5(r10)
	b	decr_slow
wdt_unarmed:				/* unlinked, as fast_decr's DEC and FIT */
	lwz	r11, T_NEXT(r12)
	cmpwi	r11, 0
	beq	1f
	mfspr	r5, SPRN_TBRU
	lwz	r6, T_DEADLINE(r11)
	cmplw	r6, r5
	bne	wdt_slow
1:	stw	r11, PC_TIMERS(r10)	/* committed from here */
	li	r6, 0
	stw	r6, T_ARMED(r12)
	b	wdt_dec

/* --- virtual interrupts the assembly delivers ----------------------------- */

/*
 * The bits of vcpu->fast_irqs (hv/vcpu.c: vcpu_irq_route) -- the external
 * input (not in external proxy mode), the FIT and the DEC; none while a
 * KVM magic page holds the guest's state -- are reflected here, in
 * hv/vcpu.c deliver()'s order: external, FIT, DEC. fast_irq: r9 = vcpu,
 * r11 = pending interrupts, all of them in fast_irqs (callers send any
 * other to C first), the guest's MSR in V_MSR with EE set, SRR0 = where it
 * resumes.
 */
	.globl	fast_irq
fast_irq:
	andi.	r12, r11, VPEND_EXT_ASM
	bne	3f
	andi.	r12, r11, VPEND_FIT_ASM
	li	r11, 10
	beq	2f
	li	r11, 11
	b	2f
3:	lwz	r12, V_FAST_IRQS(r9)
	andi.	r12, r12, VPEND_OFFER_ASM
	bne	fast_irq_claim
1:	li	r11, 4
2:	STAT(VSTAT_IRQ_INJECT_ASM, r12)
	b	fast_reflect

/* External proxy: claim the vMPIC's offer (hv/vmpic.c: offer, vmpic_take)
 * -- OFFER, its vector and EXT cleared in one step -- and put the vector
 * in EPR; an offer withdrawn meanwhile leaves nothing to deliver. */
fast_irq_claim:
	stw	r8, S_R8(r10)
	addi	r12, r9, V_PENDING
4:	lwarx	r11, 0, r12
	andi.	r8, r11, VPEND_OFFER_ASM
	beq	5f
	andi.	r8, r11, VPEND_CLAIM_KEEP_ASM
	stwcx.	r8, 0, r12
	bne-	4b
	srwi	r11, r11, 16
	stw	r11, V_EPR(r9)
	lwz	r8, S_R8(r10)
	b	1b
5:	lwz	r8, S_R8(r10)		/* withdrawn: a FIT or DEC may still go */
	andi.	r11, r11, VPEND_FIT_ASM | VPEND_DEC_ASM
	bne	fast_irq
	b	fast_return

/*
 * guest_enter's first step, after hv/vcpu.c deliver() chose one of the
 * fast_irqs and left it to this (it reflects the others itself, which
 * clears MSR[EE]): the same reflection as fast_reflect's, on the state in
 * struct vcpu. r3 = vcpu; clobbers r0, r4-r6 and CR0, which guest_enter
 * reloads.
 */
	.globl	fast_enter_irq
fast_enter_irq:
	lwz	r4, V_PENDING(r3)
	lwz	r5, V_FAST_IRQS(r3)
	and.	r4, r4, r5
	beqlr
	lwz	r5, V_MSR(r3)
	andi.	r6, r5, MSR_EE
	beqlr
	andi.	r0, r4, VPEND_EXT_ASM
	li	r6, 4 * 4
	bne	2f
	andi.	r0, r4, VPEND_FIT_ASM
	li	r6, 4 * 11
	bne	1f
	li	r6, 4 * 10
1:	add	r4, r6, r3
	lwz	r4, V_VEC(r4)
	lwz	r0, V_PC(r3)
	stw	r0, V_SRR0(r3)
	stw	r4, V_PC(r3)
	stw	r5, V_SRR1(r3)
	lis	r6, MSR_CLEAR_BASE@h
	ori	r6, r6, MSR_CLEAR_BASE@l
	andc	r5, r5, r6
	stw	r5, V_MSR(r3)
	lwz	r4, V_TID(r3)		/* tid[0]: guest supervisor, AS 0 */
	stw	r4, V_SHADOW_PID(r3)
	lwz	r4, V_SHADOW_BASE(r3)
	stw	r4, V_SHADOW_MSR(r3)
#ifdef CONFIG_EXIT_STATS
	lwz	r4, V_STATS + 4 * VSTAT_IRQ_INJECT_ASM(r3)
	addi	r4, r4, 1
	stw	r4, V_STATS + 4 * VSTAT_IRQ_INJECT_ASM(r3)
	lwz	r4, V_STATS + 4 * VSTAT_REFLECT_ASM(r3)
	addi	r4, r4, 1
	stw	r4, V_STATS + 4 * VSTAT_REFLECT_ASM(r3)
#endif
	blr
2:	lwz	r0, V_FAST_IRQS(r3)	/* external proxy: claim, as fast_irq_claim */
	lwz	r6, V_PENDING(r3)	/* an offer seen before the new mode is */
	or	r0, r0, r6		/* one: claimed, never taken as a plain EXT */
	andi.	r0, r0, VPEND_OFFER_ASM
	li	r6, 4 * 4
	beq	1b
	addi	r6, r3, V_PENDING
3:	lwarx	r4, 0, r6
	andi.	r0, r4, VPEND_OFFER_ASM
	beq	4f
	andi.	r0, r4, VPEND_CLAIM_KEEP_ASM
	stwcx.	r0, 0, r6
	bne-	3b
	srwi	r4, r4, 16
	stw	r4, V_EPR(r3)
	li	r6, 4 * 4
	b	1b
4:	andi.	r0, r4, VPEND_FIT_ASM	/* withdrawn: a FIT or DEC may still go */
	li	r6, 4 * 11
	bne	1b
	andi.	r0, r4, VPEND_DEC_ASM
	li	r6, 4 * 10
	bne	1b
	blr
