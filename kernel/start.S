/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot: ePAPR entry for CPU 0 (r3 = device tree), the spin-table entry for
 * secondary CPUs, and tlb_hv_load, which installs the hypervisor's TLB1
 * layout from tlb_hv_table[] (kernel/tlb.c).
 *
 * Register use: r31 holds the boot argument across the early calls.
 */
#include "kernel/ppc.h"
#include "generated/autoconf.h"
#include "generated/asm-offsets.h"

	.section .text.boot, "ax"
	.globl	_start
_start:
	mr	r31, r3			/* device tree from the boot loader */
	li	r0, 0
	mtspr	SPRN_PID, r0
	mtspr	SPRN_TCR, r0		/* no timer interrupts yet */
	isync
	bl	tlb_hv_load

	/*
	 * Move the device tree to _end before clearing .bss: QEMU places it
	 * right after the image, exactly where our heap will grow.
	 */
	mr	r3, r31
	lis	r4, _end@ha
	addi	r4, r4, _end@l
	bl	fdt_early_move
	mr	r31, r3

	lis	r3, __bss_start@ha
	addi	r3, r3, __bss_start@l
	lis	r4, __bss_end@ha
	addi	r4, r4, __bss_end@l
	li	r0, 0
1:	cmplw	r3, r4
	bge	2f
	stw	r0, 0(r3)
	addi	r3, r3, 4
	b	1b
2:
	li	r3, 0
	bl	cpu_early_init
	mr	r3, r31
	lis	r4, kmain@ha
	addi	r4, r4, kmain@l
	b	enter_c

/* Secondary CPUs arrive here from the spin table with r3 = logical index. */
	.globl	secondary_entry
secondary_entry:
	mr	r31, r3
	li	r0, 0
	mtspr	SPRN_PID, r0
	mtspr	SPRN_TCR, r0
	isync
	bl	tlb_hv_load
	mr	r3, r31
	bl	cpu_early_init
	mr	r3, r31
	lis	r4, smp_secondary_main@ha
	addi	r4, r4, smp_secondary_main@l
	b	enter_c

/*
 * enter_c: start C function r4(r3) with MSR = ME. mtmsr cannot set ME on
 * QEMU, so go through rfi.
 */
enter_c:
	mtspr	SPRN_SRR0, r4
	li	r4, MSR_ME
	mtspr	SPRN_SRR1, r4
	rfi

/*
 * cpu_early_init(r3 = cpu): SPRG0 = &percpu_data[cpu], r1 = top of the
 * CPU's stack, exception vectors installed. Clobbers r4-r6.
 */
cpu_early_init:
	lis	r4, percpu_data@ha
	addi	r4, r4, percpu_data@l
	mulli	r5, r3, PERCPU_SIZE
	add	r4, r4, r5
	mtspr	SPRN_SPRG_PERCPU, r4
	stw	r3, PC_CPU(r4)
	lis	r5, cpu_stacks@ha
	addi	r5, r5, cpu_stacks@l
	addi	r6, r3, 1
	mulli	r6, r6, CONFIG_STACK_SIZE
	add	r1, r5, r6
	addi	r1, r1, -16
	stw	r1, PC_STACK_TOP(r4)
	li	r0, 0
	stw	r0, 0(r1)
	mflr	r6
	bl	exc_install
	mtlr	r6
	blr

/*
 * fdt_early_move(r3 = src, r4 = dst): memmove the flattened tree (size from
 * its header) and return r3 = dst. Word copy; runs before there is a stack.
 */
fdt_early_move:
	lwz	r5, 4(r3)		/* totalsize */
	addi	r5, r5, 3
	rlwinm	r5, r5, 0, 0, 29
	cmplw	r3, r4
	beqlr
	bgt	2f			/* src above dst: copy forward */
	add	r6, r3, r5		/* backward */
	add	r7, r4, r5
1:	cmplw	r6, r3
	ble	4f
	lwzu	r0, -4(r6)
	stwu	r0, -4(r7)
	b	1b
2:	li	r6, 0
3:	cmplw	r6, r5
	bge	4f
	lwzx	r0, r3, r6
	stwx	r0, r4, r6
	addi	r6, r6, 4
	b	3b
4:	mr	r3, r4
	blr

