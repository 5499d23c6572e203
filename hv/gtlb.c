/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest TLB model. hv/gtlb.h lists the QEMU behaviours it reproduces;
 * the comments here say where each one comes from.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hv/gtlb.h"

/*
 * TLBnCFG as QEMU builds it: ASSOC[31:24], MINSIZE[23:20] and
 * MAXSIZE[19:16] in 4^n KiB, IPROT, AVAIL, N_ENTRY[11:0]. QEMU gives both
 * cores TLB1 sizes 4^1..4^12 KiB and reports MMUCFG = 0.
 */
#define TLBCFG_MINSIZE_MASK 0x00f00000u
#define TLB1_SIZES 0x01555554u /* TSIZE 2, 4, ..., 24: 4 KiB .. 16 GiB */
#define WQ_COND 0x00001000u

const struct gtlb_geom gtlb_geom_e500v2 = {
	.tlb0_entries = GTLB_TLB0_MAX, .tlb0_ways = GTLB_TLB0_WAYS, .tlb1_entries = 16,
	.tlb0cfg = 0x04110200, .tlb1cfg = 0x101cc010, .mmucfg = 0,
	.tlb1_sizes_mask = TLB1_SIZES,
};

const struct gtlb_geom gtlb_geom_e500mc = {
	.tlb0_entries = GTLB_TLB0_MAX, .tlb0_ways = GTLB_TLB0_WAYS, .tlb1_entries = 64,
	.tlb0cfg = 0x04110200, .tlb1cfg = 0x401cc040, .mmucfg = 0,
	.tlb1_sizes_mask = TLB1_SIZES,
};

/* MMUCSR0 flash-invalidate bit of each TLB. */
static const uint32_t flash_bit[2] = {
	[0] = GTLB_MMUCSR0_TLB0FI,
	[1] = GTLB_MMUCSR0_TLB1FI,
};

/* TLB n's size; 0 for TLB2/3, which e500 lacks (TLBSEL 2/3). */
static unsigned int tlb_entries(const struct gtlb_geom *g, unsigned int n)
{
	const unsigned int entries[4] = { g->tlb0_entries, g->tlb1_entries };

	return entries[n & 3];
}

/* TLB1 is fully associative: as many ways as entries, one set. */
static unsigned int tlb_ways(const struct gtlb_geom *g, unsigned int n)
{
	const unsigned int ways[4] = { g->tlb0_ways, g->tlb1_entries };

	return ways[n & 3];
}

static uint32_t tlb_cfg(const struct gtlb_geom *g, unsigned int n)
{
	const uint32_t cfg[4] = { g->tlb0cfg, g->tlb1cfg };

	return cfg[n & 3];
}

static uint32_t tlb_sizes(const struct gtlb_geom *g, unsigned int n)
{
	const uint32_t sizes[4] = { 0, g->tlb1_sizes_mask };

	return sizes[n & 3];
}

/*
 * Index of (TLB @n, @way) in the set @ea selects, or -1 if TLB @n does not
 * exist. The set is EA[45:51] for a 512-entry 4-way TLB0, nothing for
 * TLB1; the way is ESEL reduced modulo the ways (QEMU masks, no error).
 */
static int slot_index(const struct gtlb_geom *g, unsigned int n, uint32_t ea,
		      unsigned int way)
{
	unsigned int entries = tlb_entries(g, n), ways = tlb_ways(g, n);
	unsigned int set;

	if (!entries)
		return -1;
	set = (ea >> 12) & (entries / ways - 1);
	return (int)(set * ways + (way & (ways - 1)));
}

static struct gtlb_entry *entry_at(struct gtlb *t, unsigned int n, int idx)
{
	return n ? &t->tlb1[idx] : &t->tlb0[idx];
}

static const struct gtlb_entry *centry_at(const struct gtlb *t, unsigned int n,
					  int idx)
{
	return n ? &t->tlb1[idx] : &t->tlb0[idx];
}

void gtlb_init(struct gtlb *t, const struct gtlb_geom *g)
{
	memset(t, 0, sizeof(*t));
	t->geom = g;
}

uint64_t gtlb_entry_size(const struct gtlb_entry *e)
{
	unsigned int tsize = (e->mas1 & GTLB_MAS1_TSIZE_MASK) >>
			     GTLB_MAS1_TSIZE_SHIFT;

	return 1024ull << tsize;
}

/* The page of @e holds @ea (QEMU compares in 64 bits: pages of 4 GiB and
 * more, whose EPN is always 0, hold every address). 32-bit arithmetic: on
 * this hot path 64-bit shifts would be libgcc calls. */
