/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vCPU exits: one handler per exit reason (= IVOR), then pending virtual
 * interrupts are delivered and the guest is re-entered. Exceptions that
 * belong to the guest are reflected to its own IVPR|IVORn exactly as
 * hardware would raise them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/shadow.h"
#include "hv/emulate.h"
#include "hv/hcall.h"
#include "hv/guest_dt.h"
#include "hv/kvm.h"
#include "hv/vtimer.h"
#include "hv/tlbsync.h"
#include "hv/spr.h"
#include "kernel/ppc.h"
#include "kernel/atomic.h"
#include "kernel/percpu.h"
#include "kernel/trap.h"
#include "kernel/irq.h"
#include "kernel/console.h"

/* Book-E: every interrupt clears these; critical ones also CE and DE,
 * machine check also ME. */
#define MSR_CLEAR_BASE (MSR_WE | MSR_EE | MSR_PR | MSR_FP | MSR_FE0 | MSR_FE1 | \
			MSR_IS | MSR_DS | MSR_SPE | MSR_UCLE)
/* The guest's MSR bits that reach the real MSR unchanged. */
#define MSR_GUEST_LIVE (MSR_FP | MSR_SPE | MSR_FE0 | MSR_FE1 | MSR_UCLE)

enum ivor_class { CLS_BASE, CLS_CRIT, CLS_MCHK };

static const uint8_t ivor_class[VCPU_NR_IVOR] = {
	[IVOR_CRITICAL] = CLS_CRIT, [IVOR_MCHECK] = CLS_MCHK,
	[IVOR_WATCHDOG] = CLS_CRIT, [IVOR_DEBUG] = CLS_CRIT,
	[IVOR_DOORBELL_CRIT] = CLS_CRIT,
};

void exc_install(void);

struct vcpu *vcpu_current(void)
{
	return this_cpu()->vcpu;
}

/* The MSR bits each core implements (as QEMU's models: no PMM on e500v2,
 * no SPE on e500mc); the rest read back as zero. */
#define MSR_VALID_E500V2 (MSR_UCLE | MSR_SPE | MSR_WE | MSR_CE | MSR_EE | MSR_PR | \
			  MSR_FP | MSR_ME | MSR_FE0 | MSR_DE | MSR_FE1 | MSR_IS | MSR_DS)
#define MSR_VALID_E500MC (MSR_GS | MSR_UCLE | MSR_WE | MSR_CE | MSR_EE | MSR_PR | \
			  MSR_FP | MSR_ME | MSR_FE0 | MSR_DE | MSR_FE1 | MSR_IS | MSR_DS | \
			  MSR_PMM)

void vcpu_set_msr(struct vcpu *v, uint32_t msr)
{
	msr &= v->msr_valid;
	v->msr = msr;
	v->shadow_msr = v->shadow_base | (msr & MSR_GUEST_LIVE);
	v->shadow_pid = v->tid[((msr & MSR_IS) ? 4 : 0) | ((msr & MSR_DS) ? 2 : 0) |
			       ((msr & MSR_PR) ? 1 : 0)];
}

void vcpu_vectors_changed(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < VCPU_NR_IVOR; i++)
		v->vec[i] = (v->ivpr & 0xffff0000) | (v->ivor[i] & 0xfff0);
}

/*
 * The RAM the assembly refill (kernel/fastpath.S) may map without asking
 * hv/shadow.c: the partition's first RAM region, when it and its host
 * memory lie below 4 GiB and no region before it overlaps it (the shadow
 * MMU takes the first region that holds an address).
 */
static void fast_window(struct vcpu *v)
{
	const struct partition *p = v->part;
	const struct gpa_region *r = NULL;
	unsigned int i, j;

	v->ram_size = 0;
	for (i = 0; i < p->nregions && !r; i++)
		if (p->regions[i].kind == GPA_RAM)
			r = &p->regions[i];
	if (!r || r->gpa_hi > 0x100000000ull || r->host_hi > 0x100000000ull)
		return;
	for (j = 0; j + 1 < i; j++)
		if (p->regions[j].gpa_lo < r->gpa_hi && r->gpa_lo < p->regions[j].gpa_hi)
			return;
	v->ram_gpa = (uint32_t)r->gpa_lo;
	v->ram_hpa = (uint32_t)r->host_lo;
	v->ram_wimge = r->wimge;
	v->ram_size = (uint32_t)(r->gpa_hi - r->gpa_lo);
}

