/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nap_until_dec(ticks): arm the decrementer and nap (FH_ENTER_NAP on this
 * vCPU) until an interrupt. An interrupt taken between the two would leave
 * the nap waiting for another one: the handlers send any interrupt that
 * arrives inside [nap_window, nap_window_end) to nap_window_end instead
 * (nap_skip()), so the call returns at once with r3 = -1, which is no
 * status. Returns the status, or -1 when the nap was skipped.
 */
#include "guest.h"

	.text
	.globl	nap_until_dec
nap_until_dec:
	mr	r12, r3
	li	r3, -1			/* this partition, */
	li	r4, 0			/* vCPU 0 */
	lis	r11, 2			/* Freescale vendor, */
	ori	r11, r11, 15		/* FH_ENTER_NAP */
	lis	r0, 0x4b56
	ori	r0, r0, 0x4d21
	mtspr	SPRN_DEC, r12
	.globl	nap_window
nap_window:
	sc
	.globl	nap_window_end
nap_window_end:
	blr
