/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attempt 1: map guest-physical memory the partition does not have with
 * tlbwe (TLB1 and TLB0, 32- and 36-bit, and a large page that only
 * starts inside the partition) and load, store and execute through it.
 * Every access must end in a machine check (bus error, MCAR = the
 * address), and no load may ever return the neighbour's fill pattern.
 *
 * Attempt 2: "write hypervisor memory". The hypervisor's image starts at
 * host-physical 0 with the word 0x7c7f1b78 (mr r31,r3); this guest's
 * guest-physical 0 is its own RAM, where its own _start has the same
 * word. Writes there land in the guest's own memory: read back through
 * two mappings. Then every kind of exit is taken with r1 pointing at the
 * hypervisor's memory as seen on the host (its image, its device tree,
 * the neighbour's RAM): a hypervisor that stacked on the guest's r1 would
 * overwrite itself. That it is unharmed is checked from outside.
 */
#include <stdio.h>
#include "iso.h"

#define OWN_RAM        0x04000000u   /* 64 MiB at guest-physical 0 */
#define SCAN_END       0x03f00000u   /* below the device tree */
#define MARK           0x0badc0deu

struct target {
	uint64_t gpa;
	const char *why;
	int exec;
};

static const struct target targets[] = {
	{ 0x10000000ull, "past its 64 MiB", 1 },
	{ 0x04000000ull, "next to its RAM: the neighbour's host base", 1 },
	{ 0x7fff0000ull, "high RAM", 0 },
	{ 0x1fff0000ull, "top of the board's RAM", 0 },
	{ 0xf00000000ull, "36-bit platform bus", 0 },
	{ 0x100000000ull, "36-bit alias of its 0", 0 },
};

/* An access that must machine-check at @gpa: classify what happened. */
static int expect_mcheck(const char *what, uint64_t gpa, int n, const struct iso_fault *f,
			 int completed_read, uint32_t val)
{
	if (!n) {
		iso_report(ISO_ESCAPED, "1 %s gpa 0x%09llx: completed%s%s0x%08lx", what,
			   (unsigned long long)gpa, completed_read ? ", read " : "",
			   completed_read && val == NB_MAGIC0 ? "THE NEIGHBOUR'S PATTERN " : "",
			   (unsigned long)val);
		return 1;
	}
	iso_report(f->ivor == IVOR_MCHECK && f->esr && f->dear == (uint32_t)gpa ?
		   ISO_OK : ISO_UNEXPECTED,
		   "1 %s gpa 0x%09llx: %s", what, (unsigned long long)gpa, iso_fault_str(f, n));
	return 0;
}

static int probe_target(const struct target *t)
{
	struct iso_fault f;
	uint32_t val;
	int n, esc = 0;

	iso_map(ESEL_PROBE, PROBE_VA, t->gpa, TSIZE_64K, 0, PERM_SUP);
	printf("iso: 1 tlbwe TLB1[%d] va 0x%08lx -> gpa 0x%09llx 64 KiB (%s)\n", ESEL_PROBE,
	       (unsigned long)PROBE_VA, (unsigned long long)t->gpa, t->why);
	iso_arm(0);
	val = iso_ld32(PROBE_VA + 0x100);
	n = iso_disarm(&f);
	esc += expect_mcheck("load", t->gpa + 0x100, n, &f, 1, val);
	iso_arm(0);
	iso_st32(PROBE_VA + 0x200, MARK);
	n = iso_disarm(&f);
	esc += expect_mcheck("store", t->gpa + 0x200, n, &f, 0, 0);
	if (t->exec) {
		iso_arm(PROBE_VA + 0x300);
		iso_exec(PROBE_VA + 0x300);
		n = iso_disarm(&f);
		esc += expect_mcheck("execute", t->gpa + 0x300, n, &f, 0, 0);
	}
	return esc;
}

