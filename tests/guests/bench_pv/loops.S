/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Timed loops of the paravirtual microbenchmarks (bench_pv.c). Each
 * returns the TBL ticks around its n iterations. A hypercall may change
 * r3..r11 (its outputs), so the loops keep the start time and their
 * state in r27..r31, saved on a small frame, and rebuild every argument
 * (r0, r3.., r11) in each iteration. Each "-base" loop runs the same
 * instructions with every sc replaced by a nop: the guest's own share.
 */
#include "guest.h"

#define TB(r)	mfspr	r, SPRN_TBRL

/* The hypercall magic in r0 (2 instructions, as the tree gives them). */
.macro	MAGIC
	lis	r0, 0x4b56
	ori	r0, r0, 0x4d21
.endm

.macro	ENTER
	stwu	r1, -32(r1)
	stw	r27, 8(r1)
	stw	r28, 12(r1)
	stw	r29, 16(r1)
	stw	r30, 20(r1)
	stw	r31, 24(r1)
	mtctr	r3
.endm

/* r3 := TBL - r31, restore, return. */
.macro	LEAVE
	TB(r3)
	subf	r3, r31, r3
	lwz	r27, 8(r1)
	lwz	r28, 12(r1)
	lwz	r29, 16(r1)
	lwz	r30, 20(r1)
	lwz	r31, 24(r1)
	addi	r1, r1, 32
	blr
.endm

	.section .text, "ax"

/* uint32_t pv_empty(uint32_t n): the loop overhead. */
	.globl	pv_empty
pv_empty:
	ENTER
	TB(r31)
1:	bdnz	1b
	LEAVE

/* uint32_t pv_nop(uint32_t n): one plain instruction per iteration. */
	.globl	pv_nop
pv_nop:
	ENTER
	TB(r31)
1:	nop
	bdnz	1b
	LEAVE

/* The null hypercall (token 0) and its base. */
.macro	NULLHC	name, call
	.globl	\name
\name:
	ENTER
	TB(r31)
1:	MAGIC
	li	r11, 0
	\call
	bdnz	1b
	LEAVE
.endm
	NULLHC	pv_null_hcall, sc
	NULLHC	pv_null_hcall_base, nop

/* uint32_t pv_mfmsr(uint32_t n): a trapping mfmsr. */
	.globl	pv_mfmsr
pv_mfmsr:
	ENTER
	TB(r31)
1:	mfmsr	r6
	bdnz	1b
	LEAVE

/* uint32_t pv_magic_msr(uint32_t n, uint32_t va): the low word of the
 * magic page's msr (at @va, the field's big-endian low half). */
	.globl	pv_magic_msr
pv_magic_msr:
	ENTER
	mr	r5, r4
	TB(r31)
1:	lwz	r6, 0(r5)
	bdnz	1b
	LEAVE

/*
 * uint32_t pv_iack_eoi(uint32_t n, uint32_t *vec): EV_INT_IACK (r3 = 0)
 * then EV_INT_EOI (r3 = 0); *vec gets the last IACK r4.
 */
.macro	IACKEOI	name, call
	.globl	\name
\name:
	ENTER
	mr	r30, r4
	li	r29, -1
	TB(r31)
1:	MAGIC
	li	r3, 0
	lis	r11, 1
	ori	r11, r11, 9
	\call
	mr	r29, r4
	MAGIC
	li	r3, 0
	lis	r11, 1
	ori	r11, r11, 10
	\call
	bdnz	1b
	stw	r29, 0(r30)
	LEAVE
.endm
	IACKEOI	pv_iack_eoi, sc
	IACKEOI	pv_iack_eoi_base, nop

/*
 * uint32_t pv_bytechan(uint32_t n, uint32_t tx, uint32_t rx, uint32_t *out):
 * EV_BYTE_CHANNEL_SEND of 16 bytes on handle @tx, then
 * EV_BYTE_CHANNEL_RECEIVE of up to 16 on @rx. out[0] = bytes sent,
 * out[1] = bytes received, out[2] = the sum of every received first and last word.
 */
	.globl	pv_bytechan
pv_bytechan:
	ENTER
	mr	r27, r4
	mr	r28, r5
	stwu	r1, -16(r1)
	stw	r6, 8(r1)
	li	r29, 0
	li	r30, 0
	li	r12, 0
	TB(r31)
1:	MAGIC
	mr	r3, r27
	li	r4, 16
	lis	r5, 0x0123
	lis	r6, 0x4567
	lis	r7, 0x89ab
	lis	r8, 0xcdef
	lis	r11, 1
	ori	r11, r11, 1
	sc
	add	r29, r29, r4
	MAGIC
	mr	r3, r28
	li	r4, 16
	lis	r11, 1
	ori	r11, r11, 2
	sc
	add	r30, r30, r4
	add	r12, r12, r5
	add	r12, r12, r8
	bdnz	1b
	TB(r3)
	subf	r31, r31, r3
	lwz	r6, 8(r1)
	addi	r1, r1, 16
	stw	r29, 0(r6)
	stw	r30, 4(r6)
	stw	r12, 8(r6)
	mr	r3, r31
	lwz	r27, 8(r1)
	lwz	r28, 12(r1)
	lwz	r29, 16(r1)
	lwz	r30, 20(r1)
	lwz	r31, 24(r1)
	addi	r1, r1, 32
	blr
