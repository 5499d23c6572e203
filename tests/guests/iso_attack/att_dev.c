/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attempt 4: the neighbour's UART (serial1, CCSR + 0x4600, assigned to the
 * other partition) must answer with a machine check; the MPIC at
 * CCSR + 0x40000 is this partition's virtual one: it reports one CPU,
 * WHOAMI 0 and its own reset state, and masking the console's source 42,
 * raising the task priority of CPU 0, IPIs to every CPU and a global
 * reset change only it (the hypervisor's console input and the
 * neighbour are checked from outside).
 *
 * Attempt 6: the spin table at 0xF_EF00_0000 is this partition's virtual
 * one (every entry spinning, PIR = its index, although the board's CPU 1
 * was released long ago); releasing entries 1..3 starts nothing.
 */
#include <stdio.h>
#include "iso.h"

#define CCSR(off)       (GUEST_CCSR_VA + (off))
#define UART1           CCSR(0x4600)
#define MPIC            CCSR(0x40000)
#define MPIC_FRR        (MPIC + 0x1000)
#define MPIC_GCR        (MPIC + 0x1020)
#define MPIC_VPR(n)     (MPIC + 0x10000 + 0x20 * (n))
#define MPIC_WHOAMI     (MPIC + 0x90)
#define MPIC_IPI0       (MPIC + 0x40)
#define MPIC_EOI        (MPIC + 0xb0)
#define MPIC_CTPR(cpu)  (MPIC + 0x20080 + 0x1000 * (cpu))
#define VPR_MSK         0x80000000u
#define SPIN_VA         0x5f000000u
#define SPIN_GPA        0xfef000000ull

/* A UART1 register access: must be a machine check at its address. */
static int uart1(const char *what, uint32_t off, int store, uint32_t val)
{
	struct iso_fault f;
	uint32_t got = 0;
	int n;

	iso_arm(0);
	if (store)
		iso_st8(UART1 + off, val);
	else
		got = iso_ld8(UART1 + off);
	n = iso_disarm(&f);
	if (!n) {
		iso_report(ISO_ESCAPED, "4 neighbour's serial1 %s (ccsr+0x%04lx): completed%s 0x%02lx",
			   what, (unsigned long)(0x4600 + off), store ? ", wrote" : ", read",
			   (unsigned long)(store ? val : got));
		return 1;
	}
	iso_report(f.ivor == IVOR_MCHECK && f.dear == UART1 + off ? ISO_OK : ISO_UNEXPECTED,
		   "4 neighbour's serial1 %s (ccsr+0x%04lx): %s", what,
		   (unsigned long)(0x4600 + off), iso_fault_str(&f, n));
	return 0;
}

/* A vMPIC register access that must complete (emulated). */
static uint32_t mpic_rw(uint32_t va, int store, uint32_t val, int *bad)
{
	struct iso_fault f;
	uint32_t got = 0;

	iso_arm(0);
	if (store)
		iso_st32(va, val);
	else
		got = iso_ld32(va);
	if (iso_disarm(&f)) {
		printf("iso: 4 mpic 0x%08lx: %s\n", (unsigned long)va, iso_fault_str(&f, 1));
		*bad = 1;
	}
	return got;
}

static int mpic(void)
{
	uint32_t frr, who, vpr, vpr2, gcr;
	int bad = 0, esc = 0;
	struct iso_fault f;
	int n;

	frr = mpic_rw(MPIC_FRR, 0, 0, &bad);
	who = mpic_rw(MPIC_WHOAMI, 0, 0, &bad);
	vpr = mpic_rw(MPIC_VPR(42), 0, 0, &bad);
	iso_report(!bad && ((frr >> 8) & 0x1f) == 0 && who == 0 && (vpr & VPR_MSK) ?
		   ISO_OK : ISO_UNEXPECTED,
		   "4 mpic: FRR 0x%08lx (1 cpu), WHOAMI %lu, VPR 42 0x%08lx (masked, reset): its own vMPIC",
		   (unsigned long)frr, (unsigned long)who, (unsigned long)vpr);
	mpic_rw(MPIC_VPR(42), 1, VPR_MSK | 0x000f0000u | 42, &bad);
	vpr2 = mpic_rw(MPIC_VPR(42), 0, 0, &bad);
	mpic_rw(MPIC_CTPR(0), 1, 15, &bad);
	mpic_rw(MPIC_CTPR(1), 1, 15, &bad);
	mpic_rw(MPIC_IPI0, 1, 0xffffffffu, &bad);
	mpic_rw(MPIC_IPI0 + 0x30, 1, 0xffffffffu, &bad);
	mpic_rw(MPIC_EOI, 1, 0, &bad);
	mpic_rw(MPIC + 0x1600, 1, 0xffffffffu, &bad); /* MSI block */
	iso_report(!bad && vpr2 == (VPR_MSK | 0x000f0000u | 42) ? ISO_OK : ISO_UNEXPECTED,
		   "4 mpic: VPR 42 := 0x%08lx (reads 0x%08lx), CTPR 0/1 := 15, IPIs to all, EOI, MSI: accepted",
		   (unsigned long)(VPR_MSK | 0x000f0000u | 42), (unsigned long)vpr2);
	mpic_rw(MPIC_GCR, 1, 0x80000000u, &bad);
	gcr = mpic_rw(MPIC_GCR, 0, 0, &bad);
	vpr = mpic_rw(MPIC_VPR(42), 0, 0, &bad);
	iso_report(!bad && vpr == VPR_MSK ? ISO_OK : ISO_UNEXPECTED,
		   "4 mpic: GCR := reset: GCR reads 0x%08lx, VPR 42 back to 0x%08lx (its vMPIC reset)",
		   (unsigned long)gcr, (unsigned long)vpr);
	/* Past the MPIC's 256 KiB: nothing of the partition's. */
	iso_arm(0);
	iso_ld32(CCSR(0x80000));
	n = iso_disarm(&f);
	esc += !n;
	iso_report(!n ? ISO_ESCAPED : f.ivor == IVOR_MCHECK ? ISO_OK : ISO_UNEXPECTED,
		   "4 load ccsr+0x80000 (past the MPIC): %s", iso_fault_str(&f, n));
	return esc;
}

