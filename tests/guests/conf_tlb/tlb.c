/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_tlb: MMU conformance. tlbwe/tlbre round trips on TLB0 and TLB1,
 * tlbsx hit and miss, tlbivax of a page and of everything, IPROT, MMUCSR0
 * flash invalidation (tlb_ops.c); then real translation through TLB0 and
 * TLB1 mappings, AS1 with MSR[DS], PID-tagged entries, DTLB/ITLB misses
 * refilled by the hook, and a DSI (tlb_xlate.c). One line per check,
 * values in hex, addresses as offsets from a label. Run natively and in
 * a partition, the output must be the same (see tests/conformance/).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "tlb.h"

struct ev evs[MAX_EV];
int nev, failed;
uint32_t fill_va, fill_rpn, fill_perm;

static void fill(struct gframe *f)
{
	uint32_t mas2 = mfspr(SPRN_MAS2);
	uint32_t rpn = fill_rpn + ((mas2 & 0xfffff000) - fill_va);

	(void)f;
	/* MAS0-2 as the miss preloaded them (victim way, EPN, TID, TS). */
	mtspr(SPRN_MAS3, rpn | fill_perm);
	mtspr(SPRN_MAS7, 0);
	__asm__ volatile("isync; tlbwe; isync" ::: "memory");
}

void guest_exception(int ivor, struct gframe *f)
{
	if (nev < MAX_EV)
		evs[nev] = (struct ev){ ivor, f->srr0, f->esr, f->dear, mfspr(SPRN_MAS0),
					mfspr(SPRN_MAS1), mfspr(SPRN_MAS2) };
	nev++;
	if ((ivor == IVOR_DTLB || ivor == IVOR_ITLB) && fill_perm && nev < MAX_EV) {
		fill(f); /* and retry */
	} else if (ivor == IVOR_ITLB || ivor == IVOR_ISI) {
		f->srr0 = f->lr; /* a call to an unmapped VA returns at once */
	} else if (ivor == IVOR_DTLB || ivor == IVOR_DSI || ivor == IVOR_PROGRAM) {
		f->srr0 += 4;
	} else {
		guest_unexpected("conf_tlb", ivor, f);
	}
}

void show(const char *what, const struct guest_tlb *e)
{
	printf("conf_tlb: %s: mas0 %08lx mas1 %08lx mas2 %08lx mas3 %08lx mas7 %08lx\n", what,
	       (unsigned long)e->mas0, (unsigned long)e->mas1, (unsigned long)e->mas2,
	       (unsigned long)e->mas3, (unsigned long)e->mas7);
}

/* The exceptions logged since the last call; SRR0 relative to @base. */
void show_events(const char *what, uint32_t base)
{
	int i;

	printf("conf_tlb: %s: %d exception(s)\n", what, nev);
	for (i = 0; i < nev && i < MAX_EV; i++) {
		printf("conf_tlb: %s: ivor %d at %+ld esr %08lx dear %08lx\n", what,
		       evs[i].ivor, (long)(evs[i].srr0 - base), (unsigned long)evs[i].esr,
		       evs[i].ivor == IVOR_ITLB || evs[i].ivor == IVOR_ISI ? 0ul :
		       (unsigned long)evs[i].dear);
		if (evs[i].ivor == IVOR_DTLB || evs[i].ivor == IVOR_ITLB)
			printf("conf_tlb: %s: miss mas0 %08lx mas1 %08lx mas2 %08lx\n", what,
			       (unsigned long)evs[i].mas0, (unsigned long)evs[i].mas1,
			       (unsigned long)evs[i].mas2);
	}
	nev = 0;
}

/* "conf_tlb: <text>", with " FAIL" (and a failure) unless @ok. */
void note(int ok, const char *fmt, ...)
{
	char buf[112];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("conf_tlb: %s%s\n", buf, ok ? "" : " FAIL");
	failed += !ok;
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_tlb: on %s\n", guest_cpu_name());
	test_mmu_ops();
	test_translate();
	printf("conf_tlb: done, %d failed\n", failed);
	return failed;
}
