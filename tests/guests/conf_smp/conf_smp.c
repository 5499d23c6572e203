/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance: secondary CPU start through the ePAPR spin table. CPU 0
 * finds CPU 1's cpu-release-addr in the device tree, maps the spin table,
 * prints CPU 1's entry, and releases it (r3, then the address high word,
 * then the low word: 32-bit stores only). CPU 1 prints its r3, PIR, MSR
 * and boot mapping, then sets a flag; CPU 0 sleeps on a 1 ms decrementer
 * until it sees the flag, so the two never print at once. Then the
 * broadcast tlbivax: CPU 1 writes a TLB0 entry and reads through it, CPU 0
 * invalidates its address with tlbivax and tlbsync, and CPU 1 searches
 * for it again (QEMU 7.2 drops it only from the issuing CPU's TLB).
 * Last, the MPIC's global timer 0, started by CPU 0, is stopped and
 * restarted with a new base count by CPU 1; CPU 0 then reads its current
 * count, which must have restarted from the new base (in a partition the
 * timer lives on CPU 0's timer service: CPU 1's write is a request there).
 *
 * Needs two CPUs: natively -smp 2, in a partition two vCPUs. QEMU runs
 * the vCPUs of a 32-bit target round-robin on one host thread, so a
 * waiting CPU idles (wait, or MSR[WE] with HID0[DOZE] on e500v2) rather
 * than spinning.
 */
#include <stdint.h>
#include <stdio.h>
#include <libfdt.h>
#include "guest.h"
#include "mpic.h"

#define IVOR_DEC    10
#define TB_MS       400000u
#define TIMEOUT     (5000u * TB_MS)
#define SPIN_ESEL   2
#define SPIN_VA     0x30000000u
#define CPU1_R3     0x1234abcdu
#define FLAG_UP     0x600d0001u
#define FLAG_MAPPED 0x600d0002u
#define FLAG_DONE   0x600d0003u
#define BCAST_VA    0x50000000u  /* CPU 1's TLB0 entry for the tlbivax test */
#define BCAST_PA    0x00100000u  /* inside the program's RAM */
#define FLAG_TIMER  0x600d0004u
#define GTCCR0      0x01100
#define GTBCR0      0x01110
#define GTVPR0      0x01120
#define GT_CI       0x80000000u
#define GT_BASE0    0x00100000u  /* MPIC ticks (25 MHz): 42 ms */
#define GT_BASE1    0x00200000u  /* 84 ms */
#define GT_10MS     250000u

/* Spin table entry (ePAPR): 32-bit words. */
#define SPIN_ADDR_HI 0
#define SPIN_ADDR_LO 1
#define SPIN_R3_HI   2
#define SPIN_R3_LO   3
#define SPIN_PIR     5

#define HID0_DOZE_BIT 0x00800000u

extern char secondary_entry[];
volatile uint32_t cpu1_fault;     /* set by entry.S on a CPU 1 exception */
static volatile uint32_t cpu1_flag, cpu1_go, cpu1_go_timer;
static int failed;

static int has_wait(void)
{
	uint32_t v = mfspr(SPRN_PVR) >> 16;

	return v != 0x8020 && v != 0x8021; /* e500v1/v2 have no wait */
}

/* Idle until an interrupt (forever with MSR[EE] = 0). */
static void idle(void)
{
	if (has_wait()) {
		/* wait (X-form, XO 62); binutils may pick another encoding */
		__asm__ volatile(".long 0x7c00007c" ::: "memory");
	} else {
		mtspr(SPRN_HID0, mfspr(SPRN_HID0) | HID0_DOZE_BIT);
		mtmsr(mfmsr() | MSR_WE);
	}
}

/* CPU 0's decrementer tick: wakes idle(); never let rfi doze again. */
void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == IVOR_DEC) {
		mtspr(SPRN_TSR, TSR_DIS);
		f->srr1 &= ~MSR_WE;
		return;
	}
	guest_unexpected("conf_smp", ivor, f);
}

/* CPU 1: a TLB0 entry, used once, then searched for after CPU 0's tlbivax.
 * CPU 1 spins here (briefly: CPU 0 answers at its next tick). */
