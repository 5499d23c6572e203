/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance: the console 16550 and its interrupt as Linux's 8250 driver
 * uses them. IIR without and with FIFOs, the THRE interrupt raised by
 * setting IER[THRI] and cleared by reading it in IIR, LSR, then a line
 * sent one character per THRE interrupt, taken through the MPIC (source
 * 42, the board's UART interrupt) with IACK/EOI. Nothing timing-dependent
 * is printed; the interrupt-driven line itself is part of the output.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "mpic.h"

#define IVOR_EXT 4

#define UART ((volatile uint8_t *)GUEST_UART0)
enum { THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, LSR = 5 };
#define IER_THRI 0x02

#define TB_MS    400000u

static const char line[] = "conf_uart: this line was sent by THRE interrupts\n";
static volatile unsigned int sent, nirq, bad_vec, bad_iir, done;
static int failed;

/* One character per THRE interrupt; IER[THRI] off after the last. */
void guest_exception(int ivor, struct gframe *f)
{
	uint32_t vec, iir;

	if (ivor != IVOR_EXT) {
		guest_unexpected("conf_uart", ivor, f);
	}
	vec = rd(IACK);
	iir = in_8(UART + IIR);
	nirq++;
	bad_vec += vec != VEC_UART;
	bad_iir += (iir & 0x0f) != 0x02;
	if (sent < sizeof(line) - 1) {
		if (line[sent] == '\n')
			out_8(UART + THR, '\r');
		out_8(UART + THR, (uint8_t)line[sent++]);
	} else {
		out_8(UART + IER, 0);
		done = 1;
	}
	wr(EOI, 0);
}

static void result(const char *what, int ok)
{
	failed += !ok;
	printf("conf_uart: %s: %s\n", what, ok ? "ok" : "FAIL");
}

static void test_registers(void)
{
	uint32_t idle, fifo, thri, again, lsr;

	out_8(UART + IER, 0);
	out_8(UART + FCR, 0);
	idle = in_8(UART + IIR);
	out_8(UART + FCR, 0x07); /* enable, clear both FIFOs */
	fifo = in_8(UART + IIR);
	out_8(UART + IER, IER_THRI);
	thri = in_8(UART + IIR);
	again = in_8(UART + IIR);
	out_8(UART + IER, 0);
	lsr = in_8(UART + LSR);
	printf("conf_uart: iir idle 0x%02lx, with fifo 0x%02lx\n", (unsigned long)idle,
	       (unsigned long)fifo);
	printf("conf_uart: iir after IER=THRI 0x%02lx, read again 0x%02lx\n",
	       (unsigned long)thri, (unsigned long)again);
	printf("conf_uart: lsr 0x%02lx\n", (unsigned long)(lsr & 0x61));
}

static void test_interrupts(void)
{
	uint64_t end;

	wr(GCR, GCR_MIXED);
	wr(SRC_IVPR(UART_SRC), IVPR_PRI(8) | VEC_UART);
	wr(SRC_IDR(UART_SRC), 1);
	wr(CTPR, 0);
	irq_enable();
	out_8(UART + IER, IER_THRI);
	for (end = guest_timebase() + 2000u * TB_MS; !done && guest_timebase() < end;)
		;
	irq_disable();
	out_8(UART + IER, 0);
	wr(SRC_IVPR(UART_SRC), IVPR_MSK | IVPR_PRI(8) | VEC_UART);
	printf("conf_uart: %u THRE interrupts for %u characters\n", nirq, sent);
	result("every interrupt: vector 0x2a, IIR THRE", !bad_vec && !bad_iir);
	result("line sent", done && sent == sizeof(line) - 1);
	printf("conf_uart: iir after 0x%02lx\n", (unsigned long)in_8(UART + IIR));
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_uart: on %s\n", guest_cpu_name());
	test_registers();
	test_interrupts();
	printf("conf_uart: done, %d failed\n", failed);
	return failed;
}
