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
 *   fast_decr     (kernel/fastpath_irq.S) the real decrementer, when it fired for this vCPU's
 *                 virtual DEC or FIT at the head of the CPU's timer list
 *                 (no DEC auto-reload): TSR[DIS] or TSR[FIS] set, the real
 *                 DEC set for the next timer, and the interrupt reflected
 *                 if the guest's TCR and MSR[EE] allow; for its watchdog
 *                 (fast_wdt), TSR[ENW] then TSR[WIS] with the critical-
 *                 class watchdog interrupt, re-armed in deadline order
 *   fast_irq      (kernel/fastpath_irq.S) the virtual external (vMPIC), FIT and DEC interrupts,
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
	.globl	fast_reflect_crit
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
