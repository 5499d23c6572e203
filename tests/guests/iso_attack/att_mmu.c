/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attempt 5: reach the shadow contexts. The hypervisor's own translations
 * live in address space 0 with TID 0 (its RAM at VA 0..0x20000000, CCSR
 * at VA 0x70000000, the spin table at 0x70100000); the guest's run in
 * shadow contexts it never sees. Whatever PID, MSR[DS], TID and TS the
 * guest picks, and whatever it puts in the MAS registers, an access must
 * translate through the guest's own TLB: no entry of its own means a DTLB
 * miss in the guest, and tlbre/tlbsx show only its own entries. Guest
 * supervisor and guest user contexts stay apart as well.
 */
#include <stdio.h>
#include "iso.h"

#define MAS6_SAS      0x00000001u
#define MARK_PAGE     0x03000000u  /* guest-physical pages of its own */
#define MARK_SUP      0x03100000u
#define MARK_USR      0x03101000u
#define CTX_VA        0x60000000u
#define SUP_VA        0x61000000u
#define USR_VA        0x61001000u

/* Addresses the hypervisor maps for itself (AS 0, TID 0). */
static const uint32_t hv_vas[] = {
	0x70004500u, 0x70100000u, 0x00000000u + 0x04000000u, 0x08000000u,
	0x0ffffffcu, 0x1ffffffcu,
};

/* Load @va with PID @pid in address space @as: 0 DTLB miss with the right
 * DEAR, 1 completed (an escape), 2 anything else. */
static int hv_probe(uint32_t va, unsigned int as, struct iso_fault *f, int *n)
{
	iso_arm(0);
	if (as)
		iso_ld32_ds1(va);
	else
		iso_ld32(va);
	*n = iso_disarm(f);
	if (!*n)
		return 1;
	return *n == 1 && f->ivor == IVOR_DTLB && f->dear == va ? 0 : 2;
}

static int pid_sweep(void)
{
	unsigned int as, i, pid;
	int esc = 0;

	for (as = 0; as < 2; as++)
		for (i = 0; i < sizeof(hv_vas) / sizeof(hv_vas[0]); i++) {
			unsigned int cnt[3] = { 0 };
			struct iso_fault f, odd = { 0 };
			int n, r;

			for (pid = 0; pid < 256; pid++) {
				mtspr(SPRN_PID, pid);
				isync();
				r = hv_probe(hv_vas[i], as, &f, &n);
				if (r && !cnt[r])
					odd = f;
				cnt[r]++;
			}
			mtspr(SPRN_PID, 0);
			isync();
			esc += cnt[1] != 0;
			iso_report(cnt[1] ? ISO_ESCAPED : cnt[2] ? ISO_UNEXPECTED : ISO_OK,
				   "5 PID 0..255 AS%u load 0x%08lx: %u DTLB misses (DEAR ok), %u loads, %u other%s%s",
				   as, (unsigned long)hv_vas[i], cnt[0], cnt[1], cnt[2],
				   cnt[2] ? ": " : "", cnt[2] ? iso_fault_str(&odd, 1) : "");
		}
	return esc;
}

static void tlb_entry(unsigned int esel, uint32_t va, uint32_t gpa, unsigned int tid,
		      unsigned int ts, uint32_t perm)
{
	struct guest_tlb e = {
		.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(esel),
		.mas1 = MAS1_VALID | MAS1_TID(tid) | (ts ? MAS1_TS : 0) | MAS1_TSIZE(TSIZE_4K),
		.mas2 = va,
		.mas3 = gpa | perm,
	};

	guest_tlb_write(&e);
}

/* An entry (TID @tid, TS 1) of its own: it translates for PID @tid in
 * AS 1 only, and always to its own page. */
