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
 *   fast_program  a privileged instruction from the guest kernel:
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
 *   fast_dtlb, fast_itlb
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
#include "kernel/ppc.h"
#include "generated/autoconf.h"
#include "generated/asm-offsets.h"

#define GUEST_HCALL_MAGIC 0x4b564d21 /* "KVM!": hv/guest_dt.h */

#define S_R11 (PC_SAVE + 0)
#define S_R12 (PC_SAVE + 4)
#define S_CR  (PC_SAVE + 8)
#define S_R9  (PC_SAVE + 12)
#define S_LR  (PC_SAVE + 16)
#define S_R8  (PC_SAVE + 20)
#define S_TMP (PC_SAVE + 24)
#define S_R3  (PC_SAVE + 28)
#define S_R4  (PC_SAVE + 32)
#define S_R5  (PC_SAVE + 36)
#define S_R6  (PC_SAVE + 40)
#define S_R7  (PC_SAVE + 44)
#define S_IVOR (PC_SAVE + 48)

/* Every field the fast paths address must fit a 16-bit displacement. */
.if (V_STATS + 4 * VSTAT_COUNT_ASM) > 32767 || (V_TLB1 + 64 * 16) > 32767
.error "struct vcpu outgrew the fast paths' displacements"
.endif
.if GTLB_TLB0_SETS_ASM != 128 || GTLB_TLB0_WAYS_ASM != 4 || GTLB_ENTRY_SIZE_ASM != 16
.error "the fast TLB search assumes a 128-set 4-way TLB0 of 16-byte entries"
.endif

/* Cleared by every base-class interrupt (Book-E). */
#define MSR_CLEAR_BASE (MSR_WE | MSR_EE | MSR_PR | MSR_FP | MSR_FE0 | MSR_FE1 | \
			MSR_IS | MSR_DS | MSR_SPE | MSR_UCLE)
/* Guest MSR bits whose change moves the shadow MSR: left to C in mtmsr. */
#define MSR_SHADOW_LO (MSR_PR | MSR_IS | MSR_DS | MSR_FP | MSR_FE0 | MSR_FE1)
#define MSR_SHADOW_HI ((MSR_WE | MSR_SPE | MSR_UCLE) >> 16)
#define MSR_LIVE_LO (MSR_FP | MSR_FE0 | MSR_FE1)
#define MSR_LIVE_HI ((MSR_SPE | MSR_UCLE) >> 16)


	/* Next to the vectors: they reach these with conditional branches. */
	.section .text.vectors, "ax"
/* Count a completed fast exit in vcpu->stats_exit[ivor], using @reg. */
#ifdef CONFIG_EXIT_STATS
#define COUNT(ivor, reg)				\
	lwz	reg, V_STATS_EXIT + 4 * (ivor)(r9);	\
	addi	reg, reg, 1;				\
	stw	reg, V_STATS_EXIT + 4 * (ivor)(r9)
/* Count a hypervisor action in vcpu->stats[stat] (enum vcpu_stat). */
#define STAT(stat, reg)					\
	lwz	reg, V_STATS + 4 * (stat)(r9);		\
	addi	reg, reg, 1;				\
	stw	reg, V_STATS + 4 * (stat)(r9)
#else
#define COUNT(ivor, reg)
#define STAT(stat, reg)
#endif

/* EPLC follows the real PID where lwepx fetches guest instructions. */
#ifdef CONFIG_CPU_HAS_EPID
#define SET_EPLC(reg)				\
	oris	reg, reg, EPLC_EAS@h;		\
	mtspr	SPRN_EPLC, reg
#else
#define SET_EPLC(reg)
#endif

/* Back to the guest: its r9-r12 and CR, then rfi. */
fast_return:
	lwz	r12, S_CR(r10)
	mtcr	r12
	lwz	r9, S_R9(r10)
	lwz	r11, S_R11(r10)
	lwz	r12, S_R12(r10)
	mfspr	r10, SPRN_SPRG_BSCRATCH
	rfi

/* To the C exit path, every guest register as the vector found it. */
fast_slow_6_lr:
	lwz	r12, S_LR(r10)
	mtlr	r12
fast_slow_6:
	li	r11, 6
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

