/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest TLB misses without C (see kernel/fastpath.S for the conventions):
 * the guest TLB0 set and the valid guest TLB1 entries are searched here;
 * a TLB0 hit in the partition's RAM window is installed in the real TLB0,
 * no hit is reflected to the guest with its MAS registers loaded.
 */
#include "kernel/fastpath.h"

	/* Next to the vectors: they reach these with conditional branches. */
	.section .text.vectors, "ax"

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
