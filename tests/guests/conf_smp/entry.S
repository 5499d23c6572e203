/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_smp: where CPU 1 starts when CPU 0 releases it through the spin
 * table. It arrives with MSR = 0, r3 = the value CPU 0 wrote, and TLB1[1]
 * mapping VA 0 -> this image (64 MiB); nothing else is set up. It takes
 * its own stack, maps CCSR at the runtime's VA in TLB1[3] (entry 1 holds
 * the boot mapping), points every IVOR at a stub that records the fault,
 * and calls cpu1_main(r3), which never returns.
 */
#include "guest.h"

#define CPU1_CCSR_ESEL 3

	.section .text.conf_smp, "ax"
	.globl	secondary_entry
	.balign	16
secondary_entry:
	mr	r31, r3
	lis	r1, cpu1_stack_top@ha
	addi	r1, r1, cpu1_stack_top@l
	li	r0, 0
	stwu	r0, -16(r1)

	lis	r4, (MAS0_TLBSEL1 | MAS0_ESEL(CPU1_CCSR_ESEL))@h
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

	lis	r4, cpu1_trap@h
	mtspr	SPRN_IVPR, r4
	li	r4, cpu1_trap@l
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	mtspr	SPRN_IVOR0 + \n, r4
	.endr
	isync

	mr	r3, r31
	bl	cpu1_main
1:	b	1b

/* Any exception on CPU 1: record SRR0 (non-zero) for CPU 0 and stop. */
	.balign	16
cpu1_trap:
	mfspr	r4, SPRN_SRR0
	ori	r4, r4, 1
	lis	r5, cpu1_fault@ha
	stw	r4, cpu1_fault@l(r5)
	sync
2:	b	2b

	.section .bss.conf_smp, "aw", @nobits
	.balign	16
	.space	8192
cpu1_stack_top:
