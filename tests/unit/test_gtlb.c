/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for hv/gtlb.c: the guest TLB model (QEMU's behaviour). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/gtlb.h"

#define M0(tlb, esel) (((uint32_t)(tlb) << 28) | ((uint32_t)(esel) << 16))
#define V GTLB_MAS1_V
#define IPROT GTLB_MAS1_IPROT
#define TS GTLB_MAS1_TS
#define TID(t) ((uint32_t)(t) << 16)
#define TSIZE(s) ((uint32_t)(s) << 7)
#define TS_4K 2
#define TS_64K 6
#define TS_1M 10
#define TS_16M 14
#define TS_256M 18
#define TS_4G 22
#define RWX 0x3f /* UX SX UW SW UR SR */
#define NO_PID ((const uint32_t[GTLB_NPID]){ 0, 0, 0 })

static const struct gtlb_geom *const geoms[] = {
	&gtlb_geom_e500v2, &gtlb_geom_e500mc,
};

static struct gtlb tlb; /* 2.3 KiB: keep it off the test stack */

static int wr(uint32_t mas0, uint32_t mas1, uint32_t mas2, uint32_t mas3,
	      uint32_t mas7)
{
	struct gtlb_mas m = { .mas0 = mas0, .mas1 = mas1, .mas2 = mas2,
			      .mas3 = mas3, .mas7 = mas7 };

	return gtlb_write(&tlb, &m, NULL);
}

static struct gtlb_mas rd(uint32_t mas0, uint32_t mas2)
{
	struct gtlb_mas m = { .mas0 = mas0, .mas2 = mas2 };

	assert_int_equal(gtlb_read(&tlb, &m), 0);
	return m;
}

static int xlate(uint32_t ea, unsigned int as, uint32_t pid,
		 struct gtlb_hit *hit)
{
	const uint32_t pids[GTLB_NPID] = { pid, 0, 0 };

	return gtlb_translate(&tlb, ea, as, pids, hit);
}

static void test_geometry(void **state)
{
	size_t g;

	(void)state;
	assert_int_equal(gtlb_geom_e500mc.tlb0cfg, 0x04110200);
	assert_int_equal(gtlb_geom_e500mc.tlb1cfg, 0x401cc040);
	assert_int_equal(gtlb_geom_e500v2.tlb1_entries, 16);
	for (g = 0; g < 2; g++) {
		const struct gtlb_geom *p = geoms[g];
		uint32_t min = (p->tlb1cfg >> 20) & 0xf, max = (p->tlb1cfg >> 16) & 0xf;
		uint32_t sizes = 0, i;

		/* CFG fields agree with the numbers the model uses. */
		assert_int_equal(p->tlb0cfg & 0xfff, p->tlb0_entries);
		assert_int_equal(p->tlb0cfg >> 24, p->tlb0_ways);
		assert_int_equal(p->tlb1cfg & 0xfff, p->tlb1_entries);
		assert_int_equal(p->tlb1cfg >> 24, p->tlb1_entries);
		assert_true(p->tlb1cfg & GTLB_TLBCFG_IPROT);
		assert_false(p->tlb0cfg & (GTLB_TLBCFG_IPROT | GTLB_TLBCFG_AVAIL));
		for (i = min; i <= max; i++)
			sizes |= 1u << (2 * i);
		assert_int_equal(sizes, p->tlb1_sizes_mask);
	}
}

static void test_tlb1_roundtrip(void **state)
{
	size_t g;
	unsigned int i;

	(void)state;
	for (g = 0; g < 2; g++) {
		gtlb_init(&tlb, geoms[g]);
		for (i = 0; i < geoms[g]->tlb1_entries; i++) {
			uint32_t mas1 = V | TID(i + 1) | TSIZE(TS_1M) |
					(i & 1 ? IPROT | TS : 0);
			uint32_t mas2 = (i << 20) | 0x0a; /* I+G */

			assert_int_equal(wr(M0(1, i), mas1, mas2,
					    0xe0000000u | (i << 20) | RWX, i & 0xf), 0);
		}
		for (i = 0; i < geoms[g]->tlb1_entries; i++) {
			struct gtlb_mas m = rd(M0(1, i), 0);

			assert_int_equal(m.mas0, M0(1, i));
			assert_int_equal(m.mas1, V | TID(i + 1) | TSIZE(TS_1M) |
						 (i & 1 ? IPROT | TS : 0));
			assert_int_equal(m.mas2, (i << 20) | 0x0a);
			assert_int_equal(m.mas3, 0xe0000000u | (i << 20) | RWX);
			assert_int_equal(m.mas7, i & 0xf);
		}
		/* ESEL wraps modulo the TLB1 size, as QEMU masks it. */
		assert_int_equal(rd(M0(1, geoms[g]->tlb1_entries + 3), 0).mas0,
				 M0(1, 3));
	}
}

static void test_tlb0_roundtrip(void **state)
{
	size_t g;
	struct gtlb_mas m;

	(void)state;
	for (g = 0; g < 2; g++) {
		gtlb_init(&tlb, geoms[g]);
		/* TSIZE forced to 4 KiB, IPROT dropped, EPN/attrs kept. */
		assert_int_equal(wr(M0(0, 2), V | IPROT | TID(9) | TS | TSIZE(TS_16M),
				    0x12345abf, 0x00777000 | RWX, 0x3), 0);
		m = rd(M0(0, 2), 0x12345000);
		assert_int_equal(m.mas0, M0(0, 2));
		assert_int_equal(m.mas1, V | TID(9) | TS | TSIZE(TS_4K));
		assert_int_equal(m.mas2, 0x1234503f); /* EPN + ACM..E (0x7f) */
		assert_int_equal(m.mas3, 0x00777000 | RWX);
		assert_int_equal(m.mas7, 3);
		/* ESEL 6 selects way 2 and reads back as 2. */
		assert_int_equal(rd(M0(0, 6), 0x12345000).mas0, M0(0, 2));
		/* Same way, another set: still empty. */
		assert_int_equal(rd(M0(0, 2), 0x12346000).mas1, 0);
		/* TSIZE is forced even with V = 0. */
		assert_int_equal(wr(M0(0, 1), TSIZE(TS_1M), 0x1000, 0, 0), 0);
		assert_int_equal(rd(M0(0, 1), 0x1000).mas1, TSIZE(TS_4K));
		/* MAS1 reserved bits are stored as written. */
		assert_int_equal(wr(M0(0, 3), V | 0x2000 | TSIZE(TS_4K), 0x5000, 0, 0), 0);
		assert_int_equal(rd(M0(0, 3), 0x5000).mas1, V | 0x2000 | TSIZE(TS_4K));
	}
}

static void test_tlb0_set_way(void **state)
{
	struct gtlb_hit hit;
	unsigned int way;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500mc);
	/* 128 sets of 4 KiB: EAs 512 KiB apart share set 0x45. */
	for (way = 0; way < 4; way++)
		assert_int_equal(wr(M0(0, way), V | TSIZE(TS_4K),
				    0x00045000 + way * 0x80000,
				    0x01000000 + way * 0x1000 + RWX, 0), 0);
	for (way = 0; way < 4; way++) {
		assert_int_equal(xlate(0x00045123 + way * 0x80000, 0, 0, &hit), 1);
		assert_int_equal(hit.tlb, 0);
		assert_int_equal(hit.index, 0x45 * 4 + way);
		assert_int_equal(hit.pa, 0x01000123 + way * 0x1000);
		assert_int_equal(hit.size, 4096);
	}
	/* A fifth page of that set overwrites the way it is written to. */
	assert_int_equal(wr(M0(0, 1), V | TSIZE(TS_4K), 0x00245000, RWX, 0), 0);
	assert_int_equal(xlate(0x000c5000, 0, 0, &hit), 0);
	assert_int_equal(xlate(0x00245000, 0, 0, &hit), 1);
	assert_int_equal(hit.index, 0x45 * 4 + 1);
	/* Neighbouring set untouched. */
	assert_int_equal(rd(M0(0, 1), 0x00046000).mas1, 0);
}

static void test_write_rejects(void **state)
{
	size_t g;
	uint32_t ts;
	static struct gtlb snap;

	(void)state;
	for (g = 0; g < 2; g++) {
		gtlb_init(&tlb, geoms[g]);
		/* TLBSEL 2/3: no such TLB, Program interrupt (illegal). */
		assert_int_equal(wr(M0(2, 0), V | TSIZE(TS_4K), 0, 0, 0), -EINVAL);
		assert_int_equal(wr(M0(3, 0), V | TSIZE(TS_4K), 0, 0, 0), -EINVAL);
		/* TLB1, V=1: only even TSIZE 2..24 (4 KiB..16 GiB). */
		for (ts = 0; ts < 32; ts++) {
			int ok = !(ts & 1) && ts >= 2 && ts <= 24;

			assert_int_equal(wr(M0(1, 0), V | TSIZE(ts), 0, 0, 0),
					 ok ? 0 : -EINVAL);
		}
		/* V=0: no size check at all. */
		assert_int_equal(wr(M0(1, 1), TSIZE(11), 0x12345000, 0, 0), 0);
		assert_int_equal(rd(M0(1, 1), 0).mas2, 0x12200000); /* 2 MiB */
		/* TLB0 ignores TSIZE: odd sizes are fine there. */
		assert_int_equal(wr(M0(0, 0), V | TSIZE(11), 0x3000, 0, 0), 0);
		/* WQ = 2/3 or ATSEL: silently ignored; WQ = 1 writes. */
		snap = tlb;
		assert_int_equal(wr(M0(1, 2) | 0x2000, V | TSIZE(TS_4K), 0, 0, 0),
				 -ECANCELED);
		assert_int_equal(wr(M0(1, 2) | 0x3000, V | TSIZE(TS_4K), 0, 0, 0),
				 -ECANCELED);
		assert_int_equal(wr(M0(1, 2) | 0x80000000u, V | TSIZE(TS_4K), 0, 0, 0),
				 -ECANCELED);
		assert_memory_equal(&tlb, &snap, sizeof(tlb));
		assert_int_equal(rd(M0(1, 2), 0).mas1, 0);
		assert_int_equal(wr(M0(1, 2) | 0x1000, V | TSIZE(TS_4K), 0, 0, 0), 0);
		assert_int_equal(rd(M0(1, 2), 0).mas1, V | TSIZE(TS_4K));
	}
}

