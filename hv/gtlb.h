/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest TLB: a per-vCPU model of the e500 L2 MMU (TLB0 + TLB1) as the
 * guest programs it through tlbwe/tlbre/tlbsx/tlbivax and MMUCSR0.
 *
 * Conformance tests compare a guest's output on bare QEMU with its output
 * inside a partition, so where QEMU (target/ppc, booke206_*) and the e500
 * manual disagree this model follows QEMU. The differences, all visible to
 * a guest:
 *  - Next victim: QEMU keeps ONE round-robin counter for TLB0 (not one per
 *    set). tlbsx misses and TLB miss exceptions hand out ESEL = counter and
 *    advance it; tlbwe ignores MAS0[NV]; tlbre/tlbsx hits report it in NV.
 *  - TID/PID: MAS1 is stored as written (reserved bits included) and TID is
 *    compared over 14 bits (0x3fff0000), not the e500's 8. MAS7 is stored
 *    and used whole (32 bits), not just the 4 bits of a 36-bit part, and
 *    tlbre always returns it (no HID0[EN_MAS7_UPDATE] gate).
 *  - TLB1 accepts, with V=1, TSIZE 2^n KiB for even n from 2 (4 KiB) to 24
 *    (16 GiB) on both e500v2 and e500mc; anything else is a Program
 *    interrupt (illegal). With V=0 nothing is checked.
 *  - TLB0 forces TSIZE to 4 KiB (reads back 0x100 in MAS1) and drops IPROT.
 *  - tlbsx miss: MAS2 gets only the WIMGE defaults (EPN = 0) and MAS1 gets
 *    MAS6[0:15] (the SPID field, plus whatever else sits there) as TID.
 *  - Multiple matches are undefined architecturally; QEMU takes the first
 *    in the order TLB0 way 0..3 of the EA's set, then TLB1 entry 0..n-1.
 *
 * tlbivax EA encoding (e500 CRM 12.4.4, QEMU agrees): EA[60] = 0x8 selects
 * TLB1 (else TLB0), EA[61] = 0x4 is INV_ALL; EA[32:51] is the page. PID and
 * AS are not compared. IPROT entries survive tlbivax and flash invalidation.
 *
 * Pure C (stdint/string/errno): builds for the target and for host tests.
 */
#ifndef HV_GTLB_H
#define HV_GTLB_H

#include <stdint.h>

#define GTLB_TLB0_MAX 512
#define GTLB_TLB0_WAYS 4 /* every supported core; kernel/fastpath.S relies on it */
#define GTLB_TLB1_MAX 64
#define GTLB_NPID 3 /* PID0..2: QEMU gives e500v2 and e500mc all three */

/* MAS fields this model uses (kernel/ppc.h has the common bits). */
#define GTLB_MAS0_TLBSEL_MASK 0x30000000u
#define GTLB_MAS0_TLBSEL_SHIFT 28
#define GTLB_MAS0_ESEL_MASK 0x0fff0000u
#define GTLB_MAS0_ESEL_SHIFT 16
#define GTLB_MAS0_NV_MASK 0x00000fffu
#define GTLB_MAS0_WQ_MASK 0x00003000u
#define GTLB_MAS0_ATSEL 0x80000000u
#define GTLB_MAS1_V 0x80000000u
#define GTLB_MAS1_IPROT 0x40000000u
#define GTLB_MAS1_TID_MASK 0x3fff0000u
#define GTLB_MAS1_TID_SHIFT 16
#define GTLB_MAS1_TS 0x00001000u
#define GTLB_MAS1_TSIZE_MASK 0x00000f80u
#define GTLB_MAS1_TSIZE_SHIFT 7
#define GTLB_MAS2_EPN_MASK 0xfffff000u
#define GTLB_MAS2_ATTR_MASK 0x0000007fu /* ACM, VLE, W, I, M, G, E */
#define GTLB_MAS2_WIMGE_MASK 0x0000001fu
#define GTLB_MAS3_PERM_MASK 0x0000003fu /* UX SX UW SW UR SR */
#define GTLB_MAS4_TLBSELD_MASK 0x30000000u
#define GTLB_MAS4_TIDSELD_MASK 0x00030000u
#define GTLB_MAS4_TIDSELD_SHIFT 16
#define GTLB_MAS4_TSIZED_MASK 0x00000f80u
#define GTLB_MAS4_WIMGED_MASK 0x0000001fu
#define GTLB_MAS6_SPID_MASK 0x3fff0000u
#define GTLB_MAS6_SAS 0x00000001u
#define GTLB_IVAX_TLB1 0x8u    /* tlbivax EA[60]: TLBSEL = 1 */
#define GTLB_IVAX_INV_ALL 0x4u /* tlbivax EA[61] */
#define GTLB_MMUCSR0_TLB0FI 0x4u
#define GTLB_MMUCSR0_TLB1FI 0x2u
#define GTLB_TLBCFG_AVAIL 0x00004000u /* variable page size */
#define GTLB_TLBCFG_IPROT 0x00008000u

/* The MMU assist registers of a vCPU (e500 has no MAS5). */
struct gtlb_mas {
	uint32_t mas0, mas1, mas2, mas3, mas4, mas6, mas7;
};

/* What a core's MMU looks like; the CFG values are what QEMU reports. */
struct gtlb_geom {
	uint16_t tlb0_entries, tlb0_ways, tlb1_entries;
	uint32_t tlb0cfg, tlb1cfg, mmucfg;
	uint32_t tlb1_sizes_mask; /* bit n: TSIZE n (2^n KiB) valid with V=1 */
};

extern const struct gtlb_geom gtlb_geom_e500v2, gtlb_geom_e500mc;