static void cpu1_tlbivax(void)
{
	struct guest_tlb e = {
		.mas0 = MAS0_ESEL(0), /* TLB0 */
		.mas1 = MAS1_VALID | MAS1_TSIZE(1),
		.mas2 = BCAST_VA,
		.mas3 = BCAST_PA | MAS3_SR,
	};
	uint64_t end;
	uint32_t word;
	int found;

	guest_tlb_write(&e);
	word = *(volatile uint32_t *)BCAST_VA; /* a shadow entry now */
	(void)word;
	__asm__ volatile("sync" ::: "memory");
	cpu1_flag = FLAG_MAPPED;
	__asm__ volatile("sync" ::: "memory");
	for (end = guest_timebase() + TIMEOUT; !cpu1_go && guest_timebase() < end;)
		;
	found = guest_tlb_search(BCAST_VA, 0, &e);
	guest_uart_puts(cpu1_go ? "conf_smp: cpu1: its TLB0 entry after cpu0's tlbivax: " :
			"conf_smp: cpu1: cpu0 never did its tlbivax: ");
	guest_uart_puts(found ? "still there\n" : "gone\n");
	__asm__ volatile("sync" ::: "memory");
	cpu1_flag = FLAG_DONE;
	__asm__ volatile("sync" ::: "memory");
}

/* CPU 1, from entry.S: report, raise the flag, then idle for good. */
void cpu1_main(uint32_t r3)
{
	struct guest_tlb e;
	uint64_t end;

	guest_uart_puts("conf_smp: cpu1: up, r3 ");
	guest_uart_hex(r3);
	guest_uart_puts(", PIR ");
	guest_uart_dec((int)mfspr(SPRN_PIR));
	guest_uart_puts(", MSR ");
	guest_uart_hex(mfmsr());
	guest_uart_puts("\n");
	guest_tlb1_read(1, &e);
	guest_uart_puts("conf_smp: cpu1: tlb1[1] mas1 ");
	guest_uart_hex(e.mas1);
	guest_uart_puts(" mas2 ");
	guest_uart_hex(e.mas2);
	guest_uart_puts(" mas3 ");
	guest_uart_hex(e.mas3);
	guest_uart_puts(" mas7 ");
	guest_uart_hex(e.mas7);
	guest_uart_puts("\n");
	__asm__ volatile("sync" ::: "memory");
	cpu1_flag = FLAG_UP;
	__asm__ volatile("sync" ::: "memory");
	cpu1_tlbivax();
	/* Restart CPU 0's global timer with a new base: stop, then count. */
	for (end = guest_timebase() + TIMEOUT; !cpu1_go_timer && guest_timebase() < end;)
		;
	if (cpu1_go_timer) {
		wr(GTBCR0, GT_CI | GT_BASE1);
		wr(GTBCR0, GT_BASE1);
		__asm__ volatile("sync" ::: "memory");
		cpu1_flag = FLAG_TIMER;
		__asm__ volatile("sync" ::: "memory");
	}
	for (;;)
		idle();
}

/* The 64-bit cpu-release-addr of the /cpus node with reg = @cpu; 0 if none. */
static uint64_t release_addr(const void *fdt, uint32_t cpu, const char **method)
{
	const fdt32_t *reg, *rel;
	int cpus, node, len;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus) {
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len < 4 || fdt32_to_cpu(reg[0]) != cpu)
			continue;
		*method = fdt_getprop(fdt, node, "enable-method", NULL);
		rel = fdt_getprop(fdt, node, "cpu-release-addr", &len);
		if (!rel || len != 8)
			return 0;
		return ((uint64_t)fdt32_to_cpu(rel[0]) << 32) | fdt32_to_cpu(rel[1]);
	}
	return 0;
}

static void result(const char *what, int ok)
{
	if (ok) {
		printf("conf_smp: %s: ok\n", what);
	} else {
		failed++;
		printf("conf_smp: %s: FAIL\n", what);
	}
}

