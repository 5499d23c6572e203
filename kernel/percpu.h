/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-CPU data. SPRG0 holds this CPU's struct percpu pointer from the first
 * instructions of boot on, so exception prologues reach their save areas
 * with a single mfspr.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include <stdint.h>
#include "kernel/ppc.h"

/* Exception levels; each has its own save slots in struct percpu. */
enum exc_level { EXC_LVL_BASE, EXC_LVL_CRIT, EXC_LVL_MCHK, EXC_LVL_DEBUG, EXC_LVL_COUNT };

enum cpu_state { CPU_OFFLINE, CPU_ONLINE, CPU_HALTED };

struct percpu {
	/* r11, r12, cr, then the fast paths' scratch (kernel/fastpath.S) */
	uint32_t save[EXC_LVL_COUNT][16];
	uint32_t tlb0_rr;         /* fast refill: round-robin shadow TLB0 way */
	uint32_t stack_top;       /* base-level stack, used on entry from user mode */
	uint32_t lvl_stack_top[EXC_LVL_COUNT]; /* crit/mchk/debug always switch */
	uint32_t cpu;             /* logical index = index in percpu_data[] */
	uint32_t pir;             /* hardware id */
	volatile uint32_t state;  /* enum cpu_state */
	volatile uint32_t ipi_count;
	volatile uint32_t work;   /* set by interrupt handlers for the idle loop */
	uint32_t nr_traps;
	void *timers;             /* timer service: sorted list head */
	void *vcpu;               /* the vCPU this CPU runs (hv/vcpu.h), or NULL */
	void (*volatile run_fn)(void *); /* smp_run(): called from the idle loop */
	void *run_arg;
} __attribute__((aligned(64)));

extern struct percpu percpu_data[];

/** this_cpu() - this CPU's per-CPU block. Returns a non-NULL pointer. */
static inline struct percpu *this_cpu(void)
{
	return (struct percpu *)mfspr(SPRN_SPRG_PERCPU);
}

/** cpu_id() - this CPU's logical index. */
static inline unsigned int cpu_id(void)
{
	return this_cpu()->cpu;
}


void percpu_init(void);

/** cpu_idle_wait() - (assembly) enable EE and sleep until an interrupt. */
void cpu_idle_wait(void);
/**
 * cpu_idle() - called with external interrupts off after finding no work:
 * enable them and wait for an interrupt, sleeping the core where that is
 * safe. Returns with interrupts on.
 */
void cpu_idle(void);
extern char cpu_idle_insn[];

/* Work bits for struct percpu.work */
#define WORK_WAKE 0x1
#endif
