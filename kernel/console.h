/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor console: locked output, interrupt-fed input ring. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdarg.h>

/** console_init() - use the ns16550 at @base. Returns 0. */
int console_init(volatile void *base, unsigned int clock_hz, unsigned int baud);

/** console_write() - write @n bytes ("\n" becomes "\r\n"), atomically
 * with respect to other CPUs. Returns @n. */
size_t console_write(const char *s, size_t n);

/** kprintf() - printf to the console, one locked write per call.
 * Returns the number of characters written. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** kvprintf() - as kprintf with a va_list. */
int kvprintf(const char *fmt, va_list ap);

/** console_rx_irq() - drain the UART into the input ring (interrupt context). */
void console_rx_irq(void *arg);

/** console_getc() - next input character, or -1 when none is waiting. */
int console_getc(void);

/** console_enable_rx_irq() - let the UART interrupt on received data. */
void console_enable_rx_irq(void);

/** console_panic_mode() - from now on write without waiting for the lock
 * holder for more than a moment (used by the fatal-exception dump). */
void console_panic_mode(void);
#endif
