/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Privileged instructions of the guest kernel emulated without C (see
 * kernel/fastpath.S for the conventions and the list): the dispatch on
 * the instruction read through the guest's translation, one handler per
 * instruction, and the guest GPRs reached by number through stub tables.
 */
#include "kernel/fastpath.h"

	/* Next to the vectors: they reach these with conditional branches. */
	.section .text.vectors, "ax"

/* --- privileged instructions ------------------------------------------- */

	.globl	fast_program
fast_program:
	stw	r9, S_R9(r10)
	lwz	r9, PC_VCPU(r10)
	lwz	r12, V_MSR(r9)
	andi.	r12, r12, MSR_PR
	bne	fast_program_user	/* guest user mode: its own interrupt */
	mfspr	r11, SPRN_SRR0
	FETCH	r11, r11
	mflr	r12
	stw	r12, S_LR(r10)
	rlwinm	r12, r11, 6, 26, 31	/* primary opcode */
	cmpwi	r12, 31
	bne	fast_op19
	/* By how often Linux 6.1 runs them (a tessera.quick init in a none
	 * partition: wrteei 48 k, mfspr 49 k over several SPRs, mfmsr 35 k,
	 * wrtee 34 k, mtspr 27 k, tlbwe 3 k; mtmsr rarely). */
	rlwinm	r12, r11, 31, 22, 31	/* extended opcode */
	cmpwi	r12, 163
	beq	fast_wrteei
	cmpwi	r12, 339
	beq	fast_mfspr
	cmpwi	r12, 83
	beq	fast_mfmsr
	cmpwi	r12, 131
	beq	fast_wrtee
	cmpwi	r12, 467
	beq	fast_mtspr
	cmpwi	r12, 978
	beq	fast_tlbwe
	cmpwi	r12, 146
	beq	fast_mtmsr
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

/* Guest GPR[RT of the instruction in r11] = r12; clobbers r11 and LR. */
#define GPR_SET					\
	rlwinm	r11, r11, 14, 24, 28;		\
	addis	r11, r11, gpr_set_tbl@ha;	\
	addi	r11, r11, gpr_set_tbl@l;	\
	mtlr	r11;				\
	blrl

/*
 * mfmsr; and when the next instruction is wrteei 0, that one too, in the
 * same exit: Linux's local_irq_save is exactly this pair (535 of the 584
 * mfmsr in 6.1's text). The next word lies on the page the mfmsr was just
 * read from, through the same shadow entry, unless the mfmsr ends it.
 */
#define WRTEEI_0 0x7c000146
fast_mfmsr:
	lwz	r12, V_MSR(r9)
	GPR_SET
	mfspr	r12, SPRN_SRR0
	andi.	r11, r12, 0xffc
	cmpwi	r11, 0xffc
	beq	fast_next
	addi	r11, r12, 4
	FETCH	r11, r11
	lis	r12, WRTEEI_0@h
	ori	r12, r12, WRTEEI_0@l
	cmpw	r11, r12
	bne	fast_next
	lwz	r12, V_MSR(r9)
	rlwinm	r12, r12, 0, 17, 15	/* EE off */
	stw	r12, V_MSR(r9)
	mfspr	r12, SPRN_SRR0		/* over both instructions */
	addi	r12, r12, 8
	b	1f

/* Guest GPR[RT of r11] = r12, step over the instruction, return. */
fast_set_rd:
	GPR_SET
fast_next:
	mfspr	r12, SPRN_SRR0
	addi	r12, r12, 4
1:	mtspr	SPRN_SRR0, r12
	COUNT(6, r12)
	lwz	r12, S_LR(r10)
	mtlr	r12
	b	fast_return

fast_wrteei:
	lwz	r12, V_MSR(r9)
	rlwinm	r12, r12, 0, 17, 15	/* EE off */
	andi.	r11, r11, 0x8000	/* the E bit */
	beq	fast_msr_set
	ori	r12, r12, MSR_EE
/* The new MSR in r12 enables EE or CE: an interrupt to deliver? */
fast_msr_on:
	lwz	r11, V_PENDING(r9)
	cmpwi	r11, 0
	bne	fast_ee_pending
fast_msr_set:
	stw	r12, V_MSR(r9)
	b	fast_next

fast_wrtee:
	GPR_GET
	lwz	r11, V_MSR(r9)
	rlwimi	r11, r12, 0, 16, 16	/* the new EE */
	mr	r12, r11
	andi.	r11, r12, MSR_EE
	beq	fast_msr_set
	b	fast_msr_on

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
	beq	fast_msr_set
	b	fast_msr_on

