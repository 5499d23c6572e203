/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <string.h>
#include "hv/shadow.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/mmio.h"
#include "hv/kvm.h"
#include "kernel/ppc.h"
#include "kernel/percpu.h"
#include "kernel/tlb.h"
#include "kernel/trap.h"

#define CTX_MAX 63          /* shadow PIDs 1..63 fit every core's PID */
#define MCSR_BUS_RAERR 0x00000020u

struct shadow_cpu {
	uint64_t keys[CTX_MAX + 1]; /* key + 1 per shadow PID, 0 = free */
	uint32_t next_ctx;
	uint32_t tlb1_next;         /* round-robin TLB1 slot */
	uint32_t tlb1_n;            /* TLB1 entries of this core */
	uint64_t tlb1_used;         /* shadow TLB1 slots written since the last flush */
	uint8_t tlb0_way[256];      /* round-robin way per TLB0 set */
};

static struct shadow_cpu cpus[CONFIG_NR_CPUS];

static struct shadow_cpu *sc(void)
{
	return &cpus[cpu_id()];
}

static void tlbwe(uint32_t mas0, uint32_t mas1, uint32_t mas2, uint32_t mas3, uint32_t mas7)
{
	mtspr(SPRN_MAS0, mas0);
	mtspr(SPRN_MAS1, mas1);
	mtspr(SPRN_MAS2, mas2);
	mtspr(SPRN_MAS3, mas3);
	mtspr(SPRN_MAS7, mas7);
	__asm__ volatile("isync; tlbwe; isync" ::: "memory");
}

void shadow_flush(struct vcpu *v)
{
	struct shadow_cpu *s = sc();
	uint32_t i;

	(void)v;
	mtspr(SPRN_MMUCSR0, MMUCSR0_TLB0FI);
	while (mfspr(SPRN_MMUCSR0) & MMUCSR0_TLB0FI)
		;
	/* The shadow TLB1 slots in use (never the hypervisor's). */
	while (s->tlb1_used) {
		i = (uint32_t)__builtin_ctzll(s->tlb1_used);
		s->tlb1_used &= s->tlb1_used - 1;
		tlbwe(MAS0_TLBSEL1 | MAS0_ESEL(i), 0, 0, 0, 0);
	}
}

void shadow_reset(struct vcpu *v)
{
	struct shadow_cpu *s = sc();

	memset(s, 0, sizeof(*s));
	s->tlb1_n = mfspr(SPRN_TLB1CFG) & 0xfff;
	s->tlb1_next = TLB_HV_SLOTS;
	/* Whatever a previous partition left: every shadow slot. */
	s->tlb1_used = ((1ull << (s->tlb1_n - 1)) - 1) & ~((1ull << TLB_HV_SLOTS) - 1);
	shadow_flush(v);
}

/* The shadow PID for guest context @key, allocating; 0 when full. */
static uint32_t context_of(struct shadow_cpu *s, uint64_t key)
{
	uint32_t i;

	for (i = 1; i <= CTX_MAX; i++)
		if (s->keys[i] == key + 1)
			return i;
	if (s->next_ctx >= CTX_MAX)
		return 0;
	i = ++s->next_ctx;
	s->keys[i] = key + 1;
	return i;
}

void shadow_refresh(struct vcpu *v)
{
	struct shadow_cpu *s = sc();
	uint32_t mode, tid;

	/* The guest context: PID0-2 (its TLB matches any of them) and mode. */
	uint64_t pids = ((uint64_t)v->pid[2] << 31) | ((uint64_t)v->pid[1] << 17) |
			((uint64_t)v->pid[0] << 3);

	for (mode = 0; mode < 8; mode++) {
		tid = context_of(s, pids | mode);
		if (!tid) {
			/* Out of shadow PIDs: start over with an empty TLB. */
			shadow_flush(v);
			memset(s->keys, 0, sizeof(s->keys));
			s->next_ctx = 0;
			mode = (uint32_t)-1;
			continue;
		}
		v->tid[mode] = tid;
	}
}

/* The guest's permission bits for its current mode, as user bits. */
static uint32_t shadow_perms(const struct vcpu *v, uint32_t gperm)
{
	if (v->msr & MSR_PR)
		return gperm & (MAS3_UX | MAS3_UW | MAS3_UR);
	return ((gperm & MAS3_SX) ? MAS3_UX : 0) | ((gperm & MAS3_SW) ? MAS3_UW : 0) |
	       ((gperm & MAS3_SR) ? MAS3_UR : 0);
}

