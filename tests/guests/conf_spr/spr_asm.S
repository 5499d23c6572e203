/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_spr: one read and one write stub per SPR number (mfspr/mtspr take
 * the SPR as an immediate), listed in spr_table as { spr, read, write };
 * the same for a few PMRs (mfpmr/mtpmr) in pmr_table. A read stub preloads
 * r3 with 0xdeadbeef, so a read that does nothing shows. User-mode code
 * for the user-readable SPRs ends with sc (the hook returns to supervisor).
 */
#include "guest.h"

.macro SPR n
	.section .text.spr_stubs, "ax"
spr_rd_\n:
	lis	r3, 0xdead
	ori	r3, r3, 0xbeef
	mfspr	r3, \n
	blr
spr_wr_\n:
	mtspr	\n, r3
	blr
	.section .rodata.spr_table, "a"
	.long	\n, spr_rd_\n, spr_wr_\n
.endm

.macro PMR n
	.section .text.spr_stubs, "ax"
pmr_rd_\n:
	lis	r3, 0xdead
	ori	r3, r3, 0xbeef
	mfpmr	r3, \n
	blr
pmr_wr_\n:
	mtpmr	\n, r3
	blr
	.section .rodata.pmr_table, "a"
	.long	\n, pmr_rd_\n, pmr_wr_\n
.endm

	.section .rodata.spr_table, "a"
	.balign	4
	.globl	spr_table, spr_table_end
spr_table:
	.irp n, 22, 26, 27, 48, 54, 58, 59, 61, 62, 63, 259, 260, 261, 262, 263
	SPR \n
	.endr
	.irp n, 268, 269, 272, 273, 274, 275, 276, 277, 278, 279, 284, 285, 286, 287
	SPR \n
	.endr
	.irp n, 304, 308, 309, 310, 312, 313, 316, 317, 336, 340
	SPR \n
	.endr
	.irp n, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415
	SPR \n
	.endr
	.irp n, 528, 529, 530, 531, 532, 533, 570, 571, 572, 573, 574, 575
	SPR \n
	.endr
	.irp n, 624, 625, 626, 627, 628, 630, 633, 634, 688, 689, 944
	SPR \n
	.endr
	.irp n, 1000, 1008, 1009, 1010, 1011, 1012, 1013, 1015, 1017, 1018, 1023
	SPR \n
	.endr
	.section .rodata.spr_table, "a"
spr_table_end:

	.section .rodata.pmr_table, "a"
	.balign	4
	.globl	pmr_table, pmr_table_end
pmr_table:
	.irp n, 0, 16, 17, 144, 272, 384, 400
	PMR \n
	.endr
	.section .rodata.pmr_table, "a"
pmr_table_end:

	.section .text, "ax"

/* void user_call(void (*fn)(uint32_t *), uint32_t *arg): run @fn(@arg)
 * with MSR[PR] = 1; @fn ends with "sc; blr" and returns in supervisor. */
	.globl	user_call
user_call:
	mtspr	SPRN_SRR0, r3
	mr	r3, r4
	mfmsr	r4
	ori	r4, r4, MSR_PR
	mtspr	SPRN_SRR1, r4
	rfi

/* User mode: out[0..4] = SPRG3..7 through their user numbers 259..263,
 * out[5] = mfspr 1000 (no such SPR); then write 259 (read-only) and
 * read SPRG3 by its supervisor number 275. */
	.globl	user_sprg, user_sprg_mtspr
user_sprg:
	mfspr	r4, 259
	stw	r4, 0(r3)
	mfspr	r4, 260
	stw	r4, 4(r3)
	mfspr	r4, 261
	stw	r4, 8(r3)
	mfspr	r4, 262
	stw	r4, 12(r3)
	mfspr	r4, 263
	stw	r4, 16(r3)
	lis	r4, 0xdead
	ori	r4, r4, 0xbeef
	mfspr	r4, 1000
	stw	r4, 20(r3)
user_sprg_mtspr:
	mtspr	259, r4
	mfspr	r4, 275
	lis	r4, 0xdead
	ori	r4, r4, 0xbeef
	mfpmr	r4, 0		/* UPMC0: user-readable PMR */
	stw	r4, 24(r3)
	mfpmr	r4, 16		/* PMC0: supervisor only */
	sc
	blr