static void test_write_returns_old(void **state)
{
	struct gtlb_mas m = { .mas0 = M0(1, 4), .mas1 = V | TID(3) | TSIZE(TS_64K),
			      .mas2 = 0x40010004, .mas3 = 0x80010015, .mas7 = 1 };
	struct gtlb_entry old;
	static struct gtlb snap;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500v2);
	memset(&old, 0xa5, sizeof(old));
	assert_int_equal(gtlb_write(&tlb, &m, &old), 0);
	assert_int_equal(old.mas1, 0);
	assert_int_equal(old.mas2, 0);
	snap = tlb;
	m.mas1 = V | TSIZE(TS_4K);
	m.mas2 = 0x50000000;
	assert_int_equal(gtlb_write(&tlb, &m, &old), 0);
	assert_int_equal(old.mas1, V | TID(3) | TSIZE(TS_64K));
	assert_int_equal(old.mas2, 0x40010004);
	assert_int_equal(old.mas3, 0x80010015);
	assert_int_equal(old.mas7, 1);
	assert_int_equal(gtlb_entry_size(&old), 65536);
	assert_true(memcmp(&tlb, &snap, sizeof(tlb)) != 0);
}

static void test_epn_masking(void **state)
{
	struct gtlb_hit hit;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500mc);
	assert_int_equal(wr(M0(1, 0), V | TSIZE(TS_16M), 0x12345678,
			    0x2378f000 | RWX, 0xf), 0);
	assert_int_equal(rd(M0(1, 0), 0).mas2, 0x12000078 & ~0x80u);
	assert_int_equal(xlate(0x12abcdef, 0, 0, &hit), 1);
	assert_int_equal(hit.size, 16u << 20);
	assert_int_equal(hit.page_ea, 0x12000000);
	/* RPN bits below the page size are ignored; MAS7 is PA[0:31]. */
	assert_true(hit.page_pa == 0xf23000000ull);
	assert_true(hit.pa == 0xf23abcdefull);
	assert_int_equal(hit.perms, RWX);
	assert_int_equal(hit.attr, 0x78 & 0x7f);
	assert_int_equal(xlate(0x13000000, 0, 0, &hit), 0);
	/* A 4 GiB page: EPN is all masked away, it holds every EA. */
	assert_int_equal(wr(M0(1, 1), V | TID(7) | TSIZE(TS_4G), 0xc0000000,
			    0x40000000 | RWX, 0x1), 0);
	assert_int_equal(rd(M0(1, 1), 0).mas2, 0);
	assert_int_equal(xlate(0xdeadbeef, 0, 7, &hit), 1);
	assert_int_equal(hit.index, 1);
	assert_true(hit.pa == 0x1deadbeefull);
}

