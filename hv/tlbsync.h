/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tlbivax across a partition's vCPUs. On e500 a tlbivax invalidates the
 * matching entries in every core's TLB, and tlbsync waits until they all
 * have. Each vCPU has its own guest TLB and its shadow entries sit in its
 * own physical CPU's TLB (QEMU 7.2's tlbivax does not reach the other
 * cores' TLB arrays either), so the issuing vCPU queues the address for
 * the others and interrupts their CPUs; each applies its queue on its next
 * exit path, and an emulated tlbsync waits for that.
 */
#ifndef HV_TLBSYNC_H
#define HV_TLBSYNC_H

#include <stdint.h>

struct vcpu;

#define TLBSYNC_QUEUE 8 /* addresses queued per vCPU before "invalidate all" */

/** tlbsync_post() - @v executed tlbivax @ea: queue it for the partition's
 * other running vCPUs and kick them. No return value. */
void tlbsync_post(struct vcpu *v, uint32_t ea);
/** tlbsync_poll() - apply the invalidations queued for @v (its exit path,
 * its idle loop). No return value. */
void tlbsync_poll(struct vcpu *v);
/** tlbsync_wait() - @v executed tlbsync: wait until the partition's other
 * vCPUs have applied what it queued (at most about a second). Returns 0,
 * or -ETIMEDOUT. */
int tlbsync_wait(struct vcpu *v);
#endif
