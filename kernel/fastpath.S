/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest fast paths: exits handled without building a frame or calling C.
 * Entered from the FASTVECTOR vectors in kernel/exceptions.S when SRR1[PR]
 * says the exception came from a guest, with
 *   r10 = percpu, r11 = IVOR, guest r10 in SPRG1, guest r11/r12/CR parked
 *   in percpu->save[0][0..2].
 * They park r9 (and LR, r3-r8 where used) in save[0][3..], keep every
 * other guest register live in the real registers, and touch only struct
 * vcpu fields that hv/vcpu.c keeps precomputed (shadow PIDs per guest
 * mode, IVPR|IVORn, the RAM window, the pending-interrupt word). Anything
 * unusual -- a mode change the shadow MSR cannot follow, an interrupt only
 * C delivers, an operand outside the handled set -- leaves through fast_slow
 * to guest_exit with every register restored, so the C path sees the exit
 * as if it came straight from the vector.
 *
 *   fast_syscall  a guest-user sc, reflected to the guest kernel's IVOR8;
 *                 the null hypercall (local token 0) from the guest kernel
 *   fast_program  (kernel/fastpath_emul.S) a privileged instruction from the guest kernel:
 *                 mfmsr (with a wrteei 0 right after it, both), mtmsr,
 *                 wrtee, wrteei, rfi, tlbwe to TLB0, and mfspr/mtspr of
 *                 every SPR hv/spr.c keeps as plain storage for this core
 *                 (SRR0/1, CSRR0/1, DEAR, ESR, SPRG0-7 reads, SPRG0-2
 *                 writes, MAS0-7, ...: spr_fast_read/spr_fast_write);
 *                 any program interrupt from guest user mode, reflected
 *   fast_dsi, fast_isi, fast_align, fast_fpunavail, fast_spe*
 *                 reflected to the guest's own vector with its ESR/DEAR
 *                 set as the core sets them (DSI/ISI only while the guest's
 *                 MSR[IS] = MSR[DS]: split shadow entries need C)
 *   fast_decr     the real decrementer, when it fired for this vCPU's
 *                 virtual DEC or FIT at the head of the CPU's timer list
 *                 (no DEC auto-reload): TSR[DIS] or TSR[FIS] set, the real
 *                 DEC set for the next timer, and the interrupt reflected
 *                 if the guest's TCR and MSR[EE] allow; for its watchdog
 *                 (fast_wdt), TSR[ENW] then TSR[WIS] with the critical-
 *                 class watchdog interrupt, re-armed in deadline order
 *   fast_irq      the virtual external (vMPIC), FIT and DEC interrupts,
 *                 when wrteei/wrtee/mtmsr/rfi enable MSR[EE] with one
 *                 pending or the decrementer raises one; in external proxy
 *                 mode the vMPIC's offer is claimed and its vector put in
 *                 EPR. fast_enter_irq does the same on guest_enter, for
 *                 what hv/vcpu.c deliver() left to it after a C exit
 *   fast_dtlb, fast_itlb (kernel/fastpath_tlb.S)
 *                 a TLB miss: the guest TLB0 set and the valid guest TLB1
 *                 entries are searched here. A TLB0 hit on the partition's
 *                 RAM window is installed in the real TLB0 (the shadow
 *                 refill); no hit at all is reflected to the guest with
 *                 MAS0-2/6 loaded as the core loads them. A TLB1 hit, a
 *                 device or emulated page, the magic page, an access the
 *                 guest's entry denies: C.
 *
 * The instruction is read through the guest's own shadow translation (it
 * was just fetched through it): an external-PID load (lwepx) on cores that
 * have one, else MSR[DS] set for one load; shadow entries carry SR for
 * exactly this.
 */
#include "kernel/fastpath.h"

	/* Next to the vectors: they reach these with conditional branches. */
	.section .text.vectors, "ax"

/* Back to the guest: its r9-r12 and CR, then rfi. */
	.globl	fast_return
fast_return:
	lwz	r12, S_CR(r10)
	mtcr	r12
	lwz	r9, S_R9(r10)
	lwz	r11, S_R11(r10)
	lwz	r12, S_R12(r10)
	mfspr	r10, SPRN_SPRG_BSCRATCH
	rfi

/* To the C exit path, every guest register as the vector found it. */
	.globl	fast_slow_6_lr
fast_slow_6_lr:
	lwz	r12, S_LR(r10)
	mtlr	r12
	.globl	fast_slow_6
fast_slow_6:
	li	r11, 6
	.globl	fast_slow
fast_slow:
	lwz	r9, S_R9(r10)
	b	guest_exit

/* --- system call -------------------------------------------------------- */

	.globl	fast_syscall
