/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest fast paths: exits handled without building a frame or calling C.
 * Entered from the FASTVECTOR vectors in kernel/exceptions.S when SRR1[PR]
 * says the exception came from a guest, with
 *   r10 = percpu, r11 = IVOR, guest r10 in SPRG1, guest r11/r12/CR parked
 *   in percpu->save[0][0..2].
 * They park r9 (and LR, r8 where used) in save[0][3..5], keep every other
 * guest register live in the real registers, and touch only struct vcpu
 * fields that hv/vcpu.c keeps precomputed (shadow PIDs per guest mode, the
 * syscall vector, the pending-interrupt word). Anything unusual -- a mode
 * change the shadow MSR cannot follow, an interrupt to deliver, an operand
 * outside the handled set -- leaves through fast_slow to guest_exit with
 * every register restored, so the C path sees the exit as if it came
 * straight from the vector.
 *
 *   fast_syscall  a guest-user sc, reflected to the guest kernel's IVOR8;
 *                 the null hypercall (local token 0) from the guest kernel
 *   fast_program  a privileged instruction from the guest kernel:
 *                 mfmsr, mtmsr, wrtee, wrteei, rfi, and mfspr/mtspr of
 *                 every SPR hv/spr.c keeps as plain storage for this core
 *                 (SRR0/1, CSRR0/1, DEAR, ESR, SPRG0-7 reads, SPRG0-2
 *                 writes, MAS0-7, ...: spr_fast_read/spr_fast_write)
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
#else
#define COUNT(ivor, reg)
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
	stw	r12, V_SRR1(r9)
	mfspr	r11, SPRN_SRR0
	stw	r11, V_SRR0(r9)
	lis	r11, MSR_CLEAR_BASE@h
	ori	r11, r11, MSR_CLEAR_BASE@l
	andc	r12, r12, r11
	stw	r12, V_MSR(r9)
	lwz	r11, V_VEC_SYSCALL(r9)
	mtspr	SPRN_SRR0, r11
	lwz	r11, V_TID(r9)		/* tid[0]: guest supervisor, AS 0 */
	mtspr	SPRN_PID, r11
	stw	r11, V_SHADOW_PID(r9)
	SET_EPLC(r11)
	lwz	r11, V_SHADOW_BASE(r9)
	mtspr	SPRN_SRR1, r11
	stw	r11, V_SHADOW_MSR(r9)
	COUNT(8, r11)
	b	fast_return
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

/* --- privileged instructions ------------------------------------------- */

	.globl	fast_program
fast_program:
	stw	r9, S_R9(r10)
	lwz	r9, PC_VCPU(r10)
	lwz	r12, V_MSR(r9)
	andi.	r12, r12, MSR_PR
	bne	fast_slow_6		/* guest user mode: its own interrupt */
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
	rlwinm	r12, r11, 31, 22, 31	/* extended opcode */
	cmpwi	r12, 83
	beq	fast_mfmsr
	cmpwi	r12, 163
	beq	fast_wrteei
	cmpwi	r12, 146
	beq	fast_mtmsr
	cmpwi	r12, 339
	beq	fast_mfspr
	cmpwi	r12, 467
	beq	fast_mtspr
	cmpwi	r12, 131
	beq	fast_wrtee
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

fast_mfmsr:
	lwz	r12, V_MSR(r9)
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
