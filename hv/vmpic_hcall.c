/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ePAPR hv-pic: the interrupt hypercalls of `epapr` (and `kvm`)
 * guests, over the same virtual MPIC model an emulated MPIC uses. An
 * interrupt number is a vMPIC source; its vector is the number itself.
 * Also EV_IDLE, EV_SEND_IPI and the task priority.
 */
#include <errno.h>
#include "hv/hcall.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/vmpic.h"

#define VPR_MSK 0x80000000u
#define VPR_POL 0x00800000u
#define VPR_SENSE 0x00400000u
#define EV_INT_NONE 0xffff
/* ePAPR interrupt config: bit 0 level-sensitive, bit 1 active-high/rising. */
#define EV_CFG_LEVEL 0x1u
#define EV_CFG_HIGH 0x2u

static int source(struct vcpu *v, uint32_t irq)
{
	(void)v;
	/* Sources 0-255, then the IPIs (256-259) and global timers (260-263). */
	return irq < VMPIC_TOTAL ? (int)irq : -EINVAL;
}

int hc_int_set_config(struct vcpu *v)
{
	struct vmpic *m = &v->part->vmpic;
	int s = source(v, v->gpr[3]);
	uint32_t cfg = v->gpr[4], prio = v->gpr[5], cpu = v->gpr[6];

	if (s < 0 || prio > 15 || cfg > 3 || cpu >= m->ncpus)
		return -EINVAL;
	vmpic_lock(v->part);
	m->vpr[s] = (m->vpr[s] & VPR_MSK) | ((cfg & EV_CFG_LEVEL) ? VPR_SENSE : 0) |
		    ((cfg & EV_CFG_HIGH) ? VPR_POL : 0) | (prio << 16) | (uint32_t)s;
	m->dr[s] = 1u << cpu;
	vmpic_update(v->part, cpu);
	vmpic_unlock(v->part);
	return 0;
}

int hc_int_get_config(struct vcpu *v)
{
	struct vmpic *m = &v->part->vmpic;
	int s = source(v, v->gpr[3]);

	if (s < 0)
		return -EINVAL;
	v->gpr[4] = ((m->vpr[s] & VPR_SENSE) ? EV_CFG_LEVEL : 0) |
		    ((m->vpr[s] & VPR_POL) ? EV_CFG_HIGH : 0);
	v->gpr[5] = (m->vpr[s] >> 16) & 0xf;
	v->gpr[6] = (uint32_t)__builtin_ctz(m->dr[s] | 0x80000000u);
	return 0;
}

int hc_int_set_mask(struct vcpu *v)
{
	struct vmpic *m = &v->part->vmpic;
	int s = source(v, v->gpr[3]);
	unsigned int c;

	if (s < 0 || v->gpr[4] > 1)
		return -EINVAL;
	vmpic_lock(v->part);
	m->vpr[s] = v->gpr[4] ? (m->vpr[s] | VPR_MSK) : (m->vpr[s] & ~VPR_MSK);
	for (c = 0; c < m->ncpus; c++)
		vmpic_update(v->part, c);
	vmpic_unlock(v->part);
	return 0;
}

int hc_int_get_mask(struct vcpu *v)
{
	int s = source(v, v->gpr[3]);

	if (s < 0)
		return -EINVAL;
	v->gpr[4] = !!(v->part->vmpic.vpr[s] & VPR_MSK);
	return 0;
}

int hc_int_iack(struct vcpu *v)
{
	uint32_t vec;

	if (v->gpr[3] != 0)
		return -EINVAL;
	vec = vmpic_iack(v->part, v->id);
	v->gpr[4] = vec == v->part->vmpic.svr ? EV_INT_NONE : vec;
	return 0;
}

int hc_int_eoi(struct vcpu *v)
{
	if (source(v, v->gpr[3]) < 0)
		return -EINVAL;
	vmpic_eoi(v->part, v->id);
	return 0;
}

/* r3 = mask of the partition's vCPUs to interrupt with IPI 0. */
int hc_send_ipi(struct vcpu *v)
{
	uint32_t all = (1u << v->part->vmpic.ncpus) - 1;

	if (!v->gpr[3] || (v->gpr[3] & ~all))
		return -EINVAL;
	vmpic_raise(v->part, VMPIC_IPI0, v->gpr[3]);
	return 0;
}

int hc_set_task_priority(struct vcpu *v)
{
	if (v->gpr[3] > 15)
		return -EINVAL;
	vmpic_lock(v->part);
	v->part->vmpic.ctpr[v->id] = v->gpr[3];
	vmpic_update(v->part, v->id);
	vmpic_unlock(v->part);
	return 0;
}

int hc_get_task_priority(struct vcpu *v)
{
	v->gpr[4] = v->part->vmpic.ctpr[v->id];
	return 0;
}

/* Sleep until the next interrupt: the physical core idles too. */
int hc_idle(struct vcpu *v)
{
	v->idle = 1;
	return 0;
}
