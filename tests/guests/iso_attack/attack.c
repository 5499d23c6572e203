/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iso_attack: runs in a `none` partition and tries, one attempt per line,
 * to reach what lies outside it (tests/isolation/ runs it next to
 * tests/guests/iso_neigh). Each line ends in
 *   ok          the attempt failed the way hardware isolation makes it fail,
 *   ESCAPED     it reached something it must not (a hypervisor bug),
 *   UNEXPECTED  contained, but not the way hardware would answer.
 * The program ends with "iso: done, N escaped" and exits with N.
 *
 * This file: main, the exception hook that records what a probe raised
 * and steps over it, and helpers shared by the attempts.
 *
 * Lines stay under 120 characters: the hypervisor's console buffers a
 * partition's line in 120 bytes and splits longer ones.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "iso.h"

#define FAULT_STORM 16
#define RFMCI       0x4c00004cu

static volatile int armed, nfaults;
static volatile uint32_t exec_target;
static struct iso_fault first, second;
static int unexpected;
volatile int iso_user_active;
extern uint32_t iso_user_kmsr;
extern char iso_user_back[];

static void unexpected_exception(int ivor, const struct gframe *f)
{
	guest_uart_puts("iso: unexpected exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at SRR0 ");
	guest_uart_hex(f->srr0);
	guest_uart_puts(" ESR ");
	guest_uart_hex(f->esr);
	guest_uart_puts(" DEAR ");
	guest_uart_hex(f->dear);
	guest_uart_puts("\n");
	guest_exit(128 + ivor);
}

/*
 * Raw UART only in here: a probe may fault anywhere. A user-mode probe
 * returns through sc; an armed probe's fault is recorded (the first one)
 * and stepped over, or, for a fetch at the exec target, returned from.
 */
void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == IVOR_SYSCALL && iso_user_active) {
		iso_user_active = 0;
		f->srr0 = (uint32_t)iso_user_back;
		f->srr1 = iso_user_kmsr;
		return;
	}
	/* QEMU's e500v2 lacks rfmci (an illegal instruction there, which the
	 * hypervisor reflects as QEMU would): finish the machine check's
	 * return for crt0 from MCSRR0/1. */
	if (ivor == IVOR_PROGRAM && (f->esr & ESR_PIL) && *(uint32_t *)f->srr0 == RFMCI) {
		f->srr0 = mfspr(SPRN_MCSRR0);
		f->srr1 = mfspr(SPRN_MCSRR1);
		return;
	}
	if (!armed)
		unexpected_exception(ivor, f);
	if (nfaults < 2) {
		struct iso_fault *r = nfaults ? &second : &first;

		r->ivor = ivor;
		r->srr0 = f->srr0;
		r->srr1 = f->srr1;
		r->esr = f->esr;
		r->dear = f->dear;
	}
	nfaults++;
	if (nfaults > FAULT_STORM) {
		guest_uart_puts("iso: fault storm\n");
		unexpected_exception(ivor, f);
	}
	if (exec_target && f->srr0 == exec_target)
		f->srr0 = f->lr;
	else if (ivor != IVOR_SYSCALL)
		f->srr0 += 4;
}

void iso_arm(uint32_t target)
{
	nfaults = 0;
	memset(&first, 0, sizeof(first));
	memset(&second, 0, sizeof(second));
	exec_target = target;
	__asm__ volatile("sync" ::: "memory");
	armed = 1;
}

int iso_disarm(struct iso_fault *f)
{
	armed = 0;
	exec_target = 0;
	if (f)
		*f = first;
	return nfaults;
}

/* Four buffers in turn: one printf may describe several faults. */
const char *iso_fault_str(const struct iso_fault *f, int n)
{
	static char bufs[4][96];
	static unsigned int turn;
	char *buf = bufs[turn++ % 4];

	if (!n)
		return "no exception";
	switch (f->ivor) {
	case IVOR_MCHECK:
		snprintf(buf, sizeof(bufs[0]), "machine check MCSR 0x%08lx MCAR 0x%08lx",
			 (unsigned long)f->esr, (unsigned long)f->dear);
		break;
	case IVOR_DSI:
	case IVOR_DTLB:
		snprintf(buf, sizeof(bufs[0]), "%s ESR 0x%08lx DEAR 0x%08lx",
			 f->ivor == IVOR_DSI ? "DSI" : "DTLB miss",
			 (unsigned long)f->esr, (unsigned long)f->dear);
		break;
	case IVOR_PROGRAM:
		snprintf(buf, sizeof(bufs[0]), "program interrupt ESR 0x%08lx",
			 (unsigned long)f->esr);
		break;
	default:
		snprintf(buf, sizeof(bufs[0]), "exception %d at 0x%08lx ESR 0x%08lx DEAR 0x%08lx",
			 f->ivor, (unsigned long)f->srr0, (unsigned long)f->esr,
			 (unsigned long)f->dear);
	}
	if (n > 1) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(bufs[0]) - len, " (+%d more: %d at 0x%08lx)", n - 1,
			 second.ivor, (unsigned long)second.srr0);
	}
	return buf;
}

void iso_report(enum iso_status st, const char *fmt, ...)
{
	static const char *const tag[] = { "ok", "ESCAPED", "UNEXPECTED" };
	va_list ap;

	if (st == ISO_UNEXPECTED)
		unexpected++;
	printf("iso: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(": %s\n", tag[st]);
}

void iso_map(unsigned int esel, uint32_t va, uint64_t gpa, unsigned int tsize,
	     uint32_t wimge, uint32_t perm)
{
	guest_tlb1_map(esel, va, gpa, tsize, wimge, perm);
}

void iso_unmap(unsigned int esel)
{
	struct guest_tlb e = { .mas0 = MAS0_TLBSEL1 | MAS0_ESEL(esel) };

	guest_tlb_write(&e);
}

void iso_sync_icache(uint32_t va, uint32_t len)
{
	uint32_t a;

	for (a = va & ~31u; a < va + len; a += 32)
		__asm__ volatile("dcbst 0,%0; sync; icbi 0,%0; sync" : : "r"(a) : "memory");
	__asm__ volatile("isync" ::: "memory");
}

void iso_delay_ms(uint32_t ms)
{
	uint64_t end = guest_timebase() + (uint64_t)ms * 400000u;

	while (guest_timebase() < end)
		;
}

/* "wait=MS" in /chosen/bootargs: how long to let the neighbour fill its
 * memory before the first attempt. */
static uint32_t start_delay(const void *fdt)
{
	const char *w = strstr(guest_fdt_bootargs(fdt), "wait=");

	return w ? (uint32_t)strtoul(w + 5, NULL, 0) : 500;
}

int main(void *fdt)
{
	uint64_t base, size = 0;
	int escaped = 0;

	guest_fdt_memory(fdt, &base, &size);
	printf("iso: attacker on %s, vcpu %lu, %lu MiB at guest-physical 0x%08lx\n",
	       guest_cpu_name(), (unsigned long)mfspr(SPRN_PIR),
	       (unsigned long)(size >> 20), (unsigned long)base);
	iso_delay_ms(start_delay(fdt));
	escaped += iso_attempt_map();
	escaped += iso_attempt_hvmem();
	escaped += iso_attempt_ivpr();
	escaped += iso_attempt_devices();
	escaped += iso_attempt_contexts();
	escaped += iso_attempt_spin();
	printf("iso: summary: %d escaped, %d unexpected\n", escaped, unexpected);
	printf("iso: done, %d escaped\n", escaped);
	return escaped;
}
