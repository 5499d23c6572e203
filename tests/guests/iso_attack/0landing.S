/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attempt 3 points IVOR offsets of the hypervisor's own vectors
 * (0x100..0x1000) at the guest's IVPR 0, so the guest must own what sits
 * at those virtual addresses. This file sorts first among the program's
 * sources, so its .text follows crt0's vectors at the bottom of the image:
 * 4.5 KiB of zeros that nothing executes, where the tiny handlers go.
 * attempt 3 checks each target against [iso_landing, iso_landing_end) or
 * saves and restores what it overwrites.
 */
	.section .text, "ax"
	.globl	iso_landing
	.globl	iso_landing_end
	.balign	16
iso_landing:
	.space	0x1200, 0
iso_landing_end:
