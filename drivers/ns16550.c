/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdint.h>
#include "kernel/ppc.h"
#include "drivers/ns16550.h"

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define IER_RDA 0x01
#define MCR_DTR_RTS_OUT2 0x0b

static inline volatile uint8_t *reg(volatile void *base, int r)
{
	return (volatile uint8_t *)base + r;
}

void ns16550_init(volatile void *base, unsigned int clock_hz, unsigned int baud)
{
	if (baud && clock_hz) {
		unsigned int div = (clock_hz + 8 * baud) / (16 * baud);

		out_8(reg(base, LCR), LCR_DLAB);
		out_8(reg(base, DLL), div & 0xff);
		out_8(reg(base, DLM), (div >> 8) & 0xff);
	}
	out_8(reg(base, LCR), LCR_8N1);
	out_8(reg(base, IER), 0);
	out_8(reg(base, FCR), 0x07); /* enable and clear FIFOs */
	out_8(reg(base, MCR), MCR_DTR_RTS_OUT2);
}

void ns16550_putc(volatile void *base, char c)
{
	while (!(in_8(reg(base, LSR)) & LSR_THRE))
		;
	out_8(reg(base, THR), (uint8_t)c);
}

int ns16550_getc(volatile void *base)
{
	if (!(in_8(reg(base, LSR)) & LSR_DR))
		return -1;
	return in_8(reg(base, RBR));
}

void ns16550_enable_rx_irq(volatile void *base)
{
	out_8(reg(base, IER), IER_RDA);
}
