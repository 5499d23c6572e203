/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated MPIC of a `none` or `kvm` partition: the FSL MPIC register
 * interface (global, source, per-CPU blocks) over virtual sources: the
 * guest's IPIs, its four global timers, and the real interrupts of the
 * devices passed through to it.
 */
#ifndef HV_VMPIC_H
#define HV_VMPIC_H

#include <stdint.h>
#include "kernel/spinlock.h"
#include "kernel/timer.h"

struct vcpu;

#define VMPIC_NSRC 256                  /* external + internal sources */
#define VMPIC_IPI0 VMPIC_NSRC           /* 4 IPIs */
#define VMPIC_TMR0 (VMPIC_NSRC + 4)     /* 4 global timers */
#define VMPIC_TOTAL (VMPIC_NSRC + 8)
#define VMPIC_WORDS ((VMPIC_TOTAL + 31) / 32)
#define VMPIC_MAX_CPUS 4
#define VMPIC_ISR_DEPTH 16

struct partition;

/*
 * A global timer counts on the hypervisor's timer service of one CPU, its
 * owner (the partition's first CPU): the service's lists are per CPU. A
 * vCPU elsewhere that reprograms it leaves a request the owner carries out
 * on its next exit (vmpic_poll), woken by an IPI.
 */
struct vmpic_timer {
	uint32_t gtbcr, gtvpr_unused;
	uint64_t base_tb;        /* timebase when the count (re)started */
	struct timer t;
	struct partition *p;
	unsigned int n;
	unsigned int owner;      /* the CPU whose timer list holds t */
};

/* Register fields the model and its register file share. */
#define VPR_MSK 0x80000000u
#define VPR_ACT 0x40000000u
#define VPR_PRIO(v) (((v) >> 16) & 0xf)
#define VPR_VEC(v) ((v) & 0xffffu)
#define GCR_RESET 0x80000000u

#define VMPIC_MSI0 224 /* the eight MSI sources (QEMU's FSL MPIC 4.2) */

struct vmpic {
	/* One lock for the model, which the same CPU may take again (the
	 * register handlers use the exported operations); survives resets. */
	struct { spinlock_t lock; uint32_t depth, msr; } guard;
	uint32_t gcr, svr, tfrr;
	uint32_t vpr[VMPIC_TOTAL], dr[VMPIC_TOTAL];
	uint8_t ilr[VMPIC_TOTAL];   /* 0: interrupt, 1: critical interrupt */
	uint32_t msir[8];
	uint32_t pending[VMPIC_MAX_CPUS][VMPIC_WORDS];
	uint32_t pending_nz[VMPIC_MAX_CPUS]; /* bit w: pending[cpu][w] != 0 */
	uint32_t line[VMPIC_WORDS]; /* level sources of emulated devices: line up */
	uint32_t level[VMPIC_WORDS]; /* sources vmpic_set_line() drives */
	uint32_t passthru[VMPIC_WORDS]; /* levels of real sources (hv/virq.c) */
	uint16_t offered[VMPIC_MAX_CPUS]; /* proxy: source + 1 offered (0: none) */
	uint32_t proxy;             /* vmpic_ext_proxy(), kept by route_all() */
	uint32_t ctpr[VMPIC_MAX_CPUS];
	uint16_t isr[VMPIC_MAX_CPUS][VMPIC_ISR_DEPTH];
	unsigned int nisr[VMPIC_MAX_CPUS];
	uint32_t ncpus;
	/* Not cleared by a reset (a timer may sit in its owner's list). */
	struct vmpic_timer tmr[4];
	volatile uint32_t tmr_req; /* bit n: tmr[n] to restart on its owner */
};

/** vmpic_poll() - on the owner CPU of @p's global timers, restart those
 * another CPU reprogrammed. No return value. */
void vmpic_poll(struct partition *p);
/** vmpic_lock() - hold @p's vMPIC across several steps (hypercalls that
 * edit its registers); nests on one CPU. No return value. */
