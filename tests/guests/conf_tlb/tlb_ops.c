/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_tlb: the MMU instructions on their own. Entries written here use
 * TIDs and AS1 so they never translate anything the program touches;
 * TLB1 entries 0 (image) and 1 (console) are made IPROT first so the
 * invalidate-all tests keep them.
 */
#include <stdint.h>
#include <stdio.h>
#include "tlb.h"

#define T1_A 5  /* TLB1 test entries */
#define T1_B 6
#define T1_C 7
#define PERM_ALL (MAS3_UX | MAS3_SX | MAS3_UW | MAS3_SW | MAS3_UR | MAS3_SR)

static void show_valid(const char *what)
{
	struct guest_tlb a, b, c, z0, z1, t0, t1;

	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(T1_A), 0, &a);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(T1_B), 0, &b);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(T1_C), 0, &c);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(0), 0, &z0);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(1), 0, &z1);
	tlb_read(MAS0_TLBSEL0 | MAS0_ESEL(1), VA(1), &t0);
	tlb_read(MAS0_TLBSEL0 | MAS0_ESEL(2), VA(2) + 0x1000, &t1);
	printf("conf_tlb: %s: mas1 tlb1[5] %08lx [6] %08lx [7] %08lx [0] %08lx [1] %08lx\n",
	       what, (unsigned long)a.mas1, (unsigned long)b.mas1, (unsigned long)c.mas1,
	       (unsigned long)z0.mas1, (unsigned long)z1.mas1);
	printf("conf_tlb: %s: mas1 tlb0 %08lx %08lx\n", what, (unsigned long)t0.mas1,
	       (unsigned long)t1.mas1);
}

/* Two TLB0 entries (AS1, TID 0x35/0x36) and TLB1 5 (IPROT), 6, 7. */
static void populate(void)
{
	tlb_write(MAS0_TLBSEL0 | MAS0_ESEL(1), MAS1_VALID | MAS1_TID(0x35) | MAS1_TS,
		  VA(1), PA(1) | MAS3_SR, 0);
	tlb_write(MAS0_TLBSEL0 | MAS0_ESEL(2), MAS1_VALID | MAS1_TID(0x36) | MAS1_TS,
		  VA(2) + 0x1000, PA(2) | MAS3_SR, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_A), MAS1_VALID | MAS1_IPROT | MAS1_TID(0x12) |
		  MAS1_TS | MAS1_TSIZE(10), VA(3), PA(3) | MAS3_SR, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_B), MAS1_VALID | MAS1_TID(0x13) | MAS1_TS |
		  MAS1_TSIZE(10), VA(4), PA(4) | MAS3_SR, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_C), MAS1_VALID | MAS1_TID(0x14) | MAS1_TS |
		  MAS1_TSIZE(12), VA(8), PA(8) | MAS3_SR, 0);
}

static void test_boot_entries(void)
{
	struct guest_tlb e;

	tlb_search(0x1000, 0, &e);
	show("tlbsx image (boot mapping)", &e);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(1), 0, &e);
	show("tlbre tlb1[1] (console)", &e);
	/* Protect them from the invalidate-all tests below. */
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(0), 0, &e);
	e.mas1 |= MAS1_IPROT;
	guest_tlb_write(&e);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(1), 0, &e);
	e.mas1 |= MAS1_IPROT;
	guest_tlb_write(&e);
}

