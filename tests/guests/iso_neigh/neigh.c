/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iso_neigh: the partition next to tests/guests/iso_attack. It fills most
 * of its RAM with a pattern the attacker looks for (every 16 bytes:
 * "neig", "hbor", the guest-physical address, its complement), puts a
 * value in the scratch register of serial1 (its own UART: assigned to
 * it, the attacker must not reach it), then keeps checking both, and its
 * system calls and TLB, until "wait=MS" of /chosen/bootargs has passed.
 * Its output does not depend on timing: tests/isolation/ requires the
 * same lines alone and next to the attacker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guest.h"

#define NB_MAGIC0   0x6e656967u
#define NB_MAGIC1   0x68626f72u
#define FILL_LO     0x00100000u
#define FILL_HI     0x03f00000u   /* the device tree sits above */
#define UART1       (GUEST_CCSR_VA + 0x4600)
#define UART_THR    0
#define UART_LSR    5
#define UART_SCR    7
#define LSR_THRE    0x20
#define SCR_VALUE   0x5a
#define ALIAS_VA    0x50000000u
#define ALIAS_GPA   0x02000000u
#define IVOR_SYSCALL 8
#define SC_MAGIC    0x5c000000u

static volatile unsigned int syscalls;

void guest_exception(int ivor, struct gframe *f)
{
	if (ivor != IVOR_SYSCALL) {
		guest_uart_puts("neigh: unexpected exception ");
		guest_uart_dec(ivor);
		guest_uart_puts(" at ");
		guest_uart_hex(f->srr0);
		guest_uart_puts("\n");
		guest_exit(128 + ivor);
	}
	syscalls++;
	f->gpr[3] = f->gpr[3] ^ SC_MAGIC;
}

static uint32_t do_sc(uint32_t v)
{
	register uint32_t r3 __asm__("r3") = v;

	__asm__ volatile("li 0,0; sc" : "+r"(r3) : : "r0", "r4", "r5", "r6", "r7", "r8", "r9",
			 "r10", "r11", "r12", "ctr", "lr", "cr0", "memory");
	return r3;
}

static void fill(void)
{
	uint32_t a;

	for (a = FILL_LO; a < FILL_HI; a += 16) {
		volatile uint32_t *p = (volatile uint32_t *)a;

		p[0] = NB_MAGIC0;
		p[1] = NB_MAGIC1;
		p[2] = a;
		p[3] = ~a;
	}
}

/* Lines of the pattern that changed, read at @va (its own @gpa). */
static uint32_t check(uint32_t va, uint32_t gpa, uint32_t len)
{
	uint32_t off, bad = 0;

	for (off = 0; off < len; off += 16) {
		volatile uint32_t *p = (volatile uint32_t *)(va + off);
		uint32_t a = gpa + off;

		bad += p[0] != NB_MAGIC0 || p[1] != NB_MAGIC1 || p[2] != a || p[3] != ~a;
	}
	return bad;
}

static void uart1_puts(const char *s)
{
	volatile uint8_t *u = (volatile uint8_t *)UART1;

	for (; *s; s++) {
		while (!(in_8(u + UART_LSR) & LSR_THRE))
			;
		out_8(u + UART_THR, (uint8_t)*s);
	}
}

static uint32_t wait_ms(const void *fdt)
{
	const char *w = strstr(guest_fdt_bootargs(fdt), "wait=");

	return w ? (uint32_t)strtoul(w + 5, NULL, 0) : 3000;
}

int main(void *fdt)
{
	volatile uint8_t *u1 = (volatile uint8_t *)UART1;
	uint64_t base, size = 0, end;
	uint32_t bad = 0, scr_bad = 0, sc_bad = 0, alias_bad = 0, i;
	int failed = 0;

	end = guest_timebase() + (uint64_t)wait_ms(fdt) * 400000u;
	fill();
	guest_fdt_memory(fdt, &base, &size);
	printf("neigh: on %s, vcpu %lu, %lu MiB at guest-physical 0x%08lx\n", guest_cpu_name(),
	       (unsigned long)mfspr(SPRN_PIR), (unsigned long)(size >> 20), (unsigned long)base);
	printf("neigh: filled 0x%08lx-0x%08lx with its pattern\n", (unsigned long)FILL_LO,
	       (unsigned long)FILL_HI);
	out_8(u1 + UART_SCR, SCR_VALUE);
	uart1_puts("neigh: hello on serial1\r\n");
	printf("neigh: serial1 scratch 0x%02x\n", in_8(u1 + UART_SCR));
	guest_tlb1_map(2, ALIAS_VA, ALIAS_GPA, 6, 0, MAS3_SR | MAS3_SW);
	/* Keep everything in use until the attacker is surely done. */
	do {
		bad += check(FILL_LO, FILL_LO, FILL_HI - FILL_LO);
		scr_bad += in_8(u1 + UART_SCR) != SCR_VALUE;
		for (i = 0; i < 100; i++)
			sc_bad += do_sc(i) != (i ^ SC_MAGIC);
		alias_bad += check(ALIAS_VA, ALIAS_GPA, 0x10000);
	} while (guest_timebase() < end);
	failed += bad != 0;
	printf("neigh: pattern intact: %s\n", bad ? "NO" : "yes");
	if (bad)
		printf("neigh: %lu changed lines\n", (unsigned long)bad);
	failed += scr_bad != 0;
	printf("neigh: serial1 scratch kept 0x%02x: %s\n", SCR_VALUE, scr_bad ? "NO" : "yes");
	failed += sc_bad || !syscalls;
	printf("neigh: system calls answered: %s\n", sc_bad || !syscalls ? "NO" : "yes");
	failed += alias_bad != 0;
	printf("neigh: pattern through its TLB1 alias va 0x%08lx: %s\n", (unsigned long)ALIAS_VA,
	       alias_bad ? "NO" : "yes");
	printf("neigh: done, %d failed\n", failed);
	return failed;
}
