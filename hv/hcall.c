/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hypercall dispatch. The ABIs themselves (ePAPR, KVM, Freescale) come with
 * their own tables; until then every call answers EV_UNIMPLEMENTED.
 */
#include "hv/hcall.h"
#include "hv/vcpu.h"
#include "hv/partition.h"

#define EV_UNIMPLEMENTED 12

int hcall_enabled(const struct vcpu *v)
{
	return v->part->cfg->req.platform != PLATFORM_NONE;
}

void hcall_dispatch(struct vcpu *v)
{
	v->gpr[3] = EV_UNIMPLEMENTED;
	v->stats[VSTAT_HCALL]++;
}
