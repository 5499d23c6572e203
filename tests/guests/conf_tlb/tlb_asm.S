/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_tlb helpers that must be assembly: accesses with MSR[DS] = 1
 * (nothing but registers while in AS1), single loads and stores at a known
 * address (the hook steps over them on a miss), and a page of code that
 * an ITLB test maps at another address.
 */
#include "guest.h"

	.section .text, "ax"

/* uint32_t as1_rw(volatile uint32_t *va, uint32_t val): with MSR[DS] = 1,
 * store @val at @va and load it back; 0xdeadbeef if the load is skipped. */
	.globl	as1_rw, as1_rw_store
as1_rw:
	mfmsr	r7
	ori	r8, r7, MSR_DS
	lis	r6, 0xdead
	ori	r6, r6, 0xbeef
	mtmsr	r8
	isync
as1_rw_store:
	stw	r4, 0(r3)
	lwz	r6, 0(r3)
	mtmsr	r7
	isync
	mr	r3, r6
	blr

/* uint32_t load_or_dead(volatile uint32_t *va) */
	.globl	load_or_dead, load_or_dead_insn
load_or_dead:
	mr	r4, r3
	lis	r3, 0xdead
	ori	r3, r3, 0xbeef
load_or_dead_insn:
	lwz	r3, 0(r4)
	blr

/* void store_word(volatile uint32_t *va, uint32_t val) */
	.globl	store_word, store_word_insn
store_word:
store_word_insn:
	stw	r4, 0(r3)
	blr

/* A page of its own, mapped again at another VA by the ITLB test. */
	.section .text.itlb_page, "ax"
	.balign	4096
	.globl	itlb_page
itlb_page:
	li	r3, 0x77
	blr
	.balign	4096
