/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Book-E / e500 architectural constants and accessors. Usable from C and
 * from assembly (the C parts are guarded by __ASSEMBLER__).
 */
#ifndef KERNEL_PPC_H
#define KERNEL_PPC_H

/* MSR bits */
#define MSR_CM   0x80000000
#define MSR_GS   0x10000000
#define MSR_UCLE 0x04000000
#define MSR_SPE  0x02000000
#define MSR_WE   0x00040000
#define MSR_CE   0x00020000
#define MSR_EE   0x00008000
#define MSR_PR   0x00004000
#define MSR_FP   0x00002000
#define MSR_ME   0x00001000
#define MSR_FE0  0x00000800
#define MSR_DE   0x00000200
#define MSR_FE1  0x00000100
#define MSR_IS   0x00000020
#define MSR_DS   0x00000010
#define MSR_PMM  0x00000004

/* SPR numbers */
#define SPRN_XER     1
#define SPRN_LR      8
#define SPRN_CTR     9
#define SPRN_DEC     22
#define SPRN_SRR0    26
#define SPRN_SRR1    27
#define SPRN_PID     48
#define SPRN_DECAR   54
#define SPRN_CSRR0   58
#define SPRN_CSRR1   59
#define SPRN_DEAR    61
#define SPRN_ESR     62
#define SPRN_IVPR    63
#define SPRN_TBRL    268
#define SPRN_TBRU    269
#define SPRN_SPRG0   272
#define SPRN_SPRG1   273
#define SPRN_SPRG2   274
#define SPRN_SPRG3   275
#define SPRN_SPRG4   276
#define SPRN_SPRG5   277
#define SPRN_SPRG6   278
#define SPRN_SPRG7   279
#define SPRN_TBWL    284
#define SPRN_TBWU    285
#define SPRN_PIR     286
#define SPRN_PVR     287
#define SPRN_DBSR    304
#define SPRN_DBCR0   308
#define SPRN_TSR     336
#define SPRN_TCR     340
#define SPRN_IVOR0   400
#define SPRN_IVOR32  528
#define SPRN_IVOR36  532
#define SPRN_MCSRR0  570
#define SPRN_MCSRR1  571
#define SPRN_MCSR    572
#define SPRN_MCAR    573
#define SPRN_DSRR0   574
#define SPRN_DSRR1   575
#define SPRN_MAS0    624
#define SPRN_MAS1    625
#define SPRN_MAS2    626
#define SPRN_MAS3    627
#define SPRN_MAS4    628
#define SPRN_MAS6    630
#define SPRN_TLB0CFG 688
#define SPRN_TLB1CFG 689
#define SPRN_MAS7    944
#define SPRN_EPLC    947
#define SPRN_HID0    1008
#define SPRN_HID1    1009
#define SPRN_MMUCSR0 1012
#define SPRN_SVR     1023
#define SPRN_BUCSR   1013

/* The SPRG map (see kernel/exceptions.S). SPRG3..7 are readable from user
 * mode, so the hypervisor keeps nothing in them: they belong to guests. */
#define SPRN_SPRG_PERCPU   SPRN_SPRG0 /* struct percpu *, constant */
#define SPRN_SPRG_BSCRATCH SPRN_SPRG1 /* base-class scratch */
#define SPRN_SPRG_CSCRATCH SPRN_SPRG2 /* critical/debug/mcheck scratch */

/* TSR / TCR */
#define TSR_ENW 0x80000000
#define TSR_WIS 0x40000000
#define TSR_DIS 0x08000000
#define TSR_WRS_MASK 0x30000000
#define TSR_WRS_SHIFT 28
#define TSR_FIS 0x04000000
#define TCR_WP_MASK   0xc0000000 /* watchdog period, high bits */
#define TCR_WRC_MASK  0x30000000 /* watchdog reset control */
#define TCR_WRC_SHIFT 28
#define TCR_WIE       0x08000000
#define TCR_DIE       0x04000000
#define TCR_FP_MASK   0x03000000 /* fixed-interval period, high bits */
#define TCR_FIE       0x00800000
#define TCR_ARE       0x00400000
#define TCR_WPEXT_MASK 0x001e0000 /* e500: the period's low four bits */
#define TCR_FPEXT_MASK 0x0001e000