static int ea_in_page(const struct gtlb_entry *e, uint32_t ea)
{
	unsigned int tsize = (e->mas1 & GTLB_MAS1_TSIZE_MASK) >> GTLB_MAS1_TSIZE_SHIFT;
	uint32_t epn = e->mas2 & GTLB_MAS2_EPN_MASK;

	if (tsize >= 22)
		return epn == 0;
	return (ea & ~((1024u << tsize) - 1)) == epn;
}

/* Valid, TID 0 or @pid, page holds @ea: QEMU's ppcmas_tlb_check(). */
static int entry_matches(const struct gtlb_entry *e, uint32_t ea, uint32_t pid)
{
	uint32_t tid = (e->mas1 & GTLB_MAS1_TID_MASK) >> GTLB_MAS1_TID_SHIFT;

	if (!(e->mas1 & GTLB_MAS1_V))
		return 0;
	if (tid != 0 && tid != pid)
		return 0;
	return ea_in_page(e, ea);
}

/* The entry for @ea; PID1/PID2 count only when non-zero, as in QEMU. */
static int entry_hits(const struct gtlb_entry *e, uint32_t ea, unsigned int as,
		      const uint32_t pid[GTLB_NPID])
{
	unsigned int i;
	int hit = 0;

	for (i = 0; i < GTLB_NPID && !hit; i++)
		if (i == 0 || pid[i])
			hit = entry_matches(e, ea, pid[i]);
	return hit && !!(e->mas1 & GTLB_MAS1_TS) == !!as;
}

/*
 * QEMU's search order, as positions: TLB0 ways 0..ways-1 of @ea's set,
 * then TLB1 entries 0..n-1. Sets *@n and returns the index, or -1 past
 * the end.
 */
static int order_at(const struct gtlb_geom *g, uint32_t ea, unsigned int pos,
		    unsigned int *n)
{
	if (pos < g->tlb0_ways) {
		*n = 0;
		return slot_index(g, 0, ea, pos);
	}
	pos -= g->tlb0_ways;
	*n = 1;
	return pos < g->tlb1_entries ? (int)pos : -1;
}

/* First position >= @from whose entry hits, or -1. TLB1 is walked through
 * its valid bitmap: guests keep few of its 16 or 64 entries valid. */
static int lookup(const struct gtlb *t, uint32_t ea, unsigned int as,
		  const uint32_t pid[GTLB_NPID], unsigned int from)
{
	unsigned int ways = t->geom->tlb0_ways, pos, n;
	uint64_t bits = t->tlb1_valid;

	for (pos = from; pos < ways; pos++) {
		const struct gtlb_entry *e = centry_at(t, 0, order_at(t->geom, ea, pos, &n));

		if ((e->mas1 & GTLB_MAS1_V) && entry_hits(e, ea, as, pid))
			return (int)pos;
	}
	if (pos - ways >= 64)
		return -1;
	bits &= ~0ull << (pos - ways);
	while (bits) {
		unsigned int i = (unsigned int)__builtin_ctzll(bits);

		bits &= bits - 1;
		if (entry_hits(&t->tlb1[i], ea, as, pid))
			return (int)(ways + i);
	}
	return -1;
}

static void track_valid(struct gtlb *t, unsigned int n, int idx)
{
	if (n != 1)
		return;
	if (t->tlb1[idx].mas1 & GTLB_MAS1_V)
		t->tlb1_valid |= 1ull << idx;
	else
		t->tlb1_valid &= ~(1ull << idx);
}

/* ESEL = the victim counter, which advances; NV = its new value. */
static uint32_t next_victim(struct gtlb *t)
{
	uint32_t mas0 = t->nv << GTLB_MAS0_ESEL_SHIFT;

	t->nv = (t->nv + 1) & (t->geom->tlb0_ways - 1u);
	return mas0 | t->nv;
}

/* tlbre / tlbsx hit: MAS0 names the entry, NV is reported, not advanced. */
static void entry_to_mas(const struct gtlb *t, unsigned int n, int idx,
			 struct gtlb_mas *m)
{
	const struct gtlb_entry *e = centry_at(t, n, idx);
	unsigned int way = (unsigned int)idx & (tlb_ways(t->geom, n) - 1);

	m->mas0 = (n << GTLB_MAS0_TLBSEL_SHIFT) |
		  (way << GTLB_MAS0_ESEL_SHIFT) | t->nv;
	m->mas1 = e->mas1;
	m->mas2 = e->mas2;
	m->mas3 = e->mas3;
	m->mas7 = e->mas7;
}

