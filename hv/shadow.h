/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shadow MMU: translations the guest's TLB holds, installed into the
 * real TLB in address space 1 under a shadow PID per guest context
 * (guest PID, guest AS, guest privilege), pointing at host-physical memory
 * of the partition only. Emulated device pages are never mapped: their
 * accesses miss and are emulated.
 */
#ifndef HV_SHADOW_H
#define HV_SHADOW_H

#include <stdint.h>

struct vcpu;

/** shadow_reset() - forget every shadow translation of this CPU. */
void shadow_reset(struct vcpu *v);
/** shadow_flush() - drop every shadow translation (after the guest changed
 * its TLB); shadow PIDs stay allocated. */
void shadow_flush(struct vcpu *v);
/**
 * shadow_drop_entry() - the guest replaced or invalidated its TLB entry
 * @old: drop the shadow translations derived from it (one page, or all).
 */
struct gtlb_entry;
void shadow_drop_entry(struct vcpu *v, const struct gtlb_entry *old);
/**
 * shadow_refresh() - allocate the shadow PIDs of @v's current guest PID in
 * all four guest modes (AS 0/1 x supervisor/user) into v->tid[], flushing
 * the shadow TLB when they run out. No return value.
 */
void shadow_refresh(struct vcpu *v);
/**
 * shadow_tlb_miss() - a real TLB miss at @ea from the guest: refill from the
 * guest TLB, reflect the miss to the guest, emulate an MMIO access, or
 * answer with a machine check. No return value.
 */
void shadow_tlb_miss(struct vcpu *v, uint32_t ea, int is_insn, int is_store);
/**
 * shadow_guest_ptr() - a hypervisor pointer to @len bytes at guest virtual
 * @ea (translated through the guest TLB for address space @as), only if
 * they are partition RAM. Returns the pointer or NULL.
 */
void *shadow_guest_ptr(struct vcpu *v, uint32_t ea, unsigned int as, uint32_t len);
/**
 * shadow_fetch() - the guest's instruction at @ea (address space @as):
 * through the shadow translation when there is one (cheap), else through
 * the guest TLB. Returns 0, or -EFAULT when it is not partition RAM.
 */
int shadow_fetch(struct vcpu *v, uint32_t ea, unsigned int as, uint32_t *insn);
#endif
