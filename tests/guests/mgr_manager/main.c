/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mgr_manager: an ePAPR partition exercising the Freescale partition
 * management calls on the partition labelled "target" (tests/manager/).
 * Bootargs: "role=manager" (default) runs every test group and prints
 * "mgr: done, N failed"; with "reset" it then resets the board.
 * "role=observer" is a partition that manages nobody: every management
 * call must answer EV_EPERM. Either way it then dozes forever (an ePAPR
 * partition has no GPIO to power the board off with).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "guest.h"
#include "mgr.h"

struct mgr M = { .irq = -1, .wdt_irq = -1 };
static uint32_t tb_hz = 400000000u;

uint32_t hcall(uint32_t token, struct regs *g)
{
	register uint32_t r3 __asm__("3") = g->r[3];
	register uint32_t r4 __asm__("4") = g->r[4];
	register uint32_t r5 __asm__("5") = g->r[5];
	register uint32_t r6 __asm__("6") = g->r[6];
	register uint32_t r7 __asm__("7") = g->r[7];
	register uint32_t r8 __asm__("8") = g->r[8];
	register uint32_t r9 __asm__("9") = g->r[9];
	register uint32_t r10 __asm__("10") = g->r[10];
	register uint32_t r11 __asm__("11") = token;

	__asm__ volatile("lis 0,0x4b56\n\tori 0,0,0x4d21\n\tsc"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
			   "+r"(r9), "+r"(r10), "+r"(r11)
			 : : "r0", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7",
			   "memory");
	g->r[3] = r3, g->r[4] = r4, g->r[5] = r5, g->r[6] = r6, g->r[7] = r7;
	g->r[8] = r8, g->r[9] = r9, g->r[10] = r10, g->r[11] = r11;
	return r3;
}

uint32_t hc(uint32_t token, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t *r4)
{
	struct regs g = { .r = { [3] = a3, [4] = a4, [5] = a5, [6] = a6 } };
	uint32_t st = hcall(token, &g);

	if (r4)
		*r4 = g.r[4];
	return st;
}

void check(int ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("mgr: %s: %s", what, ok ? "ok" : "FAIL");
	if (fmt && *fmt) {
		printf(" (");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")");
	}
	printf("\n");
	M.fails += !ok;
}

void expect(uint32_t got, uint32_t want, const char *what)
{
	check(got == want, what, "status %lu, want %lu", (unsigned long)got, (unsigned long)want);
}

uint64_t ms_to_tb(uint32_t ms)
{
	return (uint64_t)tb_hz / 1000u * ms;
}

void nap_skip(struct gframe *f)
{
	if (f->srr0 >= (uint32_t)nap_window && f->srr0 < (uint32_t)nap_window_end)
		f->srr0 = (uint32_t)nap_window_end;
}

/* Nap until the decrementer says @ms have passed: this CPU idles, so the
 * others run (QEMU may share one host thread among them). */
void delay_ms(uint32_t ms)
{
	uint64_t end = guest_timebase() + ms_to_tb(ms), now;
	uint32_t msr = mfmsr();

	mtspr(SPRN_TCR, mfspr(SPRN_TCR) | TCR_DIE);
	__asm__ volatile("wrteei 1" ::: "memory");
	while ((now = guest_timebase()) < end) {
		uint64_t left = end - now;

		nap_until_dec(left > 0x7fffffffu ? 0x7fffffffu : (uint32_t)left);
	}
	mtspr(SPRN_TCR, mfspr(SPRN_TCR) & ~TCR_DIE);
	__asm__ volatile("wrtee %0" : : "r"(msr) : "memory");
}

int wait_status(uint32_t h, uint32_t want, uint32_t ms)
{
	uint64_t end = guest_timebase() + ms_to_tb(ms);
	uint32_t st;

	do {
		if (hc(FSL(FH_GET_STATUS), h, 0, 0, 0, &st) == EV_SUCCESS && st == want)
			return 1;
		delay_ms(2);
	} while (guest_timebase() < end);
	return 0;
}

