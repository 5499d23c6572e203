/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the guest fast paths share (kernel/fastpath.S, fastpath_tlb.S,
 * fastpath_emul.S): the percpu save slots they park guest registers in,
 * MSR masks, exit counting, and the guest-access macros. Assembly only.
 */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H
#include "kernel/ppc.h"
#include "generated/autoconf.h"
#include "generated/asm-offsets.h"

#define GUEST_HCALL_MAGIC 0x4b564d21 /* "KVM!": hv/guest_dt.h */

#define S_R11 (PC_SAVE + 0)
#define S_R12 (PC_SAVE + 4)
#define S_CR  (PC_SAVE + 8)
#define S_R9  (PC_SAVE + 12)
#define S_LR  (PC_SAVE + 16)
#define S_R8  (PC_SAVE + 20)
#define S_TMP (PC_SAVE + 24)
#define S_R3  (PC_SAVE + 28)
#define S_R4  (PC_SAVE + 32)
#define S_R5  (PC_SAVE + 36)
#define S_R6  (PC_SAVE + 40)
#define S_R7  (PC_SAVE + 44)
#define S_IVOR (PC_SAVE + 48)

/* Every field the fast paths address must fit a 16-bit displacement. */
.if (V_STATS + 4 * VSTAT_COUNT_ASM) > 32767 || (V_TLB1 + 64 * 16) > 32767
.error "struct vcpu outgrew the fast paths' displacements"
.endif
.if GTLB_TLB0_SETS_ASM != 128 || GTLB_TLB0_WAYS_ASM != 4 || GTLB_ENTRY_SIZE_ASM != 16
.error "the fast TLB search assumes a 128-set 4-way TLB0 of 16-byte entries"
.endif

/* Cleared by every base-class interrupt (Book-E). */
#define MSR_CLEAR_BASE (MSR_WE | MSR_EE | MSR_PR | MSR_FP | MSR_FE0 | MSR_FE1 | \
			MSR_IS | MSR_DS | MSR_SPE | MSR_UCLE)
/* Cleared by every critical-class interrupt. */
#define MSR_CLEAR_CRIT (MSR_CLEAR_BASE | MSR_CE | MSR_DE)
/* Guest MSR bits whose change moves the shadow MSR: left to C in mtmsr. */
#define MSR_SHADOW_LO (MSR_PR | MSR_IS | MSR_DS | MSR_FP | MSR_FE0 | MSR_FE1)
#define MSR_SHADOW_HI ((MSR_WE | MSR_SPE | MSR_UCLE) >> 16)
#define MSR_LIVE_LO (MSR_FP | MSR_FE0 | MSR_FE1)
#define MSR_LIVE_HI ((MSR_SPE | MSR_UCLE) >> 16)

/* Count a completed fast exit in vcpu->stats_exit[ivor], using @reg. */
#ifdef CONFIG_EXIT_STATS
#define COUNT(ivor, reg)				\
	lwz	reg, V_STATS_EXIT + 4 * (ivor)(r9);	\
	addi	reg, reg, 1;				\
	stw	reg, V_STATS_EXIT + 4 * (ivor)(r9)
/* Count a hypervisor action in vcpu->stats[stat] (enum vcpu_stat). */
#define STAT(stat, reg)					\
	lwz	reg, V_STATS + 4 * (stat)(r9);		\
	addi	reg, reg, 1;				\
	stw	reg, V_STATS + 4 * (stat)(r9)
#else
#define COUNT(ivor, reg)
#define STAT(stat, reg)
#endif

/* EPLC follows the real PID where lwepx fetches guest instructions. */
#ifdef CONFIG_CPU_HAS_EPID
#define SET_EPLC(reg)				\
	oris	reg, reg, EPLC_EAS@h;		\
	mtspr	SPRN_EPLC, reg
#else
#define SET_EPLC(reg)
#endif

/* r11 := 0 if the guest's MSR[IS] = MSR[DS], else non-zero (CR0 set). */
#define SPLIT_MODE				\
	lwz	r12, V_MSR(r9);			\
	srwi	r11, r12, 1;			\
	xor	r11, r11, r12;			\
	andi.	r11, r11, MSR_DS

/*
 * \rd = the guest's word at \ra through its current shadow translation:
 * an external-PID load through EPLC, which every PID change keeps equal to
 * the guest's context (AS 1, the shadow PID, supervisor access: shadow
 * entries carry SR for this), else MSR[DS] set for one load (clobbers r12).
 */
.macro FETCH rd, ra
#ifdef CONFIG_CPU_HAS_EPID
	lwepx	\rd, 0, \ra
#else
	mfmsr	r12
	ori	r12, r12, MSR_DS
	mtmsr	r12
	isync
	lwz	\rd, 0(\ra)
	xori	r12, r12, MSR_DS
	mtmsr	r12
	isync
#endif
.endm
#endif
