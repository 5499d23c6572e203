/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The single instructions the attempts probe with, so that the exception
 * hook (attack.c) can skip exactly the faulting one, and the templates of
 * the tiny vectors attempt 3 plants. Each probe clobbers r0 and r3..r8
 * only.
 */
#include "guest.h"

	.section .text, "ax"

/* uint32_t iso_ld32(uint32_t va): r3 stays va if the load is skipped. */
	.globl	iso_ld32
iso_ld32:
	lwz	r3, 0(r3)
	blr

/* void iso_st32(uint32_t va, uint32_t val) */
	.globl	iso_st32
iso_st32:
	stw	r4, 0(r3)
	blr

	.globl	iso_ld8
iso_ld8:
	lbz	r3, 0(r3)
	blr

	.globl	iso_st8
iso_st8:
	stb	r4, 0(r3)
	blr

/* uint32_t iso_ld32_ds1(uint32_t va): the load in address space 1. The
 * exception hook runs in AS 0 (interrupts clear DS) and rfi comes back
 * with DS = 1; nothing but the probe touches memory meanwhile. */
	.globl	iso_ld32_ds1
iso_ld32_ds1:
	mfmsr	r5
	ori	r6, r5, MSR_DS
	mtmsr	r6
	isync
	lwz	r3, 0(r3)
	mtmsr	r5
	isync
	blr

/* void iso_exec(uint32_t va): call va; the hook returns to LR on a fault
 * at va. iso_call is the same, for code that returns a value in r3. */
	.globl	iso_exec
	.globl	iso_call
iso_exec:
iso_call:
	mflr	r0
	stwu	r1, -16(r1)
	stw	r0, 20(r1)
	mtctr	r3
	bctrl
	lwz	r0, 20(r1)
	addi	r1, r1, 16
	mtlr	r0
	blr

/* uint32_t iso_user_ld32(uint32_t va): drop to guest user mode (rfi with
 * MSR[PR] = 1), load va (0xffffffff if the load faults and is skipped)
 * and come back with sc: the hook, seeing iso_user_active, resumes at
 * iso_user_back with the kernel's MSR. */
	.globl	iso_user_ld32
iso_user_ld32:
	mfmsr	r5
	lis	r6, iso_user_kmsr@ha
	stw	r5, iso_user_kmsr@l(r6)
	ori	r7, r5, MSR_PR
	lis	r8, 1f@ha
	addi	r8, r8, 1f@l
	mtspr	SPRN_SRR0, r8
	mtspr	SPRN_SRR1, r7
	rfi
1:	li	r4, -1
	lwz	r4, 0(r3)
	mr	r3, r4
	li	r0, 0
	sc
	.globl	iso_user_back
iso_user_back:
	blr

/* uint32_t iso_trig_sc(uint32_t *srr0): sc; returns the handler's tag
 * (r3, -1 if none ran) and stores the SRR0 it saw (r4). */
	.globl	iso_trig_sc
iso_trig_sc:
	mr	r6, r3
	li	r3, -1
	li	r4, 0
	li	r0, 0
	sc
	stw	r4, 0(r6)
	blr

/* uint32_t iso_trig_trap(uint32_t *srr0): tw 31,0,0 (always traps). */
	.globl	iso_trig_trap
iso_trig_trap:
	mr	r6, r3
	li	r3, -1
	li	r4, 0
	tw	31, 0, 0
	stw	r4, 0(r6)
	blr

/* uint32_t iso_trig_dtlb(uint32_t va, uint32_t *srr0): load unmapped va. */
	.globl	iso_trig_dtlb
iso_trig_dtlb:
	mr	r6, r4
	mr	r7, r3
	li	r3, -1
	li	r4, 0
	lwz	r0, 0(r7)
	stw	r4, 0(r6)
	blr

/*
 * Vector templates, copied to IVPR|IVORn by attempt 3, which patches the
 * "li r3, 0" with the tag (the IVOR offset). Both report SRR0 in r4;
 * the second steps over the faulting instruction.
 */
	.globl	iso_tmpl_sc
	.globl	iso_tmpl_sc_end
iso_tmpl_sc:
	mfspr	r4, SPRN_SRR0
	li	r3, 0
	rfi
iso_tmpl_sc_end:

	.globl	iso_tmpl_skip
	.globl	iso_tmpl_skip_end
iso_tmpl_skip:
	mfspr	r4, SPRN_SRR0
	addi	r5, r4, 4
	mtspr	SPRN_SRR0, r5
	li	r3, 0
	rfi
iso_tmpl_skip_end:

	.section .bss, "aw", @nobits
	.balign	4
	.globl	iso_user_kmsr
iso_user_kmsr:
	.space	4

	.section .text, "ax"
/*
 * void iso_bad_r1(uint32_t r1, uint32_t mmio_va, uint32_t fresh_va, int sc):
 * run exits of every kind with r1 = an address of the hypervisor's on the
 * host (and of the guest's own RAM here): emulated mfmsr/wrteei/mtspr
 * SPRG0 (fast path), mfspr PIR and tlbsx (C), an emulated MMIO load, a
 * shadow refill of fresh_va and, if @sc, a system call reflected to the
 * guest (whose own vector then stacks below r1, in its own RAM). A hypervisor
 * that stacked on the guest's r1 would write over its own memory.
 */
	.globl	iso_bad_r1
iso_bad_r1:
	stwu	r1, -32(r1)
	mflr	r0
	stw	r0, 36(r1)
	stw	r31, 28(r1)
	mr	r31, r1
	mr	r1, r3
	mfmsr	r8
	wrteei	0
	mtspr	SPRN_SPRG0, r8
	mfspr	r8, SPRN_PIR
	tlbsx	0, r5
	lbz	r8, 0(r4)
	lwz	r8, 0(r5)
	cmpwi	r6, 0
	beq	1f
	li	r0, 0
	sc
1:	mr	r1, r31
	lwz	r31, 28(r1)
	lwz	r0, 36(r1)
	mtlr	r0
	addi	r1, r1, 32
	blr

/* uint32_t iso_hcall(uint32_t token): sc with the hypercall magic in r0
 * and @token in r11; returns r3 (unchanged 0x1234 unless answered). */
	.globl	iso_hcall
iso_hcall:
	mr	r11, r3
	li	r3, 0x1234
	lis	r0, 0x4b56
	ori	r0, r0, 0x4d21
	sc
	blr

/* void iso_msgsnd(uint32_t rb): send a processor doorbell (e500mc). */
	.globl	iso_msgsnd
iso_msgsnd:
	.long	0x7c00019c | (3 << 11)	/* msgsnd r3 */
	blr