static void test_search(void **state)
{
	struct gtlb_mas m;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500v2);
	assert_int_equal(wr(M0(1, 5), V | TID(5) | TS | TSIZE(TS_1M), 0x20000000,
			    0x20000000 | RWX, 0), 0);
	assert_int_equal(wr(M0(0, 3), V | TSIZE(TS_4K), 0x30001000, 0x1000 | RWX,
			    0), 0);

	m = (struct gtlb_mas){ .mas4 = 0x11, .mas6 = TID(5) | GTLB_MAS6_SAS };
	assert_int_equal(gtlb_search(&tlb, 0x200abcde, &m), 1);
	assert_int_equal(m.mas0, M0(1, 5) | 0); /* NV reported, not advanced */
	assert_int_equal(m.mas1, V | TID(5) | TS | TSIZE(TS_1M));
	assert_int_equal(m.mas2, 0x20000000);
	assert_int_equal(m.mas3, 0x20000000 | RWX);
	assert_int_equal(m.mas4, 0x11);
	assert_int_equal(m.mas6, TID(5) | GTLB_MAS6_SAS);
	/* TID 0 matches any SPID; TLB0 reports its way. */
	m.mas6 = TID(77);
	assert_int_equal(gtlb_search(&tlb, 0x30001ffc, &m), 1);
	assert_int_equal(m.mas0, M0(0, 3));
	/* Wrong SPID, wrong SAS: misses. */
	m.mas6 = TID(6) | GTLB_MAS6_SAS;
	assert_int_equal(gtlb_search(&tlb, 0x20000000, &m), 0);
	m = (struct gtlb_mas){ .mas4 = 0, .mas6 = TID(5) };
	assert_int_equal(gtlb_search(&tlb, 0x20000000, &m), 0);
	assert_int_equal(m.mas1 & V, 0);
}

