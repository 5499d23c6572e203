/* SPDX-License-Identifier: BSD-2-Clause */
/* NS16550 UART with byte-wide registers (reg-shift 0), as on e500 SoCs. */
#ifndef DRIVERS_NS16550_H
#define DRIVERS_NS16550_H

/** ns16550_init() - 8N1 at @baud from @clock_hz (no change if @baud is 0). */
void ns16550_init(volatile void *base, unsigned int clock_hz, unsigned int baud);
/** ns16550_putc() - polled transmit of one byte. */
void ns16550_putc(volatile void *base, char c);
/** ns16550_getc() - a received byte, or -1 when none is waiting. */
int ns16550_getc(volatile void *base);
/** ns16550_enable_rx_irq() - interrupt on received data. */
void ns16550_enable_rx_irq(volatile void *base);
#endif
