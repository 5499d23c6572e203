/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance: the MPIC at CCSR + 0x40000 driven the way Linux and U-Boot
 * drive it. Identification (BRR1, FRR), reset and mixed mode, spurious
 * vector, an IPI to self taken as an external interrupt with IACK/EOI, a
 * second IACK giving the spurious vector, two IPIs delivered by priority,
 * global timer 0 firing once, source masking, the current task priority
 * holding an interrupt back, an MSI, also routed to the critical input,
 * and an IPI held by MSR[EE]=0 taken by each instruction that sets EE.
 *
 * Every interrupt is logged by the hook (vector from IACK) and printed
 * afterwards from main, one line per event. Nothing timing-dependent is
 * printed.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

#define IVOR_CRIT 0
#define IVOR_EXT  4

#define MPIC ((volatile uint8_t *)(GUEST_CCSR_VA + 0x40000))
#define BRR1        0x00000
#define FRR         0x01000
#define GCR         0x01020
#define VIR         0x01080
#define IPI_IVPR(n) (0x010a0 + 0x10 * (n))
#define SPVR        0x010e0
#define TFRR        0x010f0
#define GTCCR(n)    (0x01100 + 0x40 * (n))
#define GTBCR(n)    (0x01110 + 0x40 * (n))
#define GTVPR(n)    (0x01120 + 0x40 * (n))
#define GTDR(n)     (0x01130 + 0x40 * (n))
#define MSIR(n)     (0x01600 + 0x10 * (n))
#define MSIIR       0x01740
#define SRC_IVPR(n) (0x10000 + 0x20 * (n))
#define SRC_IDR(n)  (0x10010 + 0x20 * (n))
#define SRC_ILR(n)  (0x10018 + 0x20 * (n))
#define CPU0        0x20000 /* CPU 0's private registers */
#define IPIDR(n)    (CPU0 + 0x40 + 0x10 * (n))
#define CTPR        (CPU0 + 0x80)
#define WHOAMI      (CPU0 + 0x90)
#define IACK        (CPU0 + 0xa0)
#define EOI         (CPU0 + 0xb0)

#define GCR_RESET   0x80000000u
#define GCR_MIXED   0x20000000u
#define IVPR_MSK    0x80000000u
#define IVPR_ACT    0x40000000u
#define IVPR_PRI(p) ((uint32_t)(p) << 16)
#define GTBCR_CI    0x80000000u
#define GTCCR_TOG   0x80000000u
#define ILR_INT     0
#define ILR_CINT    1

#define VEC_SPURIOUS 0xff
#define VEC_IPI0     0x40
#define VEC_IPI1     0x41
#define VEC_TIMER0   0x50
#define VEC_MSI0     0x60
#define PRI_IPI0     5
#define PRI_IPI1     8
#define PRI_TIMER0   6
#define PRI_MSI0     7
#define MSI_SRC      224    /* first shared MSI source (MSIR 0) */
#define TIMER_COUNT  250000u /* MPIC timers run at 25 MHz in QEMU: 10 ms */

#define TB_MS     400000u
#define TIMEOUT   (400u * TB_MS)

static inline uint32_t rd(uint32_t off) { return in_be32(MPIC + off); }
static inline void wr(uint32_t off, uint32_t v) { out_be32(MPIC + off, v); }

/* Interrupt log: what each interrupt's handler saw, in order. */
#define LOG_MAX 16
static volatile struct event {
	int ivor;
	uint32_t vector, iack2, msir;
} events[LOG_MAX];
static volatile int nevents;
static volatile int iack_twice; /* hook: read IACK again after the EOI */
static volatile uint32_t ext_srr0; /* hook: where the last external hit */
static int failed;

