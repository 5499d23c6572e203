/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newlib's system hooks (newlib for powerpc-eabi calls them without a
 * leading underscore, except _exit), a fixed heap in .bss, and the exit
 * path: guest_exit() powers QEMU off through GPIO pin 0.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "guest.h"

#define GPIO_GPDIR 0x0
#define GPIO_GPDAT 0x8
#define GPIO_PIN0  0x80000000u

static char heap[GUEST_HEAP_SIZE] __attribute__((aligned(16)));
static size_t heap_used;

/*
 * The newlib hooks keep newlib's own prototypes (unistd.h, sys/stat.h) and
 * conventions: a result or -1 with errno set. Only fds 0..2 exist, all on
 * UART0; _exit() is guest_exit().
 */

/** write() - copy @n bytes of stdout/stderr to UART0 ("\n" -> "\r\n"). */
int write(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t i;

	if (fd != STDOUT_FILENO && fd != STDERR_FILENO) {
		errno = EBADF;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			guest_uart_putc('\r');
		guest_uart_putc(p[i]);
	}
	return (int)n;
}

/** read() - stdin from UART0: waits for the first byte only, returns the count. */
int read(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t i = 0;
	int c;

	if (fd != STDIN_FILENO) {
		errno = EBADF;
		return -1;
	}
	while (i < n) {
		c = guest_uart_getc();
		if (c < 0) {
			if (i)
				break;
			continue;
		}
		p[i++] = (char)c;
	}
	return (int)i;
}

/** sbrk() - grow the fixed heap; (void *)-1 with ENOMEM when it is full. */
void *sbrk(ptrdiff_t incr)
{
	char *old = heap + heap_used;

	if (incr > (ptrdiff_t)(sizeof(heap) - heap_used) || -incr > (ptrdiff_t)heap_used) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_used += incr;
	return old;
}

int fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

void _exit(int code)
{
	guest_exit(code);
}

void guest_poweroff(void)
{
	volatile uint8_t *gpio = (volatile uint8_t *)GUEST_GPIO;

	out_be32(gpio + GPIO_GPDIR, in_be32(gpio + GPIO_GPDIR) | GPIO_PIN0);
	out_be32(gpio + GPIO_GPDAT, in_be32(gpio + GPIO_GPDAT) | GPIO_PIN0);
	for (;;)
		;
}

void guest_exit(int code)
{
	fflush(stdout);
	fflush(stderr);
	guest_uart_puts("guest: exit ");
	guest_uart_dec(code);
	guest_uart_puts("\n");
	guest_poweroff();
}
