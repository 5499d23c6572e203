/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attempt 3: point the guest's vectors at the hypervisor's code. The
 * hypervisor's IVPR is 0 on the host with its vectors at 0x100..0x5c0
 * (e.g. IVOR8 = 0x410 in the e500mc build). The guest sets IVPR = 0 and
 * an IVOR to such an offset, plants a tiny handler at that guest-virtual
 * address (its own memory) and raises the exception: it must arrive at
 * the planted handler (which returns its tag, the offset), i.e. at
 * guest-virtual IVPR|IVOR. Then the same with IVPR = 0x70000000, the
 * hypervisor's own CCSR window, which the guest maps to its own page.
 */
#include <stdio.h>
#include <string.h>
#include "iso.h"

#define LI_R3_0      0x38600000u
#define HV_CCSR_VA   0x70000000u
#define VEC_PAGE_GPA 0x03200000u
#define DTLB_VA      0x70004500u   /* the hypervisor's UART0 VA: unmapped here */
#define DTLB_VA_HI   0x7ff00000u

enum kind { K_SC, K_TRAP, K_DTLB, K_COUNT };
static const char *const kind_name[K_COUNT] = { "sc", "trap", "dtlb miss" };

static const uint32_t offsets[] = { 0x100, 0x200, 0x300, 0x3c0, 0x400, 0x410, 0x4c0,
				    0x500, 0x800, 0xf00 };

/* Copy a template to @va with its "li r3,0" set to "li r3,@tag". */
static void plant(uint32_t va, enum kind k, uint32_t tag)
{
	const uint32_t *s = k == K_SC ? iso_tmpl_sc : iso_tmpl_skip;
	const uint32_t *e = k == K_SC ? iso_tmpl_sc_end : iso_tmpl_skip_end;
	volatile uint32_t *d = (volatile uint32_t *)va;

	for (; s < e; s++, d++)
		*d = *s == LI_R3_0 ? LI_R3_0 | (tag & 0x7fff) : *s;
	iso_sync_icache(va, 32);
}

static uint32_t get_ivor(enum kind k)
{
	return k == K_SC ? mfspr(SPRN_IVOR0 + 8) : k == K_TRAP ? mfspr(SPRN_IVOR0 + 6) :
	       mfspr(SPRN_IVOR0 + 13);
}

static void set_ivor(enum kind k, uint32_t v)
{
	if (k == K_SC)
		mtspr(SPRN_IVOR0 + 8, v);
	else if (k == K_TRAP)
		mtspr(SPRN_IVOR0 + 6, v);
	else
		mtspr(SPRN_IVOR0 + 13, v);
	isync();
}

/* Raise @k; returns the tag the handler put in r3 (-1: none ran). */
static uint32_t trigger(enum kind k, uint32_t dtlb_va, uint32_t *srr0, int *faults)
{
	uint32_t tag;

	iso_arm(0); /* should the exception reach the old vector instead */
	tag = k == K_SC ? iso_trig_sc(srr0) : k == K_TRAP ? iso_trig_trap(srr0) :
	      iso_trig_dtlb(dtlb_va, srr0);
	*faults = iso_disarm(NULL);
	return tag;
}

/* The SRR0 the handler must see: past sc, at the trap or the load. */
static uint32_t want_srr0(enum kind k)
{
	uint32_t fn = k == K_SC ? (uint32_t)iso_trig_sc : k == K_TRAP ? (uint32_t)iso_trig_trap :
		      (uint32_t)iso_trig_dtlb;

	return fn + (k == K_SC ? 20 : k == K_TRAP ? 12 : 16);
}

/* IVPR 0, IVOR(k) = @off: one line for the three kinds. */
static int try_offset(uint32_t off)
{
	enum iso_status st = ISO_OK;
	enum kind k;

	for (k = 0; k < K_COUNT; k++) {
		uint32_t save[8], old_ivor = get_ivor(k), srr0 = 0, tag;
		int faults;

		memcpy(save, (void *)off, sizeof(save));
		plant(off, k, off);
		mtspr(SPRN_IVPR, 0);
		set_ivor(k, off);
		tag = trigger(k, DTLB_VA, &srr0, &faults);
		set_ivor(k, old_ivor);
		memcpy((void *)off, save, sizeof(save));
		iso_sync_icache(off, sizeof(save));
		if (tag != off || srr0 != want_srr0(k) || faults) {
			st = ISO_UNEXPECTED;
			printf("iso: 3 ivor 0x%03lx %s: tag 0x%08lx (not its handler), SRR0 0x%08lx want 0x%08lx, %d to old vector\n",
			       (unsigned long)off, kind_name[k], (unsigned long)tag,
			       (unsigned long)srr0, (unsigned long)want_srr0(k), faults);
		}
	}
	iso_report(st, "3 ivpr 0x00000000 ivor 0x%03lx: sc, trap, dtlb miss each ran its handler at va 0x%08lx",
		   (unsigned long)off, (unsigned long)off);
	return 0;
}