/* TLB0 (4 KiB, set by EPN) instead of TLB1. */
static int probe_tlb0(void)
{
	const uint32_t va = 0x51000000u;
	const uint64_t gpa = 0x04000000ull;
	struct guest_tlb e = {
		.mas0 = 0, /* TLBSEL 0, way 0 */
		.mas1 = MAS1_VALID | MAS1_TSIZE(TSIZE_4K),
		.mas2 = va,
		.mas3 = (uint32_t)gpa | PERM_SUP,
	};
	struct iso_fault f;
	uint32_t val;
	int n, esc;

	guest_tlb_write(&e);
	printf("iso: 1 tlbwe TLB0 va 0x%08lx -> gpa 0x%09llx 4 KiB\n", (unsigned long)va,
	       (unsigned long long)gpa);
	iso_arm(0);
	val = iso_ld32(va + 0x10);
	n = iso_disarm(&f);
	esc = expect_mcheck("load", gpa + 0x10, n, &f, 1, val);
	e.mas1 = 0;
	guest_tlb_write(&e);
	return esc;
}

/*
 * A 256 MiB page whose first 64 MiB are the partition's: the shadow TLB
 * must not map the rest with it. Touch the own part first, so that a
 * too-large host page would be in place when the far part is tried.
 */
static int probe_straddle(void)
{
	static const uint32_t far[] = { 0x04000000u, 0x0c000000u, 0x0ffffff0u };
	struct iso_fault f;
	uint32_t v0, v1, own0 = iso_ld32(0), val, i;
	int n, esc = 0;

	iso_map(ESEL_PROBE, PROBE_VA, 0, TSIZE_256M, 0, PERM_SUP);
	printf("iso: 1 tlbwe TLB1[%d] va 0x%08lx -> gpa 0x000000000 256 MiB (its 64 MiB + 192 MiB)\n",
	       ESEL_PROBE, (unsigned long)PROBE_VA);
	iso_arm(0);
	v0 = iso_ld32(PROBE_VA);
	v1 = iso_ld32(PROBE_VA + OWN_RAM - 4);
	n = iso_disarm(&f);
	iso_report(!n && v0 == own0 ? ISO_OK : ISO_UNEXPECTED,
		   "1 load gpa 0 and 0x3fffffc through it: %s, 0x%08lx (own 0x%08lx), 0x%08lx",
		   iso_fault_str(&f, n), (unsigned long)v0, (unsigned long)own0, (unsigned long)v1);
	for (i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		iso_arm(0);
		val = iso_ld32(PROBE_VA + far[i]);
		n = iso_disarm(&f);
		esc += expect_mcheck("load", far[i], n, &f, 1, val);
		iso_arm(0);
		iso_st32(PROBE_VA + far[i] + 8, MARK);
		n = iso_disarm(&f);
		esc += expect_mcheck("store", far[i] + 8, n, &f, 0, 0);
	}
	/* Misaligned, half its own last word and half the next page. */
	iso_arm(0);
	val = iso_ld32(PROBE_VA + OWN_RAM - 2);
	n = iso_disarm(&f);
	esc += !n;
	iso_report(!n ? ISO_ESCAPED : f.ivor == IVOR_MCHECK ? ISO_OK : ISO_UNEXPECTED,
		   "1 misaligned load gpa 0x03fffffe..0x04000001: %s%s", iso_fault_str(&f, n),
		   n ? "" : " (read across)");
	iso_arm(0);
	iso_st32(PROBE_VA + OWN_RAM - 2, MARK);
	n = iso_disarm(&f);
	esc += !n;
	iso_report(!n ? ISO_ESCAPED : f.ivor == IVOR_MCHECK ? ISO_OK : ISO_UNEXPECTED,
		   "1 misaligned store gpa 0x03fffffe..0x04000001: %s%s", iso_fault_str(&f, n),
		   n ? "" : " (wrote across)");
	iso_unmap(ESEL_PROBE);
	return esc;
}

/* The neighbour's pattern must not show up in the partition's own RAM. */
static int scan_own_ram(void)
{
	uint32_t lo = ((uint32_t)_end + 0xfff) & ~0xfffu, a, hits = 0;

	for (a = lo; a < SCAN_END; a += 16)
		if (*(volatile uint32_t *)a == NB_MAGIC0 && *(volatile uint32_t *)(a + 4) == NB_MAGIC1)
			hits++;
	iso_report(hits ? ISO_ESCAPED : ISO_OK,
		   "1 scan of its own RAM 0x%08lx-0x%08lx for the neighbour's pattern: %lu lines",
		   (unsigned long)lo, (unsigned long)SCAN_END, (unsigned long)hits);
	return hits != 0;
}

