/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated 16550 of partitions whose console is the hypervisor's
 * (hv/vuart.c): console input focus for it.
 */
#ifndef HV_VUART_H
#define HV_VUART_H

/**
 * vuart_focus() - send console input to the emulated UART of the partition
 * named @name, until Ctrl-]. Returns 0, or -ENOENT when no such partition
 * has one.
 */
int vuart_focus(const char *name);
/**
 * vuart_console_input() - one character typed on the hypervisor console.
 * Returns 1 if the focused UART took it, 0 if no UART has the focus.
 */
int vuart_console_input(int c);
/** vuart_console_release() - drop the console focus. Returns 1 if a UART
 * had it. */
int vuart_console_release(void);
#endif