/* r11 := 0 if the guest's MSR[IS] = MSR[DS], else non-zero (CR0 set). */
#define SPLIT_MODE				\
	lwz	r12, V_MSR(r9);			\
	srwi	r11, r12, 1;			\
	xor	r11, r11, r12;			\
	andi.	r11, r11, MSR_DS

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
	/* Waiting with a higher priority (deliver()'s order: critical and
	 * watchdog, external, FIT, DEC): C decides. */
	andi.	r12, r11, VPEND_BEFORE_FIT_ASM
	bne	decr_slow
	bne	cr1, 8f
	andi.	r12, r11, VPEND_FIT_ASM
	bne	decr_slow
8:	lwz	r11, V_MSR(r9)
	andi.	r11, r11, MSR_EE
	beq	2f			/* masked: taken when the guest enables EE (C) */
	lwz	r8, S_R8(r10)
	STAT(VSTAT_IRQ_INJECT_ASM, r11)
	li	r11, 11
	bne	cr1, fast_reflect
	li	r11, 10
	b	fast_reflect
2:	COUNT(10, r11)
	lwz	r8, S_R8(r10)
	b	fast_return
decr_slow:
	lwz	r8, S_R8(r10)
	li	r11, 10
	b	fast_slow

/* --- TLB misses ----------------------------------------------------------- */

/* The guest's r3-r8 back (LR stays the guest's throughout). */
.macro TLB_RESTORE
	lwz	r3, S_R3(r10)
	lwz	r4, S_R4(r10)
	lwz	r5, S_R5(r10)
	lwz	r6, S_R6(r10)
	lwz	r7, S_R7(r10)
	lwz	r8, S_R8(r10)
.endm

	.globl	fast_dtlb
fast_dtlb:
	stw	r9, S_R9(r10)
	li	r11, 13
	stw	r11, S_IVOR(r10)
	mfspr	r12, SPRN_DEAR
	b	fast_tlb
	.globl	fast_itlb
fast_itlb:
	stw	r9, S_R9(r10)
	li	r11, 14
	stw	r11, S_IVOR(r10)
	mfspr	r12, SPRN_SRR0

/*
 * r12 = the EA that missed, S_IVOR = 13/14. Registers from here on:
 *   r3-r6 scratch, r7 = MAS1[TS] of the access's address space,
 *   r8 = EA, r9 = vcpu, r12 = the guest TLB entry looked at.
 */
fast_tlb:
	stw	r8, S_R8(r10)
	stw	r7, S_R7(r10)
	stw	r6, S_R6(r10)
	stw	r5, S_R5(r10)
	stw	r4, S_R4(r10)
	stw	r3, S_R3(r10)
	mr	r8, r12
	lwz	r9, PC_VCPU(r10)
	SPLIT_MODE
	bne	tlb_slow		/* fetch and data in different spaces: C */
	rlwinm	r7, r12, 8, 19, 19	/* MSR[DS] (= IS) -> MAS1[TS] */
	lwz	r11, V_MAGIC_TAG(r9)
	rlwinm	r12, r8, 0, 0, 19
	ori	r12, r12, 1
	cmpw	r11, r12
	beq	tlb_slow		/* the KVM magic page: hv/shadow.c maps it */
	rlwinm	r12, r8, 26, 19, 25	/* set (EA bits 45:51) * 4 ways * 16 */
	add	r12, r12, r9
	addi	r12, r12, V_TLB0

/* Does the entry at r12 translate the EA for the guest's PIDs and AS?
 * QEMU's match: V, TS = AS, EPN, TID 0 or any PID (a zero PID1/PID2 can
 * only equal a zero TID, which already matched). Branches to \hit. */
.macro MATCH_TID hit
	rlwinm.	r6, r5, 16, 18, 31	/* TID, 14 bits as QEMU compares it */
	beq	\hit
	lwz	r3, V_PID(r9)
	cmpw	r6, r3
	beq	\hit
	lwz	r3, V_PID + 4(r9)
	cmpw	r6, r3
	beq	\hit
	lwz	r3, V_PID + 8(r9)
	cmpw	r6, r3
	beq	\hit
.endm
.macro TLB0_WAY
	lwz	r11, 4(r12)		/* MAS2: EPN */
	xor	r11, r11, r8
	rlwinm.	r11, r11, 0, 0, 19
	bne	1f
	lwz	r5, 0(r12)		/* MAS1 */
	andis.	r6, r5, MAS1_VALID@h
	beq	1f
	rlwinm	r6, r5, 0, 19, 19
	cmpw	r6, r7
	bne	1f
	MATCH_TID tlb0_hit
