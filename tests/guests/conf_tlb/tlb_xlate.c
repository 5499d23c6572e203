/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_tlb: translation. Data written through a test mapping must be read
 * back at its 1:1 address (the boot mapping covers PA 0-64 MiB at VA 0)
 * and the other way round; misses, DSIs and refills by the hook are
 * compared exception by exception.
 */
#include <stdint.h>
#include <stdio.h>
#include "tlb.h"

#define W(a) ((volatile uint32_t *)(a))
#define TLB0_ESEL(way) (MAS0_TLBSEL0 | MAS0_ESEL(way))
#define SRW (MAS3_SR | MAS3_SW)

/* Write through @va, read at @pa; write at @pa, read through @va. */
static void both_ways(const char *what, uint32_t va, uint32_t pa, uint32_t pattern)
{
	uint32_t a, b;

	*W(va) = pattern;
	a = *W(pa);
	*W(pa) = ~pattern;
	b = *W(va);
	note(a == pattern && b == ~pattern, "%s: via va -> 1:1 %08lx, 1:1 -> via va %08lx",
	     what, (unsigned long)a, (unsigned long)b);
}

static void test_tlb0_tlb1(void)
{
	tlb_write(TLB0_ESEL(0), MAS1_VALID, VA(0), PA(0) | SRW, 0);
	both_ways("tlb0 4k", VA(0) + 0x10, PA(0) + 0x10, 0xc0de0001);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(6), MAS1_VALID | MAS1_TSIZE(10), VA(1), PA(1) | SRW, 0);
	both_ways("tlb1 1m", VA(1) + 0x80020, PA(1) + 0x80020, 0xc0de0002);
	tlb_ivax(VA(0));
	nev = 0;
	note(load_or_dead(W(VA(0) + 0x10)) == 0xdeadbeef, "tlb0 4k after tlbivax: load skipped");
	show_events("tlb0 4k after tlbivax", (uint32_t)load_or_dead_insn);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(6), 0, 0, 0, 0);
}

/* A TS=1 mapping: used with MSR[DS] = 1 only. */
static void test_as1(void)
{
	uint32_t v;

	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(8), MAS1_VALID | MAS1_TS | MAS1_TSIZE(10), VA(2),
		  PA(2) | SRW, 0);
	nev = 0;
	v = as1_rw(W(VA(2) + 0x40), 0xa5100001);
	note(v == 0xa5100001 && *W(PA(2) + 0x40) == v, "as1 ds=1: load %08lx, 1:1 %08lx",
	     (unsigned long)v, (unsigned long)*W(PA(2) + 0x40));
	show_events("as1 ds=1", (uint32_t)as1_rw_store);
	v = load_or_dead(W(VA(2) + 0x40));
	note(v == 0xdeadbeef, "as1 mapping with ds=0: %08lx", (unsigned long)v);
	show_events("as1 mapping with ds=0", (uint32_t)load_or_dead_insn);
	/* A TS=0 page seen from AS1: a miss there too. */
	tlb_write(TLB0_ESEL(1), MAS1_VALID, VA(3), PA(3) | SRW, 0);
	v = as1_rw(W(VA(3)), 0xa5100002);
	note(v == 0xdeadbeef, "as0 mapping with ds=1: %08lx", (unsigned long)v);
	show_events("as0 mapping with ds=1", (uint32_t)as1_rw_store);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(8), 0, 0, 0, 0);
	tlb_ivax(VA(3));
}

/* TID 0x25: translates with PID 0x25 only. */
static void test_pid(void)
{
	uint32_t v0, v25, v26;

	*W(PA(4)) = 0x9d000025;
	tlb_write(TLB0_ESEL(2), MAS1_VALID | MAS1_TID(0x25), VA(4), PA(4) | SRW, 0);
	nev = 0;
	v0 = load_or_dead(W(VA(4)));
	mtspr(SPRN_PID, 0x25);
	v25 = load_or_dead(W(VA(4)));
	mtspr(SPRN_PID, 0x26);
	v26 = load_or_dead(W(VA(4)));
	mtspr(SPRN_PID, 0);
	note(v0 == 0xdeadbeef && v25 == 0x9d000025 && v26 == 0xdeadbeef,
	     "tid 0x25: pid 0 %08lx, pid 0x25 %08lx, pid 0x26 %08lx", (unsigned long)v0,
	     (unsigned long)v25, (unsigned long)v26);
	show_events("tid 0x25", (uint32_t)load_or_dead_insn);
	tlb_ivax(VA(4));
}

