/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart_echo: reads the console 16550 by interrupt (IER[RDI], the board's
 * MPIC source 42, IACK/EOI) and prints each line it receives as
 * "uart_echo: got '...'"; "quit" ends it. Under Tessera its UART is the
 * emulated one and the input comes from the monitor's `console NAME`
 * (tests/hypercalls/test_uart_console.py).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "mpic.h"

#define IVOR_EXT 4
#define UART ((volatile uint8_t *)GUEST_UART0)
enum { RBR = 0, IER = 1, IIR = 2, LSR = 5 };
#define IER_RDI 0x01
#define LSR_DR  0x01

static char line[80];
static volatile unsigned int len, lines_ready, irqs;
static char ready[80];

/* Drain the receiver into the line buffer; a CR or LF ends a line. */
void guest_exception(int ivor, struct gframe *f)
{
	uint32_t vec;

	if (ivor != IVOR_EXT) {
		guest_unexpected("uart_echo", ivor, f);
	}
	vec = rd(IACK);
	irqs++;
	while (vec == VEC_UART && (in_8(UART + LSR) & LSR_DR)) {
		char c = (char)in_8(UART + RBR);

		if (c == '\r' || c == '\n') {
			if (len && !lines_ready) {
				memcpy(ready, line, len);
				ready[len] = '\0';
				lines_ready = 1;
			}
			len = 0;
		} else if (len < sizeof(line) - 1) {
			line[len++] = c;
		}
	}
	wr(EOI, 0);
}

int main(void *fdt)
{
	(void)fdt;
	wr(GCR, GCR_MIXED);
	wr(SRC_IVPR(UART_SRC), IVPR_PRI(8) | VEC_UART);
	wr(SRC_IDR(UART_SRC), 1);
	wr(CTPR, 0);
	out_8(UART + IER, IER_RDI);
	irq_enable();
	printf("uart_echo: ready\n");
	for (;;) {
		while (!lines_ready)
			__asm__ volatile("" ::: "memory");
		irq_disable();
		printf("uart_echo: got '%s' (%s)\n", ready, irqs ? "by interrupt" : "no interrupt");
		lines_ready = 0;
		if (!strcmp(ready, "quit"))
			break;
		irq_enable();
	}
	printf("uart_echo: done\n");
	return 0;
}