fast_syscall:
	stw	r9, S_R9(r10)
	lwz	r9, PC_VCPU(r10)
	lwz	r12, V_MSR(r9)
	andi.	r11, r12, MSR_PR
	beq	1f			/* from the guest kernel: hypercall or its own */
	lis	r11, GUEST_HCALL_MAGIC@h
	ori	r11, r11, GUEST_HCALL_MAGIC@l
	cmpw	r0, r11
	beq	2f			/* a hypercall from guest user mode: C refuses it */
	li	r11, 8
	b	fast_reflect
1:	/* The guest kernel's sc: the null hypercall (token 0) is answered
	 * here; any other hypercall, and the guest's own sc, go to C. */
	lis	r11, GUEST_HCALL_MAGIC@h
	ori	r11, r11, GUEST_HCALL_MAGIC@l
	cmpw	r0, r11
	bne	2f
	lwz	r11, S_R11(r10)		/* the token */
	cmpwi	r11, 0
	bne	2f
	lwz	r11, V_HCALL_OK(r9)
	cmpwi	r11, 0
	beq	2f
	li	r3, 0			/* EV_SUCCESS */
	COUNT(8, r11)
	b	fast_return
2:	li	r11, 8
	b	fast_slow

/* --- reflected exceptions ------------------------------------------------ */

/*
 * Deliver IVOR r11 to the guest as the core would: SRR0/SRR1 get the
 * interrupted PC and the guest's MSR (never QEMU's extra SRR1 bits), the
 * new MSR clears what every base-class interrupt clears, and the guest
 * continues at IVPR|IVORn in supervisor mode, AS 0. r9 = vcpu; the
 * caller has stored ESR and DEAR where the class sets them.
 */
/* r11 = IVPR|IVORn of IVOR r11 (counted as its exit), SRR0 := it,
 * r12 = the interrupted PC. */
.macro REFLECT_VECTOR
	slwi	r11, r11, 2
	add	r11, r11, r9
#ifdef CONFIG_EXIT_STATS
	lwz	r12, V_STATS_EXIT(r11)
	addi	r12, r12, 1
	stw	r12, V_STATS_EXIT(r11)
#endif
	lwz	r11, V_VEC(r11)
	mfspr	r12, SPRN_SRR0
	mtspr	SPRN_SRR0, r11
.endm

	.globl	fast_reflect
fast_reflect:
	REFLECT_VECTOR
	stw	r12, V_SRR0(r9)
	lwz	r12, V_MSR(r9)
	stw	r12, V_SRR1(r9)
	lis	r11, MSR_CLEAR_BASE@h
	ori	r11, r11, MSR_CLEAR_BASE@l
reflect_msr:
	andc	r12, r12, r11
	stw	r12, V_MSR(r9)
	lwz	r11, V_TID(r9)		/* tid[0]: guest supervisor, AS 0 */
	mtspr	SPRN_PID, r11
	stw	r11, V_SHADOW_PID(r9)
	SET_EPLC(r11)
	lwz	r11, V_SHADOW_BASE(r9)	/* FP, SPE, FE0/1, UCLE all cleared */
	mtspr	SPRN_SRR1, r11
	stw	r11, V_SHADOW_MSR(r9)
	STAT(VSTAT_REFLECT_ASM, r11)
	b	fast_return

/* The same for a critical-class IVOR r11: CSRR0/CSRR1, CE and DE cleared. */
fast_reflect_crit:
	REFLECT_VECTOR
	stw	r12, V_CSRR0(r9)
	lwz	r12, V_MSR(r9)
	stw	r12, V_CSRR1(r9)
	lis	r11, MSR_CLEAR_CRIT@h
	ori	r11, r11, MSR_CLEAR_CRIT@l
	b	reflect_msr

/* One reflected class: \esr / \dear copy those registers to the guest's;
 * \split sends split-mode exits to C (hv/vcpu.c: exit_dsi, exit_isi). */
.macro REFLECT name, ivor, esr, dear, split=0
	.globl	fast_\name
fast_\name:
	stw	r9, S_R9(r10)
	lwz	r9, PC_VCPU(r10)
	.if \split
	SPLIT_MODE
	li	r11, \ivor
	bne	fast_slow
	.endif
	.if \esr
	mfspr	r12, SPRN_ESR
	stw	r12, V_ESR(r9)
	.endif
	.if \dear
	mfspr	r12, SPRN_DEAR
	stw	r12, V_DEAR(r9)
	.endif
	li	r11, \ivor
	b	fast_reflect
.endm

	REFLECT	dsi, 2, 1, 1, 1
	REFLECT	isi, 3, 1, 1, 1		/* DEAR too, as hv/vcpu.c does */
	REFLECT	align, 5, 0, 1		/* QEMU's e500 leaves ESR alone */
	REFLECT	fpunavail, 7, 0, 0
	REFLECT	speunavail, 32, 1, 0	/* ESR[SPV] as the core sets it */
	REFLECT	spedata, 33, 1, 1
	REFLECT	speround, 34, 1, 1

/* A program interrupt from guest user mode is the guest's: illegal,
 * privileged, trap. ESR as the core reports it, less ST/AP/SPV. */
	.globl	fast_program_user
