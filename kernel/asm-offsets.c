/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Compiled to assembly only; the Makefile turns each "->NAME value" marker
 * into a #define in build/include/generated/asm-offsets.h.
 */
#include <stddef.h>
#include "kernel/percpu.h"
#include "kernel/trap.h"
#include "kernel/tlb.h"
#include "hv/vcpu.h"
#include "hv/vtimer.h"

#define DEFINE(sym, val) __asm__ volatile("\n->" #sym " %0" : : "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(PC_SAVE, percpu, save);
	DEFINE(PC_SAVE_LVL_SIZE, sizeof(((struct percpu *)0)->save[0]));
	OFFSET(PC_STACK_TOP, percpu, stack_top);
	OFFSET(PC_LVL_STACK_TOP, percpu, lvl_stack_top);
	OFFSET(PC_CPU, percpu, cpu);
	OFFSET(PC_VCPU, percpu, vcpu);
	OFFSET(PC_TLB0_RR, percpu, tlb0_rr);
	OFFSET(PC_TIMERS, percpu, timers);
	OFFSET(T_DEADLINE, timer, deadline);
	OFFSET(T_NEXT, timer, next);
	OFFSET(T_ARMED, timer, armed);
	DEFINE(TIMER_DEC_MIN_ASM, TIMER_DEC_MIN);
	DEFINE(PERCPU_SIZE, sizeof(struct percpu));

	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	OFFSET(TF_GPR, trap_frame, gpr);
	OFFSET(TF_SRR0, trap_frame, srr0);
	OFFSET(TF_SRR1, trap_frame, srr1);
	OFFSET(TF_CR, trap_frame, cr);
	OFFSET(TF_LR, trap_frame, lr);
	OFFSET(TF_CTR, trap_frame, ctr);
	OFFSET(TF_XER, trap_frame, xer);
	OFFSET(TF_ESR, trap_frame, esr);
	OFFSET(TF_DEAR, trap_frame, dear);
	OFFSET(TF_EXC, trap_frame, exc);

	OFFSET(TLBE_MAS1, tlb_entry, mas1);
	OFFSET(TLBE_MAS2, tlb_entry, mas2);
	OFFSET(TLBE_MAS3, tlb_entry, mas3);
	OFFSET(TLBE_MAS7, tlb_entry, mas7);
	DEFINE(TLBE_SIZE, sizeof(struct tlb_entry));
	DEFINE(TLB_HV_SLOTS_ASM, TLB_HV_SLOTS);

	OFFSET(V_GPR, vcpu, gpr);
	OFFSET(V_CR, vcpu, cr);
	OFFSET(V_LR, vcpu, lr);
	OFFSET(V_CTR, vcpu, ctr);
	OFFSET(V_XER, vcpu, xer);
	OFFSET(V_PC, vcpu, pc);
	OFFSET(V_SHADOW_MSR, vcpu, shadow_msr);
	OFFSET(V_SHADOW_PID, vcpu, shadow_pid);
	OFFSET(V_EXIT_NR, vcpu, exit_nr);
	OFFSET(V_EXIT_SRR1, vcpu, exit_srr1);
	OFFSET(V_EXIT_ESR, vcpu, exit_esr);
	OFFSET(V_EXIT_DEAR, vcpu, exit_dear);
	OFFSET(V_MSR, vcpu, msr);
	OFFSET(V_SRR0, vcpu, srr0);
	OFFSET(V_SRR1, vcpu, srr1);
	OFFSET(V_SPRG, vcpu, sprg);
	OFFSET(V_BUCSR, vcpu, bucsr);
	OFFSET(V_TID, vcpu, tid);
	OFFSET(V_VEC, vcpu, vec);
	OFFSET(V_RAM_GPA, vcpu, ram_gpa);
	OFFSET(V_RAM_SIZE, vcpu, ram_size);
	OFFSET(V_RAM_HPA, vcpu, ram_hpa);
	OFFSET(V_RAM_WIMGE, vcpu, ram_wimge);
	OFFSET(V_MAGIC_TAG, vcpu, magic_tag);
	OFFSET(V_ESR, vcpu, esr);
	OFFSET(V_DEAR, vcpu, dear);
	OFFSET(V_PID, vcpu, pid);
	OFFSET(V_MAS, vcpu, mas);
	OFFSET(V_TLB0, vcpu, gtlb.tlb0);
	OFFSET(V_TLB1, vcpu, gtlb.tlb1);
	OFFSET(V_TLB1_VALID, vcpu, gtlb.tlb1_valid);
	OFFSET(V_GTLB_NV, vcpu, gtlb.nv);
	OFFSET(V_STATS, vcpu, stats);
	OFFSET(V_TCR, vcpu, tcr);
	OFFSET(V_TSR, vcpu, tsr);
	OFFSET(V_DEC_TIMER, vcpu, dec_timer);
	OFFSET(V_FIT_TIMER, vcpu, fit_timer);
	OFFSET(V_WDT_TIMER, vcpu, wdt_timer);
	OFFSET(V_WDT_RESET, vcpu, wdt_reset);
	OFFSET(V_CSRR0, vcpu, csrr0);
	OFFSET(V_CSRR1, vcpu, csrr1);
	DEFINE(VPEND_WDT_ASM, VPEND_WDT);
	DEFINE(VTIMER_MIN_GAP_ASM, VTIMER_MIN_GAP);
	DEFINE(VPEND_CRIT_ASM, VPEND_CRIT);
	DEFINE(VPEND_FIT_ASM, VPEND_FIT);
	DEFINE(VPEND_EXT_ASM, VPEND_EXT);
	DEFINE(VPEND_OFFER_ASM, VPEND_OFFER);
	/* What claiming an offer keeps: the low half less OFFER and EXT. */
	DEFINE(VPEND_CLAIM_KEEP_ASM, 0xffffu & ~(VPEND_OFFER | VPEND_EXT));
	_Static_assert(VPEND_VEC_SHIFT == 16 && VPEND_OFFER_ALL == 0xffff8000u,
		       "the assembly claims an offer as the low half less OFFER and EXT");
	OFFSET(V_EPR, vcpu, epr);
	OFFSET(V_DEC_RUNNING, vcpu, dec_running);
	DEFINE(VSTAT_IRQ_INJECT_ASM, VSTAT_IRQ_INJECT);
	DEFINE(VPEND_DEC_ASM, VPEND_DEC);
	DEFINE(VSTAT_COUNT_ASM, VSTAT_COUNT);
	DEFINE(VSTAT_REFLECT_ASM, VSTAT_REFLECT);
	DEFINE(VSTAT_TLB_REFILL_ASM, VSTAT_TLB_REFILL);
	DEFINE(VSTAT_TLB_REFLECT_ASM, VSTAT_TLB_REFLECT);
	DEFINE(GTLB_TLB0_SETS_ASM, GTLB_TLB0_MAX / GTLB_TLB0_WAYS);
	DEFINE(GTLB_TLB0_WAYS_ASM, GTLB_TLB0_WAYS);
	DEFINE(GTLB_ENTRY_SIZE_ASM, sizeof(struct gtlb_entry));
	DEFINE(GTLB_MAS0_NOFAST_HI_ASM, (GTLB_MAS0_ATSEL | GTLB_MAS0_TLBSEL_MASK) >> 16);
	DEFINE(GTLB_MAS0_WQ_ASM, GTLB_MAS0_WQ_MASK);
	/* The fast TLB search reads struct gtlb_mas by word index. */
	_Static_assert(offsetof(struct gtlb_mas, mas4) == 16 &&
		       offsetof(struct gtlb_mas, mas6) == 20 &&
		       offsetof(struct gtlb_mas, mas7) == 24, "gtlb_mas layout");
	OFFSET(V_SHADOW_BASE, vcpu, shadow_base);
	OFFSET(V_PENDING, vcpu, pending);
	OFFSET(V_FAST_IRQS, vcpu, fast_irqs);
	OFFSET(V_HCALL_OK, vcpu, hcall_ok);
	OFFSET(V_MSR_VALID, vcpu, msr_valid);
	OFFSET(V_STATS_EXIT, vcpu, stats_exit);
}
