/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_tlb: what the test files share. The exception hook (tlb.c) logs
 * every exception with the MAS registers the core preloaded, and either
 * steps over the faulting instruction or, in "fill" mode, installs a 4 KiB
 * TLB0 mapping from the preloaded MAS0-2 and retries it.
 */
#ifndef CONF_TLB_H
#define CONF_TLB_H

#include <stdint.h>
#include "guest.h"

#define IVOR_DSI     2
#define IVOR_ISI     3
#define IVOR_PROGRAM 6
#define IVOR_DTLB    13
#define IVOR_ITLB    14

#define MAS0_TLBSEL0 0
#define MAS0_NV_MASK 0xfff
#define MAS6_SAS     0x1
#define IVAX_TLB1    0x8
#define IVAX_INV_ALL 0x4

/* The test window: VA 0x40000000.., backed by PA 8 MiB.. (in the 64 MiB
 * both the board and the partition give the program). */
#define VA(n)        (0x40000000u + (n) * 0x100000u)
#define PA(n)        (0x00800000u + (n) * 0x100000u)

struct ev {
	int ivor;
	uint32_t srr0, esr, dear, mas0, mas1, mas2;
};
#define MAX_EV 8
extern struct ev evs[MAX_EV];
extern int nev, failed;

/* Fill mode: the hook maps the missing page to fill_rpn (+ the page's
 * offset from fill_va) with fill_perm, then retries. 0 = step over. */
extern uint32_t fill_va, fill_rpn, fill_perm;
/* An ITLB miss without fill, or an ISI, returns to the caller (LR). */

void show(const char *what, const struct guest_tlb *e);
void show_events(const char *what, uint32_t base);
void note(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void tlb_write(uint32_t mas0, uint32_t mas1, uint32_t mas2,
			     uint32_t mas3, uint32_t mas7)
{
	struct guest_tlb e = { mas0, mas1, mas2, mas3, mas7 };

	guest_tlb_write(&e);
}

static inline void tlb_read(uint32_t mas0, uint32_t mas2, struct guest_tlb *e)
{
	mtspr(SPRN_MAS0, mas0);
	mtspr(SPRN_MAS2, mas2);
	__asm__ volatile("isync; tlbre; isync" ::: "memory");
	e->mas0 = mfspr(SPRN_MAS0);
	e->mas1 = mfspr(SPRN_MAS1);
	e->mas2 = mfspr(SPRN_MAS2);
	e->mas3 = mfspr(SPRN_MAS3);
	e->mas7 = mfspr(SPRN_MAS7);
}

static inline void tlb_search(uint32_t ea, uint32_t mas6, struct guest_tlb *e)
{
	mtspr(SPRN_MAS6, mas6);
	__asm__ volatile("isync; tlbsx 0,%0; isync" : : "r"(ea) : "memory");
	e->mas0 = mfspr(SPRN_MAS0);
	e->mas1 = mfspr(SPRN_MAS1);
	e->mas2 = mfspr(SPRN_MAS2);
	e->mas3 = mfspr(SPRN_MAS3);
	e->mas7 = mfspr(SPRN_MAS7);
}

static inline void tlb_ivax(uint32_t ea)
{
	__asm__ volatile("isync; tlbivax 0,%0; isync; sync; tlbsync; sync"
			 : : "r"(ea) : "memory");
}

/* tlb_asm.S */
uint32_t as1_rw(volatile uint32_t *va, uint32_t val); /* store, load with MSR[DS] */
uint32_t load_or_dead(volatile uint32_t *va);         /* 0xdeadbeef if skipped */
void store_word(volatile uint32_t *va, uint32_t val);
uint32_t itlb_page(void);                             /* returns 0x77 */
extern const char load_or_dead_insn[], store_word_insn[], as1_rw_store[];

void test_mmu_ops(void);   /* tlb_ops.c */
void test_translate(void); /* tlb_xlate.c */

#endif