1:	addi	r12, r12, 16
.endm
	TLB0_WAY
	TLB0_WAY
	TLB0_WAY
	TLB0_WAY

	/* TLB1: its valid entries, by the tlb1_valid mask (low word: 0-31). */
	li	r4, V_TLB1
	lwz	r12, V_TLB1_VALID + 4(r9)
2:	cmpwi	r12, 0
	beq	4f
	cntlzw	r11, r12
	lis	r5, 0x8000
	srw	r5, r5, r11
	andc	r12, r12, r5		/* this entry done */
	xori	r11, r11, 31		/* 31 - n, leaving XER[CA] alone */
	slwi	r11, r11, 4
	add	r11, r11, r4
	add	r11, r11, r9		/* &tlb1[n] */
	lwz	r5, 0(r11)		/* MAS1 */
	rlwinm	r6, r5, 25, 27, 31	/* TSIZE: 2^n KiB */
	li	r3, 1024
	slw	r3, r3, r6
	addi	r3, r3, -1		/* page size - 1: all ones from 4 GiB up */
	lwz	r11, 4(r11)		/* MAS2 */
	xor	r11, r11, r8
	andc.	r11, r11, r3
	bne	2b
	rlwinm	r6, r5, 0, 19, 19
	cmpw	r6, r7
	bne	2b
	MATCH_TID tlb_slow		/* a TLB1 page: hv/shadow.c sizes it */
	b	2b
4:	cmpwi	r4, V_TLB1
	bne	tlb_reflect		/* both words searched: nothing maps it */
	li	r4, V_TLB1 + 32 * 16
	lwz	r12, V_TLB1_VALID(r9)	/* entries 32-63 */
	b	2b

/*
 * The shadow refill: guest TLB0 entry r12 maps the EA. Install its 4 KiB
 * page in the real TLB0 as hv/shadow.c would (TS 1, the shadow PID, the
 * guest mode's permissions as user bits plus SR) if it is in the RAM
 * window; anything else goes to C.
 */
tlb0_hit:
	lwz	r11, 12(r12)		/* MAS7: a guest-physical page above 4 GiB */
	cmpwi	r11, 0
	bne	tlb_slow
	lwz	r11, 8(r12)		/* MAS3 */
	rlwinm	r5, r11, 0, 0, 19
	lwz	r6, V_RAM_GPA(r9)
	subf	r5, r6, r5
	lwz	r6, V_RAM_SIZE(r9)
	cmplw	r5, r6
	bge	tlb_slow		/* not the RAM window */
	lwz	r6, V_RAM_HPA(r9)
	add	r5, r5, r6
	lwz	r6, V_MSR(r9)
	andi.	r6, r6, MSR_PR
	bne	5f
	slwi	r11, r11, 1		/* guest supervisor: SX SW SR -> UX UW UR */
5:	andi.	r11, r11, MAS3_UX | MAS3_UW | MAS3_UR
	/* An access the guest's entry denies: C reflects the DSI/ISI with the
	 * ESR/DEAR that class defines, without installing anything. */
	lwz	r6, S_IVOR(r10)
	cmpwi	r6, 14
	li	r6, MAS3_UX
	beq	8f
	mfspr	r6, SPRN_ESR
	andis.	r6, r6, ESR_ST@h
	li	r6, MAS3_UR
	beq	8f
	li	r6, MAS3_UW
8:	and.	r6, r6, r11
	beq	tlb_slow
	or	r5, r5, r11
	ori	r5, r5, MAS3_SR		/* the fast paths read instructions through it */
	mtspr	SPRN_MAS3, r5
	lwz	r11, 4(r12)
	rlwinm	r11, r11, 0, 27, 31	/* the guest's WIMGE */
	rlwimi	r11, r8, 0, 0, 19
	lwz	r6, V_RAM_WIMGE(r9)
	or	r11, r11, r6
	mtspr	SPRN_MAS2, r11
	lwz	r11, V_SHADOW_PID(r9)
	slwi	r11, r11, 16
	oris	r11, r11, MAS1_VALID@h
	ori	r11, r11, MAS1_TS | MAS1_TSIZE(2)
	mtspr	SPRN_MAS1, r11
	li	r11, 0
	mtspr	SPRN_MAS7, r11
	lwz	r11, PC_TLB0_RR(r10)	/* the way: round robin per CPU */
	addi	r11, r11, 1
	stw	r11, PC_TLB0_RR(r10)
	rlwinm	r11, r11, 16, 14, 15	/* TLB0, ESEL = rr & 3 */
	mtspr	SPRN_MAS0, r11
	tlbwe
	STAT(VSTAT_TLB_REFILL_ASM, r11)