static unsigned int mas0_tlbsel(uint32_t mas0)
{
	return (mas0 & GTLB_MAS0_TLBSEL_MASK) >> GTLB_MAS0_TLBSEL_SHIFT;
}

static unsigned int mas0_esel(uint32_t mas0)
{
	return (mas0 & GTLB_MAS0_ESEL_MASK) >> GTLB_MAS0_ESEL_SHIFT;
}

/* The entry tlbwe stores, normalised as QEMU's booke206_tlbwe does. */
static struct gtlb_entry entry_from_mas(const struct gtlb_mas *m, uint32_t cfg)
{
	struct gtlb_entry e = {
		.mas1 = m->mas1, .mas3 = m->mas3, .mas7 = m->mas7,
	};
	uint32_t mask;

	if (!(cfg & GTLB_TLBCFG_AVAIL)) {
		/* Fixed-size TLB: TSIZE becomes MINSIZE (4^n -> 2^2n KiB). */
		e.mas1 &= ~GTLB_MAS1_TSIZE_MASK;
		e.mas1 |= (cfg & TLBCFG_MINSIZE_MASK) >> 12;
	}
	/* 32-bit mode: EPN keeps the bits above the page size only. */
	mask = (uint32_t)~(gtlb_entry_size(&e) - 1) | GTLB_MAS2_ATTR_MASK;
	e.mas2 = m->mas2 & mask;
	if (!(cfg & GTLB_TLBCFG_IPROT))
		e.mas1 &= ~GTLB_MAS1_IPROT;
	return e;
}

int gtlb_write(struct gtlb *t, const struct gtlb_mas *m,
	       struct gtlb_entry *old)
{
	unsigned int n = mas0_tlbsel(m->mas0);
	unsigned int tsize = (m->mas1 & GTLB_MAS1_TSIZE_MASK) >>
			     GTLB_MAS1_TSIZE_SHIFT;
	uint32_t cfg = tlb_cfg(t->geom, n);
	struct gtlb_entry *e;
	int idx;

	/* QEMU returns early, doing nothing, for these (e500 reserved bits). */
	if ((m->mas0 & GTLB_MAS0_WQ_MASK) > WQ_COND ||
	    (m->mas0 & GTLB_MAS0_ATSEL))
		return -ECANCELED;
	idx = slot_index(t->geom, n, m->mas2, mas0_esel(m->mas0));
	if (idx < 0)
		return -EINVAL;
	if ((m->mas1 & GTLB_MAS1_V) && (cfg & GTLB_TLBCFG_AVAIL) &&
	    !(tlb_sizes(t->geom, n) & (1u << tsize)))
		return -EINVAL;
	e = entry_at(t, n, idx);
	if (old)
		*old = *e;
	*e = entry_from_mas(m, cfg);
	track_valid(t, n, idx);
	return 0;
}

int gtlb_read(const struct gtlb *t, struct gtlb_mas *m)
{
	unsigned int n = mas0_tlbsel(m->mas0);
	int idx = slot_index(t->geom, n, m->mas2, mas0_esel(m->mas0));

	if (idx < 0) {
		m->mas1 = 0;
		return -ENOENT;
	}
	entry_to_mas(t, n, idx, m);
	return 0;
}

int gtlb_search(struct gtlb *t, uint32_t ea, struct gtlb_mas *m)
{
	const uint32_t pid[GTLB_NPID] = {
		(m->mas6 & GTLB_MAS6_SPID_MASK) >> 16, 0, 0,
	};
	unsigned int as = m->mas6 & GTLB_MAS6_SAS, n;
	int pos = lookup(t, ea, as, pid, 0);

	if (pos >= 0) {
		int idx = order_at(t->geom, ea, (unsigned int)pos, &n);

		entry_to_mas(t, n, idx, m);
		return 1;
	}
	/* QEMU: EPN is not filled, MAS6[0:15] lands in MAS1 as it is. */
	m->mas0 = (m->mas4 & GTLB_MAS4_TLBSELD_MASK) | next_victim(t);
	m->mas1 = (m->mas4 & GTLB_MAS4_TSIZED_MASK) | (m->mas6 & 0xffff0000u) |
		  (as ? GTLB_MAS1_TS : 0);
	m->mas2 = m->mas4 & GTLB_MAS4_WIMGED_MASK;
	m->mas3 = 0;
	m->mas7 = 0;
	return 0;
}