void vcpu_reflect(struct vcpu *v, unsigned int ivor, uint32_t esr, uint32_t dear,
		  unsigned int flags)
{
	uint32_t clear = MSR_CLEAR_BASE;

	switch (ivor < VCPU_NR_IVOR ? ivor_class[ivor] : CLS_BASE) {
	case CLS_CRIT:
		v->csrr0 = v->pc, v->csrr1 = v->msr;
		clear |= MSR_CE | MSR_DE;
		break;
	case CLS_MCHK:
		v->mcsrr0 = v->pc, v->mcsrr1 = v->msr;
		clear |= MSR_ME;
		break;
	default:
		v->srr0 = v->pc, v->srr1 = v->msr;
	}
	if (flags & REFLECT_ESR)
		v->esr = esr;
	if (flags & REFLECT_DEAR)
		v->dear = dear;
	v->pc = (v->ivpr & 0xffff0000) | (v->ivor[ivor < VCPU_NR_IVOR ? ivor : 0] & 0xfff0);
	vcpu_set_msr(v, v->msr & ~clear);
	v->stats[VSTAT_REFLECT]++;
}

void vcpu_kick(struct vcpu *v, uint32_t bits)
{
	atomic_update(&v->pending, 0, bits);
	this_cpu()->work = WORK_WAKE;
}

void vcpu_irq_route(struct vcpu *v)
{
	/* A live magic page holds the MSR and the critical-section word the
	 * decision needs. In external proxy mode the assembly claims the
	 * vMPIC's offer (hv/vmpic.c), whose bits are in the word too. */
	v->fast_irqs = v->magic_live ? 0 : VPEND_DEC | VPEND_FIT | VPEND_EXT |
		       (vmpic_ext_proxy(v->part) ? VPEND_OFFER_ALL : 0);
	/* Another CPU (a GCR write) may route while the vCPU's own makes its
	 * magic page live: whichever stores last, none survives that. */
	__asm__ volatile("sync" ::: "memory");
	if (v->magic_live)
		v->fast_irqs = 0;
}

/* @bit is the interrupt to deliver: guest_enter (kernel/fastpath.S:
 * fast_enter_irq) reflects the ones in vcpu->fast_irqs on the way in,
 * picking the same one; the rest are reflected here. */
static int take(struct vcpu *v, uint32_t bit, unsigned int ivor)
{
	if (!(v->fast_irqs & bit)) {
		vcpu_reflect(v, ivor, 0, 0, 0);
		v->stats[VSTAT_IRQ_INJECT]++;
	}
	v->idle = 0;
	return 1;
}

/* Deliver the highest-priority virtual interrupt the guest's MSR allows. */
static int deliver(struct vcpu *v)
{
	if (kvm_in_critical(v))
		return 0;
	if ((v->pending & (VPEND_CRIT | VPEND_WDT)) && (v->msr & MSR_CE))
		/* Level: the critical input stays up until the source is cleared
		 * at the vMPIC, the watchdog until the guest clears TSR[WIS]. */
		return take(v, 0, (v->pending & VPEND_CRIT) ? IVOR_CRITICAL : IVOR_WATCHDOG);
	if (!(v->msr & MSR_EE))
		return 0;
	if (v->pending & VPEND_EXT) {
		/* The line stays up until the guest acknowledges at the vMPIC,
		 * except in external-proxy mode, where the vMPIC acknowledged it
		 * already and offers its vector for EPR. */
		if ((v->fast_irqs & VPEND_EXT) || !vmpic_ext_proxy(v->part) || vmpic_take(v))
			return take(v, VPEND_EXT, IVOR_EXTERNAL);
		/* the offer was withdrawn meanwhile: a FIT or DEC may go */
	}
	if (v->pending & VPEND_FIT) /* until the guest clears TSR[FIS] */
		return take(v, VPEND_FIT, IVOR_FIT);
	if ((v->tsr & TSR_DIS) && (v->tcr & TCR_DIE)) /* until it clears TSR[DIS] */
		return take(v, VPEND_DEC, IVOR_DECR);
	if (v->pending & VPEND_DOORBELL) { /* an edge: taken once */
		atomic_update(&v->pending, VPEND_DOORBELL, 0);
		return take(v, VPEND_DOORBELL, IVOR_DOORBELL);
	}
	return 0;
}