static void tid_games(void)
{
	static const unsigned int tids[] = { 1, 2, 3, 62, 63, 64, 127, 255 };
	const uint32_t mark = 0x71d0000u;
	unsigned int i;

	for (i = 0; i < sizeof(tids) / sizeof(tids[0]); i++) {
		unsigned int t = tids[i];
		struct iso_fault f0, f1, f2;
		uint32_t hit;
		int n0, n1, n2;

		*(volatile uint32_t *)MARK_PAGE = mark | t;
		tlb_entry(ESEL_CTX, CTX_VA, MARK_PAGE, t, 1, PERM_SUP);
		mtspr(SPRN_PID, t);
		isync();
		iso_arm(0);
		hit = iso_ld32_ds1(CTX_VA);
		n0 = iso_disarm(&f0);
		iso_arm(0);
		iso_ld32(CTX_VA);                 /* AS 0: TS differs */
		n1 = iso_disarm(&f1);
		mtspr(SPRN_PID, (t + 1) & 0xff);  /* TID differs */
		isync();
		iso_arm(0);
		iso_ld32_ds1(CTX_VA);
		n2 = iso_disarm(&f2);
		mtspr(SPRN_PID, 0);
		isync();
		if (n0 || !(n1 == 1 && f1.ivor == IVOR_DTLB) || !(n2 == 1 && f2.ivor == IVOR_DTLB)) {
			printf("iso: 5 TID %u: PID %u AS1: %s\n", t, t, iso_fault_str(&f0, n0));
			printf("iso: 5 TID %u: AS0: %s\n", t, iso_fault_str(&f1, n1));
			printf("iso: 5 TID %u: PID %u: %s\n", t, (t + 1) & 0xff, iso_fault_str(&f2, n2));
		}
		iso_report(!n0 && hit == (mark | t) && n1 == 1 && f1.ivor == IVOR_DTLB &&
			   n2 == 1 && f2.ivor == IVOR_DTLB ? ISO_OK : ISO_UNEXPECTED,
			   "5 own entry TID %u TS 1: PID %u AS1 reads 0x%08lx, AS0 DTLB miss, PID %u AS1 DTLB miss",
			   t, t, (unsigned long)hit, (t + 1) & 0xff);
	}
	iso_unmap(ESEL_CTX);
}

/* tlbre of every TLB1 entry and every TLB0 way: only its own entries. */
static void read_back(void)
{
	uint32_t tlb1 = mfspr(SPRN_TLB1CFG) & 0xfff, i, valid1 = 0, valid0 = 0, bad = 0;
	struct guest_tlb e;

	for (i = 0; i < tlb1; i++) {
		guest_tlb1_read(i, &e);
		if (!(e.mas1 & MAS1_VALID))
			continue;
		valid1 |= 1u << (i & 31);
		if (i > 1 || (e.mas2 & 0xfffff000) == 0x70000000u)
			bad++;
	}
	for (i = 0; i < 512; i++) {
		mtspr(SPRN_MAS0, MAS0_ESEL(i & 3));
		mtspr(SPRN_MAS2, (i >> 2) << 12);
		__asm__ volatile("isync; tlbre; isync" ::: "memory");
		if (mfspr(SPRN_MAS1) & MAS1_VALID)
			valid0++;
	}
	iso_report(!bad && valid1 == 3 && !valid0 ? ISO_OK : ISO_UNEXPECTED,
		   "5 tlbre: TLB1 entries valid 0x%08lx of %lu (its own 0 and 1), TLB0 %lu valid",
		   (unsigned long)valid1, (unsigned long)tlb1, (unsigned long)valid0);
}

/* tlbsx for the hypervisor's addresses with every search PID and AS. */
static void search(void)
{
	unsigned int found = 0, tries = 0, pid, as, i;

	for (as = 0; as < 2; as++)
		for (pid = 0; pid < 256; pid++)
			for (i = 0; i < 3; i++) {
				mtspr(SPRN_MAS6, (pid << 16) | (as ? MAS6_SAS : 0));
				__asm__ volatile("isync; tlbsx 0,%0; isync" : : "r"(hv_vas[i]) : "memory");
				found += !!(mfspr(SPRN_MAS1) & MAS1_VALID);
				tries++;
			}
	iso_report(found ? ISO_UNEXPECTED : ISO_OK,
		   "5 tlbsx 0x70004500/0x70100000/0x04000000 with SPID 0..255 SAS 0/1: %u of %u found",
		   found, tries);
}