/* Largest power-of-4 page around @ea inside the guest page and the host
 * region, with guest and host addresses equally aligned. */
static uint32_t pick_size(uint32_t ea, const struct gtlb_hit *h, uint64_t hpa,
			  uint64_t region_lo, uint64_t region_hi)
{
	uint64_t size = h->size;

	for (; size > 4096; size >>= 2) {
		uint64_t lo = hpa - (ea & (size - 1));

		if (((ea ^ (uint32_t)hpa) & (size - 1)) == 0 && lo >= region_lo &&
		    lo + size <= region_hi && size <= (1u << 28))
			break;
	}
	return (uint32_t)size;
}

static void install(struct vcpu *v, uint32_t ea, const struct gtlb_hit *h,
		    const struct gpa_region *r, uint64_t hpa, int is_insn)
{
	struct shadow_cpu *s = sc();
	uint32_t size = pick_size(ea, h, hpa, r->host_lo, r->host_hi);
	uint32_t tsize = (uint32_t)__builtin_ctz(size) - 10;
	uint32_t mas1 = MAS1_VALID | MAS1_TID(v->shadow_pid) | MAS1_TS | MAS1_TSIZE(tsize);
	uint32_t mas2 = (ea & ~(size - 1)) | ((h->attr & 0x1f) | r->wimge);
	/* SR lets the fast paths read the guest's instruction through it. */
	uint32_t perms = shadow_perms(v, h->perms);
	uint32_t mas3, mas0;

	if (!(v->msr & MSR_IS) != !(v->msr & MSR_DS)) {
		/* Fetches and data translate through different guest address
		 * spaces under one shadow PID: entries serve one side only, and
		 * the other side's entry for this page goes first. */
		perms &= is_insn ? MAS3_UX : (uint32_t)~MAS3_UX;
		size = 4096;
		tsize = 2;
		mas1 = MAS1_VALID | MAS1_TID(v->shadow_pid) | MAS1_TS | MAS1_TSIZE(tsize);
		mas2 = (ea & ~0xfffu) | ((h->attr & 0x1f) | r->wimge);
		__asm__ volatile("tlbivax 0,%0; tlbivax 0,%1; isync"
				 : : "r"(ea & ~0xfffu), "r"((ea & ~0xfffu) | 0x8) : "memory");
	}
	/* SR lets the fast paths read the guest's instruction through it. */
	mas3 = ((uint32_t)hpa & ~(size - 1) & 0xfffff000) | perms | MAS3_SR;

	if (size > 4096) {
		s->tlb1_used |= 1ull << s->tlb1_next;
		mas0 = MAS0_TLBSEL1 | MAS0_ESEL(s->tlb1_next);
		if (++s->tlb1_next + 1 >= s->tlb1_n)
			s->tlb1_next = TLB_HV_SLOTS;
	} else {
		uint32_t set = (ea >> 12) & 127;

		mas0 = MAS0_ESEL(s->tlb0_way[set]++ & 3);
	}
	tlbwe(mas0, mas1, mas2, mas3, (uint32_t)(hpa >> 32));
	v->stats[VSTAT_TLB_REFILL]++;
}

static int allowed(const struct vcpu *v, uint32_t perms, int is_insn, int is_store)
{
	uint32_t p = shadow_perms(v, perms);

	return is_insn ? (p & MAS3_UX) != 0 : is_store ? (p & MAS3_UW) != 0 : (p & MAS3_UR) != 0;
}

/* The KVM magic page: a 4 KiB guest-kernel data mapping of hypervisor
 * memory, outside the guest's TLB. */
static int install_magic(struct vcpu *v, uint32_t ea, int is_insn)
{
	uint64_t hpa = (is_insn || !v->magic) ? 0 : kvm_magic_hpa(v, ea);

	if (!hpa)
		return 0; /* the common case: nothing built, nothing copied */
	{
		struct gtlb_hit h = { .size = 4096, .perms = MAS3_SR | MAS3_SW, .attr = MAS2_M };
		struct gpa_region r = { .host_lo = hpa, .host_hi = hpa + 4096 };

		install(v, ea, &h, &r, hpa, 0);
		kvm_page_touched(v);
	}
	return 1;
}