/*
 * tlb_hv_load: make TLB1 hold exactly tlb_hv_table[] in address space 0.
 * The entry we execute from is copied into a temporary TS=1 slot, we
 * switch to AS=1, rewrite every TLB1 entry and flash TLB0, switch back
 * and drop the temporary. Used at boot, by secondaries and to relayout.
 * Runs with external interrupts off. Clobbers only volatile registers
 * (r0, r3-r12, CTR, CR): C calls it too. The return address lives in CTR.
 */
	.globl	tlb_hv_load
tlb_hv_load:
	mflr	r0
	mtctr	r0
	bl	1f
1:	mflr	r3
	li	r4, 0
	mtspr	SPRN_MAS6, r4
	isync
	tlbsx	0, r3
	mfspr	r4, SPRN_MAS0
	rlwinm	r4, r4, 16, 20, 31	/* our ESEL */
	mfspr	r5, SPRN_MAS1
	mfspr	r6, SPRN_MAS2
	mfspr	r7, SPRN_MAS3
	mfspr	r8, SPRN_MAS7
	mfspr	r9, SPRN_TLB1CFG
	andi.	r9, r9, 0xfff		/* number of TLB1 entries */
	addi	r10, r9, -1		/* temporary slot: the last ... */
	cmpw	r10, r4
	bne	2f
	addi	r10, r10, -1		/* ... unless we run from it */
2:	rlwinm	r11, r10, 16, 4, 15
	oris	r11, r11, MAS0_TLBSEL1@h
	mtspr	SPRN_MAS0, r11
	rlwinm	r12, r5, 0, 2, 0	/* drop IPROT */
	ori	r12, r12, MAS1_TS
	mtspr	SPRN_MAS1, r12
	mtspr	SPRN_MAS2, r6
	mtspr	SPRN_MAS3, r7
	mtspr	SPRN_MAS7, r8
	isync
	tlbwe
	isync
	mfmsr	r11
	ori	r11, r11, MSR_IS | MSR_DS
	mtspr	SPRN_SRR1, r11
	lis	r12, 3f@ha
	addi	r12, r12, 3f@l
	mtspr	SPRN_SRR0, r12
	rfi
3:	li	r11, 0			/* invalidate all but the temporary */
4:	cmpw	r11, r10
	beq	5f
	rlwinm	r12, r11, 16, 4, 15
	oris	r12, r12, MAS0_TLBSEL1@h
	mtspr	SPRN_MAS0, r12
	li	r12, 0
	mtspr	SPRN_MAS1, r12
	isync
	tlbwe
5:	addi	r11, r11, 1
	cmpw	r11, r9
	blt	4b
	isync
	li	r12, MMUCSR0_TLB0FI
	mtspr	SPRN_MMUCSR0, r12
6:	mfspr	r12, SPRN_MMUCSR0
	andi.	r12, r12, MMUCSR0_TLB0FI
	bne	6b
	isync
	lis	r3, tlb_hv_table@ha	/* write the table's valid entries */
	addi	r3, r3, tlb_hv_table@l
	li	r11, 0
7:	lwz	r12, TLBE_MAS1(r3)
	andis.	r0, r12, MAS1_VALID@h
	beq	8f
	mtspr	SPRN_MAS1, r12
	rlwinm	r12, r11, 16, 4, 15
	oris	r12, r12, MAS0_TLBSEL1@h
	mtspr	SPRN_MAS0, r12
	lwz	r12, TLBE_MAS2(r3)
	mtspr	SPRN_MAS2, r12
	lwz	r12, TLBE_MAS3(r3)
	mtspr	SPRN_MAS3, r12
	lwz	r12, TLBE_MAS7(r3)
	mtspr	SPRN_MAS7, r12
	isync
	tlbwe
8:	addi	r3, r3, TLBE_SIZE
	addi	r11, r11, 1
	cmpwi	r11, TLB_HV_SLOTS_ASM
	blt	7b
	isync
	mfmsr	r11
	li	r12, MSR_IS | MSR_DS
	andc	r11, r11, r12
	mtspr	SPRN_SRR1, r11
	lis	r12, 9f@ha
	addi	r12, r12, 9f@l
	mtspr	SPRN_SRR0, r12
	rfi
9:	rlwinm	r12, r10, 16, 4, 15	/* drop the temporary */
	oris	r12, r12, MAS0_TLBSEL1@h
	mtspr	SPRN_MAS0, r12
	li	r12, 0
	mtspr	SPRN_MAS1, r12
	isync
	tlbwe
	isync
	mfctr	r0
	mtlr	r0
	blr