int iso_attempt_map(void)
{
	unsigned int i;
	int esc = 0;

	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		esc += probe_target(&targets[i]);
	iso_unmap(ESEL_PROBE);
	esc += probe_tlb0();
	esc += probe_straddle();
	esc += scan_own_ram();
	return esc;
}

/* Write @mark at guest-physical @gpa through an alias, read it back both
 * ways, put the old word back. */
static void write_own(uint32_t gpa, const char *what)
{
	uint32_t alias = PROBE_VA + gpa, old = iso_ld32(gpa), back, via0;
	struct iso_fault f;
	int n;

	iso_arm(0);
	iso_st32(alias, MARK);
	back = iso_ld32(alias);
	via0 = iso_ld32(gpa);
	iso_st32(alias, old);
	n = iso_disarm(&f);
	iso_sync_icache(gpa, 4);
	if (n || back != MARK || via0 != MARK)
		printf("iso: 2 gpa 0x%08lx: %s, reads 0x%08lx at va 0x%08lx, 0x%08lx at va 0x%08lx\n",
		       (unsigned long)gpa, iso_fault_str(&f, n), (unsigned long)back,
		       (unsigned long)alias, (unsigned long)via0, (unsigned long)gpa);
	iso_report(!n && back == MARK && via0 == MARK && iso_ld32(gpa) == old ?
		   ISO_OK : ISO_UNEXPECTED,
		   "2 gpa 0x%08lx (%s): stored 0x%08lx, read back at va 0x%08lx and 0x%08lx",
		   (unsigned long)gpa, what, (unsigned long)MARK, (unsigned long)alias,
		   (unsigned long)gpa);
}

/*
 * Exits with the guest's r1 pointing at the hypervisor's memory on the
 * host: the hypervisor must not stack on it. With @sc the guest's own
 * vector stacks below r1, so only addresses of its own free RAM then.
 */
static void bad_r1(uint32_t r1, int sc)
{
	const uint32_t fresh = 0x5e000000u;
	struct iso_fault f;
	int n;

	iso_map(ESEL_PROBE, fresh, 0x03300000u, TSIZE_4K, 0, MAS3_SR | MAS3_SW);
	iso_arm(0);
	iso_bad_r1(r1, GUEST_CCSR_VA + 0x4505, fresh, sc);
	n = iso_disarm(&f);
	iso_report(n == sc && (!sc || f.ivor == IVOR_SYSCALL) ? ISO_OK : ISO_UNEXPECTED,
		   "2 r1 = 0x%08lx over emulation, MMIO, refill%s: %s", (unsigned long)r1,
		   sc ? ", sc" : "", sc ? (n == 1 && f.ivor == IVOR_SYSCALL ? "its own sc" :
					  iso_fault_str(&f, n)) : iso_fault_str(&f, n));
	iso_unmap(ESEL_PROBE);
}

int iso_attempt_hvmem(void)
{
	static const uint32_t own_free[] = { 0x00100000u, 0x00200000u, 0x02000000u, 0x03f00000u };
	static const uint32_t others[] = { 0x00001000u, 0x00008000u, 0x00040000u, 0x04000000u,
					   0x7ffffff0u, 0xfffffff0u };
	unsigned int i;
	uint32_t w0 = iso_ld32(0);

	iso_report(w0 == 0x7c7f1b78u ? ISO_OK : ISO_UNEXPECTED,
		   "2 word at guest-physical 0 is 0x%08lx (its own _start: mr r31,r3)",
		   (unsigned long)w0);
	iso_map(ESEL_PROBE, PROBE_VA, 0, TSIZE_64K, 0, PERM_SUP);
	write_own(0x000, "hv entry on the host");
	write_own(0x410, "hv syscall vector");
	write_own(0xffc, "end of hv page 0");
	iso_unmap(ESEL_PROBE);
	for (i = 0; i < sizeof(own_free) / sizeof(own_free[0]); i++)
		bad_r1(own_free[i], 1);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		bad_r1(others[i], 0);
	return 0;
}