/* --- exit handlers ------------------------------------------------------ */

static void exit_reflect(struct vcpu *v)
{
	vcpu_reflect(v, v->exit_nr, v->exit_esr, v->exit_dear, REFLECT_ESR | REFLECT_DEAR);
}

/* With MSR[IS] != MSR[DS] shadow entries are split into fetch-only and
 * data-only ones (hv/shadow.c): a storage interrupt may just mean the
 * other side's entry is in the way. Resolve it again through the guest's
 * TLB, which reflects the interrupt only if the guest's own entry denies. */
static int split_mode(const struct vcpu *v)
{
	return !(v->msr & MSR_IS) != !(v->msr & MSR_DS);
}

static void exit_isi(struct vcpu *v)
{
	if (split_mode(v))
		shadow_tlb_miss(v, v->pc, 1, 0);
	else
		exit_reflect(v);
}

static void exit_dsi(struct vcpu *v)
{
	if (split_mode(v))
		shadow_tlb_miss(v, v->exit_dear, 0, (v->exit_esr & ESR_ST) != 0);
	else
		exit_reflect(v);
}

static void exit_reflect_noesr(struct vcpu *v)
{
	vcpu_reflect(v, v->exit_nr, 0, 0, 0);
}

/* SPE unavailable: ESR[SPV] as the core sets it, DEAR untouched. */
static void exit_reflect_esr(struct vcpu *v)
{
	vcpu_reflect(v, v->exit_nr, v->exit_esr, 0, REFLECT_ESR);
}

/* Alignment: DEAR is the address; QEMU's e500 leaves ESR alone. */
static void exit_reflect_dear(struct vcpu *v)
{
	vcpu_reflect(v, v->exit_nr, 0, v->exit_dear, REFLECT_DEAR);
}

static void exit_external(struct vcpu *v)
{
	(void)v;
	irq_dispatch();
}

static void exit_decr(struct vcpu *v)
{
	(void)v;
	timer_interrupt();
}

static void exit_program(struct vcpu *v)
{
	/* Privileged instructions from the guest's supervisor mode are ours
	 * to emulate; everything else is the guest's own program interrupt. */
	if ((v->exit_esr & ESR_PPR) && !(v->msr & MSR_PR)) {
		emulate_insn(v);
		return;
	}
	/* QEMU's e500v2 lacks rfmci, which the core has and a guest needs to
	 * return from the machine checks the vCPU raises: emulate it. */
	if ((v->exit_esr & ESR_PIL) && !(v->msr & MSR_PR) && emulate_missing_insn(v))
		return;
	vcpu_reflect(v, IVOR_PROGRAM, v->exit_esr & ~(ESR_ST | ESR_AP | ESR_SPV), 0, REFLECT_ESR);
}

static void exit_syscall(struct vcpu *v)
{
	if (v->gpr[0] == GUEST_HCALL_MAGIC && hcall_enabled(v)) {
		if (v->msr & MSR_PR) {
			/* As on E.HV hardware: no hypercalls from guest user mode. */
			v->pc -= 4;
			vcpu_reflect(v, IVOR_PROGRAM, ESR_PPR, 0, REFLECT_ESR);
			return;
		}
		hcall_dispatch(v);
		return;
	}
	vcpu_reflect(v, IVOR_SYSCALL, 0, 0, 0);
}

static void exit_dtlb(struct vcpu *v)
{
	shadow_tlb_miss(v, v->exit_dear, 0, (v->exit_esr & ESR_ST) != 0);
}