#ifdef CONFIG_EXIT_STATS
	lwz	r11, S_IVOR(r10)
	slwi	r11, r11, 2
	add	r11, r11, r9
	lwz	r12, V_STATS_EXIT(r11)
	addi	r12, r12, 1
	stw	r12, V_STATS_EXIT(r11)
#endif
	TLB_RESTORE
	b	fast_return

/* Nothing maps the EA: load MAS0-2/6 as the core does on a TLB miss
 * (hv/gtlb.c: gtlb_miss_fill), then reflect the miss. */
tlb_reflect:
	lwz	r3, V_MAS + 16(r9)	/* MAS4 */
	rlwinm	r6, r3, 18, 28, 29	/* 4 * TIDSELD: PID0, PID1, PID2, 0 */
	li	r5, 0
	cmpwi	r6, 12
	beq	6f
	add	r6, r6, r9
	lwz	r5, V_PID(r6)
6:	slwi	r5, r5, 16
	oris	r5, r5, MAS1_VALID@h
	or	r5, r5, r7
	rlwinm	r6, r3, 0, 20, 24	/* TSIZED */
	or	r5, r5, r6
	stw	r5, V_MAS + 4(r9)
	rlwinm	r6, r3, 0, 27, 31	/* WIMGED */
	rlwimi	r6, r8, 0, 0, 19
	stw	r6, V_MAS + 8(r9)
	li	r6, 0
	stw	r6, V_MAS + 12(r9)	/* MAS3 */
	stw	r6, V_MAS + 24(r9)	/* MAS7 */
	lwz	r5, V_PID(r9)
	slwi	r5, r5, 16
	rlwimi	r5, r7, 20, 31, 31	/* SAS */
	stw	r5, V_MAS + 20(r9)	/* MAS6 */
	lwz	r5, V_GTLB_NV(r9)
	rlwinm	r6, r5, 16, 4, 15	/* ESEL = the next victim */
	addi	r5, r5, 1
	andi.	r5, r5, 3
	stw	r5, V_GTLB_NV(r9)
	or	r6, r6, r5		/* NV = the one after */
	rlwimi	r6, r3, 0, 2, 3		/* TLBSELD */
	stw	r6, V_MAS(r9)
	STAT(VSTAT_TLB_REFLECT_ASM, r11)
	lwz	r11, S_IVOR(r10)
	li	r12, 0
	cmpwi	r11, 14
	beq	7f			/* ITLB: QEMU clears ESR, DEAR stays */
	stw	r8, V_DEAR(r9)
	mfspr	r12, SPRN_ESR
	andis.	r12, r12, ESR_ST@h
7:	stw	r12, V_ESR(r9)
	TLB_RESTORE
	b	fast_reflect

tlb_slow:
	TLB_RESTORE
	lwz	r11, S_IVOR(r10)
	b	fast_slow

/* --- privileged instructions ------------------------------------------- */

	.globl	fast_program
fast_program:
	stw	r9, S_R9(r10)
	lwz	r9, PC_VCPU(r10)
	lwz	r12, V_MSR(r9)
	andi.	r12, r12, MSR_PR
	bne	fast_program_user	/* guest user mode: its own interrupt */
	mfspr	r11, SPRN_SRR0
#ifdef CONFIG_CPU_HAS_EPID
	/* External PID load through EPLC, which every PID change keeps equal
	 * to the guest's context: AS 1, the shadow PID, supervisor access
	 * (shadow entries carry SR for this). */
	.globl	fast_fetch
fast_fetch:
	lwepx	r11, 0, r11
#else
	mfmsr	r12
	ori	r12, r12, MSR_DS
	mtmsr	r12
	isync
	.globl	fast_fetch
fast_fetch:
	lwz	r11, 0(r11)
	xori	r12, r12, MSR_DS
	mtmsr	r12
	isync
