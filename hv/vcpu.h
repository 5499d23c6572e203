/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtual CPU: the guest's registers while it is not running, its
 * virtual supervisor state (MSR, SPRs, guest TLB, timers) and the exit
 * information kernel/exceptions.S captures on every exit.
 *
 * The guest runs with MSR[PR] = 1 and MSR[IS,DS] = 1: every privileged
 * instruction traps, and only shadow TLB entries (TS = 1, TID = the
 * shadow PID) translate its accesses. One vCPU runs per physical CPU.
 */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <stdint.h>
#include "hv/gtlb.h"
#include "kernel/timer.h"
#include "kernel/spinlock.h"

struct partition;
struct kvm_shared;

#define VCPU_NR_IVOR 42 /* IVOR0..15 and 32..41 (stored by number) */
#define VCPU_NR_PMR 64

/* Counts per exit reason (IVOR) plus the emulation classes. */
enum vcpu_stat {
	VSTAT_EMUL = 0, VSTAT_REFLECT, VSTAT_TLB_REFILL, VSTAT_TLB_REFLECT,
	VSTAT_MMIO, VSTAT_HCALL, VSTAT_IRQ_INJECT, VSTAT_COUNT
};

struct vcpu {
	/* --- touched by the assembly world switch (asm-offsets) --- */
	uint32_t gpr[32];
	uint32_t cr, lr, ctr, xer;
	uint32_t pc;
	uint32_t shadow_msr;   /* the real MSR the guest runs with */
	uint32_t shadow_pid;   /* the real PID: shadow context of the guest */
	uint32_t exit_nr;      /* IVOR of the last exit */
	uint32_t exit_srr1, exit_esr, exit_dear;
	/* precomputed for the assembly fast paths (hv/fastpath.S) */
	uint32_t msr;          /* the guest's view of its MSR */
	uint32_t srr0, srr1;
	uint32_t sprg[8];
	uint32_t tid[8];       /* shadow PID per guest mode: IS << 2 | DS << 1 | PR */
	uint32_t vec[VCPU_NR_IVOR]; /* IVPR | IVORn, by IVOR number */
	uint32_t shadow_base;  /* the real MSR of a guest after an interrupt */
	uint32_t pending;      /* VPEND_* bits: non-zero sends EE changes to C */
	uint32_t fast_irqs;    /* VPEND_* bits the assembly delivers (vcpu_irq_route) */
	uint32_t hcall_ok;     /* the platform has hypercalls */
	uint32_t msr_valid;    /* MSR bits this core implements */
	/* The fast RAM window: guest-physical [ram_gpa, ram_gpa + ram_size)
	 * is host-physical ram_hpa + offset, all below 4 GiB (size 0: none). */
	uint32_t ram_gpa, ram_size, ram_hpa, ram_wimge;
	uint32_t magic_tag;    /* the magic page's EA | 1 while mapped, else 0 */

	/* --- virtual supervisor state --- */
	uint32_t csrr0, csrr1, mcsrr0, mcsrr1, dsrr0, dsrr1;
	uint32_t esr, dear, mcsr, mcar;
	uint32_t ivpr, ivor[VCPU_NR_IVOR];
	uint32_t pid[GTLB_NPID];
	struct gtlb_mas mas;
	uint32_t tcr, tsr, decar;
	uint64_t dec_deadline; /* timebase value at which DEC reaches 0 */
	int dec_running;
	uint32_t hid0, hid1, l1csr0, l1csr1, l2csr0, l2csr1, bucsr;
	uint32_t dbcr0, dbcr1, dbcr2, dbsr, iac1, iac2, dac1, dac2;
	uint32_t pmr[VCPU_NR_PMR];
	uint32_t epr;          /* external proxy: the vector acknowledged at delivery */
	int idle;              /* waiting for an interrupt (wait / MSR[WE]) */

	struct kvm_shared *magic; /* the KVM magic page (hv/kvm.c), or NULL */
	uint32_t magic_ea;
	int magic_live;        /* the guest has touched it: it holds the state */
	struct gtlb gtlb;
	struct timer dec_timer, fit_timer, wdt_timer;
	int wdt_reset;         /* the watchdog's final expiry, for vtimer_poll() */
	struct partition *part;
	unsigned int id;       /* vCPU index in its partition (its PIR) */
	unsigned int pcpu;     /* physical CPU it runs on */
	spinlock_t inval_lock; /* tlbivax from the other vCPUs (hv/tlbsync.c) */
	uint32_t inval_n;
	uint32_t inval_ea[8];
	uint64_t start_tb;     /* timebase when vcpu_run() first entered it */
	uint32_t stats_exit[64];
	uint32_t stats[VSTAT_COUNT];
};

/* Pending virtual interrupts, delivered when the guest's MSR allows. */
#define VPEND_DEC      0x1
#define VPEND_EXT      0x2
#define VPEND_DOORBELL 0x4
#define VPEND_FIT      0x8
#define VPEND_CRIT     0x10 /* the critical input (an MPIC source routed there) */
#define VPEND_WDT      0x20
/* External proxy: the vMPIC acknowledged the source the vCPU takes next and
 * offers its vector in the word's upper half (hv/vmpic.c: offer). Claiming
 * the offer clears OFFER, the vector and EXT in one atomic step. */
#define VPEND_OFFER    0x8000
#define VPEND_VEC_SHIFT 16
#define VPEND_OFFER_ALL (0xffff0000u | VPEND_OFFER)

/**
 * vcpu_irq_route() - recompute which pending interrupts @v's assembly
 * paths may deliver themselves (vcpu->fast_irqs): after a change of the
 * partition's interrupt mode or of the KVM magic page. No return value.
 */
void vcpu_irq_route(struct vcpu *v);
/**
 * vcpu_init() - reset @v to the ePAPR entry state of vCPU @id of @p.
 * Returns 0 or a negative errno.
 */
int vcpu_init(struct vcpu *v, struct partition *p, unsigned int id);
/** vcpu_run() - enter @v on this CPU; returns only when the partition stops. */
void vcpu_run(struct vcpu *v);
/** vcpu_current() - the vCPU this CPU runs, or NULL. */
struct vcpu *vcpu_current(void);
/**
 * vcpu_reflect() - deliver exception @ivor to the guest as hardware would:
 * save PC/MSR in the class's save/restore pair, set the new MSR and jump
 * to IVPR|IVOR. @esr and @dear are written when @flags says so.
 */
#define REFLECT_ESR  0x1
#define REFLECT_DEAR 0x2
void vcpu_reflect(struct vcpu *v, unsigned int ivor, uint32_t esr, uint32_t dear,
		  unsigned int flags);
/** vcpu_vectors_changed() - recompute what the fast paths cache of IVPR
 * and the IVORs. */
void vcpu_vectors_changed(struct vcpu *v);
/** vcpu_set_msr() - the guest writes its MSR (mtmsr, rfi...). */
void vcpu_set_msr(struct vcpu *v, uint32_t msr);
/** vcpu_kick() - mark interrupt @bits pending for @v (and wake it). */
void vcpu_kick(struct vcpu *v, uint32_t bits);

/**
 * vcpu_print_stats() - print @v's exit counts by reason and by what the
 * hypervisor did, and the timebase ticks since it started: one line, for
 * the benchmarks' histograms. No return value.
 */
void vcpu_print_stats(const struct vcpu *v);

/* Assembly (kernel/exceptions.S). */
void guest_enter(struct vcpu *v) __attribute__((noreturn));
/* C side of an exit: handles it and returns the vCPU to enter. */
struct vcpu *vcpu_exit(struct vcpu *v);
#endif
