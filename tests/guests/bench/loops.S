/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Timed loops and the minimal interrupt handlers of the microbenchmarks.
 *
 * Each loop returns the TBL ticks between two timebase reads around its
 * iterations (TBL is readable in any mode and never trapped). The loops
 * use volatile registers only; a handler may use the registers its loop
 * reserves for it (named per function below), and nothing else, so the
 * handlers need no frame: the figures measure the machine, not C code.
 *
 * The handlers live in .text.vectors so that they sit within the 64 KiB of
 * IVPR (bench.c checks it before pointing an IVOR at one).
 */
#include "guest.h"

#define TB(r)	mfspr	r, SPRN_TBRL

/* r3 := TBL now - r4 (the start value). */
.macro	TB_END	start
	TB(r3)
	subf	r3, \start, r3
.endm

	.section .text, "ax"

/* uint32_t bench_empty(uint32_t n): the loop overhead, one bdnz per iteration. */
	.globl	bench_empty
bench_empty:
	mtctr	r3
	TB(r4)
1:	bdnz	1b
	TB_END	r4
	blr

/* One instruction, then bdnz: n iterations in supervisor mode. */
.macro	LOOP1	name, insn:vararg
	.globl	bench_\name
bench_\name:
	mtctr	r3
	mfmsr	r5			/* the value mtmsr writes back */
	TB(r4)
1:	\insn
	bdnz	1b
	TB_END	r4
	blr
.endm

	LOOP1	mfmsr, mfmsr r6
	LOOP1	mtmsr, mtmsr r5
	LOOP1	mtsprg0, mtspr SPRN_SPRG0, r5
	LOOP1	mfsprg1, mfspr r6, SPRN_SPRG1

/* uint32_t bench_wrteei(uint32_t n): wrteei 1 with MSR[EE] already 1. */
	.globl	bench_wrteei
bench_wrteei:
	mtctr	r3
	wrteei	1
	TB(r4)
1:	wrteei	1
	bdnz	1b
	TB_END	r4
	wrteei	0
	blr

/*
 * uint32_t bench_rfi(uint32_t n): rfi to the next instruction with the
 * current MSR. rfi leaves SRR0/1 alone, so they are set once.
 */
	.globl	bench_rfi
bench_rfi:
	mtctr	r3
	lis	r5, 2f@ha
	addi	r5, r5, 2f@l
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	mtspr	SPRN_SRR1, r5
	TB(r4)
1:	rfi
2:	bdnz	1b
	TB_END	r4
	blr

/*
 * uint32_t bench_syscall(uint32_t n): n system calls from user mode. Drops
 * to MSR[PR] = 1 with rfi, times the sc loop there (IVOR8 must point at
 * bench_sc_stub), then comes back with a trap that bench.c's exception
 * hook turns into a return to supervisor mode after the tw.
 */
	.globl	bench_syscall
bench_syscall:
	mtctr	r3
	li	r0, 0			/* not the hypercall magic */
	lis	r5, 1f@ha
	addi	r5, r5, 1f@l
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	ori	r5, r5, MSR_PR
	mtspr	SPRN_SRR1, r5
	rfi
1:	TB(r4)				/* user mode from here */
2:	sc
	bdnz	2b
	TB_END	r4
	tw	31, 0, 0		/* back to supervisor mode */
	blr

/*
 * uint32_t bench_touch(uint32_t n, uint32_t va, uint32_t mas3): one load
 * from each of n consecutive 4 KiB pages from @va. r12 = @mas3 is the
 * RPN and permissions bench_dtlb_stub maps a missing page with.
 */
	.globl	bench_touch
bench_touch:
	mtctr	r3
	addi	r4, r4, -4096
	mr	r12, r5
	TB(r6)
1:	lwzu	r0, 4096(r4)
	bdnz	1b
	TB_END	r6
	blr

/*
 * uint32_t bench_dec(uint32_t n, uint32_t *count): n decrementer
 * interrupts, each armed with DEC = 1 (due at once) and waited for.
 * Needs TCR[DIE] and IVOR10 -> bench_dec_stub. r11 counts interrupts,
 * r12 = TSR[DIS] for the handler. *count gets the number taken.
 */
	.globl	bench_dec
bench_dec:
	mtctr	r3
	li	r9, 1
	lis	r12, TSR_DIS@h
	li	r10, 0
	li	r11, 0
	wrteei	1
	TB(r6)
1:	mtspr	SPRN_DEC, r9
	addi	r10, r10, 1
2:	cmpw	r11, r10		/* until the handler ran */
	bne	2b
	bdnz	1b
	TB_END	r6
	wrteei	0
	stw	r11, 0(r4)
	blr