void vmpic_lock(struct partition *p);
/** vmpic_unlock() - release what vmpic_lock() took. No return value. */
void vmpic_unlock(struct partition *p);
/** vmpic_reset() - the state after a GCR reset: everything masked. */
void vmpic_reset(struct vmpic *m, struct partition *p);
/**
 * vmpic_raise() - source @src becomes pending for the vCPUs in @cpu_mask
 * (IPIs) or its configured destination (@cpu_mask 0). Kicks the vCPU.
 */
void vmpic_raise(struct partition *p, unsigned int src, uint32_t cpu_mask);
/**
 * vmpic_set_line() - an emulated device's level-sensitive source @src is
 * now at @level: pending while up (again after each EOI), withdrawn when
 * it falls before being acknowledged. No return value.
 */
void vmpic_set_line(struct partition *p, unsigned int src, int level);
/** vmpic_proxy() - the guest put the MPIC in external proxy mode (GCR):
 * delivery acknowledges and the vector goes to EPR. Returns 0 or 1. */
int vmpic_proxy(const struct partition *p);
/** vmpic_set_passthru() - level source @src of @p is a real one, masked at
 * the real MPIC while up (hv/virq.c): the guest's EOI lowers its line and
 * unmasks it. Survives resets. No return value. */
void vmpic_set_passthru(struct partition *p, unsigned int src);
/*
 * What the register file (hv/vmpic_regs.c) asks of the model, each under
 * the model's lock:
 * vmpic_update_all() - recompute every vCPU's lines after a source's
 *   VPR, DR or ILR changed. No return value.
 * vmpic_set_gcr() - a GCR write: a reset, or a mode that may switch
 *   external proxy on or off (offers withdrawn, vCPUs rerouted). No return
 *   value.
 * vmpic_msi_read() - read and clear MSIR @n, lowering its MSI source.
 *   Returns the value read.
 * vmpic_active() - VPR[ACT] of source @n: unmasked and pending, or offered
 *   and not yet taken, on some vCPU. Returns 1 or 0.
 * vmpic_tmr_set_base() - global timer @n's GTBCR written: it restarts on
 *   the CPU owning it. No return value.
 * vmpic_tmr_count() - global timer @n's current count (GTCCR).
 */
void vmpic_update_all(struct partition *p);
void vmpic_set_gcr(struct partition *p, uint32_t val);
uint32_t vmpic_msi_read(struct partition *p, unsigned int n);
int vmpic_active(struct partition *p, unsigned int n);
void vmpic_tmr_set_base(struct partition *p, unsigned int n, uint32_t gtbcr);
uint32_t vmpic_tmr_count(struct partition *p, unsigned int n);
/** vmpic_ext_proxy() - @p's vCPUs take their externals in external proxy
 * mode: the ePAPR hv-pic on 2.06 cores, or an MPIC whose GCR asks for it
 * (Linux's "coreint"). Returns 1 or 0. */
int vmpic_ext_proxy(const struct partition *p);
/**
 * vmpic_take() - in external proxy mode, claim the interrupt the vMPIC
 * offered @v (it is acknowledged already): its vector goes to @v's EPR.
 * Returns 1, or 0 when no offer stands. Runs on @v's CPU; the assembly
 * delivery (kernel/fastpath.S: fast_irq) claims the same way.
 */
int vmpic_take(struct vcpu *v);
/** vmpic_iack() - acknowledge vCPU @cpu's best interrupt. Returns its
 * vector, or the spurious vector when none is pending. */
uint32_t vmpic_iack(struct partition *p, unsigned int cpu);
/** vmpic_eoi() - end the interrupt vCPU @cpu is servicing. */
void vmpic_eoi(struct partition *p, unsigned int cpu);
/** vmpic_update() - recompute vCPU @cpu's interrupt line. */
void vmpic_update(struct partition *p, unsigned int cpu);
#endif
