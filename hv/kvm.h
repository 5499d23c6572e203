/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM paravirtual interface (vendor 42): KVM_HC_FEATURES and the
 * magic page, a page of the vCPU's supervisor state the guest kernel
 * reads and writes with plain loads and stores instead of trapping
 * mfmsr/mtmsr/wrtee/mfspr/mtspr (Linux's arch/powerpc/kernel/kvm.c
 * rewrites its own instructions that way).
 */
#ifndef HV_KVM_H
#define HV_KVM_H

#include <stdint.h>

/* struct kvm_vcpu_arch_shared: big-endian, 64-bit fields 8-aligned. */
struct kvm_shared {
	uint64_t scratch1, scratch2, scratch3;
	uint64_t critical;      /* == r1: the guest must not be interrupted */
	uint64_t sprg0, sprg1, sprg2, sprg3;
	uint64_t srr0, srr1;
	uint64_t dar;           /* DEAR */
	uint64_t msr;
	uint32_t dsisr;         /* ESR on old layouts */
	uint32_t int_pending;   /* an interrupt waits for MSR[EE] */
	uint32_t sr[16];
	uint32_t mas0, mas1;
	uint64_t mas7_3, mas2;
	uint32_t mas4, mas6, esr, pir;
	uint64_t sprg4, sprg5, sprg6, sprg7;
};

_Static_assert(__builtin_offsetof(struct kvm_shared, msr) == 88, "msr");
_Static_assert(__builtin_offsetof(struct kvm_shared, int_pending) == 100, "int_pending");
_Static_assert(__builtin_offsetof(struct kvm_shared, mas0) == 168, "mas0");
_Static_assert(__builtin_offsetof(struct kvm_shared, mas7_3) == 176, "mas7_3");
_Static_assert(__builtin_offsetof(struct kvm_shared, esr) == 200, "esr");
_Static_assert(__builtin_offsetof(struct kvm_shared, sprg4) == 208, "sprg4");
_Static_assert(sizeof(struct kvm_shared) == 240, "kvm_vcpu_arch_shared size");

#define KVM_FEATURE_MAGIC_PAGE 1
#define KVM_MAGIC_FEAT_SR 0x1
#define KVM_MAGIC_FEAT_MAS0_TO_SPRG7 0x2

struct vcpu;

/** kvm_sync_from_page() - on an exit: take the state the guest changed
 * in its magic page. No-op without one. */
void kvm_sync_from_page(struct vcpu *v);
/** kvm_sync_to_page() - before entry: publish the vCPU's state and
 * int_pending in the magic page. No-op without one. */
void kvm_sync_to_page(struct vcpu *v);
/** kvm_in_critical() - 1 if the guest marked a critical section (the
 * page's critical == r1): no interrupt may be delivered now. */
int kvm_in_critical(const struct vcpu *v);
/** kvm_page_touched() - the shadow MMU maps @v's magic page for the guest's
 * first access: the page becomes the vCPU's state from now on (and the
 * fast paths stop on this CPU). No return value. */
void kvm_page_touched(struct vcpu *v);
/** kvm_magic_hpa() - host-physical address of @v's magic page if @ea is
 * its address and the guest is in supervisor mode, else 0. */
uint64_t kvm_magic_hpa(const struct vcpu *v, uint32_t ea);
#endif