static void test_search_miss_fill(void **state)
{
	struct gtlb_mas m;
	unsigned int i;
	/* TLBSELD 1, TIDSELD PIDZ (ignored by tlbsx), TSIZED 1 MiB, WIMGED I+G. */
	const uint32_t mas4 = 0x10000000 | 0x30000 | TSIZE(TS_1M) | 0x0a;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500mc);
	for (i = 0; i < 6; i++) {
		m = (struct gtlb_mas){ .mas0 = 0xffffffff, .mas3 = 1, .mas7 = 1,
				       .mas4 = mas4, .mas6 = TID(0x42) | GTLB_MAS6_SAS };
		assert_int_equal(gtlb_search(&tlb, 0x12345678, &m), 0);
		/* ESEL = the victim counter, NV = its next value. */
		assert_int_equal(m.mas0, 0x10000000 | M0(0, i % 4) | ((i + 1) % 4));
		assert_int_equal(m.mas1, TID(0x42) | TS | TSIZE(TS_1M));
		assert_int_equal(m.mas2, 0x0a); /* QEMU leaves EPN 0 */
		assert_int_equal(m.mas3, 0);
		assert_int_equal(m.mas7, 0);
		assert_int_equal(m.mas4, mas4);
	}
	/* tlbre reports the counter in NV. */
	assert_int_equal(rd(M0(1, 0), 0).mas0, M0(1, 0) | 2);
}

static void test_miss_fill(void **state)
{
	static const struct { uint32_t tidseld, tid; } cases[] = {
		{ 0x00000, 0x11 }, { 0x10000, 0x22 }, { 0x20000, 0x33 }, { 0x30000, 0 },
	};
	const uint32_t pids[GTLB_NPID] = { 0x11, 0x22, 0x33 };
	struct gtlb_mas m;
	size_t i;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500v2);
	for (i = 0; i < 4; i++) {
		unsigned int as = i & 1;

		m = (struct gtlb_mas){ .mas3 = 5, .mas7 = 5,
				       .mas4 = cases[i].tidseld | TSIZE(TS_4K) | 0x04 };
		gtlb_miss_fill(&tlb, 0xfedcba98, as, pids, &m);
		assert_int_equal(m.mas0, M0(0, i) | ((i + 1) & 3));
		assert_int_equal(m.mas1, V | TID(cases[i].tid) | TSIZE(TS_4K) |
					 (as ? TS : 0));
		assert_int_equal(m.mas2, 0xfedcb000 | 0x04);
		assert_int_equal(m.mas3, 0);
		assert_int_equal(m.mas7, 0);
		assert_int_equal(m.mas6, TID(0x11) | as);
	}
	/* TLBSELD goes to MAS0; the counter is shared with tlbsx. */
	m = (struct gtlb_mas){ .mas4 = 0x10000000 };
	gtlb_miss_fill(&tlb, 0, 0, pids, &m);
	assert_int_equal(m.mas0, 0x10000000 | M0(0, 0) | 1);
	m = (struct gtlb_mas){ .mas6 = 0 };
	assert_int_equal(gtlb_search(&tlb, 0, &m), 0);
	assert_int_equal(m.mas0, M0(0, 1) | 2);
}

struct drops {
	unsigned int n, tlb[80], index[80];
	struct gtlb_entry e[80];
};

static void record(void *ctx, unsigned int t, unsigned int index,
		   const struct gtlb_entry *e)
{
	struct drops *d = ctx;

	assert_true(e->mas1 & V); /* told before it goes */
	d->tlb[d->n] = t;
	d->index[d->n] = index;
	d->e[d->n++] = *e;
}

/* TLB0: 4 pages of set 0x10; TLB1: 0 plain, 1 IPROT, 2 other TID/TS. */
static void fill_for_inval(void)
{
	unsigned int w;

	for (w = 0; w < 4; w++)
		assert_int_equal(wr(M0(0, w), V | TID(w) | TSIZE(TS_4K),
				    0x00010000 + w * 0x80000, RWX, 0), 0);
	assert_int_equal(wr(M0(1, 0), V | TSIZE(TS_256M), 0x10000000, RWX, 0), 0);
	assert_int_equal(wr(M0(1, 1), V | IPROT | TSIZE(TS_256M), 0x10000000,
			    RWX, 0), 0);
	assert_int_equal(wr(M0(1, 2), V | TID(9) | TS | TSIZE(TS_1M), 0x10100000,
			    RWX, 0), 0);
}