static void exit_itlb(struct vcpu *v)
{
	shadow_tlb_miss(v, v->pc, 1, 0);
}

static void exit_doorbell(struct vcpu *v)
{
	(void)v;
}

typedef void (*exit_fn)(struct vcpu *v);

static const exit_fn exit_handlers[64] = {
	[IVOR_DSI] = exit_dsi,
	[IVOR_ISI] = exit_isi,
	[IVOR_EXTERNAL] = exit_external,
	[IVOR_ALIGN] = exit_reflect_dear,
	[IVOR_PROGRAM] = exit_program,
	[IVOR_FPUNAVAIL] = exit_reflect_noesr,
	[IVOR_SYSCALL] = exit_syscall,
	[IVOR_APUNAVAIL] = exit_reflect_noesr,
	[IVOR_DECR] = exit_decr,
	[IVOR_DTLB] = exit_dtlb,
	[IVOR_ITLB] = exit_itlb,
	[IVOR_SPEUNAVAIL] = exit_reflect_esr,
	[IVOR_SPEFPDATA] = exit_reflect,
	[IVOR_SPEFPROUND] = exit_reflect,
	[IVOR_DOORBELL] = exit_doorbell,
};

/* What other CPUs, interrupts and timers left for @v, before it re-enters:
 * a watchdog reset, invalidations from its partition's other vCPUs, then
 * its partition's requests and the console. */
static void poll_work(struct vcpu *v)
{
	vtimer_poll(v);
	tlbsync_poll(v);
	vmpic_poll(v->part);
	partition_poll(v);
}

/* Sleep the physical CPU while the vCPU waits for an interrupt. */
static void idle_until_interrupt(struct vcpu *v)
{
	while (v->idle && !deliver(v)) {
		if (!this_cpu()->work)
			cpu_idle();
		irq_disable();
		this_cpu()->work = 0;
		poll_work(v);
	}
}

struct vcpu *vcpu_exit(struct vcpu *v)
{
	exit_fn fn = v->exit_nr < 64 ? exit_handlers[v->exit_nr] : NULL;

	kvm_sync_from_page(v);
	v->stats_exit[v->exit_nr & 63]++;
	if (!fn) {
		kprintf("vcpu %s/%u: unexpected exit %lu at %08lx\n", v->part->cfg->name, v->id,
			(unsigned long)v->exit_nr, (unsigned long)v->pc);
		partition_crash(v, "unexpected exit");
	} else {
		fn(v);
	}
	poll_work(v);
	if (!deliver(v) && v->idle)
		idle_until_interrupt(v);
	kvm_sync_to_page(v);
	return v;
}

/* --- life cycle ----------------------------------------------------------- */

int vcpu_init(struct vcpu *v, struct partition *p, unsigned int id)
{
	const struct gtlb_geom *geom = mfspr(SPRN_PVR) >> 16 == 0x8021 ?
				       &gtlb_geom_e500v2 : &gtlb_geom_e500mc;
	struct gtlb_mas m = { 0 };
	unsigned int tsize = 0;

	if (v->magic && this_cpu()->vcpu == v)
		exc_install(); /* restarted here: the fast paths again */
	free(v->magic);
	memset(v, 0, sizeof(*v));
	v->shadow_base = MSR_PR | MSR_IS | MSR_DS | MSR_EE | MSR_ME;
	v->part = p;
	v->id = id;
	v->hcall_ok = (uint32_t)hcall_enabled(v);
	v->msr_valid = geom == &gtlb_geom_e500v2 ? MSR_VALID_E500V2 : MSR_VALID_E500MC;
	gtlb_init(&v->gtlb, geom);
	spr_init(geom == &gtlb_geom_e500v2);
	if (id == 0) {
		v->pc = (uint32_t)p->entry.pc;
		v->gpr[1] = 0;
		v->gpr[3] = (uint32_t)p->entry.r3;
		v->gpr[6] = p->entry.r6;
		v->gpr[7] = p->entry.r7;
		while ((4096ull << tsize) < p->entry.map_size)
			tsize += 2;
		/* The initial mapping, as the boot loader leaves it: TLB1[0],
		 * VA 0 -> the partition's memory, all permissions. */
		m.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(0);
		m.mas1 = MAS1_VALID | MAS1_TSIZE(tsize + 2);
		m.mas2 = 0;
		m.mas3 = ((uint32_t)p->cfg->guest_base & 0xfffff000) |
			 MAS3_UX | MAS3_SX | MAS3_UW | MAS3_SW | MAS3_UR | MAS3_SR;
		m.mas7 = (uint32_t)(p->cfg->guest_base >> 32);
		gtlb_write(&v->gtlb, &m, NULL);
	}
	vcpu_set_msr(v, 0);
	vcpu_irq_route(v);
	return 0;
}

