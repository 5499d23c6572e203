/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hypercall dispatch: vendor tables, the platform's vendor mask and the
 * one place where a handler's errno becomes an ePAPR status.
 */
#include <errno.h>
#include <string.h>
#include "hv/hcall.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "hv/fslmgmt.h"

struct vendor {
	const hcall_fn *calls;
	unsigned int ncalls;
	uint32_t platforms; /* bit per enum platform_id allowed to call it */
	int manager_only;   /* EV_EPERM for partitions that manage nobody */
};

static int hc_null(struct vcpu *v)
{
	(void)v;
	return 0;
}

static int hc_exits(struct vcpu *v)
{
	uint32_t i, n = 0;

	for (i = 0; i < 64; i++)
		n += v->stats_exit[i];
	v->gpr[4] = n;
	v->gpr[5] = v->stats[VSTAT_EMUL];
	return 0;
}

static const hcall_fn local_calls[HC_LOCAL_NR_CALLS] = {
	[HC_LOCAL_NULL] = hc_null,
	[HC_LOCAL_EXITS] = hc_exits,
};

static const hcall_fn epapr_calls[EV_NR_CALLS] = {
	[EV_BYTE_CHANNEL_SEND] = hc_bytechan_send,
	[EV_BYTE_CHANNEL_RECEIVE] = hc_bytechan_receive,
	[EV_BYTE_CHANNEL_POLL] = hc_bytechan_poll,
	[EV_INT_SET_CONFIG] = hc_int_set_config,
	[EV_INT_GET_CONFIG] = hc_int_get_config,
	[EV_INT_SET_MASK] = hc_int_set_mask,
	[EV_INT_GET_MASK] = hc_int_get_mask,
	[EV_INT_IACK] = hc_int_iack,
	[EV_INT_EOI] = hc_int_eoi,
	[EV_SEND_IPI] = hc_send_ipi,
	[EV_SET_TASK_PRIORITY] = hc_set_task_priority,
	[EV_GET_TASK_PRIORITY] = hc_get_task_priority,
	[EV_DOORBELL_SEND] = hc_doorbell_send,
	[EV_MSGSND] = hc_msgsnd,
	[EV_IDLE] = hc_idle,
};

static const hcall_fn fsl_calls[FH_NR_CALLS] = {
	[FH_ERR_GET_INFO] = hc_fsl_err_get_info,
	[FH_PARTITION_GET_DTPROP] = hc_fsl_get_dtprop,
	[FH_PARTITION_SET_DTPROP] = hc_fsl_set_dtprop,
	[FH_PARTITION_RESTART] = hc_fsl_restart,
	[FH_PARTITION_GET_STATUS] = hc_fsl_get_status,
	[FH_PARTITION_START] = hc_fsl_start,
	[FH_PARTITION_STOP] = hc_fsl_stop,
	[FH_PARTITION_MEMCPY] = hc_fsl_memcpy,
	[FH_DMA_ENABLE] = hc_fsl_dma_enable,
	[FH_DMA_DISABLE] = hc_fsl_dma_disable,
	[FH_SEND_NMI] = hc_fsl_send_nmi,
	[FH_VMPIC_GET_MSIR] = hc_fsl_get_msir,
	[FH_SYSTEM_RESET] = hc_fsl_system_reset,
	[FH_GET_CORE_STATE] = hc_fsl_get_core_state,
	[FH_ENTER_NAP] = hc_fsl_enter_nap,
	[FH_EXIT_NAP] = hc_fsl_exit_nap,
	[FH_CLAIM_DEVICE] = hc_fsl_claim_device,
	[FH_PARTITION_STOP_DMA] = hc_fsl_stop_dma,
	[FH_PARTITION_SET_PLATFORM] = hc_fsl_set_platform,
};

static const hcall_fn kvm_calls[KVM_NR_CALLS] = {
	[KVM_HC_FEATURES] = hc_kvm_features,
	[KVM_HC_PPC_MAP_MAGIC_PAGE] = hc_kvm_map_magic_page,
};

#define PLAT(x) (1u << (x))
#define PV_ALL (PLAT(PLATFORM_KVM) | PLAT(PLATFORM_EPAPR))