static void test_tlbivax_ea(void **state)
{
	struct drops d = { 0 };
	struct gtlb_hit hit;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500mc);
	fill_for_inval();
	/* TLB0 by EA: only the page holding it, whatever its TID. The EA's
	 * bits 0xc are not offset bits but TLBSEL/INV_ALL: keep them 0. */
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0x00090ab0, record, &d), 1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.tlb[0], 0);
	assert_int_equal(d.index[0], 0x10 * 4 + 1);
	assert_int_equal(d.e[0].mas2, 0x00090000);
	/* Only V goes: tlbre still shows the rest. */
	assert_int_equal(rd(M0(0, 1), 0x00090000).mas1, TID(1) | TSIZE(TS_4K));
	assert_int_equal(rd(M0(0, 1), 0x00090000).mas2, 0x00090000);
	assert_int_equal(xlate(0x00010000, 0, 0, &hit), 1);
	/* TLB0-targeted: a TLB1 page there survives. */
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0x10100000, NULL, NULL), 0);
	/* TLB1-targeted (EA[60]): all matching non-IPROT entries, any TID/TS. */
	d.n = 0;
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0x10100000 | GTLB_IVAX_TLB1,
					    record, &d), 2);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.index[0], 0);
	assert_int_equal(d.index[1], 2);
	assert_int_equal(rd(M0(1, 1), 0).mas1 & V, V); /* IPROT */
	assert_int_equal(xlate(0x10100000, 0, 0, &hit), 1);
	assert_int_equal(hit.index, 1);
	/* Nothing matching: nothing dropped. */
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0x70000000 | GTLB_IVAX_TLB1,
					    NULL, NULL), 0);
}

static void test_tlbivax_inv_all(void **state)
{
	struct drops d = { 0 };
	static struct gtlb snap;
	unsigned int w;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500v2);
	fill_for_inval();
	/* INV_ALL of TLB0: every TLB0 entry, TLB1 untouched. */
	assert_int_equal(gtlb_invalidate_ea(&tlb, GTLB_IVAX_INV_ALL, record, &d), 4);
	for (w = 0; w < 4; w++)
		assert_int_equal(d.tlb[w], 0);
	assert_int_equal(rd(M0(1, 0), 0).mas1 & V, V);
	/* INV_ALL of TLB1: all but IPROT. */
	d.n = 0;
	assert_int_equal(gtlb_invalidate_ea(&tlb, GTLB_IVAX_INV_ALL | GTLB_IVAX_TLB1,
					    record, &d), 2);
	assert_int_equal(d.n, 2);
	assert_int_equal(rd(M0(1, 0), 0).mas1 & V, 0);
	assert_int_equal(rd(M0(1, 1), 0).mas1 & V, V);
	assert_int_equal(rd(M0(1, 2), 0).mas1 & V, 0);
	/* Nothing left to drop: no change recorded. */
	snap = tlb;
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0xc, NULL, NULL), 0);
	assert_memory_equal(&tlb, &snap, sizeof(tlb));
}

static void test_flash(void **state)
{
	size_t g;

	(void)state;
	for (g = 0; g < 2; g++) {
		gtlb_init(&tlb, geoms[g]);
		fill_for_inval();
		assert_int_equal(gtlb_flash(&tlb, ~0x6u, NULL, NULL), 0);
		assert_int_equal(gtlb_flash(&tlb, GTLB_MMUCSR0_TLB1FI, NULL, NULL), 2);
		assert_int_equal(rd(M0(0, 0), 0x10000).mas1 & V, V);
		assert_int_equal(rd(M0(1, 1), 0).mas1 & V, V);
		assert_int_equal(gtlb_flash(&tlb, GTLB_MMUCSR0_TLB0FI, NULL, NULL), 4);
		assert_int_equal(rd(M0(0, 0), 0x10000).mas1 & V, 0);
		fill_for_inval();
		assert_int_equal(gtlb_flash(&tlb, 0x6, NULL, NULL), 6);
		assert_int_equal(rd(M0(1, 1), 0).mas1 & V, V);
	}
}

