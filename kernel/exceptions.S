/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exception vectors: one macro per exception class, one line per IVOR.
 *
 * SPRG map
 *   SPRG0   struct percpu * of this CPU (constant after boot)
 *   SPRG1   base-class scratch: r10 of the interrupted context
 *   SPRG2   critical / debug / machine-check scratch: r10 likewise.
 *           A machine check inside a critical prologue loses the critical
 *           context; both are fatal in this hypervisor, so that is safe.
 *   SPRG3-7 never used here: user mode can read them, they belong to guests.
 *
 * Register use in the prologues
 *   r10  percpu pointer, r11 IVOR number, r12 scratch; the interrupted
 *   r11/r12/CR are parked in percpu->save[level] until the frame exists.
 *
 * Stacks: a base-class exception from the hypervisor (SRR1[PR] = 0) stays on
 * the current stack; from user mode it switches to the CPU's stack.
 * Critical, machine-check and debug always switch to their own per-CPU
 * stacks, so a corrupt r1 still gives a register dump.
 *
 * Exit codes equal the IVOR numbers: struct trap_frame.exc = IVOR.
 *
 * Guest exits: an exception with SRR1[PR] = 1 came from a guest (nothing
 * else runs in user mode). The FASTVECTOR classes (storage, alignment,
 * program, FP/SPE, system call, decrementer, TLB misses) try the fast paths of
 * kernel/fastpath.S first; every other guest exit, and every fast
 * path that gives up, saves the guest in its struct vcpu (guest_exit) and
 * calls vcpu_exit(). docs/vcpu.md has the picture.
 */
#include "kernel/ppc.h"
#include "generated/autoconf.h"
#include "generated/asm-offsets.h"

#define LVL_BASE  0
#define LVL_CRIT  1
#define LVL_MCHK  2
#define LVL_DEBUG 3

#define SAVE(lvl, n) (PC_SAVE + (lvl) * PC_SAVE_LVL_SIZE + 4 * (n))

/* One vector: park r10/r11, load percpu, branch to the class's common code. */
.macro VECTOR ivor, lvl, scratch, name
	.balign	16
	.ifb	\name
	.globl	exc_vector_\ivor
exc_vector_\ivor:
	.else
	.globl	\name
\name:
	.endif
	mtspr	\scratch, r10
	mfspr	r10, SPRN_SPRG_PERCPU
	stw	r11, SAVE(\lvl, 0)(r10)
	li	r11, \ivor
	b	exc_common_\lvl
.endm

/*
 * A base-class vector with a guest fast path (kernel/fastpath.S): parks
 * r10-r12/CR as VECTOR + COMMON do, then a guest exit goes to \target and
 * a hypervisor exception joins the common path after its own checks.
 */
.macro FASTVECTOR ivor, target
	.balign	16
	.globl	exc_vector_\ivor
exc_vector_\ivor:
	mtspr	SPRN_SPRG_BSCRATCH, r10
	mfspr	r10, SPRN_SPRG_PERCPU
	stw	r11, SAVE(LVL_BASE, 0)(r10)
	stw	r12, SAVE(LVL_BASE, 1)(r10)
	mfcr	r12
	stw	r12, SAVE(LVL_BASE, 2)(r10)
	mfspr	r12, SPRN_SRR1
	andi.	r12, r12, MSR_PR
	bne	\target		/* the fast path knows its IVOR */
	li	r11, \ivor
	b	exc_hv_0
.endm

/* The class's common path: build a trap_frame, call trap_entry, return. */
.macro COMMON lvl, srr0, srr1, scratch, rfi_insn, always_switch
exc_common_\lvl:
	stw	r12, SAVE(\lvl, 1)(r10)
	mfcr	r12
	stw	r12, SAVE(\lvl, 2)(r10)
	.if \always_switch
	mr	r12, r1
	lwz	r1, PC_LVL_STACK_TOP + 4 * \lvl(r10)
	.else
	/* Only guests run with MSR[PR] = 1: their exits leave here. */
	mfspr	r12, \srr1
	andi.	r12, r12, MSR_PR
	bne	guest_exit
	.globl	exc_hv_\lvl