#endif
	mflr	r12
	stw	r12, S_LR(r10)
	rlwinm	r12, r11, 6, 26, 31	/* primary opcode */
	cmpwi	r12, 31
	bne	fast_op19
	/* By how often Linux 6.1 runs them (a tessera.quick init in a none
	 * partition: wrteei 48 k, mfspr 49 k over several SPRs, mfmsr 35 k,
	 * wrtee 34 k, mtspr 27 k, tlbwe 3 k; mtmsr rarely). */
	rlwinm	r12, r11, 31, 22, 31	/* extended opcode */
	cmpwi	r12, 163
	beq	fast_wrteei
	cmpwi	r12, 339
	beq	fast_mfspr
	cmpwi	r12, 83
	beq	fast_mfmsr
	cmpwi	r12, 131
	beq	fast_wrtee
	cmpwi	r12, 467
	beq	fast_mtspr
	cmpwi	r12, 978
	beq	fast_tlbwe
	cmpwi	r12, 146
	beq	fast_mtmsr
	b	fast_slow_6_lr
fast_op19:
	cmpwi	r12, 19
	bne	fast_slow_6_lr
	rlwinm	r12, r11, 31, 22, 31
	cmpwi	r12, 50
	beq	fast_rfi
	b	fast_slow_6_lr

/* r12 = guest GPR[RS/RT of the instruction in r11]; clobbers LR. */
#define GPR_GET					\
	rlwinm	r12, r11, 14, 24, 28;		\
	addis	r12, r12, gpr_get_tbl@ha;	\
	addi	r12, r12, gpr_get_tbl@l;	\
	mtlr	r12;				\
	blrl

/*
 * mfmsr; and when the next instruction is wrteei 0, that one too, in the
 * same exit: Linux's local_irq_save is exactly this pair (535 of the 584
 * mfmsr in 6.1's text). The next word lies on the page the mfmsr was just
 * read from, through the same shadow entry, unless the mfmsr ends it.
 */
#define WRTEEI_0 0x7c000146
fast_mfmsr:
	lwz	r12, V_MSR(r9)
	rlwinm	r11, r11, 14, 24, 28
	addis	r11, r11, gpr_set_tbl@ha
	addi	r11, r11, gpr_set_tbl@l
	mtlr	r11
	blrl
	mfspr	r12, SPRN_SRR0
	andi.	r11, r12, 0xffc
	cmpwi	r11, 0xffc
	beq	fast_next
	addi	r11, r12, 4
#ifdef CONFIG_CPU_HAS_EPID
	lwepx	r11, 0, r11
#else
	mfmsr	r12
	ori	r12, r12, MSR_DS
	mtmsr	r12
	isync
	lwz	r11, 0(r11)
	xori	r12, r12, MSR_DS
	mtmsr	r12
	isync
#endif
	lis	r12, WRTEEI_0@h
	ori	r12, r12, WRTEEI_0@l
	cmpw	r11, r12
	bne	fast_next
	lwz	r12, V_MSR(r9)
	rlwinm	r12, r12, 0, 17, 15	/* EE off */
	stw	r12, V_MSR(r9)
	COUNT(6, r12)
	mfspr	r12, SPRN_SRR0
	addi	r12, r12, 8
	mtspr	SPRN_SRR0, r12
	lwz	r12, S_LR(r10)
	mtlr	r12
	b	fast_return

/* Guest GPR[RT of r11] = r12, step over the instruction, return. */
fast_set_rd:
	rlwinm	r11, r11, 14, 24, 28
	addis	r11, r11, gpr_set_tbl@ha
	addi	r11, r11, gpr_set_tbl@l
	mtlr	r11
	blrl
fast_next:
	COUNT(6, r12)
	mfspr	r12, SPRN_SRR0
	addi	r12, r12, 4
	mtspr	SPRN_SRR0, r12
	lwz	r12, S_LR(r10)
	mtlr	r12
	b	fast_return

fast_wrteei:
	lwz	r12, V_MSR(r9)
	rlwinm	r12, r12, 0, 17, 15	/* EE off */
	andi.	r11, r11, 0x8000	/* the E bit */
	beq	1f
	lwz	r11, V_PENDING(r9)
	cmpwi	r11, 0
	bne	fast_slow_6_lr		/* enabling with an interrupt to deliver */
	ori	r12, r12, MSR_EE
1:	stw	r12, V_MSR(r9)
	b	fast_next

fast_wrtee:
	GPR_GET
	lwz	r11, V_MSR(r9)
	rlwimi	r11, r12, 0, 16, 16	/* the new EE */
	andi.	r12, r11, MSR_EE
	beq	1f
	lwz	r12, V_PENDING(r9)
	cmpwi	r12, 0
	bne	fast_slow_6_lr
1:	stw	r11, V_MSR(r9)
	b	fast_next