/* Sleep on 1 ms decrementer ticks until CPU 1's flag says @flag. */
static int wait_cpu1(uint32_t flag)
{
	uint64_t end = guest_timebase() + TIMEOUT;

	mtspr(SPRN_DECAR, TB_MS);
	mtspr(SPRN_DEC, TB_MS);
	mtspr(SPRN_TSR, TSR_DIS);
	mtspr(SPRN_TCR, TCR_DIE | TCR_ARE);
	irq_enable();
	do /* at least one tick, so the idle path always runs */
		idle();
	while (cpu1_flag != flag && !cpu1_fault && guest_timebase() < end);
	irq_disable();
	mtspr(SPRN_TCR, 0);
	mtspr(SPRN_TSR, TSR_DIS);
	return cpu1_flag == flag;
}

int main(void *fdt)
{
	const char *method = NULL;
	volatile uint32_t *spin;
	uint64_t rel, end;

	printf("conf_smp: on %s\n", guest_cpu_name());
	printf("conf_smp: cpu0: PIR %lu\n", (unsigned long)mfspr(SPRN_PIR));
	rel = release_addr(fdt, 1, &method);
	if (!rel) {
		printf("conf_smp: no cpu 1 with a cpu-release-addr (needs 2 CPUs)\n");
		printf("conf_smp: done, 1 failed\n");
		return 1;
	}
	printf("conf_smp: cpu1: enable-method %s\n", method ? method : "(none)");

	guest_tlb1_map(SPIN_ESEL, SPIN_VA, rel & ~0xfffull, 2, MAS2_I | MAS2_G,
		       MAS3_SR | MAS3_SW);
	spin = (volatile uint32_t *)(SPIN_VA + ((uint32_t)rel & 0xfff));
	printf("conf_smp: cpu1: spin entry addr 0x%08lx_%08lx pir %lu\n",
	       (unsigned long)spin[SPIN_ADDR_HI], (unsigned long)spin[SPIN_ADDR_LO],
	       (unsigned long)spin[SPIN_PIR]);

	printf("conf_smp: cpu0: releasing cpu1\n");
	spin[SPIN_R3_HI] = 0;
	spin[SPIN_R3_LO] = CPU1_R3;
	__asm__ volatile("mbar" ::: "memory");
	spin[SPIN_ADDR_HI] = 0;
	__asm__ volatile("mbar" ::: "memory");
	spin[SPIN_ADDR_LO] = (uint32_t)secondary_entry;
	__asm__ volatile("mbar" ::: "memory");

	result("cpu1 raised its flag", wait_cpu1(FLAG_MAPPED));
	if (cpu1_fault)
		printf("conf_smp: cpu1: exception at 0x%08lx\n",
		       (unsigned long)(cpu1_fault & ~1u));
	else if (cpu1_flag == FLAG_MAPPED)
		printf("conf_smp: cpu0: saw cpu1\n");
	if (cpu1_flag == FLAG_MAPPED) {
		/* Broadcast invalidation of CPU 1's entry (TLB0: EA bit 0x8 clear). */
		__asm__ volatile("tlbivax 0,%0; tlbsync; msync" : : "r"(BCAST_VA) : "memory");
		cpu1_go = 1;
		__asm__ volatile("sync" ::: "memory");
		result("cpu1 searched after the tlbivax", wait_cpu1(FLAG_DONE));
	}
	if (cpu1_flag == FLAG_DONE) {
		uint32_t count;

		wr(GTVPR0, IVPR_MSK | IVPR_PRI(1) | 0x40); /* counts, never interrupts */
		wr(GTBCR0, GT_BASE0);
		for (end = guest_timebase() + 20 * TB_MS; guest_timebase() < end;)
			;
		cpu1_go_timer = 1;
		__asm__ volatile("sync" ::: "memory");
		result("cpu1 restarted the mpic timer", wait_cpu1(FLAG_TIMER));
		count = rd(GTCCR0) & ~GT_CI;
		/* Restarted at cpu1's write, a few ms ago: near the new base. Not
		 * restarted, it would be 20 ms further on. */
		result("mpic timer counts from cpu1's base",
		       count > GT_BASE1 - GT_10MS && count <= GT_BASE1);
		wr(GTBCR0, GT_CI);
	}
	printf("conf_smp: done, %d failed\n", failed);
	return failed;
}