static void test_roundtrip(void)
{
	struct guest_tlb e;

	/* TLB0: TSIZE is fixed (4 KiB), every attribute, U0-U3, permission
	 * and MAS7 bit kept. */
	tlb_write(MAS0_TLBSEL0 | MAS0_ESEL(2), MAS1_VALID | MAS1_TID(0x35) | MAS1_TS |
		  MAS1_TSIZE(5), VA(0) + 0x10000 + 0x1f, PA(0) | 0x3ff, 0x1);
	tlb_read(MAS0_TLBSEL0 | MAS0_ESEL(2), VA(0) + 0x10000, &e);
	show("tlbre tlb0 way 2", &e);
	tlb_read(MAS0_TLBSEL0 | MAS0_ESEL(6), VA(0) + 0x10000, &e);
	show("tlbre tlb0 esel 6", &e);
	tlb_read(MAS0_TLBSEL0 | MAS0_ESEL(3), VA(0) + 0x10000, &e);
	show("tlbre tlb0 way 3 (empty)", &e);
	/* TLB1: EPN below the page size is dropped; IPROT kept. */
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_A), MAS1_VALID | MAS1_IPROT | MAS1_TID(0x12) |
		  MAS1_TS | MAS1_TSIZE(10), VA(3) + 0x23000 + MAS2_I + MAS2_G,
		  PA(3) | PERM_ALL, 0);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(T1_A), 0, &e);
	show("tlbre tlb1[5] 1M", &e);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(16 + T1_A), 0, &e);
	show("tlbre tlb1 esel 21", &e);
	/* An odd TSIZE (2 MiB): not a TLB1 size of either core. */
	nev = 0;
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_B), MAS1_VALID | MAS1_TID(0x13) | MAS1_TS |
		  MAS1_TSIZE(11), VA(4), PA(4) | MAS3_SR, 0);
	tlb_read(MAS0_TLBSEL1 | MAS0_ESEL(T1_B), 0, &e);
	show("tlbre tlb1[6] after 2M write", &e);
	show_events("tlbwe 2M", (uint32_t)test_roundtrip);
}

static void test_search(void)
{
	struct guest_tlb e;

	tlb_search(VA(3) + 0x80000, MAS1_TID(0x12) | MAS6_SAS, &e);
	show("tlbsx hit tlb1[5]", &e);
	tlb_search(VA(0) + 0x10000, MAS1_TID(0x35) | MAS6_SAS, &e);
	show("tlbsx hit tlb0", &e);
	tlb_search(VA(3) + 0x80000, MAS1_TID(0x12), &e);
	show("tlbsx miss (AS0)", &e);
	/* Misses take their defaults from MAS4; NV moves on each time. */
	mtspr(SPRN_MAS4, 0x1000028a); /* TLBSELD 1, TSIZED 5, WIMGED I|G */
	tlb_search(VA(7), MAS1_TID(0x77) | MAS6_SAS, &e);
	show("tlbsx miss mas4", &e);
	tlb_search(VA(7), MAS1_TID(0x77), &e);
	show("tlbsx miss again", &e);
	printf("conf_tlb: tlbsx miss: mas6 %08lx\n", (unsigned long)mfspr(SPRN_MAS6));
	mtspr(SPRN_MAS4, 0);
}

static void test_invalidate(void)
{
	uint32_t v;

	populate();
	show_valid("populated");
	tlb_ivax(VA(1));                  /* TLB0 page */
	tlb_ivax(VA(3) + 0x1000 + IVAX_TLB1); /* TLB1, IPROT: stays */
	tlb_ivax(VA(4) + IVAX_TLB1);      /* TLB1 page */
	show_valid("tlbivax pages");
	populate();
	tlb_ivax(IVAX_INV_ALL);           /* TLB0 */
	show_valid("tlbivax tlb0 all");
	populate();
	tlb_ivax(IVAX_INV_ALL | IVAX_TLB1);
	show_valid("tlbivax tlb1 all");
	populate();
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB0FI);
	show_valid("mmucsr0 tlb0fi");
	populate();
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB1FI);
	v = mfspr(SPRN_MMUCSR0);
	show_valid("mmucsr0 tlb1fi");
	note(v == 0, "mmucsr0 after flash %08lx", (unsigned long)v);
	/* Leave nothing behind but the IPROT TLB1 5. */
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB0FI | MMUCSR0_TLB1FI);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(T1_A), 0, 0, 0, 0);
	show_valid("cleaned");
	nev = 0;
	__asm__ volatile("tlbsync; isync" ::: "memory");
	note(nev == 0, "tlbsync: %d exception(s)", nev);
}

void test_mmu_ops(void)
{
	test_boot_entries();
	test_roundtrip();
	test_search();
	test_invalidate();
}