/* Odd MAS contents: TLBSEL 2, ESEL beyond the TLB, a 2 KiB TSIZE. */
static int mas_games(void)
{
	static const struct { const char *what; uint32_t mas0, mas1; } games[] = {
		{ "TLBSEL 2", 0x20000000u, MAS1_VALID | MAS1_TSIZE(TSIZE_4K) },
		{ "TLB1 ESEL 0xfff", MAS0_TLBSEL1 | MAS0_ESEL(0xfff), MAS1_VALID | MAS1_TSIZE(TSIZE_4K) },
		{ "TLB1 TSIZE 1 (2 KiB)", MAS0_TLBSEL1 | MAS0_ESEL(7), MAS1_VALID | MAS1_TSIZE(1) },
		{ "TLB1 TS 1 TID 0 IPROT", MAS0_TLBSEL1 | MAS0_ESEL(7),
		  MAS1_VALID | MAS1_IPROT | MAS1_TS | MAS1_TSIZE(TSIZE_4K) },
	};
	const uint32_t va = 0x52000000u, gpa = 0x04000000u;
	unsigned int i;
	int esc = 0;

	printf("iso: 5 odd MAS contents, each mapping va 0x%08lx -> gpa 0x%08lx\n",
	       (unsigned long)va, (unsigned long)gpa);
	for (i = 0; i < sizeof(games) / sizeof(games[0]); i++) {
		struct guest_tlb e = { games[i].mas0, games[i].mas1, va, gpa | PERM_SUP, 0 };
		struct iso_fault fw, fl;
		int nw, nl;
		uint32_t tlb1 = mfspr(SPRN_TLB1CFG) & 0xfff;

		iso_arm(0);
		guest_tlb_write(&e);
		nw = iso_disarm(&fw);
		iso_arm(0);
		if (games[i].mas1 & MAS1_TS)
			iso_ld32_ds1(va);
		else
			iso_ld32(va);
		nl = iso_disarm(&fl);
		esc += !nl;
		iso_report(!nl ? ISO_ESCAPED : (fl.ivor == IVOR_MCHECK || fl.ivor == IVOR_DTLB) ?
			   ISO_OK : ISO_UNEXPECTED,
			   "5 tlbwe %s: %s; load: %s", games[i].what,
			   nw ? iso_fault_str(&fw, nw) : "accepted", iso_fault_str(&fl, nl));
		/* Drop whatever the game left: TLB1's last entry, entry 7. */
		iso_unmap(tlb1 - 1);
		iso_unmap(7);
	}
	return esc;
}

/* A supervisor-only page and a user-only page of its own: each mode is
 * refused the other's page, also right after the other mode used it. */
