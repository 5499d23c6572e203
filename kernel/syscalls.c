/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newlib's system hooks (powerpc-eabi newlib uses the names without a
 * leading underscore): stdout/stderr go to the console, the heap is a
 * fixed region after the image and the relocated device tree.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "kernel/console.h"
#include "kernel/board.h"
#include "kernel/trap.h"

static char *heap_start, *heap_cur, *heap_end;

/** syscalls_heap_init() - the heap spans [@start, @start + @size). */
void syscalls_heap_init(void *start, size_t size);
void syscalls_heap_init(void *start, size_t size)
{
	heap_start = heap_cur = (char *)(((uintptr_t)start + 15) & ~(uintptr_t)15);
	heap_end = (char *)start + size;
}

int write(int fd, const void *buf, size_t n);
int write(int fd, const void *buf, size_t n)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	return (int)console_write(buf, n);
}

int read(int fd, void *buf, size_t n);
int read(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t i = 0;
	int c;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	while (i < n && (c = console_getc()) >= 0)
		p[i++] = (char)c;
	return (int)i;
}

void *sbrk(ptrdiff_t incr);
void *sbrk(ptrdiff_t incr)
{
	char *old = heap_cur;

	if (!heap_cur || incr > heap_end - heap_cur || incr < heap_start - heap_cur) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_cur += incr;
	return old;
}

int fstat(int fd, struct stat *st);
int fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int isatty(int fd);
int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int close(int fd);
int close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence);
off_t lseek(int fd, off_t off, int whence)
{
	(void)fd, (void)off, (void)whence;
	return 0;
}

int getpid(void);
int getpid(void)
{
	return 1;
}

int kill(int pid, int sig);
int kill(int pid, int sig)
{
	(void)pid, (void)sig;
	errno = EINVAL;
	return -1;
}

void _exit(int status) __attribute__((noreturn));
void _exit(int status)
{
	kprintf("tessera: exit(%d)\n", status);
	board_poweroff();
	cpu_halt();
}
