/* SPDX-License-Identifier: BSD-2-Clause */
/* Broadcast tlbivax between the vCPUs of a partition (see hv/tlbsync.h). */
#include <errno.h>
#include "hv/tlbsync.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/shadow.h"
#include "kernel/percpu.h"
#include "kernel/irq.h"
#include "kernel/timer.h"
#include "drivers/mpic.h"

#define OVERFLOW (TLBSYNC_QUEUE + 1) /* too many: invalidate everything */
#define WAIT_ROUNDS 50000           /* of 20 us: about a second */

_Static_assert(sizeof(((struct vcpu *)0)->inval_ea) == 4 * TLBSYNC_QUEUE, "vcpu inval_ea");

static void drop(void *ctx, unsigned int tlb, unsigned int index, const struct gtlb_entry *e)
{
	(void)tlb, (void)index;
	shadow_drop_entry(ctx, e);
}

static uint32_t lock(struct vcpu *o)
{
	return spin_lock_irqsave(&o->inval_lock);
}

static void unlock(struct vcpu *o, uint32_t msr)
{
	spin_unlock_irqrestore(&o->inval_lock, msr);
}

void tlbsync_post(struct vcpu *v, uint32_t ea)
{
	struct partition *p = v->part;
	unsigned int i;

	for (i = 0; i < PART_MAX_VCPUS; i++) {
		struct vcpu *o = p->vcpus[i];
		uint32_t msr;

		if (!o || o == v)
			continue;
		msr = lock(o);
		if (o->inval_n < TLBSYNC_QUEUE)
			o->inval_ea[o->inval_n++] = ea;
		else
			o->inval_n = OVERFLOW;
		unlock(o, msr);
		if (o->pcpu != cpu_id())
			mpic_send_ipi(IPI_PING, 1u << o->pcpu);
	}
}

void tlbsync_poll(struct vcpu *v)
{
	uint32_t ea[TLBSYNC_QUEUE], msr;
	unsigned int i, n;

	if (!v->inval_n)
		return;
	msr = lock(v);
	n = v->inval_n;
	for (i = 0; i < n && i < TLBSYNC_QUEUE; i++)
		ea[i] = v->inval_ea[i];
	unlock(v, msr);
	if (n == OVERFLOW) {
		/* as tlbivax with INV_ALL on both TLBs: IPROT entries stay */
		gtlb_invalidate_ea(&v->gtlb, 0x4, drop, v);
		gtlb_invalidate_ea(&v->gtlb, 0xc, drop, v);
	} else {
		for (i = 0; i < n; i++)
			gtlb_invalidate_ea(&v->gtlb, ea[i], drop, v);
	}
	/* Emptied only now: a waiting tlbsync must not see an empty queue
	 * before the entries are gone. Newer addresses stay queued. */
	msr = lock(v);
	if (v->inval_n == n) {
		v->inval_n = 0;
	} else if (v->inval_n != OVERFLOW) {
		for (i = n; i < v->inval_n; i++)
			v->inval_ea[i - n] = v->inval_ea[i];
		v->inval_n -= n;
	}
	unlock(v, msr);
}

static int others_done(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < PART_MAX_VCPUS; i++) {
		struct vcpu *o = v->part->vcpus[i];

		if (o && o != v && o->inval_n)
			return 0;
	}
	return 1;
}

int tlbsync_wait(struct vcpu *v)
{
	unsigned int round;

	for (round = 0; !others_done(v); round++) {
		if (round == WAIT_ROUNDS)
			return -ETIMEDOUT;
		tlbsync_poll(v); /* another vCPU may be waiting on this one */
		timer_pause(20); /* QEMU runs the CPUs in turn: let them */
		irq_disable();
	}
	return 0;
}
