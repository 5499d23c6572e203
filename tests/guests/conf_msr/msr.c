/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_msr: MSR and control-flow conformance. mfmsr/mtmsr of each MSR bit a
 * guest may flip, wrtee/wrteei, rfi/rfci/rfmci(/rfdi) to a label, user mode
 * entered by rfi and by mtmsr and left by sc, AS1 (IS/DS) with a TS=1
 * mapping, and privileged instructions from user mode (Program interrupt,
 * ESR[PPR]). One line per check; values in hex, addresses as offsets.
 * Run natively and in a partition, the output must be the same (see
 * tests/conformance/).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

#define IVOR_PROGRAM 6
#define IVOR_SYSCALL 8
#define MSR_RSVD (0x40000000u | 0x00000001u)
#define AS1_ESEL 8

/* msr_asm.S */
uint32_t rfx_rfi(uint32_t srr1, uint32_t low);
uint32_t rfx_rfci(uint32_t srr1, uint32_t low);
uint32_t rfx_rfmci(uint32_t srr1, uint32_t low);
uint32_t rfx_rfdi(uint32_t srr1, uint32_t low);
void user_call(void (*fn)(void));
void user_priv(void);
void user_sc(void);
extern const char user_priv_end[], mtmsr_user_mfmsr[];
uint32_t mtmsr_user(void);

struct ev {
	int ivor;
	uint32_t srr0, srr1, esr, msr;
};
#define MAX_EV 24
static struct ev evs[MAX_EV];
static int nev, failed;

/*
 * A system call from user mode returns to supervisor mode (SRR1[PR]
 * cleared); a Program interrupt is stepped over. Each one is logged with
 * the MSR the handler runs with.
 */
void guest_exception(int ivor, struct gframe *f)
{
	if (nev < MAX_EV)
		evs[nev] = (struct ev){ ivor, f->srr0, f->srr1, f->esr, mfmsr() };
	nev++;
	if (ivor == IVOR_SYSCALL) {
		f->srr1 &= ~MSR_PR;
	} else if (ivor == IVOR_PROGRAM) {
		f->srr0 += 4;
	} else {
		guest_unexpected("conf_msr", ivor, f);
	}
}

static void result(int ok, const char *what, uint32_t val)
{
	printf("conf_msr: %s: 0x%08lx%s\n", what, (unsigned long)val, ok ? "" : " FAIL");
	failed += !ok;
}

/* The logged exceptions, addresses relative to @base. */
static void show_events(const char *what, uint32_t base)
{
	int i;

	printf("conf_msr: %s: %d exception(s)\n", what, nev);
	for (i = 0; i < nev && i < MAX_EV; i++)
		printf("conf_msr: %s: ivor %d at %+ld srr1 0x%08lx esr 0x%08lx handler msr 0x%08lx\n",
		       what, evs[i].ivor, (long)(evs[i].srr0 - base),
		       (unsigned long)evs[i].srr1, (unsigned long)evs[i].esr,
		       (unsigned long)evs[i].msr);
	nev = 0;
}

static void test_bits(void)
{
	static const struct { const char *name; uint32_t bit; } bits[] = {
		{ "EE", MSR_EE }, { "CE", MSR_CE }, { "DE", MSR_DE }, { "FP", MSR_FP },
		{ "FE0", MSR_FE0 }, { "FE1", MSR_FE1 }, { "SPE", MSR_SPE },
		{ "UCLE", MSR_UCLE }, { "PMM", MSR_PMM }, { "reserved", MSR_RSVD },
	};
	uint32_t m0 = mfmsr(), m;
	char what[48];
	unsigned int i;

	result(m0 == MSR_ME, "msr at entry", m0);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		mtmsr(m0 | bits[i].bit);
		m = mfmsr();
		mtmsr(m0);
		snprintf(what, sizeof(what), "mtmsr +%s", bits[i].name);
		result(mfmsr() == m0, what, m);
	}
	mtmsr(m0 & ~MSR_ME);
	m = mfmsr();
	result(1, "mtmsr -ME", m);
	mtmsr(m0);
	m = mfmsr();
	result(1, "mtmsr +ME after -ME", m);
	m = rfx_rfi(m0, 0); /* QEMU's mtmsr cannot set ME: rfi can */
	result(m == m0, "rfi restores ME", m);
}

static void test_wrtee(void)
{
	uint32_t m0 = mfmsr(), m;

	__asm__ volatile("wrteei 1" ::: "memory");
	m = mfmsr();
	result(m == (m0 | MSR_EE), "wrteei 1", m);
	__asm__ volatile("wrteei 0" ::: "memory");
	m = mfmsr();
	result(m == m0, "wrteei 0", m);
	__asm__ volatile("wrtee %0" : : "r"(0xffffffffu) : "memory");
	m = mfmsr();
	result(m == (m0 | MSR_EE), "wrtee ~0", m);
	__asm__ volatile("wrtee %0" : : "r"(~MSR_EE) : "memory");
	m = mfmsr();
	result(m == m0, "wrtee ~EE", m);
	{
		/* local_irq_save's pair (a partition takes both in one exit),
		 * then the instruction after it runs exactly once. */
		uint32_t saved, after, once = 0;

		__asm__ volatile("wrteei 1\n\tmfmsr %0\n\twrteei 0\n\taddi %2,%2,1\n\tmfmsr %1"
				 : "=&r"(saved), "=&r"(after), "+&b"(once) : : "memory");
		result(saved == (m0 | MSR_EE) && once == 1, "mfmsr; wrteei 0: saved", saved);
		result(after == m0, "mfmsr; wrteei 0: after", after);
	}
}

