/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Polled ns16550 UART0 through the CCSR window crt0 maps. QEMU needs no
 * line setup; a real board would inherit it from its boot loader.
 */
#include <stdint.h>
#include "guest.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

static volatile uint8_t *const uart = (volatile uint8_t *)GUEST_UART0;

void guest_uart_putc(char c)
{
	while (!(in_8(uart + UART_LSR) & LSR_THRE))
		;
	out_8(uart + UART_THR, (uint8_t)c);
}

int guest_uart_getc(void)
{
	if (!(in_8(uart + UART_LSR) & LSR_DR))
		return -1;
	return in_8(uart + UART_RBR);
}

void guest_uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			guest_uart_putc('\r');
		guest_uart_putc(*s);
	}
}

void guest_uart_hex(uint32_t v)
{
	int shift;

	guest_uart_puts("0x");
	for (shift = 28; shift >= 0; shift -= 4)
		guest_uart_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void guest_uart_dec(int v)
{
	char buf[12];
	int i = sizeof(buf);
	uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;

	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	guest_uart_puts(&buf[i]);
}