static const struct vendor vendors[] = {
	[HC_VENDOR_LOCAL] = { local_calls, HC_LOCAL_NR_CALLS, PV_ALL, 0 },
	/* KVM guests (Linux) take EV_IDLE and the byte channels too. */
	[HC_VENDOR_EPAPR] = { epapr_calls, EV_NR_CALLS, PV_ALL, 0 },
	[HC_VENDOR_FSL] = { fsl_calls, FH_NR_CALLS, PLAT(PLATFORM_EPAPR), 1 },
	[HC_VENDOR_KVM] = { kvm_calls, KVM_NR_CALLS, PLAT(PLATFORM_KVM), 0 },
};

/* errno -> EV_*, the only translation in the hypervisor. */
static const uint8_t ev_of_errno[] = {
	[0] = EV_SUCCESS, [EPERM] = EV_EPERM, [ENOENT] = EV_ENOENT, [EIO] = EV_EIO,
	[EAGAIN] = EV_EAGAIN, [ENOMEM] = EV_ENOMEM, [EFAULT] = EV_EFAULT,
	[ENODEV] = EV_ENODEV, [EINVAL] = EV_EINVAL, [ENXIO] = EV_CONFIG,
	[EBUSY] = EV_INVALID_STATE, [ENOSYS] = EV_UNIMPLEMENTED,
	[ENOBUFS] = EV_BUFFER_OVERFLOW,
};

uint32_t hcall_status(int err)
{
	unsigned int e = (unsigned int)-err;

	if (err > 0 || e >= sizeof(ev_of_errno) || (e && !ev_of_errno[e]))
		return EV_INTERNAL;
	return ev_of_errno[e];
}

int hcall_enabled(const struct vcpu *v)
{
	return (PV_ALL >> v->part->cfg->req.platform) & 1;
}

static int is_manager(const struct partition *p)
{
	return p->cfg->manager || p->cfg->manages;
}

/* Any ePAPR partition may stop, restart or query itself (handle -1), as
 * Linux's fsl_hv_halt / fsl_hv_restart do; other handles need a manager. */
static int self_call(const struct vcpu *v, uint32_t vendor, uint32_t nr)
{
	return vendor == HC_VENDOR_FSL && v->gpr[3] == FSLMGMT_SELF &&
	       (nr == FH_PARTITION_STOP || nr == FH_PARTITION_RESTART ||
		nr == FH_PARTITION_GET_STATUS);
}

void hcall_dispatch(struct vcpu *v)
{
	uint32_t vendor = v->gpr[11] >> 16, nr = v->gpr[11] & 0xffff;
	const struct vendor *vd = vendor < sizeof(vendors) / sizeof(vendors[0]) ?
				  &vendors[vendor] : NULL;
	hcall_fn fn = NULL;
	int err;

	v->stats[VSTAT_HCALL]++;
	if (vd && vd->calls && ((vd->platforms >> v->part->cfg->req.platform) & 1) &&
	    nr < vd->ncalls)
		fn = vd->calls[nr];
	if (!fn)
		err = -ENOSYS;
	else if (vd->manager_only && !is_manager(v->part) && !self_call(v, vendor, nr))
		err = -EPERM;
	else
		err = fn(v);
	v->gpr[3] = hcall_status(err);
}

int hcall_guest_span(struct partition *p, uint64_t gpa, uint64_t len, uint8_t **host)
{
	struct gpa_region r;
	uint64_t hpa;

	if (partition_gpa(p, gpa, &r, &hpa) != GPA_RAM || gpa + len < gpa ||
	    gpa + len > r.gpa_hi)
		return -EFAULT;
	*host = (uint8_t *)(uintptr_t)hpa;
	return 0;
}

int hcall_copy_from_guest(struct partition *p, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *host;
	int err = hcall_guest_span(p, gpa, len, &host);

	if (!err)
		memcpy(buf, host, len);
	return err;
}

int hcall_copy_to_guest(struct partition *p, uint64_t gpa, const void *buf, size_t len)
{
	uint8_t *host;
	int err = hcall_guest_span(p, gpa, len, &host);

	if (!err)
		memcpy(host, buf, len);
	return err;
}