void guest_exception(int ivor, struct gframe *f)
{
	struct event e = { .ivor = ivor };

	if (ivor == IVOR_EXT) {
		ext_srr0 = f->srr0;
		e.vector = rd(IACK);
		if (e.vector == VEC_TIMER0)
			wr(GTBCR(0), GTBCR_CI | TIMER_COUNT); /* once is enough */
		if (e.vector == VEC_MSI0)
			e.msir = rd(MSIR(0)); /* clears it, drops the source */
		if (e.vector != VEC_SPURIOUS)
			wr(EOI, 0);
		if (iack_twice)
			e.iack2 = rd(IACK);
	} else if (ivor == IVOR_CRIT) {
		/* Critical outputs bypass IACK/EOI: the MSIR read ends it. */
		e.msir = rd(MSIR(0));
	} else {
		guest_unexpected("conf_mpic", ivor, f);
	}
	if (nevents < LOG_MAX)
		events[nevents] = e;
	nevents++;
}

static void result(const char *what, int ok)
{
	if (ok) {
		printf("conf_mpic: %s: ok\n", what);
	} else {
		failed++;
		printf("conf_mpic: %s: FAIL\n", what);
	}
}

static void delay(uint32_t ticks)
{
	uint64_t end = guest_timebase() + ticks;

	while (guest_timebase() < end)
		;
}

/* Wait (interrupts on) for the log to hold @n events; 1 if it does. */
static int wait_events(int n)
{
	uint64_t end = guest_timebase() + TIMEOUT;

	while (nevents < n)
		if (guest_timebase() > end)
			return 0;
	return 1;
}

/* Print the logged events and empty the log. */
static void flush(const char *what)
{
	int i;

	for (i = 0; i < nevents && i < LOG_MAX; i++) {
		const volatile struct event *e = &events[i];

		if (e->ivor == IVOR_CRIT) {
			printf("conf_mpic: %s: critical interrupt, msir0 0x%08lx\n",
			       what, (unsigned long)e->msir);
			continue;
		}
		printf("conf_mpic: %s: external interrupt, iack 0x%02lx", what,
		       (unsigned long)e->vector);
		if (e->vector == VEC_MSI0)
			printf(", msir0 0x%08lx", (unsigned long)e->msir);
		if (iack_twice)
			printf(", then iack 0x%02lx", (unsigned long)e->iack2);
		printf("\n");
	}
	if (nevents > LOG_MAX)
		printf("conf_mpic: %s: %d more\n", what, nevents - LOG_MAX);
	nevents = 0;
}

static void test_identify(void)
{
	uint32_t frr = rd(FRR);
	uint64_t end;

	printf("conf_mpic: brr1 0x%08lx\n", (unsigned long)rd(BRR1));
	printf("conf_mpic: frr: %lu sources, %lu cpus, version %lu\n",
	       (unsigned long)((frr >> 16) & 0x7ff) + 1,
	       (unsigned long)((frr >> 8) & 0x1f) + 1, (unsigned long)(frr & 0xff));
	printf("conf_mpic: vir 0x%08lx whoami %lu\n", (unsigned long)rd(VIR),
	       (unsigned long)rd(WHOAMI));

	wr(GCR, GCR_RESET);
	end = guest_timebase() + TIMEOUT;
	while ((rd(GCR) & GCR_RESET) && guest_timebase() < end)
		;
	result("gcr reset completes", !(rd(GCR) & GCR_RESET));
	printf("conf_mpic: after reset: ctpr %lu spvr 0x%02lx ipi0 ivpr 0x%08lx "
	       "gtbcr0 0x%08lx\n", (unsigned long)rd(CTPR), (unsigned long)rd(SPVR),
	       (unsigned long)rd(IPI_IVPR(0)), (unsigned long)rd(GTBCR(0)));
	wr(GCR, GCR_MIXED);
	printf("conf_mpic: gcr 0x%08lx\n", (unsigned long)rd(GCR));
	wr(SPVR, VEC_SPURIOUS);
	printf("conf_mpic: spvr 0x%02lx\n", (unsigned long)rd(SPVR));
}