static int modes(void)
{
	struct iso_fault f1, f2, f3, f4;
	uint32_t ks, us, uu, ku;
	int n1, n2, n3, n4, esc = 0;

	*(volatile uint32_t *)MARK_SUP = 0x5e9e0001u;
	*(volatile uint32_t *)MARK_USR = 0x05e90002u;
	tlb_entry(ESEL_CTX, SUP_VA, MARK_SUP, 0, 0, MAS3_SR | MAS3_SW);
	tlb_entry(ESEL_CTX2, USR_VA, MARK_USR, 0, 0, MAS3_UR | MAS3_UW);
	iso_arm(0);
	ks = iso_ld32(SUP_VA);
	n1 = iso_disarm(&f1);
	iso_arm(0);
	iso_user_active = 1;
	us = iso_user_ld32(SUP_VA);
	n2 = iso_disarm(&f2);
	iso_arm(0);
	iso_user_active = 1;
	uu = iso_user_ld32(USR_VA);
	n3 = iso_disarm(&f3);
	iso_arm(0);
	ku = iso_ld32(USR_VA);
	n4 = iso_disarm(&f4);
	esc += (!n2 && us == 0x5e9e0001u) + (!n4 && ku == 0x05e90002u);
	iso_report(!n2 && us == 0x5e9e0001u ? ISO_ESCAPED :
		   !n1 && ks == 0x5e9e0001u && n2 == 1 && f2.ivor == IVOR_DSI && f2.dear == SUP_VA ?
		   ISO_OK : ISO_UNEXPECTED,
		   "5 supervisor-only page: kernel reads 0x%08lx, then user: %s",
		   (unsigned long)ks,
		   n2 ? iso_fault_str(&f2, n2) : "READ IT");
	iso_report(!n4 && ku == 0x05e90002u ? ISO_ESCAPED :
		   !n3 && uu == 0x05e90002u && n4 == 1 && f4.ivor == IVOR_DSI && f4.dear == USR_VA ?
		   ISO_OK : ISO_UNEXPECTED,
		   "5 user-only page: user reads 0x%08lx, then kernel: %s",
		   (unsigned long)uu,
		   n4 ? iso_fault_str(&f4, n4) : "READ IT");
	iso_unmap(ESEL_CTX);
	iso_unmap(ESEL_CTX2);
	return esc;
}

/* mtspr PID1 (633) or PID2 (634); returns the exceptions it raised. */
static int set_pidn(unsigned int n, uint32_t v)
{
	iso_arm(0);
	if (n == 1)
		mtspr(633, v);
	else
		mtspr(634, v);
	isync();
	return iso_disarm(NULL);
}

/*
 * An entry with TID 77 translates while PID1 (or PID2) is 77 and must stop
 * translating once it is 0 again: a shadow context kept for PID0 alone
 * would still hold the translation (stale, though of its own memory).
 */
static int pidn_stale(unsigned int n)
{
	const uint32_t va = 0x62000000u, gpa = 0x03400000u, mark = 0x91d00077u + n;
	struct iso_fault f;
	uint32_t a, b;
	int na, nb;

	if (set_pidn(n, 77)) {
		iso_report(ISO_OK, "5 PID%u: mtspr raises a program interrupt: no PID%u here", n, n);
		return 0;
	}
	*(volatile uint32_t *)gpa = mark;
	tlb_entry(ESEL_CTX, va, gpa, 77, 0, PERM_SUP);
	iso_arm(0);
	a = iso_ld32(va);
	na = iso_disarm(NULL);
	set_pidn(n, 0);
	iso_arm(0);
	b = iso_ld32(va);
	nb = iso_disarm(&f);
	iso_unmap(ESEL_CTX);
	iso_report(!nb ? ISO_ESCAPED : !na && a == mark && nb == 1 && f.ivor == IVOR_DTLB ?
		   ISO_OK : ISO_UNEXPECTED,
		   "5 TID 77 entry: PID%u 77 reads 0x%08lx; PID%u 0: %s%s", n, (unsigned long)a, n,
		   nb ? iso_fault_str(&f, nb) : "STILL READS ",
		   nb ? "" : b == mark ? "it (stale shadow context)" : "something else");
	return !nb;
}

/*
 * MSR[IS] = 1 with MSR[DS] = 0: fetches translate through TS 1 entries,
 * data through TS 0 ones. va has both, to two pages of its own, each
 * holding "li r3,TAG; blr": a load through the TS 0 entry, then a call,
 * which must run the TS 1 page's code (0xc2), not the data page's (0xd1).
 */
