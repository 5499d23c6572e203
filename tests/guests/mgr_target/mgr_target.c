/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mgr_target: the partition a manager stops, starts and re-platforms
 * (tests/manager/). It says what its device tree makes it: its bootargs
 * and /hypervisor's first compatible, or that there is none. With
 * bootargs "poweroff" it then powers itself off; with "watchdog" it arms
 * its watchdog to reset it (TCR[WRC] = 2) after about 30 ms and lets it
 * expire. Otherwise it serves a
 * mailbox in its memory (MAILBOX: magic, length, 8 bytes, then the data)
 * that the manager fills with FH_PARTITION_MEMCPY, printing the checksum
 * of what arrives, and reports NMIs (machine checks with MCSR[MCP]). A
 * stamp word (STAMP) says when it started, once its first lines are out;
 * NMI_COUNT counts the NMIs it took.
 *
 * Only the raw UART helpers are used, no stdio: a start without reload
 * runs this program again over the memory of its previous run, and every
 * variable it relies on is in .bss, which crt0 clears.
 */
#include <stdint.h>
#include <string.h>
#include <libfdt.h>
#include "guest.h"

#define MAILBOX 0x03000000u
#define MAILBOX_MAGIC 0x4d424f58u
#define STAMP (MAILBOX + 0x10000) /* when it started, for the manager */
#define NMI_COUNT (STAMP + 4)     /* NMIs taken, for the manager */

static volatile uint32_t nmis, last_mcsr;

void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == 1) {
		nmis++;
		(*(volatile uint32_t *)NMI_COUNT)++;
		last_mcsr = f->esr;
		mtspr(SPRN_MCSR, f->esr); /* write-one-to-clear */
		return;
	}
	guest_uart_puts("mgr_target: unexpected exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at ");
	guest_uart_hex(f->srr0);
	guest_uart_puts("\n");
	guest_exit(128 + ivor);
}

static uint32_t checksum(const volatile uint8_t *p, uint32_t n)
{
	uint32_t s = 0x12345678u;

	while (n--)
		s = s * 31u + *p++;
	return s;
}

static void say(const char *a, const char *b, const char *c)
{
	guest_uart_puts("mgr_target: ");
	guest_uart_puts(a);
	guest_uart_puts(b);
	guest_uart_puts(c);
	guest_uart_puts("\n");
}

static void report_tree(const void *fdt)
{
	int hv = fdt_path_offset(fdt, "/hypervisor");
	const char *compat = hv >= 0 ? fdt_getprop(fdt, hv, "compatible", NULL) : NULL;

	say("up on ", guest_cpu_name(), "");
	say("bootargs '", guest_fdt_bootargs(fdt), "'");
	if (compat)
		say("hypervisor '", compat, "'");
	else
		say("hypervisor: absent", "", "");
}

static void serve_mailbox(void)
{
	volatile uint32_t *mb = (volatile uint32_t *)MAILBOX;
	uint32_t len;

	if (mb[0] != MAILBOX_MAGIC)
		return;
	len = mb[1] > 0x100000 ? 0x100000 : mb[1];
	guest_uart_puts("mgr_target: mailbox ");
	guest_uart_dec((int)len);
	guest_uart_puts(" bytes, checksum ");
	guest_uart_hex(checksum((const volatile uint8_t *)(mb + 4), len));
	guest_uart_puts("\n");
	mb[0] = 0;
}

int main(void *fdt)
{
	uint32_t seen = 0;

	report_tree(fdt);
	if (strstr(guest_fdt_bootargs(fdt), "poweroff"))
		return 0;
	if (strstr(guest_fdt_bootargs(fdt), "watchdog")) {
		/* Timebase bit 21 (MSB-numbered 42 = WP 2 | WPEXT 10): an
		 * expiry every 2^22 ticks, 10 ms; the third one resets. */
		mtspr(SPRN_TCR, (2u << 30) | (2u << 28) | (10u << 17));
		say("watchdog armed", "", "");
	}
	*(volatile uint32_t *)STAMP = (uint32_t)(guest_timebase() >> 8) | 1;
	for (;;) {
		serve_mailbox();
		if (nmis != seen) {
			seen = nmis;
			guest_uart_puts("mgr_target: NMI, MCSR ");
			guest_uart_hex(last_mcsr);
			guest_uart_puts("\n");
		}
		for (uint64_t end = guest_timebase() + 400000; guest_timebase() < end;)
			;
	}
}