static void test_ipi(void)
{
	wr(IPI_IVPR(0), IVPR_PRI(PRI_IPI0) | VEC_IPI0);
	wr(IPI_IVPR(1), IVPR_PRI(PRI_IPI1) | VEC_IPI1);
	printf("conf_mpic: ipi0 ivpr 0x%08lx ipi1 ivpr 0x%08lx\n",
	       (unsigned long)rd(IPI_IVPR(0)), (unsigned long)rd(IPI_IVPR(1)));
	wr(CTPR, 0);
	printf("conf_mpic: ctpr %lu\n", (unsigned long)rd(CTPR));

	irq_enable();
	iack_twice = 1;
	wr(IPIDR(0), 1);
	result("ipi0 to self arrives", wait_events(1));
	irq_disable();
	flush("ipi0");
	iack_twice = 0;
	printf("conf_mpic: ipi0 ivpr after eoi 0x%08lx\n",
	       (unsigned long)rd(IPI_IVPR(0)));

	/* Both pending with EE=0: the higher priority comes first. */
	wr(IPIDR(0), 1);
	wr(IPIDR(1), 1);
	delay(TB_MS);
	result("nothing taken while EE=0", nevents == 0);
	irq_enable();
	result("ipi0 and ipi1 arrive", wait_events(2));
	irq_disable();
	flush("ipi1+ipi0");
}

/*
 * Keep one event of a periodic source: if the host stalls the guest for a
 * period between the timer firing and the hook inhibiting it, a second
 * expiry is already latched, as it would be on hardware.
 */
static void drop_repeats(uint32_t vector)
{
	int i, n = nevents < LOG_MAX ? nevents : LOG_MAX;

	for (i = 1; i < n; i++)
		if (events[i].ivor != IVOR_EXT || events[i].vector != vector)
			return;
	if (n > 1)
		nevents = 1;
}

static void test_timer(void)
{
	uint32_t tccr;

	printf("conf_mpic: tfrr 0x%08lx\n", (unsigned long)rd(TFRR));
	wr(GTVPR(0), IVPR_PRI(PRI_TIMER0) | VEC_TIMER0);
	wr(GTDR(0), 1);
	printf("conf_mpic: timer0 gtvpr 0x%08lx gtdr 0x%08lx\n",
	       (unsigned long)rd(GTVPR(0)), (unsigned long)rd(GTDR(0)));
	irq_enable();
	wr(GTBCR(0), TIMER_COUNT);
	/* Two reads 100 us apart differ, whether or not it fired between. */
	tccr = rd(GTCCR(0)) & ~GTCCR_TOG;
	delay(TB_MS / 10);
	result("timer0 counts", (rd(GTCCR(0)) & ~GTCCR_TOG) != tccr);
	result("timer0 fires", wait_events(1));
	delay(50 * TB_MS); /* the hook stopped it after one */
	irq_disable();
	drop_repeats(VEC_TIMER0);
	flush("timer0");
	result("timer0 inhibited", (rd(GTBCR(0)) & GTBCR_CI) != 0);
}

static void test_mask(void)
{
	wr(IPI_IVPR(0), IVPR_MSK | IVPR_PRI(PRI_IPI0) | VEC_IPI0);
	irq_enable();
	wr(IPIDR(0), 1);
	delay(TB_MS);
	result("masked ipi0 held", nevents == 0);
	printf("conf_mpic: masked ipi0 ivpr 0x%08lx\n", (unsigned long)rd(IPI_IVPR(0)));
	wr(IPI_IVPR(0), IVPR_PRI(PRI_IPI0) | VEC_IPI0);
	result("unmasked ipi0 arrives", wait_events(1));
	irq_disable();
	flush("unmask");
}

static void test_priority(void)
{
	wr(CTPR, PRI_IPI0);
	irq_enable();
	wr(IPIDR(0), 1);
	delay(TB_MS);
	result("ipi0 held by ctpr = its priority", nevents == 0);
	printf("conf_mpic: held ipi0 ivpr 0x%08lx\n", (unsigned long)rd(IPI_IVPR(0)));
	wr(CTPR, PRI_IPI0 - 1);
	result("ipi0 arrives when ctpr drops below", wait_events(1));
	irq_disable();
	flush("ctpr");
	wr(CTPR, 0);
}