static int split_as(void)
{
	const uint32_t va = 0x63000000u, data = 0x03600000u, code = 0x03601000u;
	struct guest_tlb twin;
	struct iso_fault f;
	uint32_t msr = mfmsr(), got;
	int n;

	*(volatile uint32_t *)data = 0x386000d1u;
	*(volatile uint32_t *)(data + 4) = 0x4e800020u;
	*(volatile uint32_t *)code = 0x386000c2u;
	*(volatile uint32_t *)(code + 4) = 0x4e800020u;
	iso_sync_icache(data, 8);
	iso_sync_icache(code, 8);
	guest_tlb1_read(0, &twin);     /* its image, again in AS 1 */
	twin.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(9);
	twin.mas1 |= MAS1_TS;
	guest_tlb_write(&twin);
	tlb_entry(ESEL_CTX, va, data, 0, 0, PERM_SUP);
	tlb_entry(10, va, code, 0, 1, PERM_SUP);
	iso_arm(0);
	mtmsr(msr | MSR_IS);
	iso_ld32(va);
	got = iso_call(va);
	mtmsr(msr);
	n = iso_disarm(&f);
	iso_unmap(10);
	iso_unmap(9);
	iso_unmap(ESEL_CTX);
	iso_report(n ? ISO_UNEXPECTED : got == 0xc2 ? ISO_OK : ISO_ESCAPED,
		   "5 IS 1 DS 0, one va: TS 0 data page, TS 1 code page: load, call %s%s",
		   n ? iso_fault_str(&f, n) : got == 0xc2 ? "ran the TS 1 code" :
		   got == 0xd1 ? "RAN THE TS 0 PAGE" : "ran neither",
		   n || got == 0xc2 ? "" : " (wrong context)");
	return !n && got != 0xc2;
}

/* Many TLB1 shadow installs (64 KiB pages of its own) cycle through the
 * shadow's TLB1 slots; the hypervisor's own slots must stay untouched
 * (it keeps running) and every page must read back right. */
static void tlb1_pressure(void)
{
	const uint32_t va0 = 0x40000000u, gpa0 = 0x03500000u;
	unsigned int i, round, bad = 0, tlb1 = mfspr(SPRN_TLB1CFG) & 0xfff;
	struct iso_fault f;
	int n;

	for (i = 0; i < 16; i++)
		*(volatile uint32_t *)(gpa0 + i * 0x10000u) = 0x7e550000u + i;
	iso_arm(0);
	for (round = 0; round < 8; round++)
		for (i = 0; i < 16; i++) {
			uint32_t va = va0 + (round * 16 + i) * 0x100000u;

			iso_map(ESEL_CTX, va, gpa0 + i * 0x10000u, TSIZE_64K, 0, PERM_SUP);
			bad += iso_ld32(va) != 0x7e550000u + i;
		}
	n = iso_disarm(&f);
	iso_unmap(ESEL_CTX);
	iso_report(!bad && !n ? ISO_OK : ISO_UNEXPECTED,
		   "5 128 TLB1 shadow installs (64 KiB, TLB1 of %u): %u wrong reads, %s", tlb1, bad,
		   iso_fault_str(&f, n));
}

/* Invalidations that on hardware would reach other cores' TLBs. */
static void invalidate(void)
{
	static const uint32_t eas[] = { 0x00000004u, 0x70000008u, 0x70100008u, 0x04000008u };
	struct iso_fault f;
	unsigned int i;
	int n = 0;

	iso_arm(0);
	for (i = 0; i < sizeof(eas) / sizeof(eas[0]); i++)
		__asm__ volatile("tlbivax 0,%0; isync" : : "r"(eas[i]) : "memory");
	__asm__ volatile("tlbsync; isync" ::: "memory");
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB0FI);
	isync();
	n = iso_disarm(&f);
	iso_report(!n ? ISO_OK : ISO_UNEXPECTED,
		   "5 tlbivax TLB0 all, TLB1 0x70000000/0x70100000/0x04000000, tlbsync, TLB0 flash: %s",
		   iso_fault_str(&f, n));
}

int iso_attempt_contexts(void)
{
	int esc = 0;

	esc += pid_sweep();
	tid_games();
	read_back();
	search();
	esc += mas_games();
	esc += modes();
	esc += pidn_stale(1);
	esc += pidn_stale(2);
	esc += split_as();
	tlb1_pressure();
	invalidate();
	return esc;
}