/* The region holding guest-physical @gpa, by reference (no copy: this is
 * the TLB-miss path), or NULL. */
static const struct gpa_region *region_of(const struct partition *p, uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < p->nregions; i++)
		if (gpa >= p->regions[i].gpa_lo && gpa < p->regions[i].gpa_hi)
			return &p->regions[i];
	return NULL;
}

void shadow_tlb_miss(struct vcpu *v, uint32_t ea, int is_insn, int is_store)
{
	unsigned int as = is_insn ? !!(v->msr & MSR_IS) : !!(v->msr & MSR_DS);
	const struct gpa_region *rg;
	struct gtlb_hit h;

	if (install_magic(v, ea, is_insn))
		return;
	if (gtlb_translate(&v->gtlb, ea, as, v->pid, &h) <= 0) {
		gtlb_miss_fill(&v->gtlb, ea, as, v->pid, &v->mas);
		if (is_insn) /* QEMU clears ESR on an ITLB miss: so do we */
			vcpu_reflect(v, IVOR_ITLB, 0, 0, REFLECT_ESR);
		else
			vcpu_reflect(v, IVOR_DTLB, is_store ? ESR_ST : 0, ea,
				     REFLECT_ESR | REFLECT_DEAR);
		v->stats[VSTAT_TLB_REFLECT]++;
		return;
	}
	if (!allowed(v, h.perms, is_insn, is_store)) {
		if (is_insn)
			vcpu_reflect(v, IVOR_ISI, 0, 0, REFLECT_ESR);
		else
			vcpu_reflect(v, IVOR_DSI, is_store ? ESR_ST : 0, ea,
				     REFLECT_ESR | REFLECT_DEAR);
		return;
	}
	rg = region_of(v->part, h.pa);
	switch (rg ? rg->kind : GPA_NONE) {
	case GPA_RAM:
	case GPA_DEVICE:
		install(v, ea, &h, rg, rg->host_lo + (h.pa - rg->gpa_lo), is_insn);
		return;
	case GPA_EMULATED:
		if (!is_insn) {
			mmio_emulate(v, rg, h.pa, ea);
			return;
		}
		break;
	default:
		break;
	}
	/* Nothing there: a bus error, as QEMU's board answers it natively. */
	v->mcsr = MCSR_BUS_RAERR;
	v->mcar = (uint32_t)h.pa;
	vcpu_reflect(v, IVOR_MCHECK, 0, 0, 0);
}

void *shadow_guest_ptr(struct vcpu *v, uint32_t ea, unsigned int as, uint32_t len)
{
	const struct gpa_region *rg;
	struct gtlb_hit h;
	uint64_t hpa;

	if (gtlb_translate(&v->gtlb, ea, as, v->pid, &h) <= 0)
		return NULL;
	rg = region_of(v->part, h.pa);
	if (!rg || rg->kind != GPA_RAM)
		return NULL;
	hpa = rg->host_lo + (h.pa - rg->gpa_lo);
	return hpa + len > rg->host_hi ? NULL : (void *)(uintptr_t)hpa;
}

int guest_fetch(uint32_t ea, uint32_t *insn);

int shadow_fetch(struct vcpu *v, uint32_t ea, unsigned int as, uint32_t *insn)
{
	uint32_t *p;

	/* The shadow entry that just fetched it is normally still there: all
	 * guest accesses run in the real AS 1 under the PID still loaded, so
	 * this holds whatever the guest's own MSR[IS]. */
	if (!guest_fetch(ea, insn))
		return 0;
	p = shadow_guest_ptr(v, ea, as, 4);
	if (!p)
		return -EFAULT;
	*insn = *p;
	return 0;
}

void shadow_drop_entry(struct vcpu *v, const struct gtlb_entry *old)
{
	uint32_t ea = old->mas2 & 0xfffff000;

	if (!(old->mas1 & MAS1_VALID))
		return;
	if (gtlb_entry_size(old) != 4096) {
		shadow_flush(v);
		return;
	}
	/* A 4 KiB guest page is shadowed by one 4 KiB entry per context, in
	 * TLB0 or (never, at this size) TLB1: invalidate the page in both.
	 * The hypervisor's own entries are IPROT and survive. */
	__asm__ volatile("tlbivax 0,%0; tlbivax 0,%1; isync"
			 : : "r"(ea), "r"(ea | 0x8) : "memory");
}