/* Shared MSI register 0 (source 224), first normal, then to the critical input. */
static void test_msi(void)
{
	uint32_t msr;

	wr(SRC_IVPR(MSI_SRC), IVPR_PRI(PRI_MSI0) | VEC_MSI0);
	wr(SRC_IDR(MSI_SRC), 1);
	wr(SRC_ILR(MSI_SRC), ILR_INT);
	printf("conf_mpic: msi0 ivpr 0x%08lx idr 0x%08lx ilr 0x%08lx\n",
	       (unsigned long)rd(SRC_IVPR(MSI_SRC)), (unsigned long)rd(SRC_IDR(MSI_SRC)),
	       (unsigned long)rd(SRC_ILR(MSI_SRC)));
	irq_enable();
	wr(MSIIR, 3 << 24); /* register 0, bit 3 */
	result("msi arrives", wait_events(1));
	irq_disable();
	flush("msi");

	wr(SRC_ILR(MSI_SRC), ILR_CINT);
	printf("conf_mpic: msi0 ilr 0x%08lx\n", (unsigned long)rd(SRC_ILR(MSI_SRC)));
	msr = mfmsr();
	mtmsr(msr | MSR_CE);
	wr(MSIIR, 5 << 24);
	result("critical msi arrives", wait_events(1));
	mtmsr(msr);
	flush("msi critical");
	wr(SRC_ILR(MSI_SRC), ILR_INT);
	wr(SRC_IVPR(MSI_SRC), IVPR_MSK | IVPR_PRI(PRI_MSI0) | VEC_MSI0);
}

/*
 * An IPI raised while MSR[EE]=0 is taken by the instruction that sets EE,
 * before the next one: SRR0 is the instruction after wrteei 1, wrtee and
 * mtmsr, and the target of an rfi.
 */
static void test_enable(void)
{
	static const char *const how[] = { "wrteei 1", "wrtee", "mtmsr", "rfi" };
	uint32_t after = 0, tmp;
	unsigned int i;

	wr(IPI_IVPR(0), IVPR_PRI(PRI_IPI0) | VEC_IPI0);
	wr(CTPR, 0);
	for (i = 0; i < 4; i++) {
		ext_srr0 = 0;
		wr(IPIDR(0), 1);
		delay(TB_MS);
		result("enable: held while EE=0", nevents == 0);
		switch (i) {
		case 0:
			__asm__ volatile("wrteei 1\n1: wrteei 0\n"
					 "lis %0, 1b@ha\naddi %0, %0, 1b@l"
					 : "=&b"(after) : : "memory");
			break;
		case 1:
			__asm__ volatile("mfmsr %1\nori %1, %1, 0x8000\nwrtee %1\n1: wrteei 0\n"
					 "lis %0, 1b@ha\naddi %0, %0, 1b@l"
					 : "=&b"(after), "=&r"(tmp) : : "memory");
			break;
		case 2:
			__asm__ volatile("mfmsr %1\nori %1, %1, 0x8000\nmtmsr %1\n1: wrteei 0\n"
					 "lis %0, 1b@ha\naddi %0, %0, 1b@l"
					 : "=&b"(after), "=&r"(tmp) : : "memory");
			break;
		default:
			__asm__ volatile("lis %0, 1f@ha\naddi %0, %0, 1f@l\nmtsrr0 %0\n"
					 "mfmsr %1\nori %1, %1, 0x8000\nmtsrr1 %1\nrfi\n"
					 "1: wrteei 0"
					 : "=&b"(after), "=&r"(tmp) : : "memory");
		}
		printf("conf_mpic: enable by %s: %d interrupt(s), %s\n", how[i], nevents,
		       ext_srr0 == after ? "SRR0 the next instruction" : "SRR0 elsewhere");
		result("enable: taken at once", nevents == 1 && ext_srr0 == after);
		flush(how[i]);
	}
	wr(CTPR, 15);
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_mpic: on %s\n", guest_cpu_name());
	test_identify();
	test_ipi();
	test_timer();
	test_mask();
	test_priority();
	test_msi();
	test_enable();
	printf("conf_mpic: done, %d failed\n", failed);
	return failed;
}