exc_hv_\lvl:
	mr	r12, r1
	.endif
	stwu	r12, -TF_SIZE(r1)
	stw	r12, TF_GPR + 4 * 1(r1)
	stw	r0, TF_GPR + 4 * 0(r1)
	stmw	r2, TF_GPR + 4 * 2(r1)
	mfspr	r12, \scratch
	stw	r12, TF_GPR + 4 * 10(r1)
	lwz	r12, SAVE(\lvl, 0)(r10)
	stw	r12, TF_GPR + 4 * 11(r1)
	lwz	r12, SAVE(\lvl, 1)(r10)
	stw	r12, TF_GPR + 4 * 12(r1)
	lwz	r12, SAVE(\lvl, 2)(r10)
	stw	r12, TF_CR(r1)
	stw	r11, TF_EXC(r1)
	mfspr	r12, \srr0
	stw	r12, TF_SRR0(r1)
	mfspr	r12, \srr1
	stw	r12, TF_SRR1(r1)
	mflr	r12
	stw	r12, TF_LR(r1)
	mfctr	r12
	stw	r12, TF_CTR(r1)
	mfxer	r12
	stw	r12, TF_XER(r1)
	mfspr	r12, SPRN_ESR
	stw	r12, TF_ESR(r1)
	mfspr	r12, SPRN_DEAR
	stw	r12, TF_DEAR(r1)
	mr	r3, r1
	bl	trap_entry
	lwz	r12, TF_SRR0(r1)
	mtspr	\srr0, r12
	lwz	r12, TF_SRR1(r1)
	mtspr	\srr1, r12
	lwz	r12, TF_LR(r1)
	mtlr	r12
	lwz	r12, TF_CTR(r1)
	mtctr	r12
	lwz	r12, TF_XER(r1)
	mtxer	r12
	lwz	r12, TF_CR(r1)
	mtcr	r12
	lwz	r0, TF_GPR + 4 * 0(r1)
	lmw	r2, TF_GPR + 4 * 2(r1)
	lwz	r1, TF_GPR + 4 * 1(r1)
	\rfi_insn
.endm

#define BASE(n)  VECTOR n, LVL_BASE, SPRN_SPRG_BSCRATCH
#define CRIT(n)  VECTOR n, LVL_CRIT, SPRN_SPRG_CSCRATCH
#define MCHK(n)  VECTOR n, LVL_MCHK, SPRN_SPRG_CSCRATCH
#define DEBUG(n) VECTOR n, LVL_DEBUG, SPRN_SPRG_CSCRATCH

	.section .text.vectors, "ax"
	.balign	16
	.globl	exc_vectors_start
exc_vectors_start:
	CRIT(0)		/* critical input */
	MCHK(1)		/* machine check */
	FASTVECTOR 2, fast_dsi		/* data storage */
	FASTVECTOR 3, fast_isi		/* instruction storage */
	BASE(4)		/* external input */
	FASTVECTOR 5, fast_align	/* alignment */
	FASTVECTOR 6, fast_program	/* program */
	FASTVECTOR 7, fast_fpunavail	/* floating-point unavailable */
	FASTVECTOR 8, fast_syscall	/* system call */
	BASE(9)		/* auxiliary processor unavailable */
	FASTVECTOR 10, fast_decr	/* decrementer */
	BASE(11)	/* fixed-interval timer */
	CRIT(12)	/* watchdog */
	FASTVECTOR 13, fast_dtlb	/* data TLB miss */
	FASTVECTOR 14, fast_itlb	/* instruction TLB miss */
	DEBUG(15)	/* debug: CSRR0/1 on e500 (QEMU copies DSRR there too) */
	FASTVECTOR 32, fast_speunavail	/* SPE / AltiVec unavailable */
	FASTVECTOR 33, fast_spedata	/* SPE FP data */
	FASTVECTOR 34, fast_speround	/* SPE FP round */
	BASE(35)	/* performance monitor */
	BASE(36)	/* processor doorbell */
	CRIT(37)	/* processor doorbell critical */
	/* The fast vectors without their fast paths: a CPU whose vCPU keeps
	 * its state in a KVM magic page points them here (exc_install_slow). */
	.irp	n, 2, 3, 5, 6, 7, 8, 10, 13, 14, 32, 33, 34
	VECTOR	\n, LVL_BASE, SPRN_SPRG_BSCRATCH, exc_vector_\n\()_slow
	.endr

	COMMON LVL_BASE, SPRN_SRR0, SPRN_SRR1, SPRN_SPRG_BSCRATCH, rfi, 0
	COMMON LVL_CRIT, SPRN_CSRR0, SPRN_CSRR1, SPRN_SPRG_CSCRATCH, rfci, 1
	COMMON LVL_MCHK, SPRN_MCSRR0, SPRN_MCSRR1, SPRN_SPRG_CSCRATCH, rfmci, 1
	COMMON LVL_DEBUG, SPRN_CSRR0, SPRN_CSRR1, SPRN_SPRG_CSCRATCH, rfci, 1

/*
 * guest_exit: a base-class exception from the guest. r10 = percpu,
 * r11 = IVOR, the guest's r10/r11/r12/CR parked as for any exception.
 * Saves the whole guest register file in its struct vcpu (stmw/lmw: one
 * instruction each), the exit's SRR0/SRR1/ESR/DEAR, and calls
 * vcpu_exit(vcpu) on this CPU's stack; it returns the vCPU to enter.
 */
	.globl	guest_exit