/* Core-shared state: doorbells to the other CPUs (e500mc; e500v2 has no
 * msgsnd) and a timebase write must stay inside the partition. */
static void shared_state(void)
{
	static const uint32_t msgs[] = {
		0x00000000u,                 /* doorbell to PIR 0 (the neighbour's CPU) */
		0x04000000u,                 /* broadcast doorbell */
		0x08000000u,                 /* critical doorbell to PIR 0 */
		0x0c000000u,                 /* broadcast critical doorbell */
	};
	int e500v2 = (mfspr(SPRN_PVR) >> 16) == 0x8021, n, prog = 0, none = 0;
	struct iso_fault f;
	uint64_t before, after;
	unsigned int i;

	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		iso_arm(0);
		iso_msgsnd(msgs[i]);
		n = iso_disarm(&f);
		prog += n == 1 && f.ivor == IVOR_PROGRAM;
		none += !n;
	}
	iso_report((e500v2 ? prog : none) == 4 ? ISO_OK : ISO_UNEXPECTED,
		   "4 msgsnd doorbells to PIR 0 and broadcast: %d completed, %d program interrupts (%s)",
		   none, prog, e500v2 ? "e500v2 has none" : "e500mc");
	before = guest_timebase();
	mtspr(SPRN_TBWL, 0);
	mtspr(SPRN_TBWU, 0);
	after = guest_timebase();
	iso_report(after >= before ? ISO_OK : ISO_UNEXPECTED,
		   "4 timebase write TBU:TBL := 0: the timebase went on (%s)",
		   after >= before ? "not reset" : "RESET");
}

int iso_attempt_devices(void)
{
	uint32_t scr;
	int esc = 0;

	esc += uart1("LSR load", 5, 0, 0);
	esc += uart1("SCR store", 7, 1, 0xa5);
	esc += uart1("THR store", 0, 1, 'X');
	esc += uart1("IER store", 1, 1, 0x0f);
	/* Its own console UART is the hypervisor's emulated 16550. */
	iso_st8(CCSR(0x4507), 0x3c);
	scr = iso_ld8(CCSR(0x4507));
	iso_report(scr == 0x3c ? ISO_OK : ISO_UNEXPECTED,
		   "4 own serial0 SCR := 0x3c reads 0x%02lx (its emulated UART)", (unsigned long)scr);
	esc += mpic();
	shared_state();
	return esc;
}

static uint32_t spin_word(unsigned int entry, unsigned int word)
{
	return iso_ld32(SPIN_VA + 0x20 * entry + 4 * word);
}

static void show_entry(unsigned int n, const char *when, enum iso_status st)
{
	iso_report(st, "6 spin entry %u %s: addr 0x%08lx_%08lx r3 0x%08lx pir %lu", n, when,
		   (unsigned long)spin_word(n, 0), (unsigned long)spin_word(n, 1),
		   (unsigned long)spin_word(n, 3), (unsigned long)spin_word(n, 5));
}

int iso_attempt_spin(void)
{
	struct iso_fault f;
	unsigned int i;
	int n;

	iso_map(ESEL_SPIN, SPIN_VA, SPIN_GPA, TSIZE_64K, MAS2_I | MAS2_G, MAS3_SR | MAS3_SW);
	for (i = 0; i < 4; i++)
		show_entry(i, "before", spin_word(i, 1) == 1 && spin_word(i, 5) == i ?
			   ISO_OK : ISO_UNEXPECTED);
	for (i = 1; i < 4; i++) {
		uint32_t pir0;

		iso_st32(SPIN_VA + 0x20 * i + 12, 0x15000000u | i);  /* r3 */
		iso_st32(SPIN_VA + 0x20 * i + 0, 0);                  /* addr high */
		iso_st32(SPIN_VA + 0x20 * i + 4, 0x00001000u);        /* addr low: release */
		iso_delay_ms(20);
		pir0 = mfspr(SPRN_PIR);
		show_entry(i, "released to 0x1000", spin_word(i, 1) == 0x1000 && pir0 == 0 ?
			   ISO_OK : ISO_UNEXPECTED);
	}
	printf("iso: 6 still running as vcpu %lu after releasing entries 1..3\n",
	       (unsigned long)mfspr(SPRN_PIR));
	iso_arm(0);
	iso_ld32(SPIN_VA + 0x1000);
	n = iso_disarm(&f);
	iso_report(!n ? ISO_ESCAPED : f.ivor == IVOR_MCHECK ? ISO_OK : ISO_UNEXPECTED,
		   "6 load gpa 0xfef001000 (past its spin table page): %s", iso_fault_str(&f, n));
	iso_unmap(ESEL_SPIN);
	return !n;
}