/*
 * One entry, kept as QEMU keeps it: MAS1 as written (TLB0: TSIZE forced,
 * IPROT cleared), MAS2 with EPN masked to the page size and only the
 * attribute bits kept, MAS3 and MAS7 as written.
 */
struct gtlb_entry {
	uint32_t mas1, mas2, mas3, mas7;
};

struct gtlb {
	const struct gtlb_geom *geom;
	struct gtlb_entry tlb0[GTLB_TLB0_MAX]; /* index = set * ways + way */
	struct gtlb_entry tlb1[GTLB_TLB1_MAX];
	uint32_t nv;         /* QEMU's single TLB0 next victim (last_way) */
	uint64_t tlb1_valid; /* bit n: tlb1[n] is valid (lookups skip the rest) */
};

/* The entry that translates an address (gtlb_translate). */
struct gtlb_hit {
	uint64_t pa;      /* guest-physical address of the EA */
	uint64_t page_pa; /* guest-physical page base */
	uint64_t size;    /* page size in bytes (TLB1 goes up to 16 GiB) */
	uint32_t page_ea; /* effective page base (0 for pages >= 4 GiB) */
	uint32_t perms;   /* MAS3 UX SX UW SW UR SR */
	uint32_t attr;    /* MAS2 ACM VLE W I M G E */
	unsigned int tlb, index;
	int multi;        /* unused by gtlb_translate (0): kept for callers */
};

/*
 * Told about every valid entry an invalidation drops, before it goes
 * (tlb 0/1, its index, its contents), so shadow mappings can follow.
 */
typedef void (*gtlb_drop_fn)(void *ctx, unsigned int tlb, unsigned int index,
			     const struct gtlb_entry *e);

/** gtlb_init() - empty @t (all entries invalid, NV 0) for geometry @g. */
void gtlb_init(struct gtlb *t, const struct gtlb_geom *g);

/**
 * gtlb_entry_size() - page size of @e in bytes, from its TSIZE (2^n KiB).
 * Returns the size; meaningful for any entry, valid or not.
 */
uint64_t gtlb_entry_size(const struct gtlb_entry *e);

/**
 * gtlb_write() - tlbwe: write MAS0-3,7 of @m to the entry MAS0[TLBSEL,ESEL]
 * and MAS2[EPN] (TLB0 set) select. *@old (if non-NULL) receives the entry
 * overwritten. Returns 0 when written; -EINVAL when QEMU raises a Program
 * interrupt, illegal instruction (TLBSEL 2/3, or TLB1 with V=1 and an
 * unsupported TSIZE), nothing written; -ECANCELED when QEMU silently
 * ignores the instruction (MAS0[WQ] = 2/3 or MAS0[ATSEL] = 1).
 */
int gtlb_write(struct gtlb *t, const struct gtlb_mas *m,
	       struct gtlb_entry *old);

/**
 * gtlb_read() - tlbre: fill MAS1-3,7 from the entry MAS0[TLBSEL,ESEL] and
 * MAS2[EPN] select, and rewrite MAS0 as TLBSEL | ESEL (the way/entry
 * actually used) | NV. Returns 0; -ENOENT for TLBSEL 2/3, where only MAS1
 * is cleared (QEMU raises nothing).
 */
int gtlb_read(const struct gtlb *t, struct gtlb_mas *m);

/**
 * gtlb_search() - tlbsx @ea with MAS6[SPID,SAS]. On a hit MAS0-3,7
 * describe the entry (MAS1[V] = 1); on a miss MAS0-3,7 are filled from
 * MAS4 and the next victim, which advances. MAS4/MAS6 are not changed.
 * Returns 1 on a hit, 0 on a miss.
 */
int gtlb_search(struct gtlb *t, uint32_t ea, struct gtlb_mas *m);

/**
 * gtlb_invalidate_ea() - tlbivax with effective address @ea: INV_ALL or
 * the entries of the selected TLB whose page holds @ea, except IPROT ones.
 * @drop (may be NULL) is called for each valid entry invalidated.
 * Returns the number of valid entries invalidated.
 */
int gtlb_invalidate_ea(struct gtlb *t, uint32_t ea, gtlb_drop_fn drop,
		       void *ctx);

/**
 * gtlb_flash() - a write of @mmucsr0 to MMUCSR0: TLB0_FI / TLB1_FI flash
 * invalidate the non-IPROT entries of TLB0 / TLB1; other bits do nothing
 * (QEMU never stores MMUCSR0: it reads back 0). @drop as above.
 * Returns the number of valid entries invalidated.
 */
int gtlb_flash(struct gtlb *t, uint32_t mmucsr0, gtlb_drop_fn drop, void *ctx);

/**
 * gtlb_translate() - the entry that maps @ea in address space @as (0/1)
 * for PIDs @pid[0..2] (PID1/PID2 are tried only when non-zero; TID 0
 * matches any PID), QEMU's first match. Permissions are not checked:
 * @hit->perms has them. Returns 1 and fills @hit on a hit, 0 on a miss.
 */
int gtlb_translate(const struct gtlb *t, uint32_t ea, unsigned int as,
		   const uint32_t pid[GTLB_NPID], struct gtlb_hit *hit);

/**
 * gtlb_miss_fill() - what an instruction/data TLB error interrupt loads:
 * MAS0 = MAS4[TLBSELD] | ESEL = NV | next NV (the victim counter
 * advances), MAS1 = V | TID per MAS4[TIDSELD] | TS = @as | MAS4[TSIZED],
 * MAS2 = EPN of @ea | MAS4[WIMGED], MAS3 = MAS7 = 0, MAS6 = PID0 | SAS.
 * Reads MAS4 from @m. No return value.
 */
void gtlb_miss_fill(struct gtlb *t, uint32_t ea, unsigned int as,
		    const uint32_t pid[GTLB_NPID], struct gtlb_mas *m);
#endif