fast_mtmsr:
	GPR_GET
	lwz	r11, V_MSR_VALID(r9)	/* reserved bits read back as zero */
	and	r12, r12, r11
	lwz	r11, V_MSR(r9)
	xor	r11, r11, r12
	andi.	r11, r11, MSR_SHADOW_LO
	bne	fast_slow_6_lr
	lwz	r11, V_MSR(r9)
	xor	r11, r11, r12
	andis.	r11, r11, MSR_SHADOW_HI
	bne	fast_slow_6_lr
	rlwinm.	r11, r12, 0, 14, 16	/* EE or CE (0x38000) */
	beq	1f
	lwz	r11, V_PENDING(r9)
	cmpwi	r11, 0
	bne	fast_slow_6_lr
1:	stw	r12, V_MSR(r9)
	b	fast_next

/*
 * tlbwe to guest TLB0 (MAS0 TLBSEL 0, WQ 0, ATSEL 0; anything else is C's):
 * the entry MAS2[EPN] and MAS0[ESEL] select, stored as hv/gtlb.c stores
 * it (TSIZE forced to 4 KiB, IPROT dropped, EPN masked), and the shadow
 * translations of the entry it replaces invalidated (hv/shadow.c:
 * shadow_drop_entry; TLB0 entries are all 4 KiB).
 */
fast_tlbwe:
	lwz	r12, V_MAS(r9)		/* MAS0 */
	andis.	r11, r12, GTLB_MAS0_NOFAST_HI_ASM
	bne	fast_slow_6_lr
	andi.	r11, r12, GTLB_MAS0_WQ_ASM
	bne	fast_slow_6_lr
	stw	r8, S_R8(r10)
	lwz	r11, V_MAS + 8(r9)	/* MAS2 */
	rlwinm	r8, r11, 26, 19, 25	/* set * 4 ways * 16 */
	rlwimi	r8, r12, 20, 26, 27	/* + (ESEL & 3) * 16 */
	add	r8, r8, r9
	lwz	r12, V_TLB0(r8)		/* the entry replaced */
	andis.	r12, r12, MAS1_VALID@h
	beq	1f
	lwz	r12, V_TLB0 + 4(r8)
	rlwinm	r12, r12, 0, 0, 19
	tlbivax	0, r12			/* its shadow page, in TLB0 and TLB1 */
	ori	r12, r12, 8
	tlbivax	0, r12
	isync
1:	rlwinm	r11, r11, 0, 25, 19	/* EPN of a 4 KiB page + attributes */
	stw	r11, V_TLB0 + 4(r8)
	lwz	r11, V_MAS + 4(r9)	/* MAS1 */
	rlwinm	r11, r11, 0, 25, 19	/* TSIZE ... */
	ori	r11, r11, MAS1_TSIZE(2)	/* ... is 4 KiB */
	rlwinm	r11, r11, 0, 2, 0	/* no IPROT in TLB0 */
	stw	r11, V_TLB0(r8)
	lwz	r11, V_MAS + 12(r9)
	stw	r11, V_TLB0 + 8(r8)	/* MAS3 */
	lwz	r11, V_MAS + 24(r9)
	stw	r11, V_TLB0 + 12(r8)	/* MAS7 */
	lwz	r8, S_R8(r10)
	b	fast_next

/*
 * r12 = 1 + the struct vcpu offset of the SPR named by r11's split SPR
 * field, from hv/spr.c's table @tbl (built by spr_init() for this core);
 * 0 (the SPR needs C) leaves through fast_slow.
 */
#define SPR_NUMBER				\
	rlwinm	r12, r11, 16, 27, 31;		\
	rlwimi	r12, r11, 26, 22, 26
#define SPR_LOOKUP(tbl, none)			\
	SPR_NUMBER;				\
	slwi	r12, r12, 1;			\
	addis	r12, r12, tbl@ha;		\
	lhz	r12, tbl@l(r12);		\
	cmpwi	r12, 0;				\
	beq	none

fast_mfspr:
	SPR_LOOKUP(spr_fast_read, fast_slow_6_lr)
	add	r12, r12, r9
	lwz	r12, -1(r12)
	b	fast_set_rd

fast_mtspr:
	SPR_LOOKUP(spr_fast_write, fast_mtsprg)
	add	r12, r12, r9
	stw	r12, S_TMP(r10)		/* the field (+1): GPR_GET needs r11, any RS */
	GPR_GET
	lwz	r11, S_TMP(r10)
	stw	r12, -1(r11)
	b	fast_next