/*
 * wrteei, wrtee or mtmsr sets the MSR in r12, which enables EE or CE, with
 * interrupts pending (r11): C's turn if any of them is not the assembly's
 * to deliver (vcpu->fast_irqs), before anything changed; else the
 * instruction completes and, if EE is now set, fast_irq delivers.
 */
fast_ee_pending:
	stw	r12, S_TMP(r10)
	lwz	r12, V_FAST_IRQS(r9)
	andc.	r12, r11, r12
	bne	fast_slow_6_lr
	lwz	r12, S_TMP(r10)
	stw	r12, V_MSR(r9)
	andi.	r12, r12, MSR_EE
	beq	fast_next
	mfspr	r12, SPRN_SRR0
	addi	r12, r12, 4
	mtspr	SPRN_SRR0, r12
	lwz	r12, S_LR(r10)
	mtlr	r12
	b	fast_irq

/*
 * tlbwe to guest TLB0 (MAS0 TLBSEL 0, WQ 0, ATSEL 0; anything else is C's):
 * the entry MAS2[EPN] and MAS0[ESEL] select, stored as hv/gtlb.c stores
 * it (TSIZE forced to 4 KiB, IPROT dropped, EPN masked), and the shadow
 * translations of the entry it replaces invalidated (hv/shadow.c:
 * shadow_drop_entry; TLB0 entries are all 4 KiB).
 */
fast_tlbwe:
	lwz	r12, V_MAS(r9)		/* MAS0 */
	andis.	r11, r12, GTLB_MAS0_NOFAST_HI_ASM
	bne	fast_slow_6_lr
	andi.	r11, r12, GTLB_MAS0_WQ_ASM
	bne	fast_slow_6_lr
	stw	r8, S_R8(r10)
	lwz	r11, V_MAS + 8(r9)	/* MAS2 */
	rlwinm	r8, r11, 26, 19, 25	/* set * 4 ways * 16 */
	rlwimi	r8, r12, 20, 26, 27	/* + (ESEL & 3) * 16 */
	add	r8, r8, r9
	lwz	r12, V_TLB0(r8)		/* the entry replaced */
	andis.	r12, r12, MAS1_VALID@h
	beq	1f
	lwz	r12, V_TLB0 + 4(r8)
	rlwinm	r12, r12, 0, 0, 19
	tlbivax	0, r12			/* its shadow page, in TLB0 and TLB1 */
	ori	r12, r12, 8
	tlbivax	0, r12
	isync
1:	rlwinm	r11, r11, 0, 25, 19	/* EPN of a 4 KiB page + attributes */
	stw	r11, V_TLB0 + 4(r8)
	lwz	r11, V_MAS + 4(r9)	/* MAS1 */
	rlwinm	r11, r11, 0, 25, 19	/* TSIZE ... */
	ori	r11, r11, MAS1_TSIZE(2)	/* ... is 4 KiB */
	rlwinm	r11, r11, 0, 2, 0	/* no IPROT in TLB0 */
	stw	r11, V_TLB0(r8)
	lwz	r11, V_MAS + 12(r9)
	stw	r11, V_TLB0 + 8(r8)	/* MAS3 */
	lwz	r11, V_MAS + 24(r9)
	stw	r11, V_TLB0 + 12(r8)	/* MAS7 */
	lwz	r8, S_R8(r10)
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
	beq	1f
	lwz	r8, V_FAST_IRQS(r9)	/* one only C delivers: C emulates */
	andc.	r8, r11, r8
	bne	2f
1:	cmpwi	cr1, r11, 0		/* the guest's CR is parked: cr1 is free */
	stw	r12, V_MSR(r9)
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
	bne	cr1, 3f
4:	COUNT(6, r12)
	b	fast_return
2:	lwz	r8, S_R8(r10)
	b	fast_slow_6_lr
3:	/* Interrupts were pending, all fast_irq's: delivered at the target
	 * if EE is now set (a bit C alone delivers that came in meanwhile
	 * from another CPU brings its own IPI). */
	lwz	r12, V_MSR(r9)
	andi.	r12, r12, MSR_EE
	beq	4b
	lwz	r11, V_PENDING(r9)
	lwz	r12, V_FAST_IRQS(r9)
	andc.	r12, r11, r12
	bne	4b
	cmpwi	r11, 0
	beq	4b
	b	fast_irq

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
