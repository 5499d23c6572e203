/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console: output is polled and serialised by a lock (several CPUs print);
 * input arrives by interrupt into a single-producer/single-consumer ring.
 */
#include <stdio.h>
#include <stdint.h>
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "drivers/ns16550.h"

#define RX_RING 256
#define PANIC_SPINS 2000000

static volatile void *uart;
static spinlock_t lock = SPINLOCK_INIT;
static volatile int panic_mode;
static char rx_ring[RX_RING];
static volatile unsigned int rx_head, rx_tail;

int console_init(volatile void *base, unsigned int clock_hz, unsigned int baud)
{
	uart = base;
	ns16550_init(base, clock_hz, baud);
	return 0;
}

/* Take the lock; the owning CPU may re-enter (a fault while printing), and
 * in panic mode a stuck owner is overridden after a while. Returns 1 if
 * this call took the lock and must release it. */
static int console_lock(void)
{
	uint32_t tag = this_cpu()->cpu + 1;
	unsigned long spins = 0;

	if (lock.v == tag)
		return 0;
	while (!spin_trylock_tag(&lock, tag)) {
		if (panic_mode && ++spins > PANIC_SPINS)
			return 0;
	}
	return 1;
}

static void emit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			ns16550_putc(uart, '\r');
		ns16550_putc(uart, s[i]);
	}
}

size_t console_write(const char *s, size_t n)
{
	uint32_t msr;
	int took;

	if (!uart)
		return n;
	msr = irq_save();
	took = console_lock();
	emit(s, n);
	if (took)
		spin_unlock(&lock);
	irq_restore(msr);
	return n;
}

int kvprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsniprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return n;
	if (n >= (int)sizeof(buf)) {
		/* Truncated: keep the line ending so the console stays aligned. */
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';
	}
	console_write(buf, n);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void console_rx_irq(void *arg)
{
	int c;

	(void)arg;
	while ((c = ns16550_getc(uart)) >= 0) {
		unsigned int next = (rx_head + 1) % RX_RING;

		if (next == rx_tail)
			continue; /* full: drop, the reader is too slow */
		rx_ring[rx_head] = (char)c;
		rx_head = next;
	}
	this_cpu()->work = 1;
}

int console_getc(void)
{
	int c;

	if (rx_tail == rx_head)
		return -1;
	c = (unsigned char)rx_ring[rx_tail];
	rx_tail = (rx_tail + 1) % RX_RING;
	return c;
}

void console_enable_rx_irq(void)
{
	ns16550_enable_rx_irq(uart);
}

void console_panic_mode(void)
{
	panic_mode = 1;
}