/* Clear V (the rest stays: tlbre still reads it back), telling @drop. */
static int drop_entry(struct gtlb *t, unsigned int n, int idx,
		      gtlb_drop_fn drop, void *ctx)
{
	struct gtlb_entry *e = entry_at(t, n, idx);

	if (!(e->mas1 & GTLB_MAS1_V) || (e->mas1 & GTLB_MAS1_IPROT))
		return 0;
	if (drop)
		drop(ctx, n, (unsigned int)idx, e);
	e->mas1 &= ~GTLB_MAS1_V;
	track_valid(t, n, idx);
	return 1;
}

/*
 * Every non-IPROT entry of TLB @n. QEMU skips the IPROT test for a TLB0
 * INV_ALL, but TLB0 entries never carry IPROT (tlbwe drops it), so
 * testing it everywhere is the same.
 */
static int drop_all(struct gtlb *t, unsigned int n, gtlb_drop_fn drop,
		    void *ctx)
{
	unsigned int i, entries = tlb_entries(t->geom, n);
	int count = 0;

	for (i = 0; i < entries; i++)
		count += drop_entry(t, n, (int)i, drop, ctx);
	return count;
}

int gtlb_invalidate_ea(struct gtlb *t, uint32_t ea, gtlb_drop_fn drop,
		       void *ctx)
{
	unsigned int n = (ea & GTLB_IVAX_TLB1) ? 1 : 0;
	unsigned int way, ways = tlb_ways(t->geom, n);
	int count = 0;

	if (ea & GTLB_IVAX_INV_ALL)
		return drop_all(t, n, drop, ctx);
	for (way = 0; way < ways; way++) {
		int idx = slot_index(t->geom, n, ea, way);

		if (ea_in_page(entry_at(t, n, idx), ea))
			count += drop_entry(t, n, idx, drop, ctx);
	}
	return count;
}

int gtlb_flash(struct gtlb *t, uint32_t mmucsr0, gtlb_drop_fn drop, void *ctx)
{
	unsigned int n;
	int count = 0;

	for (n = 0; n < 2; n++)
		if (mmucsr0 & flash_bit[n])
			count += drop_all(t, n, drop, ctx);
	return count;
}

int gtlb_translate(const struct gtlb *t, uint32_t ea, unsigned int as,
		   const uint32_t pid[GTLB_NPID], struct gtlb_hit *hit)
{
	const struct gtlb_entry *e;
	uint64_t mask;
	unsigned int n;
	int pos = lookup(t, ea, as, pid, 0), idx;

	if (pos < 0)
		return 0;
	idx = order_at(t->geom, ea, (unsigned int)pos, &n);
	e = centry_at(t, n, idx);
	hit->size = gtlb_entry_size(e);
	mask = ~(hit->size - 1);
	hit->page_pa = (((uint64_t)e->mas7 << 32) | e->mas3) & mask;
	hit->pa = hit->page_pa | ((uint64_t)ea & ~mask);
	hit->page_ea = (uint32_t)((uint64_t)ea & mask);
	hit->perms = e->mas3 & GTLB_MAS3_PERM_MASK;
	hit->attr = e->mas2 & GTLB_MAS2_ATTR_MASK;
	hit->tlb = n;
	hit->index = (unsigned int)idx;
	hit->multi = 0; /* not searched: this is the TLB-miss hot path */
	return 1;
}

void gtlb_miss_fill(struct gtlb *t, uint32_t ea, unsigned int as,
		    const uint32_t pid[GTLB_NPID], struct gtlb_mas *m)
{
	/* MAS4[TIDSELD]: PID0, PID1, PID2, or 0. */
	const uint32_t tidsel[4] = { pid[0], pid[1], pid[2], 0 };
	uint32_t tid = tidsel[(m->mas4 & GTLB_MAS4_TIDSELD_MASK) >>
			      GTLB_MAS4_TIDSELD_SHIFT];

	m->mas0 = (m->mas4 & GTLB_MAS4_TLBSELD_MASK) | next_victim(t);
	m->mas1 = GTLB_MAS1_V | (m->mas4 & GTLB_MAS4_TSIZED_MASK) |
		  (tid << GTLB_MAS1_TID_SHIFT) | (as ? GTLB_MAS1_TS : 0);
	m->mas2 = (ea & GTLB_MAS2_EPN_MASK) | (m->mas4 & GTLB_MAS4_WIMGED_MASK);
	m->mas3 = 0;
	m->mas7 = 0;
	m->mas6 = (pid[0] << 16) | (as ? GTLB_MAS6_SAS : 0);
}
