/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Microbenchmarks of the operations a trap-and-emulate hypervisor makes
 * expensive. Natively they are the baseline; inside a partition the same
 * binary measures the hypervisor. Each prints
 *
 *     bench: <name> <ticks> <iterations>
 *
 * with the raw TBL ticks of the timed iterations (run after a warm-up).
 * Under QEMU's `-icount shift=0,sleep=off` the timebase advances 0.4
 * ticks per instruction, so the figures are deterministic and
 * instructions = ticks * 2.5. tools/bench.py subtracts the loop overhead
 * ("empty-loop") and compares native with partition figures.
 *
 * The timed loops and the handlers are assembly (loops.S). Interrupt
 * delivery (decrementer, external) is measured as the round trip of each
 * interrupt minus a "-base" loop that executes the same instructions, the
 * handler's included, without any interrupt being raised.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"
#include "bench_lib.h"

#define N_OP        1000  /* single instructions, system calls */
#define N_IRQ       256   /* interrupts */
#define TLB_PAGES   128   /* per round: one TLB0 set each (128 sets) */
#define TLB_ROUNDS  8
#define REFILL_VA   0x40000000u
#define REFLECT_VA  0x50000000u
#define MAS4_TSIZED_4K 0x00000100u

#define MPIC          (GUEST_CCSR_VA + 0x40000)
#define MPIC_GCR      (MPIC + 0x1020)
#define MPIC_IPIVPR0  (MPIC + 0x10a0)
#define MPIC_CPU0     (MPIC + 0x20000)
#define MPIC_CTPR0    (MPIC_CPU0 + 0x80)
#define GCR_MIXED     0x20000000u
#define VPR_MASK      0x80000000u
#define IPI_PRIO      10
#define IPI_VECTOR    0x42

uint32_t bench_empty(uint32_t n);
uint32_t bench_mfmsr(uint32_t n);
uint32_t bench_mtmsr(uint32_t n);
uint32_t bench_wrteei(uint32_t n);
uint32_t bench_mtsprg0(uint32_t n);
uint32_t bench_mfsprg1(uint32_t n);
uint32_t bench_rfi(uint32_t n);
uint32_t bench_syscall(uint32_t n);
uint32_t bench_touch(uint32_t n, uint32_t va, uint32_t mas3);
uint32_t bench_dec(uint32_t n, uint32_t *count);
uint32_t bench_dec_base(uint32_t n, uint32_t *count);
uint32_t bench_ext(uint32_t n, uint32_t mpic_cpu0, uint32_t *out);
uint32_t bench_ext_base(uint32_t n, uint32_t mpic_cpu0, uint32_t *out);
extern char bench_sc_stub[], bench_dtlb_stub[], bench_dec_stub[], bench_ext_stub[];

/* The pages tlb-refill maps (distinct RAM pages), and tlb-reflect's one. */
static uint8_t pages[TLB_PAGES][4096] __attribute__((aligned(4096)));
static uint8_t reflect_page[4096] __attribute__((aligned(4096)));

/* The only exception the benchmarks take through the runtime: the tw that
 * ends bench_syscall's user-mode loop. Return to supervisor mode after it. */
void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == 6 && (f->esr & ESR_PTR) && (f->srr1 & MSR_PR)) {
		f->srr1 &= ~MSR_PR;
		f->srr0 += 4;
		return;
	}
	guest_uart_puts("bench: FAIL exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at SRR0 ");
	guest_uart_hex(f->srr0);
	guest_uart_puts(" SRR1 ");
	guest_uart_hex(f->srr1);
	guest_uart_puts(" ESR ");
	guest_uart_hex(f->esr);
	guest_uart_puts(" DEAR ");
	guest_uart_hex(f->dear);
	guest_uart_puts("\n");
	guest_exit(100 + ivor);
}

/* Point IVOR @n (4, 8, 10 or 13) at @stub; returns the previous IVOR, or
 * ~0 if @stub lies outside IVPR's 64 KiB or @n is another one (nothing
 * changed). */
static uint32_t set_ivor(int n, const void *stub)
{
	uint32_t off = (uint32_t)stub & 0xffff, old;

	if (((uint32_t)stub ^ mfspr(SPRN_IVPR)) & 0xffff0000) {
		fail("handler within IVPR's 64 KiB", (uint32_t)stub, mfspr(SPRN_IVPR));
		return ~0u;
	}
	switch (n) {
	case 4: old = mfspr(SPRN_IVOR0 + 4); mtspr(SPRN_IVOR0 + 4, off); break;
	case 8: old = mfspr(SPRN_IVOR0 + 8); mtspr(SPRN_IVOR0 + 8, off); break;
	case 10: old = mfspr(SPRN_IVOR0 + 10); mtspr(SPRN_IVOR0 + 10, off); break;
	case 13: old = mfspr(SPRN_IVOR0 + 13); mtspr(SPRN_IVOR0 + 13, off); break;
	default: return ~0u;
	}
	isync();
	return old;
}

static void restore_ivor(int n, uint32_t old)
{
	if (old != ~0u)
		set_ivor(n, (const void *)((mfspr(SPRN_IVPR) & 0xffff0000) | old));
}

static void tlb0_flash(void)
{
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB0FI);
	isync();
}

/* tlbsx @va: the RPN and permissions found there, or 0 if unmapped. */
static uint32_t tlb_lookup(uint32_t va)
{
	struct guest_tlb e;

	return guest_tlb_search(va, 0, &e) ? e.mas3 : 0;
}