/*
 * uint32_t bench_dec_base(uint32_t n, uint32_t *count): the same
 * instructions as bench_dec and its handler, in the same order, with no
 * interrupt: DEC gets a far value and the handler's body runs inline,
 * its rfi returning to the next instruction. bench_dec minus this is
 * what delivering the interrupt itself costs.
 */
	.globl	bench_dec_base
bench_dec_base:
	mtctr	r3
	lis	r9, 0x7fff
	ori	r9, r9, 0xffff
	lis	r12, TSR_DIS@h
	li	r10, 0
	li	r11, 0
	wrteei	1
	lis	r5, 2f@ha
	addi	r5, r5, 2f@l
	mtspr	SPRN_SRR0, r5
	mfmsr	r5
	mtspr	SPRN_SRR1, r5
	TB(r6)
1:	mtspr	SPRN_DEC, r9
	addi	r10, r10, 1
	mtspr	SPRN_TSR, r12		/* bench_dec_stub's body */
	addi	r11, r11, 1
	rfi
2:	cmpw	r11, r10
	bne	2b
	bdnz	1b
	TB_END	r6
	wrteei	0
	stw	r11, 0(r4)
	blr

/*
 * uint32_t bench_ext(uint32_t n, uint32_t mpic_cpu0, uint32_t *out):
 * n external interrupts, each a self-IPI (IPI 0 to CPU 0) through the
 * MPIC and waited for. @mpic_cpu0 is the VA of the MPIC's CPU 0 block
 * (MPIC + 0x20000: IPI 0 dispatch at +0x40, IACK +0xa0, EOI +0xb0).
 * Needs IVOR4 -> bench_ext_stub. r8 = @mpic_cpu0, r0 = 0 (EOI value),
 * r11 counts interrupts, r12 gets the IACK vector. out[0] = count,
 * out[1] = the last vector.
 */
	.globl	bench_ext
bench_ext:
	mtctr	r3
	mr	r8, r4
	li	r0, 0
	li	r9, 1			/* dispatch mask: CPU 0 */
	li	r10, 0
	li	r11, 0
	li	r12, -1
	wrteei	1
	TB(r6)
1:	stw	r9, 0x40(r8)
	addi	r10, r10, 1
2:	cmpw	r11, r10
	bne	2b
	bdnz	1b
	TB_END	r6
	wrteei	0
	stw	r11, 0(r5)
	stw	r12, 4(r5)
	blr

/*
 * uint32_t bench_ext_base(uint32_t n, uint32_t mpic_cpu0, uint32_t *out):
 * bench_ext's instructions and its handler's inline, with IPI 0 masked
 * (the caller masks it): the same MPIC accesses, no interrupt.
 */
	.globl	bench_ext_base
bench_ext_base:
	mtctr	r3
	mr	r8, r4
	li	r0, 0
	li	r9, 1
	li	r10, 0
	li	r11, 0
	li	r12, -1
	wrteei	1
	lis	r7, 2f@ha
	addi	r7, r7, 2f@l
	mtspr	SPRN_SRR0, r7
	mfmsr	r7
	mtspr	SPRN_SRR1, r7
	TB(r6)
1:	stw	r9, 0x40(r8)
	addi	r10, r10, 1
	lwz	r12, 0xa0(r8)		/* bench_ext_stub's body */
	stw	r0, 0xb0(r8)
	addi	r11, r11, 1
	rfi
2:	cmpw	r11, r10
	bne	2b
	bdnz	1b
	TB_END	r6
	wrteei	0
	stw	r11, 0(r5)
	stw	r12, 4(r5)
	blr

/* --- handlers (IVOR targets: 16-byte aligned, within IVPR's 64 KiB) --- */
	.section .text.vectors, "ax"

/* IVOR8: SRR0 already points past the sc. */
	.balign	16
	.globl	bench_sc_stub
bench_sc_stub:
	rfi

/*
 * IVOR13: the miss left MAS0 (TLB0, next victim), MAS1 (valid, TID, 4 KiB
 * from MAS4), MAS2 (EPN) and MAS7 = 0; add the RPN and permissions.
 */
	.balign	16
	.globl	bench_dtlb_stub
bench_dtlb_stub:
	mtspr	SPRN_MAS3, r12
	tlbwe
	rfi

/* IVOR10: acknowledge the decrementer, count. */
	.balign	16
	.globl	bench_dec_stub
bench_dec_stub:
	mtspr	SPRN_TSR, r12
	addi	r11, r11, 1
	rfi

/* IVOR4: acknowledge at the MPIC, end of interrupt, count. */
	.balign	16
	.globl	bench_ext_stub
bench_ext_stub:
	lwz	r12, 0xa0(r8)
	stw	r0, 0xb0(r8)
	addi	r11, r11, 1
	rfi
