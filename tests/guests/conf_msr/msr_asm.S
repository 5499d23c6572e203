/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_msr helpers that must be assembly: returns through rfi/rfci/rfmci/
 * rfdi to a known label, and code run in user mode (MSR[PR] = 1).
 * User-mode code ends with "sc": the test's exception hook answers a system
 * call from user mode by clearing PR in SRR1, so the code after the sc runs
 * in supervisor mode again. Only volatile registers are used.
 */
#include "guest.h"

	.section .text, "ax"

/* rfdi (e500mc debug return), spelled out for assemblers without it. */
.macro rfdi_insn
	.long	0x4c00004e
.endm

/* uint32_t rfx_rfi(uint32_t srr1, uint32_t low): rfi to 1f | @low with
 * SRR1 = @srr1; returns the MSR seen at the label. */
.macro RFX name, srr0, srr1, insn
	.globl	rfx_\name
rfx_\name:
	lis	r5, 1f@ha
	addi	r5, r5, 1f@l
	or	r5, r5, r4
	mtspr	\srr0, r5
	mtspr	\srr1, r3
	\insn
	b	2f		/* not reached when the return works */
1:	mfmsr	r3
	blr
2:	li	r3, -1
	blr
.endm

	RFX rfi, SPRN_SRR0, SPRN_SRR1, rfi
	RFX rfci, SPRN_CSRR0, SPRN_CSRR1, rfci
	RFX rfmci, SPRN_MCSRR0, SPRN_MCSRR1, rfmci
	RFX rfdi, SPRN_DSRR0, SPRN_DSRR1, rfdi_insn

/* void user_call(void (*fn)(void)): run @fn with MSR[PR] = 1 (rfi);
 * @fn ends with "sc; blr" and so returns here in supervisor mode. */
	.globl	user_call
user_call:
	mtspr	SPRN_SRR0, r3
	mfmsr	r4
	ori	r4, r4, MSR_PR
	mtspr	SPRN_SRR1, r4
	rfi

/* User mode: privileged instructions, each must give a Program interrupt
 * with ESR[PPR] (the hook steps over it), then back through sc. */
	.globl	user_priv, user_priv_end
user_priv:
	mfmsr	r4
	mtmsr	r4
	wrteei	1
	wrtee	r4
	mfspr	r4, SPRN_SPRG0
	mtspr	SPRN_SPRG4, r4
	mfspr	r4, SPRN_SRR0
	mtspr	SPRN_IVPR, r4
	rfi
	rfci
	tlbsx	0, r4
	tlbre
	tlbwe
	tlbivax	0, r4
	tlbsync
	dcbi	0, r4
	mtspr	SPRN_PID, r4
	mfspr	r4, SPRN_DEC
user_priv_end:
	sc
	blr

/* User mode: the last user-mode instruction is an sc (SRR1 has PR). */
	.globl	user_sc
user_sc:
	li	r3, 0x55
	sc
	blr

/* uint32_t mtmsr_user(void): enter user mode with mtmsr, try mfmsr
 * there (Program interrupt), come back with sc; returns the MSR after. */
	.globl	mtmsr_user, mtmsr_user_mfmsr
mtmsr_user:
	mfmsr	r3
	ori	r3, r3, MSR_PR
	mtmsr	r3
	isync
mtmsr_user_mfmsr:
	mfmsr	r3		/* trapped: r3 keeps the PR value */
	sc
	mfmsr	r3
	blr
