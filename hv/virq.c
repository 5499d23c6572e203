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

/* #interrupt-cells of @node's interrupt parent (2 for QEMU's MPIC). */
static int cells_of(const void *hw, int node)
{
	const fdt32_t *ph = fdt_getprop(hw, node, "interrupt-parent", NULL);
	int parent = ph ? fdt_node_offset_by_phandle(hw, fdt32_to_cpu(*ph)) : -1;
	const fdt32_t *n = parent >= 0 ? fdt_getprop(hw, parent, "#interrupt-cells", NULL) : NULL;

	return n ? (int)fdt32_to_cpu(*n) : 2;
}

static int route(struct partition *p, unsigned int src, unsigned int sense)
{
	struct virq *q = NULL;
	unsigned int i;
	int err;

	for (i = 0; i < VIRQ_MAX; i++) {
		if (virqs[i].p && virqs[i].src == src) {
			if (virqs[i].p != p)
				return -EBUSY;
			return 0; /* routed already: a restart */
		}
		if (!virqs[i].p && !q)
			q = &virqs[i];
	}
	if (!q || src >= VMPIC_NSRC || src >= mpic_sources())
		return -ENOSPC;
	q->p = p;
	q->src = src;
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
	int len, cells = cells_of(hw, node), i, err;
	const fdt32_t *irq = fdt_getprop(hw, node, "interrupts", &len);

	if (!irq || cells < 2)
		return 0;
	for (i = 0; i + cells <= len / 4; i += cells) {
		err = route(p, fdt32_to_cpu(irq[i]), fdt32_to_cpu(irq[i + 1]) & 3);
		if (err) {
			kprintf("partition %s: interrupt %u: %s\n", p->cfg->name,
				(unsigned int)fdt32_to_cpu(irq[i]),
				err == -EBUSY ? "another partition owns it" : "cannot route it");
			return err;
		}
	}
	return 0;
}