guest_exit:
	lwz	r12, PC_VCPU(r10)
	stw	r0, V_GPR + 4 * 0(r12)
	stw	r1, V_GPR + 4 * 1(r12)
	stmw	r2, V_GPR + 4 * 2(r12)
	mfspr	r0, SPRN_SPRG_BSCRATCH
	stw	r0, V_GPR + 4 * 10(r12)
	lwz	r0, SAVE(LVL_BASE, 0)(r10)
	stw	r0, V_GPR + 4 * 11(r12)
	lwz	r0, SAVE(LVL_BASE, 1)(r10)
	stw	r0, V_GPR + 4 * 12(r12)
	lwz	r0, SAVE(LVL_BASE, 2)(r10)
	stw	r0, V_CR(r12)
	mflr	r0
	stw	r0, V_LR(r12)
	mfctr	r0
	stw	r0, V_CTR(r12)
	mfxer	r0
	stw	r0, V_XER(r12)
	mfspr	r0, SPRN_SRR0
	stw	r0, V_PC(r12)
	mfspr	r0, SPRN_SRR1
	stw	r0, V_EXIT_SRR1(r12)
	mfspr	r0, SPRN_ESR
	stw	r0, V_EXIT_ESR(r12)
	mfspr	r0, SPRN_DEAR
	stw	r0, V_EXIT_DEAR(r12)
	stw	r11, V_EXIT_NR(r12)
	lwz	r1, PC_STACK_TOP(r10)
	mr	r3, r12
	bl	vcpu_exit
	/* fall through: enter the vCPU vcpu_exit returned */

/*
 * guest_enter(r3 = vcpu): load the guest's registers and rfi into it with
 * its shadow MSR and PID. External interrupts stay off until the rfi.
 */
	.globl	guest_enter
guest_enter:
	wrteei	0
	bl	fast_enter_irq		/* an interrupt deliver() left to it */
	lwz	r4, V_PC(r3)
	mtspr	SPRN_SRR0, r4
	lwz	r4, V_SHADOW_MSR(r3)
	mtspr	SPRN_SRR1, r4
	lwz	r4, V_SHADOW_PID(r3)
	mtspr	SPRN_PID, r4
#ifdef CONFIG_CPU_HAS_EPID
	oris	r4, r4, EPLC_EAS@h	/* the fast paths fetch through EPLC */
	mtspr	SPRN_EPLC, r4
#endif
	lwz	r4, V_CR(r3)
	mtcr	r4
	lwz	r4, V_LR(r3)
	mtlr	r4
	lwz	r4, V_CTR(r3)
	mtctr	r4
	lwz	r4, V_XER(r3)
	mtxer	r4
	lwz	r0, V_GPR + 4 * 0(r3)
	lwz	r1, V_GPR + 4 * 1(r3)
	lwz	r2, V_GPR + 4 * 2(r3)
	lmw	r4, V_GPR + 4 * 4(r3)
	lwz	r3, V_GPR + 4 * 3(r3)
	rfi

	.globl	exc_vectors_end
exc_vectors_end:

/* exc_install: point IVPR and every IVOR of this core at the vectors. */
.macro SETIVOR n, sprn
	li	r3, 0
	ori	r3, r3, exc_vector_\n@l
	mtspr	\sprn, r3
.endm

	.text
	.globl	exc_install
exc_install:
	lis	r3, exc_vectors_start@h
	mtspr	SPRN_IVPR, r3
	SETIVOR 0, 400
	SETIVOR 1, 401
	SETIVOR 2, 402
	SETIVOR 3, 403
	SETIVOR 4, 404
	SETIVOR 5, 405
	SETIVOR 6, 406
	SETIVOR 7, 407
	SETIVOR 8, 408
	SETIVOR 9, 409
	SETIVOR 10, 410
	SETIVOR 11, 411
	SETIVOR 12, 412
	SETIVOR 13, 413
	SETIVOR 14, 414
	SETIVOR 15, 415
#ifdef CONFIG_CPU_E500V2
	SETIVOR 32, 528
	SETIVOR 33, 529
	SETIVOR 34, 530
#endif
	SETIVOR 35, 531
#ifdef CONFIG_CPU_HAS_DOORBELL
	SETIVOR 36, 532
	SETIVOR 37, 533
#endif
	isync
	blr

/* exc_install_slow: point this core's fast vectors at their slow twins,
 * which save the whole guest for C (hv/kvm.c, once a magic page is live). */
	.globl	exc_install_slow
exc_install_slow:
	SETIVOR 2_slow, 402
	SETIVOR 3_slow, 403
	SETIVOR 5_slow, 405
	SETIVOR 6_slow, 406
	SETIVOR 7_slow, 407
	SETIVOR 8_slow, 408
	SETIVOR 10_slow, 410
	SETIVOR 13_slow, 413
	SETIVOR 14_slow, 414
#ifdef CONFIG_CPU_E500V2
	SETIVOR 32_slow, 528
	SETIVOR 33_slow, 529
	SETIVOR 34_slow, 530
#endif
	isync
	blr