/* IVPR = the hypervisor's CCSR VA, mapped by the guest to its own page. */
static int try_hv_ccsr_ivpr(void)
{
	static const uint32_t off[K_COUNT] = { 0x410, 0x3c0, 0x4c0 };
	uint32_t old_ivor[K_COUNT], tag[K_COUNT], srr0[K_COUNT], ivpr = mfspr(SPRN_IVPR);
	int faults[K_COUNT];
	enum iso_status st;
	enum kind k;

	iso_map(ESEL_VEC, HV_CCSR_VA, VEC_PAGE_GPA, TSIZE_64K, 0, PERM_SUP);
	memset((void *)HV_CCSR_VA, 0, 0x1000);
	for (k = 0; k < K_COUNT; k++) {
		plant(HV_CCSR_VA + off[k], k, off[k]);
		old_ivor[k] = get_ivor(k);
		set_ivor(k, off[k]);
	}
	/* No exception but the three triggers until IVPR is back. */
	mtspr(SPRN_IVPR, HV_CCSR_VA);
	isync();
	for (k = 0; k < K_COUNT; k++)
		tag[k] = trigger(k, DTLB_VA_HI, &srr0[k], &faults[k]);
	mtspr(SPRN_IVPR, ivpr);
	isync();
	for (k = 0; k < K_COUNT; k++)
		set_ivor(k, old_ivor[k]);
	iso_unmap(ESEL_VEC);
	for (k = 0; k < K_COUNT; k++) {
		st = tag[k] != off[k] || srr0[k] != want_srr0(k) || faults[k] ? ISO_UNEXPECTED : ISO_OK;
		if (st != ISO_OK)
			printf("iso: 3 ivpr 0x%08lx %s: tag 0x%08lx (not its handler), SRR0 0x%08lx want 0x%08lx\n",
			       (unsigned long)HV_CCSR_VA, kind_name[k], (unsigned long)tag[k],
			       (unsigned long)srr0[k], (unsigned long)want_srr0(k));
		iso_report(st, "3 ivpr 0x%08lx ivor 0x%03lx (own page, gpa 0x%08lx): %s ran its handler at va 0x%08lx",
			   (unsigned long)HV_CCSR_VA, (unsigned long)off[k],
			   (unsigned long)VEC_PAGE_GPA, kind_name[k],
			   (unsigned long)(HV_CCSR_VA + off[k]));
	}
	return 0;
}

/* sc with the KVM hypercall magic in r0: a `none` partition has no
 * hypercalls, so each one is the guest's own system call. */
static void hcalls(void)
{
	static const uint32_t tokens[] = { 0, 1, 0x00010000u, 0x00010003u, 0x00010005u,
					   0x002a0000u, 0x0001ffffu, 0xffffffffu };
	unsigned int i, own = 0, total = sizeof(tokens) / sizeof(tokens[0]);
	struct iso_fault f;
	uint32_t r3;
	int n;

	for (i = 0; i < total; i++) {
		iso_arm(0);
		r3 = iso_hcall(tokens[i]);
		n = iso_disarm(&f);
		if (n == 1 && f.ivor == IVOR_SYSCALL && r3 == 0x1234)
			own++;
		else
			printf("iso: 3 hypercall token 0x%08lx: r3 0x%08lx, %s\n",
			       (unsigned long)tokens[i], (unsigned long)r3, iso_fault_str(&f, n));
	}
	iso_report(own == total ? ISO_OK : ISO_UNEXPECTED,
		   "3 sc with the hypercall magic in r0, 8 tokens in r11: %u of %u reached its own sc vector",
		   own, total);
}

int iso_attempt_ivpr(void)
{
	uint32_t ivpr = mfspr(SPRN_IVPR), lo = (uint32_t)iso_landing,
		 hi = (uint32_t)iso_landing_end, trig = (uint32_t)iso_trig_sc;
	unsigned int i;

	printf("iso: 3 own IVPR 0x%08lx, landing zone 0x%08lx-0x%08lx, triggers at 0x%08lx\n",
	       (unsigned long)ivpr, (unsigned long)lo, (unsigned long)hi, (unsigned long)trig);
	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		uint32_t off = offsets[i];

		/* Below the zone are crt0's entry and vectors (saved and
		 * restored, unused meanwhile); above it, the code that runs
		 * the trial, never to be overwritten. */
		if (off + 32 > hi) {
			iso_report(ISO_UNEXPECTED, "3 ivor 0x%03lx: overlaps this program's code, skipped",
				   (unsigned long)off);
			continue;
		}
		try_offset(off);
	}
	try_hv_ccsr_ivpr();
	hcalls();
	return 0;
}