/* The hook maps the missing page and the access is retried. */
static void test_refill(void)
{
	uint32_t (*fn)(void);
	uint32_t v, page = (uint32_t)itlb_page;

	*W(PA(5)) = 0x5eed0001;
	fill_va = VA(5);
	fill_rpn = PA(5);
	fill_perm = SRW;
	nev = 0;
	v = load_or_dead(W(VA(5)));
	note(v == 0x5eed0001, "dtlb miss refilled, load: %08lx", (unsigned long)v);
	show_events("dtlb load miss", (uint32_t)load_or_dead_insn);
	store_word(W(VA(5) + 0x1008), 0x5eed0002);
	note(*W(PA(5) + 0x1008) == 0x5eed0002, "dtlb miss refilled, store: 1:1 %08lx",
	     (unsigned long)*W(PA(5) + 0x1008));
	show_events("dtlb store miss", (uint32_t)store_word_insn);

	fill_va = VA(6);
	fill_rpn = page;
	fill_perm = MAS3_SX | MAS3_SR;
	fn = (uint32_t (*)(void))(VA(6) + (page & 0xfff));
	v = fn();
	note(v == 0x77, "itlb miss refilled, call: %08lx", (unsigned long)v);
	show_events("itlb miss", VA(6));
	fill_perm = 0;
	fn = (uint32_t (*)(void))VA(7);
	fn();
	show_events("itlb miss, no mapping", VA(7));
	tlb_ivax(IVAX_INV_ALL);
}

/* Read-only and no-execute pages: DSI with ESR[ST], ISI. */
static void test_storage(void)
{
	uint32_t v;

	*W(PA(8)) = 0x0bad0001;
	tlb_write(TLB0_ESEL(0), MAS1_VALID, VA(8), PA(8) | MAS3_SR, 0);
	nev = 0;
	v = load_or_dead(W(VA(8)));
	note(v == 0x0bad0001, "read-only page, load: %08lx", (unsigned long)v);
	store_word(W(VA(8)), 0x0bad0002);
	note(*W(PA(8)) == 0x0bad0001, "read-only page, store: 1:1 %08lx",
	     (unsigned long)*W(PA(8)));
	show_events("read-only page store", (uint32_t)store_word_insn);
	tlb_ivax(VA(8));
	/* Code page without SX: the call returns through the hook. */
	tlb_write(TLB0_ESEL(0), MAS1_VALID, VA(9), (uint32_t)itlb_page | MAS3_SR, 0);
	((uint32_t (*)(void))VA(9))();
	show_events("no-execute page", VA(9));
	tlb_ivax(VA(9));
}

#define SPRN_PID1 633

/*
 * What a miss loads under other MAS4 defaults: TLBSELD 1, TID from PID1,
 * TSIZED 16 KiB, WIMGED I|G; then TIDSELD 3 (TID 0); MAS6 and the victim
 * counter each time. On the way, TS=1 TLB1 pages of 256 MiB and 4 GiB that
 * cover the address are searched and must not match from AS 0.
 */
static void test_miss_fill(void)
{
	static const uint32_t mas4[] = { 0x10010000 | MAS1_TSIZE(4) | 0xa, 0x00030000 | 0x1f };
	uint32_t old4 = mfspr(SPRN_MAS4), m6;
	unsigned int i;

	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(9), MAS1_VALID | MAS1_TS | MAS1_TSIZE(18),
		  0x40000000, PA(0) | SRW, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(10), MAS1_VALID | MAS1_TS | MAS1_TSIZE(22), 0,
		  SRW, 0);
	mtspr(SPRN_PID1, 0x33);
	mtspr(SPRN_PID, 0x21); /* MAS6[SPID]; the program's pages are TID 0 */
	for (i = 0; i < 2; i++) {
		mtspr(SPRN_MAS4, mas4[i]);
		nev = 0;
		load_or_dead(W(VA(10) + i * 0x1000));
		m6 = mfspr(SPRN_MAS6);
		printf("conf_tlb: miss with mas4 %08lx: mas6 %08lx\n", (unsigned long)mas4[i],
		       (unsigned long)m6);
		show_events("miss with mas4 defaults", (uint32_t)load_or_dead_insn);
	}
	mtspr(SPRN_MAS4, old4);
	mtspr(SPRN_PID, 0);
	mtspr(SPRN_PID1, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(9), 0, 0, 0, 0);
	tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(10), 0, 0, 0, 0);
}

/* XER[CA] = @ca, a load through @p, CA read back: a TLB hit natively, a
 * refill by the hypervisor in a partition, which must not touch XER. */
static uint32_t carry_across(volatile uint32_t *p, uint32_t ca)
{
	uint32_t tmp;

	__asm__ volatile("addic %0,%1,-1\n\tlwz %0,0(%2)\n\tli %1,0\n\taddze %1,%1"
			 : "=&r"(tmp), "+&r"(ca) : "b"(p) : "xer", "memory");
	return ca;
}

static void test_carry(void)
{
	unsigned int ca;

	for (ca = 0; ca < 2; ca++) {
		tlb_write(TLB0_ESEL(0), MAS1_VALID, VA(12) + ca * 4096, PA(12) | SRW, 0);
		note(carry_across(W(VA(12) + ca * 4096), ca) == ca,
		     "carry %u across a tlb0 page's first load", ca);
		tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(6 + ca), MAS1_VALID | MAS1_TSIZE(10),
			  VA(13 + ca), PA(13) | SRW, 0);
		note(carry_across(W(VA(13 + ca)), ca) == ca,
		     "carry %u across a tlb1 page's first load", ca);
		tlb_write(MAS0_TLBSEL1 | MAS0_ESEL(6 + ca), 0, 0, 0, 0);
		tlb_ivax(VA(12) + ca * 4096);
	}
}

void test_translate(void)
{
	test_tlb0_tlb1();
	test_as1();
	test_pid();
	test_refill();
	test_storage();
	test_miss_fill();
	test_carry();
}