uint32_t target_stamp(void)
{
	return peek_target(STAMP);
}

int wait_started(uint32_t before, uint32_t ms)
{
	uint64_t end = guest_timebase() + ms_to_tb(ms);

	do {
		uint32_t now = peek_target(STAMP);

		if (now && now != before) /* 0: reloaded, not there yet */
			return 1;
		delay_ms(2);
	} while (guest_timebase() < end);
	return 0;
}

uint32_t checksum(const uint8_t *p, uint32_t n)
{
	uint32_t s = 0x12345678u;

	while (n--)
		s = s * 31u + *p++;
	return s;
}

/* The state-change interrupt and NMIs of the manager; anything else is
 * reported and the guest stops there (guest_exit needs a GPIO it lacks). */
void guest_exception(int ivor, struct gframe *f)
{
	uint32_t vec;

	if (ivor == 4 || ivor == 10)
		nap_skip(f);
	if (ivor == 1) {
		M.nmis++;
		mtspr(SPRN_MCSR, f->esr); /* write-one-to-clear */
		return;
	}
	if (ivor == 10) {
		M.decs++;
		mtspr(SPRN_TSR, TSR_DIS);
		return;
	}
	/* External proxy: taking the interrupt acknowledged it, EPR has it. */
	if (ivor == 4 && M.epr)
		vec = mfspr(702);
	if (ivor == 4 && (M.epr || hc(EPAPR(EV_INT_IACK), 0, 0, 0, 0, &vec) == EV_SUCCESS)) {
		if ((int)vec == M.irq)
			M.irqs++;
		else if ((int)vec == M.wdt_irq)
			M.wdt_irqs++;
		hc(EPAPR(EV_INT_EOI), vec, 0, 0, 0, NULL);
		return;
	}
	guest_uart_puts("mgr: unexpected exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at ");
	guest_uart_hex(f->srr0);
	guest_uart_puts("\n");
	for (;;)
		;
}

/* The partition-handle node labelled "target": its handle and interrupt. */
static int find_target(void *fdt)
{
	int n, db;

	for (n = fdt_node_offset_by_compatible(fdt, -1, "fsl,hv-partition-handle"); n >= 0;
	     n = fdt_node_offset_by_compatible(fdt, n, "fsl,hv-partition-handle")) {
		const char *label = fdt_getprop(fdt, n, "label", NULL);
		const fdt32_t *h = fdt_getprop(fdt, n, "hv-handle", NULL);
		const fdt32_t *irq;

		if (!label || !h || strcmp(label, "target"))
			continue;
		M.target = fdt32_to_cpu(*h);
		db = fdt_subnode_offset(fdt, n, "state-change-doorbell");
		irq = db >= 0 ? fdt_getprop(fdt, db, "interrupts", NULL) : NULL;
		if (irq && fdt_node_check_compatible(fdt, db, "fsl,hv-state-change-doorbell") == 0)
			M.irq = (int)fdt32_to_cpu(irq[0]);
		db = fdt_subnode_offset(fdt, n, "watchdog-doorbell");
		irq = db >= 0 ? fdt_getprop(fdt, db, "interrupts", NULL) : NULL;
		if (irq && fdt_node_check_compatible(fdt, db, "fsl,hv-watchdog-doorbell") == 0)
			M.wdt_irq = (int)fdt32_to_cpu(irq[0]);
		return 0;
	}
	return -1;
}