/* ESR bits */
#define ESR_PIL 0x08000000
#define ESR_PPR 0x04000000
#define ESR_PTR 0x02000000
#define ESR_FP  0x01000000
#define ESR_ST  0x00800000
#define ESR_AP  0x00100000
#define ESR_PUO 0x00040000
#define ESR_BO  0x00020000
#define ESR_PIE 0x00010000
#define ESR_SPV 0x00000080
#define ESR_EPID 0x00000040

/* EPLC: external PID load context */
#define EPLC_EPR 0x80000000
#define EPLC_EAS 0x40000000

/* HID0 */
#define HID0_DOZE 0x00800000

/* MMU assist registers */
#define MAS0_TLBSEL1   0x10000000
#define MAS0_ESEL(n)   (((n) & 0xfff) << 16)
#define MAS1_VALID     0x80000000
#define MAS1_IPROT     0x40000000
#define MAS1_TID(t)    (((t) & 0x3fff) << 16)
#define MAS1_TS        0x00001000
#define MAS1_TSIZE(t)  (((t) & 0x1f) << 7) /* 2^t KiB */
#define MAS2_W 0x10
#define MAS2_I 0x08
#define MAS2_M 0x04
#define MAS2_G 0x02
#define MAS2_E 0x01
#define MAS3_UX 0x20
#define MAS3_SX 0x10
#define MAS3_UW 0x08
#define MAS3_SW 0x04
#define MAS3_UR 0x02
#define MAS3_SR 0x01
#define MMUCSR0_TLB0FI 0x4
#define MMUCSR0_TLB1FI 0x2

#ifndef __ASSEMBLER__
#include <stdint.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define mfspr(rn) ({ uint32_t __v; \
	__asm__ volatile("mfspr %0," __stringify(rn) : "=r"(__v)); __v; })
#define mtspr(rn, v) __asm__ volatile("mtspr " __stringify(rn) ",%0" \
	: : "r"((uint32_t)(v)) : "memory")

static inline uint32_t mfmsr(void)
{
	uint32_t v;
	__asm__ volatile("mfmsr %0" : "=r"(v));
	return v;
}

static inline void mtmsr(uint32_t v)
{
	__asm__ volatile("mtmsr %0; isync" : : "r"(v) : "memory");
}

static inline void irq_enable(void)  { __asm__ volatile("wrteei 1" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("wrteei 0" ::: "memory"); }

/* Disable external interrupts; return the previous MSR for irq_restore(). */
static inline uint32_t irq_save(void)
{
	uint32_t msr = mfmsr();
	irq_disable();
	return msr;
}

static inline void irq_restore(uint32_t msr)
{
	__asm__ volatile("wrtee %0" : : "r"(msr) : "memory");
}

static inline void isync(void) { __asm__ volatile("isync" ::: "memory"); }
static inline void sync(void)  { __asm__ volatile("sync" ::: "memory"); }
static inline void mbar(void)  { __asm__ volatile("mbar" ::: "memory"); }

/* 64-bit timebase read that tolerates a carry between the halves. */
static inline uint64_t get_tb(void)
{
	uint32_t hi, lo, hi2;
	do {
		hi = mfspr(SPRN_TBRU);
		lo = mfspr(SPRN_TBRL);
		hi2 = mfspr(SPRN_TBRU);
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

/* MMIO accessors: big-endian registers, ordered with respect to each other. */
static inline uint8_t in_8(volatile void *a)
{
	uint8_t v = *(volatile uint8_t *)a;
	__asm__ volatile("mbar" ::: "memory");
	return v;
}

static inline void out_8(volatile void *a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
	__asm__ volatile("mbar" ::: "memory");
}

static inline uint32_t in_be32(volatile void *a)
{
	uint32_t v = *(volatile uint32_t *)a;
	__asm__ volatile("mbar" ::: "memory");
	return v;
}

static inline void out_be32(volatile void *a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
	__asm__ volatile("mbar" ::: "memory");
}
#endif /* !__ASSEMBLER__ */
#endif