fast_program_user:
	mfspr	r12, SPRN_ESR
	rlwinm	r12, r12, 0, 9, 7	/* ST */
	rlwinm	r12, r12, 0, 12, 10	/* AP */
	rlwinm	r12, r12, 0, 25, 23	/* SPV */
	stw	r12, V_ESR(r9)
	li	r11, 6
	b	fast_reflect

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
	lis	r8, TSR_DIS@h		/* acknowledged before the DEC is rewritten */
	mtspr	SPRN_TSR, r8
	cmpwi	r11, 0
	bne	10f
	mfspr	r8, SPRN_TCR
	rlwinm	r8, r8, 0, 6, 4		/* DIE off: no timer left */
	mtspr	SPRN_TCR, r8
	b	11f
10:	mfspr	r8, SPRN_TBRL		/* kernel/timer.c reprogram() */
	lwz	r12, T_DEADLINE + 4(r11)
	subf	r12, r8, r12
	cmpwi	r12, TIMER_DEC_MIN_ASM	/* due, or more than 2^31 away: soon */
	bge	12f
	li	r12, TIMER_DEC_MIN_ASM
12:	mtspr	SPRN_DEC, r12
11:	beq	cr1, 6f
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
	beq	3f			/* the ENW step: re-armed */
	andis.	r11, r6, TSR_WIS@h
	bne	wdt_slow		/* the reset step */
	crset	4*cr1+eq
	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_WRC_MASK@h
	beq	wdt_unarmed		/* no reset to come */
	andis.	r11, r6, TSR_WRS_MASK@h
	bne	wdt_unarmed
3:	lwz	r11, V_TCR(r9)		/* r7 = 64 - n */
	rlwinm	r7, r11, 2, 30, 31	/* WP */
	rlwinm	r11, r11, 17, 26, 29	/* WPEXT << 2 */
	or	r7, r7, r11
	neg	r7, r7
	addi	r7, r7, 64		/* not subfic: the guest's XER[CA] is live */
	cmplwi	r7, 31
	bgt	wdt_slow
	li	r11, 1
	slw	r11, r11, r7
	lwz	r7, T_DEADLINE + 4(r12)	/* r8:r7 = deadline + period */
	lwz	r8, T_DEADLINE(r12)
	add	r7, r7, r11
	cmplw	r7, r11			/* the carry, without XER[CA] */
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
	lis	r6, TSR_DIS@h
	mtspr	SPRN_TSR, r6
	mfspr	r6, SPRN_TBRL
	lwz	r5, T_DEADLINE + 4(r11)
	subf	r5, r6, r5
	cmpwi	r5, TIMER_DEC_MIN_ASM
	bge	1f
	li	r5, TIMER_DEC_MIN_ASM
1:	mtspr	SPRN_DEC, r5
	b	wdt_status
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
	cmpwi	r11, 0
	bne	wdt_dec
	lis	r6, TSR_DIS@h
	mtspr	SPRN_TSR, r6
	mfspr	r6, SPRN_TCR
	rlwinm	r6, r6, 0, 6, 4		/* DIE off: no timer left */
	mtspr	SPRN_TCR, r6
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
5:	lwz	r8, S_R8(r10)
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
	andi.	r0, r0, VPEND_OFFER_ASM
	beq	1b
	addi	r6, r3, V_PENDING
3:	lwarx	r4, 0, r6
	andi.	r0, r4, VPEND_OFFER_ASM
	beqlr
	andi.	r0, r4, VPEND_CLAIM_KEEP_ASM
	stwcx.	r0, 0, r6
	bne-	3b
	srwi	r4, r4, 16
	stw	r4, V_EPR(r3)
	li	r6, 4 * 4
	b	1b

/*
 * int guest_fetch(uint32_t ea, uint32_t *insn): load the guest's word at
 * @ea through its current shadow translation, as the fast paths do, for
 * the C exit path. Returns 0, or -1 when nothing translates it: the miss
 * is caught through kernel/trap.c's fixup table (guest_fetch_insn ->
 * guest_fetch_fail). Called with external interrupts off.
 */
	.text
	.globl	guest_fetch
guest_fetch:
#ifdef CONFIG_CPU_HAS_EPID
	.globl	guest_fetch_insn
guest_fetch_insn:
	lwepx	r5, 0, r3
#else
	mfmsr	r6
	ori	r7, r6, MSR_DS
	mtmsr	r7
	isync
	.globl	guest_fetch_insn
guest_fetch_insn:
	lwz	r5, 0(r3)
	mtmsr	r6
	isync
#endif
	stw	r5, 0(r4)
	li	r3, 0
	blr
	.globl	guest_fetch_fail
guest_fetch_fail:
#ifndef CONFIG_CPU_HAS_EPID
	mtmsr	r6
	isync
#endif
	li	r3, -1
	blr