static void read_machine(void *fdt)
{
	int cpu = fdt_path_offset(fdt, "/cpus/PowerPC,8544@0");
	const fdt32_t *tb = NULL;
	const char *other = strstr(guest_fdt_bootargs(fdt), "other=");
	int pic;

	if (cpu < 0)
		cpu = fdt_first_subnode(fdt, fdt_path_offset(fdt, "/cpus"));
	if (cpu >= 0)
		tb = fdt_getprop(fdt, cpu, "timebase-frequency", NULL);
	if (tb)
		tb_hz = fdt32_to_cpu(*tb);
	if (other)
		M.other = strtoull(other + 6, NULL, 0);
	pic = fdt_node_offset_by_compatible(fdt, -1, "epapr,hv-pic");
	M.epr = pic >= 0 && fdt_getprop(fdt, pic, "has-external-proxy", NULL);
	if ((mfspr(SPRN_PVR) >> 16) == 0x8021) { /* e500v2: SPE, no FPU */
		M.guest_arch = 203, M.bad_arch = 206, M.bad_verdict = 6;
	} else {
		M.guest_arch = 206, M.bad_arch = 203, M.bad_verdict = 7;
	}
}

/* Edge (config 0), priority 8, to vCPU 0, unmasked. Returns the status. */
static uint32_t enable_irq(int irq)
{
	uint32_t st = hc(EPAPR(EV_INT_SET_CONFIG), (uint32_t)irq, 0, 8, 0, NULL);

	if (st == EV_SUCCESS)
		st = hc(EPAPR(EV_INT_SET_MASK), (uint32_t)irq, 0, 0, 0, NULL);
	return st;
}

/* The state-change and watchdog doorbells of the target. */
static void setup_irq(void)
{
	uint32_t st;

	if (M.irq < 0)
		return;
	st = enable_irq(M.irq);
	if (st == EV_SUCCESS && M.wdt_irq >= 0)
		st = enable_irq(M.wdt_irq);
	if (st == EV_SUCCESS) /* as an MPIC, it starts at task priority 15 */
		st = hc(EPAPR(EV_SET_TASK_PRIORITY), 0, 0, 0, 0, NULL);
	M.irq_ok = st == EV_SUCCESS;
	printf("mgr: state-change irq %d, watchdog irq %d: %s (status %lu)\n", M.irq, M.wdt_irq,
	       M.irq_ok ? "enabled" : "unavailable", (unsigned long)st);
	if (M.irq_ok)
		__asm__ volatile("wrteei 1" ::: "memory");
}

/* A partition that manages nobody: every call is refused. */
static void observer(void)
{
	static const uint32_t calls[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
					  15, 16, 17, 18, FH_SET_PLATFORM };
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct regs g = { .r = { [3] = 0, [4] = 0 } };
		uint32_t st = hcall(FSL(calls[i]), &g);

		if (st != EV_EPERM) {
			printf("mgr: observer: call %lu answered %lu\n", (unsigned long)calls[i],
			       (unsigned long)st);
			bad++;
		}
	}
	check(!bad, "observer: every management call is EV_EPERM", "%u calls", i);
	expect(hc(FSL(40), 0, 0, 0, 0, NULL), EV_UNIMPLEMENTED, "observer: unknown call 40");
}

static void manager(void)
{
	check(find_target(M.fdt) == 0, "target handle", "handle %lu, state-change irq %d",
	      (unsigned long)M.target, M.irq);
	setup_irq();
	check(wait_status(M.target, ST_RUNNING, 2000), "target running at boot", NULL);
	test_memcpy();
	test_life();
	test_dtprop();
	test_platform();
	test_vcpus();
	test_misc();
	test_watchdog();
}

int main(void *fdt)
{
	const char *args = guest_fdt_bootargs(fdt);

	M.fdt = fdt;
	read_machine(fdt);
	printf("mgr: %s on %s, bootargs '%s'\n", strstr(args, "role=observer") ?
	       "observer" : "manager", guest_cpu_name(), args);
	if (strstr(args, "role=observer"))
		observer();
	else
		manager();
	printf("mgr: done, %u failed\n", M.fails);
	if (strstr(args, "reset")) {
		uint32_t st = hc(FSL(FH_SYSTEM_RESET), 0, 0, 0, 0, NULL);

		check(0, "system reset", "returned %lu", (unsigned long)st);
	}
	for (;;) /* doze (MSR[WE]) until the next interrupt, forever */
		mtmsr(mfmsr() | MSR_WE);
}