static void test_rfx(void)
{
	uint32_t m0 = mfmsr(), m;

	m = rfx_rfi(m0 | MSR_EE, 0);
	mtmsr(m0);
	result(m == (m0 | MSR_EE), "rfi srr1 +EE", m);
	m = rfx_rfi(m0 | MSR_CE | MSR_DE, 3);
	mtmsr(m0);
	result(m == (m0 | MSR_CE | MSR_DE), "rfi srr0|3 srr1 +CE+DE", m);
	m = rfx_rfi(m0 & ~MSR_ME, 0);
	result(m == 0, "rfi srr1 -ME", m);
	m = rfx_rfi(m0, 0);
	result(m == m0, "rfi srr1 +ME", m);
	m = rfx_rfci(m0 | MSR_CE, 0);
	mtmsr(m0);
	result(m == (m0 | MSR_CE), "rfci csrr1 +CE", m);
	m = rfx_rfmci(m0 | MSR_DE, 0);
	mtmsr(m0);
	result(1, "rfmci mcsrr1 +DE", m); /* illegal on QEMU's e500v2 */
	m = rfx_rfdi(m0 | MSR_EE, 0);
	mtmsr(m0);
	result(1, "rfdi dsrr1 +EE", m);
	show_events("rfdi", (uint32_t)rfx_rfdi);
}

/* A TS=1 copy of the boot mapping (VA 0 -> PA 0, 64 MiB) for AS1. */
static void as1_map(int valid)
{
	struct guest_tlb e = {
		.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(AS1_ESEL),
		.mas1 = (valid ? MAS1_VALID : 0) | MAS1_TS | MAS1_TSIZE(16),
		.mas2 = 0,
		.mas3 = MAS3_SX | MAS3_SW | MAS3_SR | MAS3_UX | MAS3_UW | MAS3_UR,
		.mas7 = 0,
	};

	guest_tlb_write(&e);
}

static volatile uint32_t as1_word = 0x0a51da7a;

/* No printing while in AS1: the console's mapping is TS=0. */
static void test_as1(void)
{
	static const struct { const char *name; uint32_t bits; } as[] = {
		{ "DS", MSR_DS }, { "IS", MSR_IS }, { "IS+DS", MSR_IS | MSR_DS },
	};
	uint32_t m0 = mfmsr(), m[3], v[3];
	char what[48];
	unsigned int i;

	as1_map(1);
	for (i = 0; i < 3; i++) {
		mtmsr(m0 | as[i].bits);
		v[i] = as1_word;
		m[i] = mfmsr();
		mtmsr(m0);
	}
	as1_map(0);
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "mtmsr +%s", as[i].name);
		result(m[i] == (m0 | as[i].bits), what, m[i]);
		snprintf(what, sizeof(what), "load in AS1 (%s)", as[i].name);
		result(v[i] == 0x0a51da7a, what, v[i]);
	}
}

static void test_user(void)
{
	uint32_t m0 = mfmsr(), m, insn;
	int n;

	nev = 0;
	user_call(user_sc);
	m = mfmsr();
	result(nev == 1 && evs[0].ivor == IVOR_SYSCALL && (evs[0].srr1 & MSR_PR),
	       "rfi to user, sc: srr1", evs[0].srr1);
	result(m == m0, "back from user: msr", m);
	show_events("user sc", (uint32_t)user_sc);

	user_call(user_priv);
	n = (int)((uint32_t)user_priv_end - (uint32_t)user_priv) / 4;
	result(nev == n + 1, "privileged from user: exceptions", (uint32_t)nev);
	for (m = 0; m < (uint32_t)n && m < MAX_EV; m++)
		failed += evs[m].ivor != IVOR_PROGRAM || !(evs[m].esr & ESR_PPR) ||
			  evs[m].srr0 != (uint32_t)user_priv + 4 * m;
	show_events("privileged from user", (uint32_t)user_priv);

	m = mtmsr_user();
	result(m == m0, "mtmsr +PR, sc back: msr", m);
	show_events("mtmsr +PR", (uint32_t)mtmsr_user_mfmsr);

	/* What a base-class interrupt clears: CE and DE are not in the list. */
	mtmsr(m0 | MSR_CE | MSR_DE | MSR_EE);
	__asm__ volatile("lis %0,1f@ha; addi %0,%0,1f@l\n1: sc"
			 : "=&b"(insn) : : "r0", "r3", "r4", "r5", "r6", "r7", "r8",
			 "r9", "r10", "r11", "r12", "cr0", "ctr", "memory");
	m = mfmsr();
	mtmsr(m0);
	result(m == (m0 | MSR_CE | MSR_DE | MSR_EE), "sc with +CE+DE+EE: msr after", m);
	show_events("sc with +CE+DE+EE", insn);
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_msr: on %s\n", guest_cpu_name());
	test_bits();
	test_wrtee();
	test_rfx();
	test_as1();
	test_user();
	printf("conf_msr: done, %d failed\n", failed);
	return failed;
}
