/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_exc: the instructions that raise each exception, each behind a
 * global label so the C side can print SRR0 relative to it, and the
 * user-mode stubs (one 4 KiB page, mapped a second time with user rights).
 */
#include "guest.h"

#define LEAF(n)	.globl n; .type n, @function; n:
#define AT(n)	.globl n; n:

	.section .text.conf_exc, "ax"

/* void t_sc(void): sc; the hook returns to the next instruction. */
LEAF(t_sc)
AT(t_sc_at)
	sc
	blr

/* void t_illegal(void): opcode 0 is not an instruction on any e500. */
LEAF(t_illegal)
AT(t_illegal_at)
	.long	0x00000000
	blr

/* void t_trap(void): unconditional trap word. */
LEAF(t_trap)
AT(t_trap_at)
	tw	31, 0, 0
	blr

/* uint32_t t_load(uint32_t va, uint32_t preset): preset if skipped. */
LEAF(t_load)
	mr	r5, r4
AT(t_load_at)
	lwz	r5, 0(r3)
	mr	r3, r5
	blr

/* void t_store(uint32_t va, uint32_t value) */
LEAF(t_store)
AT(t_store_at)
	stw	r4, 0(r3)
	blr

/* void t_lwarx(uint32_t va) */
LEAF(t_lwarx)
AT(t_lwarx_at)
	lwarx	r5, 0, r3
	blr

/* void t_stwcx(uint32_t va) (clobbers cr0, which is volatile) */
LEAF(t_stwcx)
AT(t_stwcx_at)
	stwcx.	r3, 0, r3
	blr

/* void t_dcbz(uint32_t va) */
LEAF(t_dcbz)
AT(t_dcbz_at)
	dcbz	0, r3
	blr

/* void t_lfd(uint32_t va): lfd f0,0(r3), encoded (the build is soft-float). */
LEAF(t_lfd)
AT(t_lfd_at)
	.long	0xc8030000
	blr

/* void t_spe(void): evmergehi r5,r5,r5, encoded (gcc-12 has no SPE). */
LEAF(t_spe)
AT(t_spe_at)
	.long	0x10a52a2c
	blr

/*
 * void t_jump(uint32_t target): call @target. A fetch fault there is
 * resumed by the hook at LR, i.e. back here.
 */
LEAF(t_jump)
	stwu	r1, -16(r1)
	mflr	r0
	stw	r0, 20(r1)
	mtctr	r3
	bctrl
	lwz	r0, 20(r1)
	mtlr	r0
	addi	r1, r1, 16
	blr

/*
 * uint32_t enter_user(uint32_t pc, uint32_t r4): rfi to @pc with MSR[PR]
 * set and r4 passed on. User code never returns by itself: the hook
 * sends its first exception to user_return with MSR[PR] clear, which
 * restores the caller's non-volatile state and returns r3.
 */
LEAF(enter_user)
	stwu	r1, -96(r1)
	mflr	r0
	stw	r0, 100(r1)
	mfcr	r0
	stw	r0, 80(r1)
	stmw	r14, 8(r1)
	lis	r5, user_saved_sp@ha
	stw	r1, user_saved_sp@l(r5)
	mtspr	SPRN_SRR0, r3
	mfmsr	r5
	ori	r5, r5, MSR_PR
	mtspr	SPRN_SRR1, r5
	rfi

LEAF(user_return)
	lis	r5, user_saved_sp@ha
	lwz	r1, user_saved_sp@l(r5)
	lmw	r14, 8(r1)
	lwz	r0, 80(r1)
	mtcr	r0
	lwz	r0, 100(r1)
	mtlr	r0
	addi	r1, r1, 96
	blr

/*
 * User page: linked here, run at its user-mode alias. Each stub faults
 * on its first instruction; the sc after it catches a stub that did not.
 */
	.section .text.conf_user, "ax"
	.balign	4096
	.globl	user_page
user_page:
AT(u_sc)
	sc
	sc
AT(u_mfmsr)
	mfmsr	r3
	sc
AT(u_mtspr)
	mtspr	SPRN_SRR0, r3
	sc
AT(u_load)
	lwz	r3, 0(r4)
	sc
	.balign	4096
	.globl	user_page_end
user_page_end:

	.section .bss.conf_exc, "aw", @nobits
	.balign	4
user_saved_sp:
	.space	4