/* Map page i of pages[] at REFILL_VA + i * 4 KiB, TLB0 way 0 of set i. */
static void refill_map(void)
{
	unsigned int i;

	for (i = 0; i < TLB_PAGES; i++) {
		struct guest_tlb e = {
			.mas0 = MAS0_ESEL(0),
			.mas1 = MAS1_VALID | MAS1_TSIZE(2),
			.mas2 = REFILL_VA + i * 4096,
			.mas3 = (uint32_t)pages[i] | MAS3_SR | MAS3_SW,
			.mas7 = 0,
		};
		guest_tlb_write(&e);
	}
}

/* Rounds of: untimed (re)build of TLB0, timed first touch of every page. */
static void bench_tlb_refill(void)
{
	uint32_t total = 0, t;
	int r;

	for (r = -1; r < TLB_ROUNDS; r++) { /* round -1 warms up */
		tlb0_flash();
		refill_map();
		t = bench_touch(TLB_PAGES, REFILL_VA, 0);
		if (r >= 0)
			total += t;
	}
	t = tlb_lookup(REFILL_VA + 5 * 4096);
	if ((t & 0xfffff000) != (uint32_t)pages[5])
		fail("tlb-refill mapping", t, (uint32_t)pages[5]);
	tlb0_flash();
	report("tlb-refill", total, TLB_ROUNDS * TLB_PAGES);
}

/* Rounds of: untimed TLB0 flush, timed touches the guest's handler maps. */
static void bench_tlb_reflect(void)
{
	uint32_t mas3 = (uint32_t)reflect_page | MAS3_SR | MAS3_SW;
	uint32_t old_mas4 = mfspr(SPRN_MAS4), old_ivor, total = 0, t;
	int r;

	mtspr(SPRN_MAS4, MAS4_TSIZED_4K); /* TLB0, 4 KiB, TID = PID0, WIMGE 0 */
	old_ivor = set_ivor(13, bench_dtlb_stub);
	if (old_ivor == ~0u)
		return;
	for (r = -1; r < TLB_ROUNDS; r++) {
		tlb0_flash();
		t = bench_touch(TLB_PAGES, REFLECT_VA, mas3);
		if (r >= 0)
			total += t;
	}
	restore_ivor(13, old_ivor);
	mtspr(SPRN_MAS4, old_mas4);
	t = tlb_lookup(REFLECT_VA + 5 * 4096);
	if (t != mas3)
		fail("tlb-reflect mapping", t, mas3);
	tlb0_flash();
	report("tlb-reflect", total, TLB_ROUNDS * TLB_PAGES);
}

static void bench_syscall_all(void)
{
	uint32_t old = set_ivor(8, bench_sc_stub);

	if (old == ~0u)
		return;
	run("syscall", bench_syscall, N_OP);
	restore_ivor(8, old);
	if (mfmsr() & MSR_PR)
		fail("back in supervisor mode", mfmsr(), mfmsr() & ~MSR_PR);
}

static void irq_run(const char *name, uint32_t (*fn)(uint32_t, uint32_t *))
{
	uint32_t count, t;

	fn(N_WARM, &count);
	t = fn(N_IRQ, &count);
	if (count != N_IRQ)
		fail(name, count, N_IRQ);
	report(name, t, N_IRQ);
}

static void bench_decrementer(void)
{
	uint32_t old;

	mtspr(SPRN_TCR, 0);
	mtspr(SPRN_DEC, 0x7fffffff);
	mtspr(SPRN_TSR, TSR_DIS);
	old = set_ivor(10, bench_dec_stub);
	if (old == ~0u)
		return;
	mtspr(SPRN_TCR, TCR_DIE);
	irq_run("decrementer", bench_dec);
	irq_run("decrementer-base", bench_dec_base);
	mtspr(SPRN_TCR, 0);
	mtspr(SPRN_DEC, 0x7fffffff);
	mtspr(SPRN_TSR, TSR_DIS);
	restore_ivor(10, old);
}

static void ext_run(const char *name,
		    uint32_t (*fn)(uint32_t, uint32_t, uint32_t *), uint32_t vector)
{
	uint32_t out[2], t;

	fn(N_WARM, MPIC_CPU0, out);
	t = fn(N_IRQ, MPIC_CPU0, out);
	if (out[0] != N_IRQ)
		fail(name, out[0], N_IRQ);
	if (vector && out[1] != vector)
		fail("IACK vector", out[1], vector);
	report(name, t, N_IRQ);
}

static void bench_external(void)
{
	uint32_t old = set_ivor(4, bench_ext_stub);

	if (old == ~0u)
		return;
	out_be32((void *)MPIC_GCR, GCR_MIXED);
	out_be32((void *)MPIC_IPIVPR0, (IPI_PRIO << 16) | IPI_VECTOR);
	out_be32((void *)MPIC_CTPR0, 0);
	ext_run("external", bench_ext, IPI_VECTOR);
	/* The base run: IPI 0 masked, so the same accesses raise nothing. */
	out_be32((void *)MPIC_IPIVPR0, VPR_MASK | (IPI_PRIO << 16) | IPI_VECTOR);
	ext_run("external-base", bench_ext_base, 0);
	out_be32((void *)MPIC_CTPR0, 15);
	restore_ivor(4, old);
}

int main(void *fdt)
{
	(void)fdt;
	printf("bench: core %s\n", guest_cpu_name());
	run("empty-loop", bench_empty, N_OP);
	run("mfmsr", bench_mfmsr, N_OP);
	run("mtmsr", bench_mtmsr, N_OP);
	run("wrteei", bench_wrteei, N_OP);
	run("mtspr-sprg0", bench_mtsprg0, N_OP);
	run("mfspr-sprg1", bench_mfsprg1, N_OP);
	run("rfi", bench_rfi, N_OP);
	bench_syscall_all();
	bench_tlb_refill();
	bench_tlb_reflect();
	bench_decrementer();
	bench_external();
	printf("bench: done\n");
	return bench_failed;
}
