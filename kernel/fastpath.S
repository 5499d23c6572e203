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
 * unusual -- a mode change the shadow MSR cannot follow, an interrupt to
 * deliver, an operand outside the handled set -- leaves through fast_slow
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
 *                 if the guest's TCR and MSR[EE] allow and nothing of
 *                 higher priority waits
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
	.globl	fast_reflect
fast_reflect:
	slwi	r11, r11, 2
	add	r11, r11, r9
#ifdef CONFIG_EXIT_STATS
	lwz	r12, V_STATS_EXIT(r11)
	addi	r12, r12, 1
	stw	r12, V_STATS_EXIT(r11)
#endif
	lwz	r11, V_VEC(r11)
	mfspr	r12, SPRN_SRR0
	stw	r12, V_SRR0(r9)
	mtspr	SPRN_SRR0, r11
	lwz	r12, V_MSR(r9)
	stw	r12, V_SRR1(r9)
	lis	r11, MSR_CLEAR_BASE@h
	ori	r11, r11, MSR_CLEAR_BASE@l
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
	bne	decr_slow		/* another timer first */
	b	5f
4:	lwz	r11, V_TCR(r9)
	andis.	r11, r11, TCR_ARE@h
	bne	decr_slow		/* auto-reload: C re-arms */
5:	/* Due? A torn timebase read only ever looks earlier: C then. */
	mfspr	r11, SPRN_TBRU
	lwz	r8, T_DEADLINE(r12)
	cmplw	r11, r8
	blt	decr_slow
	bgt	1f
	mfspr	r11, SPRN_TBRL
	lwz	r8, T_DEADLINE + 4(r12)
	cmplw	r11, r8
	blt	decr_slow
1:	/* The DEC for the next timer is computed on 32 bits: its deadline
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
	bne	1f
	andi.	r12, r11, VPEND_FIT_ASM
	li	r11, 10
	beq	2f
	li	r11, 11
	b	2f
1:	li	r11, 4
2:	STAT(VSTAT_IRQ_INJECT_ASM, r12)
	b	fast_reflect

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
	bne	1f
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
