/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest entry and exception vectors.
 *
 * _start runs with what an ePAPR loader gives a bare kernel: r3 = device
 * tree, TLB1[0] mapping the image at VA 0 (never touched here), MSR = 0.
 * It clears .bss, takes its own stack, maps CCSR in TLB1[1], installs the
 * vectors, turns on MSR[ME] through rfi (QEMU's mtmsr cannot set ME) and
 * calls main(fdt), then guest_exit(main's return value).
 *
 * Register use in _start: r31 holds the device tree pointer.
 */
#include "guest.h"

/* Stack frame of a vector: back chain and LR word, the gframe, and a gap
 * that keeps anything just below the interrupted r1 intact. */
#define XF_GF     16
#define XF_SIZE   (XF_GF + GF_SIZE + 256)
#define F(off)    (XF_GF + (off))(r1)

	.section .text.start, "ax"
	.globl	_start
_start:
	mr	r31, r3

	lis	r4, __bss_start@ha
	addi	r4, r4, __bss_start@l
	lis	r5, __bss_end@ha
	addi	r5, r5, __bss_end@l
	li	r0, 0
1:	cmplw	r4, r5
	bge	2f
	stw	r0, 0(r4)
	addi	r4, r4, 4
	b	1b
2:
	lis	r1, guest_stack_top@ha
	addi	r1, r1, guest_stack_top@l
	stwu	r0, -16(r1)		/* null back chain ends stack walks */

	/* CCSR: VA 0xE0000000 -> PA 0xF_E000_0000, 1 MiB, I+G, SR|SW. */
	lis	r4, (MAS0_TLBSEL1 | MAS0_ESEL(GUEST_CCSR_ESEL))@h
	mtspr	SPRN_MAS0, r4
	lis	r4, MAS1_VALID@h
	ori	r4, r4, MAS1_TSIZE(10)
	mtspr	SPRN_MAS1, r4
	lis	r4, GUEST_CCSR_VA@h
	ori	r4, r4, MAS2_I | MAS2_G
	mtspr	SPRN_MAS2, r4
	lis	r4, GUEST_CCSR_VA@h
	ori	r4, r4, MAS3_SR | MAS3_SW
	mtspr	SPRN_MAS3, r4
	li	r4, GUEST_CCSR_PA_HI
	mtspr	SPRN_MAS7, r4
	isync
	tlbwe
	isync

	bl	install_vectors

	lis	r4, 3f@ha
	addi	r4, r4, 3f@l
	mtspr	SPRN_SRR0, r4
	mfmsr	r4
	ori	r4, r4, MSR_ME
	mtspr	SPRN_SRR1, r4
	rfi
3:	mr	r3, r31
	bl	main
	bl	guest_exit
4:	b	4b

/* IVOR n := offset of vec_n from IVPR (the vectors share its 64 KiB). */
.macro SET_IVOR n
	lis	r4, vec_\n@h
	ori	r4, r4, vec_\n@l
	clrlwi	r4, r4, 16
	.if \n < 32
	mtspr	SPRN_IVOR0 + \n, r4
	.else
	mtspr	SPRN_IVOR32 + \n - 32, r4
	.endif
.endm

/*
 * install_vectors: IVPR, IVOR0..15, then only the IVORs the core has
 * (a missing IVOR SPR may trap): e500v1/v2 (PVR 0x8020/0x8021) have
 * 32..35 (SPE x3, performance monitor), e500mc and later have 35..37
 * (performance monitor, doorbell, critical doorbell). Clobbers r4, r5.
 */
	.section .text, "ax"
install_vectors:
	lis	r4, guest_vectors@h
	mtspr	SPRN_IVPR, r4
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	SET_IVOR \n
	.endr
	mfspr	r5, SPRN_PVR
	srwi	r5, r5, 16
	cmplwi	r5, 0x8020
	beq	1f
	cmplwi	r5, 0x8021
	beq	1f
	.irp n, 35,36,37
	SET_IVOR \n
	.endr
	b	2f
1:	.irp n, 32,33,34,35
	SET_IVOR \n
	.endr
2:	isync
	blr

/*
 * One 16-byte stub per IVOR: open a frame on the interrupted stack, free
 * r3 for the IVOR number and join the common code of the class.
 */
.macro VEC n, class
	.balign	16
vec_\n:
	stwu	r1, -XF_SIZE(r1)
	stw	r3, F(GF_GPR(3))
	li	r3, \n
	b	exc_\class
.endm

	.section .text.vectors, "ax"
	.globl	guest_vectors
	.balign	16
guest_vectors:
	VEC 0, crit
	VEC 1, mchk
	.irp n, 2,3,4,5,6,7,8,9,10,11
	VEC \n, base
	.endr
	VEC 12, crit
	VEC 13, base
	VEC 14, base
	VEC 15, crit		/* debug: CSRR0/1 unless DSRR is enabled */
	.irp n, 32,33,34,35,36
	VEC \n, base
	.endr
	VEC 37, crit
	.globl	guest_vectors_end
guest_vectors_end:

/*
 * Common part: save the rest of the state into the gframe, call
 * guest_exception(ivor, frame), restore the (possibly edited) frame and
 * return with the class's rfi. SRR0/1 are saved before any C code runs,
 * so the hook may itself take (and return from) a base-class exception.
 */
.macro EXC_COMMON class, srr0, srr1, esr, dear, rfi_insn
exc_\class:
	stw	r0, F(GF_GPR(0))
	stw	r2, F(GF_GPR(2))
	stmw	r4, F(GF_GPR(4))
	addi	r0, r1, XF_SIZE
	stw	r0, F(GF_GPR(1))
	mfcr	r0
	stw	r0, F(GF_CR)
	mflr	r0
	stw	r0, F(GF_LR)
	mfctr	r0
	stw	r0, F(GF_CTR)
	mfxer	r0
	stw	r0, F(GF_XER)
	mfspr	r0, \srr0
	stw	r0, F(GF_SRR0)
	mfspr	r0, \srr1
	stw	r0, F(GF_SRR1)
	mfspr	r0, \esr
	stw	r0, F(GF_ESR)
	mfspr	r0, \dear
	stw	r0, F(GF_DEAR)
	addi	r4, r1, XF_GF
	bl	guest_exception
	lwz	r0, F(GF_SRR0)
	mtspr	\srr0, r0
	lwz	r0, F(GF_SRR1)
	mtspr	\srr1, r0
	lwz	r0, F(GF_CR)
	mtcr	r0
	lwz	r0, F(GF_LR)
	mtlr	r0
	lwz	r0, F(GF_CTR)
	mtctr	r0
	lwz	r0, F(GF_XER)
	mtxer	r0
	lmw	r2, F(GF_GPR(2))
	lwz	r0, F(GF_GPR(0))
	lwz	r1, F(GF_GPR(1))
	\rfi_insn
.endm

	.section .text, "ax"
	EXC_COMMON base, SPRN_SRR0, SPRN_SRR1, SPRN_ESR, SPRN_DEAR, rfi
	EXC_COMMON crit, SPRN_CSRR0, SPRN_CSRR1, SPRN_ESR, SPRN_DEAR, rfci
	EXC_COMMON mchk, SPRN_MCSRR0, SPRN_MCSRR1, SPRN_MCSR, SPRN_MCAR, rfmci

	.section .bss.stack, "aw", @nobits
	.balign	16
guest_stack:
	.space	GUEST_STACK_SIZE
guest_stack_top:
