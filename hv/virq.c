/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Real interrupts of passed-through devices. The partition sees the
 * board's tree, so a source keeps its number: real MPIC source n is vMPIC
 * source n of the partition that owns the device. An edge is raised at
 * the vMPIC once per real interrupt. A level is masked at the real MPIC
 * while its line is up at the vMPIC, and unmasked when the guest ends it
 * there (hv/vmpic.c: vmpic_eoi); a device still asserting then interrupts
 * again, as on the bare board. The real source goes to the partition's
 * first CPU; the vMPIC forwards it to the vCPU the guest chose.
 */
#include <errno.h>
#include <libfdt.h>
#include "hv/virq.h"
#include "hv/vmpic.h"
#include "hv/partition.h"
#include "kernel/irq.h"
#include "kernel/spinlock.h"
#include "kernel/console.h"
#include "drivers/mpic.h"

#define VIRQ_MAX 32

static struct virq {
	struct partition *p;
	unsigned int src;
	int level;
} virqs[VIRQ_MAX];

static void virq_fire(void *arg)
{
	struct virq *q = arg;

	if (q->level) {
		mpic_mask(q->src); /* until the guest's EOI */
		vmpic_set_line(q->p, q->src, 1);
	} else {
		vmpic_raise(q->p, q->src, 0);
	}
}

/* @node's interrupt parent, inherited from its ancestors; -1 if none. */
static int parent_of(const void *hw, int node)
{
	for (; node >= 0; node = fdt_parent_offset(hw, node)) {
		const fdt32_t *ph = fdt_getprop(hw, node, "interrupt-parent", NULL);

		if (ph)
			return fdt_node_offset_by_phandle(hw, fdt32_to_cpu(*ph));
	}
	return -1;
}

/* #interrupt-cells of the MPIC that is @node's interrupt parent: 2 (QEMU's
 * tree) or 4 (source, sense, type, info). 0 when the parent is anything
 * else (a cascade, a GPIO block): its numbers are no MPIC sources. */
static int mpic_cells(const void *hw, int node)
{
	int parent = parent_of(hw, node);
	const fdt32_t *n;

	if (parent < 0 || (fdt_node_check_compatible(hw, parent, "fsl,mpic") &&
			   fdt_node_check_compatible(hw, parent, "open-pic") &&
			   fdt_node_check_compatible(hw, parent, "chrp,open-pic")))
		return 0;
	n = fdt_getprop(hw, parent, "#interrupt-cells", NULL);
	return n ? (int)fdt32_to_cpu(*n) : 2;
}

/* Sources are global: one table for every partition, filled at map time,
 * which a manager may trigger from any CPU. */
static spinlock_t table_lock;

/* Claim table slot for @src for @p: the slot, NULL when @p has it
 * already; -EBUSY another partition's, -ENOSPC none left. */
static struct virq *claim(struct partition *p, unsigned int src, int *err)
{
	struct virq *q = NULL;
	unsigned int i;
	uint32_t msr = spin_lock_irqsave(&table_lock);

	*err = 0;
	for (i = 0; i < VIRQ_MAX; i++) {
		if (virqs[i].p && virqs[i].src == src) {
			*err = virqs[i].p != p ? -EBUSY : 0;
			q = NULL;
			goto out;
		}
		if (!virqs[i].p && !q)
			q = &virqs[i];
	}
	if (q) {
		q->p = p;
		q->src = src;
	} else {
		*err = -ENOSPC;
	}
out:
	spin_unlock_irqrestore(&table_lock, msr);
	return q;
}

static int route(struct partition *p, unsigned int src, unsigned int sense)
{
	struct virq *q;
	int err;

	if (src >= VMPIC_NSRC || src >= mpic_sources())
		return -ENOSPC;
	q = claim(p, src, &err);
	if (!q)
		return err; /* 0: routed already (a restart) */
	q->level = sense == MPIC_LEVEL_LOW || sense == MPIC_LEVEL_HIGH;
	err = irq_request(src, (int)sense, p->cfg->cpus[0], virq_fire, q);
	if (err) {
		kprintf("partition %s: interrupt %u is the hypervisor's: not routed (%d)\n",
			p->cfg->name, src, err);
		q->p = NULL;
		return 0;
	}
	if (q->level)
		vmpic_set_passthru(p, src);
	return 0;
}

int virq_add(struct partition *p, const void *hw, int node)
{
	int len, cells = mpic_cells(hw, node), i, err;
	const fdt32_t *irq = fdt_getprop(hw, node, "interrupts", &len);

	if (!irq || cells < 2)
		return 0;
	for (i = 0; i + cells <= len / 4; i += cells) {
		unsigned int src = fdt32_to_cpu(irq[i]);

		/* 4-cell binding: type 0 is a normal source; error, IPI and
		 * timer numbers (types 1-3) are the MPIC's own, not the device's. */
		if (cells >= 4 && fdt32_to_cpu(irq[i + 2]))
			continue;
		err = route(p, src, fdt32_to_cpu(irq[i + 1]) & 3);
		if (err) {
			kprintf("partition %s: interrupt %u: %s\n", p->cfg->name, src,
				err == -EBUSY ? "another partition owns it" : "cannot route it");
			return err;
		}
	}
	return 0;
}