void vcpu_run(struct vcpu *v)
{
	irq_disable();
	v->start_tb = get_tb();
	v->pcpu = cpu_id();
	this_cpu()->vcpu = v;
	exc_install(); /* the fast-path vectors, whatever a magic page changed */
	shadow_reset(v);
	shadow_refresh(v);
	vcpu_vectors_changed(v);
	fast_window(v);
	vcpu_set_msr(v, v->msr);
	guest_enter(v);
}

/* --- statistics ----------------------------------------------------------- */

/* Exit reasons as one word each (the benchmark parses them). */
static const char *const exit_names[64] = {
	[IVOR_CRITICAL] = "critical", [IVOR_MCHECK] = "mcheck", [IVOR_DSI] = "dsi",
	[IVOR_ISI] = "isi", [IVOR_EXTERNAL] = "external", [IVOR_ALIGN] = "alignment",
	[IVOR_PROGRAM] = "program", [IVOR_FPUNAVAIL] = "fp-unavail", [IVOR_SYSCALL] = "syscall",
	[IVOR_APUNAVAIL] = "ap-unavail", [IVOR_DECR] = "decrementer", [IVOR_FIT] = "fit",
	[IVOR_WATCHDOG] = "watchdog", [IVOR_DTLB] = "dtlb", [IVOR_ITLB] = "itlb",
	[IVOR_DEBUG] = "debug", [IVOR_SPEUNAVAIL] = "spe-unavail", [IVOR_SPEFPDATA] = "spe-data",
	[IVOR_SPEFPROUND] = "spe-round", [IVOR_PERFMON] = "perfmon",
	[IVOR_DOORBELL] = "doorbell", [IVOR_DOORBELL_CRIT] = "doorbell-critical",
};

static const char *const stat_names[VSTAT_COUNT] = {
	[VSTAT_EMUL] = "emulated", [VSTAT_REFLECT] = "reflected",
	[VSTAT_TLB_REFILL] = "tlb-refill", [VSTAT_TLB_REFLECT] = "tlb-reflect",
	[VSTAT_MMIO] = "mmio", [VSTAT_HCALL] = "hcall", [VSTAT_IRQ_INJECT] = "irq-inject",
};

void vcpu_print_stats(const struct vcpu *v)
{
	char line[640];
	unsigned int i, n = 0;
	uint32_t total = 0;

	for (i = 0; i < 64; i++) {
		total += v->stats_exit[i];
		if (v->stats_exit[i] && n < sizeof(line) - 48)
			n += (unsigned int)snprintf(line + n, sizeof(line) - n, " %s=%lu",
						    exit_names[i] ? exit_names[i] : "other",
						    (unsigned long)v->stats_exit[i]);
	}
	n += (unsigned int)snprintf(line + n, sizeof(line) - n, ";");
	for (i = 0; i < VSTAT_COUNT && n < sizeof(line) - 32; i++)
		n += (unsigned int)snprintf(line + n, sizeof(line) - n, " %s=%lu", stat_names[i],
					    (unsigned long)v->stats[i]);
	kprintf("partition %s: vcpu %u: %lu exits in %llu ticks from timebase %llu:%s\n",
		v->part->cfg->name, v->id, (unsigned long)total,
		(unsigned long long)(get_tb() - v->start_tb), (unsigned long long)v->start_tb, line);
}