static void test_translate(void **state)
{
	const uint32_t pids[GTLB_NPID] = { 4, 0, 6 };
	struct gtlb_hit hit;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500v2);
	assert_int_equal(wr(M0(1, 3), V | TID(4) | TSIZE(TS_1M), 0x00100000,
			    0x00500000 | 0x15, 0), 0);
	assert_int_equal(wr(M0(1, 4), V | TID(0) | TS | TSIZE(TS_1M), 0x00200000,
			    0x00600000 | 0x2a, 0), 0);
	assert_int_equal(wr(M0(1, 5), V | TID(6) | TSIZE(TS_1M), 0x00300000,
			    0x00700000, 0), 0);
	/* TID must equal the PID unless it is 0. */
	assert_int_equal(xlate(0x00100010, 0, 4, &hit), 1);
	assert_int_equal(hit.perms, 0x15);
	assert_int_equal(xlate(0x00100010, 0, 5, &hit), 0);
	/* TID 0: any PID, but AS must still match TS. */
	assert_int_equal(xlate(0x00200010, 1, 99, &hit), 1);
	assert_int_equal(hit.perms, 0x2a);
	assert_int_equal(xlate(0x00200010, 0, 99, &hit), 0);
	assert_int_equal(xlate(0x00100010, 1, 4, &hit), 0);
	/* PID2 is tried too. */
	assert_int_equal(gtlb_translate(&tlb, 0x00300000, 0, pids, &hit), 1);
	assert_int_equal(hit.index, 5);
	assert_int_equal(gtlb_translate(&tlb, 0x00300000, 0, NO_PID, &hit), 0);
	/* Invalid entries never translate. */
	assert_int_equal(gtlb_invalidate_ea(&tlb, 0x00100000 | 8, NULL, NULL), 1);
	assert_int_equal(xlate(0x00100010, 0, 4, &hit), 0);
}

static void test_translate_multi(void **state)
{
	struct gtlb_hit hit;

	(void)state;
	gtlb_init(&tlb, &gtlb_geom_e500mc);
	assert_int_equal(wr(M0(1, 40), V | TSIZE(TS_16M), 0x01000000,
			    0x0a000000, 0), 0);
	assert_int_equal(wr(M0(1, 7), V | TSIZE(TS_1M), 0x01000000, 0x0b000000, 0), 0);
	assert_int_equal(xlate(0x01000100, 0, 0, &hit), 1);
	assert_int_equal(hit.index, 7); /* lower TLB1 index first */
	assert_int_equal(wr(M0(0, 3), V | TSIZE(TS_4K), 0x01000000, 0x0c000000, 0), 0);
	assert_int_equal(xlate(0x01000100, 0, 0, &hit), 1);
	assert_int_equal(hit.tlb, 0); /* TLB0 before TLB1 */
	assert_true(hit.pa == 0x0c000100);
	assert_int_equal(xlate(0x01800000, 0, 0, &hit), 1);
	assert_int_equal(hit.index, 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_tlb1_roundtrip),
		cmocka_unit_test(test_tlb0_roundtrip),
		cmocka_unit_test(test_tlb0_set_way),
		cmocka_unit_test(test_write_rejects),
		cmocka_unit_test(test_write_returns_old),
		cmocka_unit_test(test_epn_masking),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_miss_fill),
		cmocka_unit_test(test_miss_fill),
		cmocka_unit_test(test_tlbivax_ea),
		cmocka_unit_test(test_tlbivax_inv_all),
		cmocka_unit_test(test_flash),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_translate_multi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
