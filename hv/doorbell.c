/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Doorbells: partition-to-partition (EV_DOORBELL_SEND over the configured
 * send handles) and vCPU-to-vCPU within a partition (EV_MSGSND, whose r3
 * is the msgsnd instruction's rB: type in bits 32:36, broadcast bit 37,
 * LPID tag 38:49, PIR tag 50:63).
 */
#include <errno.h>
#include "hv/doorbell.h"
#include "hv/hcall.h"
#include "hv/handle.h"
#include "hv/partition.h"
#include "hv/vcpu.h"
#include "hv/vmpic.h"
#include "drivers/mpic.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"

#define MSG_TYPE(m) (((m) >> 27) & 0x1f)
#define MSG_BRDCAST 0x04000000u
#define MSG_PIR(m) ((m) & 0x3fff)
#define MSG_DBELL 0     /* processor doorbell (IVOR 36) */

struct doorbell {
	const struct config_doorbell *cfg;
	struct partition *sender, *receiver;
	int send_handle, recv_handle; /* -1 until set up */
	uint32_t irq;                 /* the receiver's virtual interrupt */
	uint32_t rings;
};

static struct doorbell dbs[CONFIG_MAX_DOORBELLS];
static unsigned int ndbs;
static int dbs_ready;

static void dbs_init(const struct tess_config *c)
{
	unsigned int i;

	for (i = 0; i < c->ndoorbells; i++) {
		dbs[i].cfg = &c->doorbells[i];
		dbs[i].sender = partition_get(c->doorbells[i].sender);
		dbs[i].receiver = partition_get(c->doorbells[i].receiver);
		dbs[i].send_handle = dbs[i].recv_handle = -1;
	}
	ndbs = c->ndoorbells;
	dbs_ready = 1;
}

/* Handle @type for doorbell @d in @p, or -1 (reported). */
static int add(struct partition *p, enum handle_type type, struct doorbell *d)
{
	int h = handle_add(p, type, d);

	if (h < 0)
		kprintf("partition %s: doorbell %s: no free handle\n", p->cfg->name,
			d->cfg->name);
	return h < 0 ? -1 : h;
}

void doorbell_setup(struct partition *p, unsigned int *virq)
{
	unsigned int i;

	if (!dbs_ready)
		dbs_init(config_of(p->cfg));
	for (i = 0; i < ndbs; i++) {
		struct doorbell *d = &dbs[i];

		if (d->sender == p && d->send_handle < 0)
			d->send_handle = add(p, HANDLE_DOORBELL_SEND, d);
		if (d->receiver == p && d->recv_handle < 0) {
			d->recv_handle = add(p, HANDLE_DOORBELL_RECV, d);
			if (d->recv_handle >= 0)
				d->irq = (*virq)++;
		}
	}
}

static void describe(struct guest_dt_handle *h, uint8_t kind, int handle,
		     const struct doorbell *d)
{
	h->kind = kind;
	h->nirqs = kind == GUEST_DT_RECV_DOORBELL;
	h->console = 0;
	h->handle = (uint32_t)handle;
	h->irqs[0] = d->irq;
	h->irqs[1] = 0;
	h->label = d->cfg->name;
}

unsigned int doorbell_dt_handles(const struct config_partition *c,
				 struct guest_dt_handle *out, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < ndbs; i++) {
		const struct doorbell *d = &dbs[i];

		if (n < max && d->send_handle >= 0 && d->sender->cfg == c)
			describe(&out[n++], GUEST_DT_SEND_DOORBELL, d->send_handle, d);
		if (n < max && d->recv_handle >= 0 && d->receiver->cfg == c)
			describe(&out[n++], GUEST_DT_RECV_DOORBELL, d->recv_handle, d);
	}
	return n;
}

/**
 * hc_doorbell_send() - EV_DOORBELL_SEND: r3 a send-doorbell handle. Raises
 * the receive doorbell's interrupt in the receiving partition (nothing
 * happens while that partition is not set up). Returns 0 or -EINVAL.
 */
int hc_doorbell_send(struct vcpu *v)
{
	struct doorbell *d = handle_get(v->part, v->gpr[3], HANDLE_DOORBELL_SEND);

	if (!d)
		return -EINVAL;
	d->rings++;
	if (d->recv_handle >= 0)
		vmpic_raise(d->receiver, d->irq, 0);
	return 0;
}

/* A processor doorbell for @t: pending, and its CPU woken. */
static void ring_vcpu(struct vcpu *t)
{
	vcpu_kick(t, VPEND_DOORBELL);
	if (t->pcpu != cpu_id())
		mpic_send_ipi(IPI_PING, 1u << t->pcpu);
}

/**
 * hc_msgsnd() - EV_MSGSND: r3 as msgsnd's rB. A doorbell (type 0) for
 * the vCPU whose PIR is the tag, or for every vCPU of the partition with
 * the broadcast bit; the LPID tag is ignored (one partition, one LPID).
 * A vCPU not started yet misses it, as a core held in reset would.
 * Returns 0, -EINVAL (another message type, or a PIR tag naming no vCPU
 * of the partition) or -ENODEV (guest_arch 203: e500v2 has no doorbells).
 */
int hc_msgsnd(struct vcpu *v)
{
	struct partition *p = v->part;
	uint32_t m = v->gpr[3], pir = MSG_PIR(m), i;

	if (p->cfg->req.guest_arch < 206)
		return -ENODEV;
	if (MSG_TYPE(m) != MSG_DBELL || (!(m & MSG_BRDCAST) && pir >= p->cfg->ncpus))
		return -EINVAL;
	for (i = 0; i < p->cfg->ncpus && i < PART_MAX_VCPUS; i++)
		if (p->vcpus[i] && ((m & MSG_BRDCAST) || i == pir))
			ring_vcpu(p->vcpus[i]);
	return 0;
}

static int cmd_doorbells(int argc, char **argv)
{
	unsigned int i;

	(void)argc, (void)argv;
	for (i = 0; i < ndbs; i++)
		kprintf("  %-12s %s(h%d) -> %s(h%d, irq %lu): rung %lu times\n",
			dbs[i].cfg->name, dbs[i].sender->cfg->name, dbs[i].send_handle,
			dbs[i].receiver->cfg->name, dbs[i].recv_handle,
			(unsigned long)dbs[i].irq, (unsigned long)dbs[i].rings);
	return 0;
}
SHELL_COMMAND(doorbells, "doorbells", cmd_doorbells, "doorbells between partitions");