/* mtspr SPRG3-7: the guest's copy, and the real register, which the guest
 * reads back through the user-readable numbers without a trap. And BUCSR,
 * whose flash-invalidate bit (BBFI) completes at once: Linux writes it on
 * every kernel entry (its branch-predictor flush). */
fast_mtsprg:
	SPR_NUMBER
	cmpwi	r12, SPRN_BUCSR
	beq	fast_mtbucsr
	addi	r12, r12, -SPRN_SPRG3
	cmplwi	r12, 4
	bgt	fast_slow_6_lr
	slwi	r12, r12, 2
	stw	r12, S_TMP(r10)		/* 4 * (n - 3) */
	GPR_GET
	lwz	r11, S_TMP(r10)
	add	r11, r11, r9
	stw	r12, V_SPRG + 12(r11)
	subf	r11, r9, r11
	cmpwi	r11, 4
	blt	3f
	beq	4f
	cmpwi	r11, 12
	blt	5f
	beq	6f
	mtspr	SPRN_SPRG7, r12
	b	fast_next
3:	mtspr	SPRN_SPRG3, r12
	b	fast_next
fast_mtbucsr:
	GPR_GET
	rlwinm	r12, r12, 0, 23, 21	/* BBFI (0x200) reads back 0 */
	stw	r12, V_BUCSR(r9)
	b	fast_next
4:	mtspr	SPRN_SPRG4, r12
	b	fast_next
5:	mtspr	SPRN_SPRG5, r12
	b	fast_next
6:	mtspr	SPRN_SPRG6, r12
	b	fast_next

fast_rfi:
	stw	r8, S_R8(r10)
	lwz	r12, V_SRR1(r9)		/* the new MSR */
	lwz	r11, V_MSR_VALID(r9)
	and	r12, r12, r11
	andis.	r11, r12, MSR_WE@h
	bne	2f
	rlwinm.	r11, r12, 0, 14, 16	/* EE or CE (0x38000) */
	beq	1f
	lwz	r11, V_PENDING(r9)
	cmpwi	r11, 0
	bne	2f
1:	stw	r12, V_MSR(r9)
	rlwinm	r11, r12, 31, 28, 28	/* DS -> 8 */
	rlwimi	r11, r12, 20, 29, 29	/* PR -> 4 */
	rlwimi	r11, r12, 31, 27, 27	/* IS -> 16: tid[(IS << 2 | DS << 1 | PR)] */
	add	r11, r11, r9
	lwz	r11, V_TID(r11)
	mtspr	SPRN_PID, r11
	stw	r11, V_SHADOW_PID(r9)
	SET_EPLC(r11)
	lwz	r11, V_SHADOW_BASE(r9)
	andi.	r8, r12, MSR_LIVE_LO
	or	r11, r11, r8
	andis.	r8, r12, MSR_LIVE_HI
	or	r11, r11, r8
	mtspr	SPRN_SRR1, r11
	stw	r11, V_SHADOW_MSR(r9)
	lwz	r11, V_SRR0(r9)
	rlwinm	r11, r11, 0, 0, 29
	mtspr	SPRN_SRR0, r11
	lwz	r8, S_R8(r10)
	lwz	r12, S_LR(r10)
	mtlr	r12
	COUNT(6, r12)
	b	fast_return
2:	lwz	r8, S_R8(r10)
	b	fast_slow_6_lr

/* --- guest GPRs by number: 32 stubs of two instructions each ------------- */

.macro GET n
	.if \n == 9
	lwz	12, S_R9(10)
	.elseif \n == 10
	mfspr	12, SPRN_SPRG_BSCRATCH
	.elseif \n == 11
	lwz	12, S_R11(10)
	.elseif \n == 12
	lwz	12, S_R12(10)
	.else
	mr	12, \n
	.endif
	blr
.endm

.macro SET n
	.if \n == 9
	stw	12, S_R9(10)
	.elseif \n == 10
	mtspr	SPRN_SPRG_BSCRATCH, 12
	.elseif \n == 11
	stw	12, S_R11(10)
	.elseif \n == 12
	stw	12, S_R12(10)
	.else
	mr	\n, 12
	.endif
	blr
.endm

	.balign	8
gpr_get_tbl:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	GET	\n
	.endr
gpr_set_tbl:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	SET	\n
	.endr

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
