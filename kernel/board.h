/* SPDX-License-Identifier: BSD-2-Clause */
/* What each board provides (boards/<board>/board.c). */
#ifndef KERNEL_BOARD_H
#define KERNEL_BOARD_H

/** board_name() - a short name for the banner. */
const char *board_name(void);
/** board_init() - map and set up board devices (power-off, reset).
 * Returns 0 or a negative errno. */
int board_init(void);
/** board_poweroff() - switch the machine off. Returns only on failure. */
void board_poweroff(void);
/** board_reset() - reset the machine. Returns only on failure. */
void board_reset(void);
/** board_describe() - print the board devices found, for the banner. */
void board_describe(void);
#endif
