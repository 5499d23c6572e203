/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The magic page is hypervisor memory mapped into the guest's supervisor
 * shadow contexts only (the guest's user mode never sees it). From the
 * guest's first access to it (kvm_page_touched()), this CPU's fast
 * vectors (exc_install_slow()) skip the assembly fast paths: those keep state in
 * struct vcpu, which the page then shadows. Until then the page is only
 * the hypervisor's copy: a guest that maps it and never uses it -- Linux
 * 6.1 on 32-bit cores, whose self-test of the page always fails -- keeps
 * the fast paths.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "hv/kvm.h"
#include "hv/hcall.h"
#include "hv/vcpu.h"
#include "hv/shadow.h"
#include "kernel/ppc.h"

void exc_install_slow(void);

int hc_kvm_features(struct vcpu *v)
{
	v->gpr[4] = 1u << KVM_FEATURE_MAGIC_PAGE;
	return 0;
}

/*
 * r3 = guest-physical page (unused: the page is the hypervisor's), r4 = EA
 * with flags in its low 12 bits (Linux passes MAGIC_PAGE_FLAG_NOT_MAPPED_NX,
 * bit 0; the page is never executable here anyway), ignored as KVM does.
 */
int hc_kvm_map_magic_page(struct vcpu *v)
{
	uint32_t ea = v->gpr[4] & ~0xfffu;
	if (!v->magic) {
		v->magic = memalign(4096, 4096);
		if (!v->magic)
			return -ENOMEM;
	}
	memset(v->magic, 0, 4096);
	v->magic_ea = ea;
	v->magic_tag = ea | 1; /* the fast refill leaves this page to C */
	v->magic_live = 0;
	vcpu_irq_route(v);
	shadow_flush(v); /* the EA may have been mapped to guest memory */
	v->gpr[4] = KVM_MAGIC_FEAT_SR | KVM_MAGIC_FEAT_MAS0_TO_SPRG7;
	return 0;
}

void kvm_page_touched(struct vcpu *v)
{
	if (v->magic_live)
		return;
	v->magic_live = 1;
	vcpu_irq_route(v);
	exc_install_slow(); /* the fast paths keep the state in struct vcpu */
	kvm_sync_to_page(v);
}

uint64_t kvm_magic_hpa(const struct vcpu *v, uint32_t ea)
{
	if (!v->magic || (ea & ~0xfffu) != v->magic_ea || (v->msr & MSR_PR))
		return 0;
	return (uint32_t)(uintptr_t)v->magic;
}

static void mirror_sprg(uint32_t n, uint32_t val)
{
	/* SPRG3-7 are user-readable: the real registers carry the guest's. */
	switch (n) {
	case 3: mtspr(SPRN_SPRG3, val); break;
	case 4: mtspr(SPRN_SPRG4, val); break;
	case 5: mtspr(SPRN_SPRG5, val); break;
	case 6: mtspr(SPRN_SPRG6, val); break;
	case 7: mtspr(SPRN_SPRG7, val); break;
	default: break;
	}
}

void kvm_sync_from_page(struct vcpu *v)
{
	struct kvm_shared *s = v->magic;
	const uint64_t *sprg03 = &s->sprg0, *sprg47 = &s->sprg4;
	uint32_t i;

	if (!v->magic_live)
		return;
	/* The guest changes only EE through the page; anything else traps. */
	v->msr = (v->msr & ~MSR_EE) | ((uint32_t)s->msr & MSR_EE);
	for (i = 0; i < 8; i++) {
		uint32_t val = (uint32_t)(i < 4 ? sprg03[i] : sprg47[i - 4]);

		if (val != v->sprg[i] && i >= 3)
			mirror_sprg(i, val);
		v->sprg[i] = val;
	}
	v->srr0 = (uint32_t)s->srr0;
	v->srr1 = (uint32_t)s->srr1;
	v->dear = (uint32_t)s->dar;
	v->esr = s->esr;
	v->mas.mas0 = s->mas0;
	v->mas.mas1 = s->mas1;
	v->mas.mas2 = (uint32_t)s->mas2;
	v->mas.mas3 = (uint32_t)s->mas7_3;
	v->mas.mas7 = (uint32_t)(s->mas7_3 >> 32);
	v->mas.mas4 = s->mas4;
	v->mas.mas6 = s->mas6;
}

void kvm_sync_to_page(struct vcpu *v)
{
	struct kvm_shared *s = v->magic;
	uint64_t *sprg03 = &s->sprg0, *sprg47 = &s->sprg4;
	uint32_t i;

	if (!v->magic_live)
		return;
	s->msr = v->msr;
	for (i = 0; i < 8; i++)
		*(i < 4 ? &sprg03[i] : &sprg47[i - 4]) = v->sprg[i];
	s->srr0 = v->srr0;
	s->srr1 = v->srr1;
	s->dar = v->dear;
	s->esr = v->esr;
	s->dsisr = v->esr;
	s->mas0 = v->mas.mas0;
	s->mas1 = v->mas.mas1;
	s->mas2 = v->mas.mas2;
	s->mas7_3 = ((uint64_t)v->mas.mas7 << 32) | v->mas.mas3;
	s->mas4 = v->mas.mas4;
	s->mas6 = v->mas.mas6;
	s->pir = v->id;
	s->int_pending = v->pending && !(v->msr & MSR_EE);
}

int kvm_in_critical(const struct vcpu *v)
{
	return v->magic_live && (uint32_t)v->magic->critical == v->gpr[1] && v->magic->critical;
}
