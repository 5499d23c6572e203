/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hypercalls: the r0-magic sc of a guest kernel (see hv/guest_dt.h).
 * r11 = (vendor << 16) | number, arguments in r3..r10, status back in r3,
 * outputs in r4..r11. Each vendor has a designated-initialiser table of
 * handlers; handlers return 0 or a negative errno, and hcall_dispatch()
 * alone bounds-checks, checks the platform allows the vendor, and turns
 * the errno into the ePAPR EV_* status in r3.
 */
#ifndef HV_HCALL_H
#define HV_HCALL_H

#include <stddef.h>
#include <stdint.h>

struct vcpu;
struct partition;

/* Vendors (the high half of the token). */
enum hc_vendor { HC_VENDOR_LOCAL = 0, HC_VENDOR_EPAPR = 1, HC_VENDOR_FSL = 2,
		 HC_VENDOR_IBM = 3, HC_VENDOR_KVM = 42 };

/* ePAPR 1.1 calls (vendor 1). */
enum {
	EV_BYTE_CHANNEL_SEND = 1, EV_BYTE_CHANNEL_RECEIVE = 2, EV_BYTE_CHANNEL_POLL = 3,
	EV_INT_SET_CONFIG = 4, EV_INT_GET_CONFIG = 5, EV_INT_SET_MASK = 6,
	EV_INT_GET_MASK = 7, EV_INT_IACK = 9, EV_INT_EOI = 10, EV_SEND_IPI = 11,
	EV_SET_TASK_PRIORITY = 12, EV_GET_TASK_PRIORITY = 13, EV_DOORBELL_SEND = 14,
	EV_MSGSND = 15, EV_IDLE = 16, EV_NR_CALLS = 17
};

/* Freescale partition management (vendor 2), plus our set-platform. */
enum {
	FH_ERR_GET_INFO = 1, FH_PARTITION_GET_DTPROP = 2, FH_PARTITION_SET_DTPROP = 3,
	FH_PARTITION_RESTART = 4, FH_PARTITION_GET_STATUS = 5, FH_PARTITION_START = 6,
	FH_PARTITION_STOP = 7, FH_PARTITION_MEMCPY = 8, FH_DMA_ENABLE = 9,
	FH_DMA_DISABLE = 10, FH_SEND_NMI = 11, FH_VMPIC_GET_MSIR = 12,
	FH_SYSTEM_RESET = 13, FH_GET_CORE_STATE = 14, FH_ENTER_NAP = 15,
	FH_EXIT_NAP = 16, FH_CLAIM_DEVICE = 17, FH_PARTITION_STOP_DMA = 18,
	FH_PARTITION_SET_PLATFORM = 64, /* Tessera: KVM_PPC_SET_PLATFORM */
	FH_NR_CALLS = 65
};

/* KVM paravirtual calls (vendor 42). */
enum { KVM_HC_FEATURES = 3, KVM_HC_PPC_MAP_MAGIC_PAGE = 4, KVM_NR_CALLS = 5 };

/* Local calls (vendor 0). */
/* HC_LOCAL_EXITS: r4 = the vCPU's exits so far, r5 = instructions emulated. */
enum { HC_LOCAL_NULL = 0, HC_LOCAL_EXITS = 1, HC_LOCAL_NR_CALLS = 2 };

/* ePAPR status codes. */
enum {
	EV_SUCCESS = 0, EV_EPERM = 1, EV_ENOENT = 2, EV_EIO = 3, EV_EAGAIN = 4,
	EV_ENOMEM = 5, EV_EFAULT = 6, EV_ENODEV = 7, EV_EINVAL = 8, EV_INTERNAL = 9,
	EV_CONFIG = 10, EV_INVALID_STATE = 11, EV_UNIMPLEMENTED = 12,
	EV_BUFFER_OVERFLOW = 13
};

typedef int (*hcall_fn)(struct vcpu *v);

/** hcall_enabled() - 1 if @v's platform has a hypercall ABI, else 0. */
int hcall_enabled(const struct vcpu *v);
/** hcall_dispatch() - perform the hypercall in @v's r11/r3..r10 and write
 * the EV_* status to r3. No return value. */
void hcall_dispatch(struct vcpu *v);
/** hcall_status() - the EV_* code for handler result @err (0 or -errno). */
uint32_t hcall_status(int err);

/**
 * hcall_guest_span() - the hypervisor's pointer to [@gpa, @gpa + @len) of
 * @p, which must lie in one RAM region of the partition. Returns 0 with
 * *@host set, or -EFAULT.
 */
int hcall_guest_span(struct partition *p, uint64_t gpa, uint64_t len, uint8_t **host);
/**
 * hcall_copy_from_guest() / hcall_copy_to_guest() - copy @len bytes
 * between the hypervisor and guest-physical @gpa of @p, which must be
 * entirely the partition's RAM. Return 0 or -EFAULT.
 */
int hcall_copy_from_guest(struct partition *p, uint64_t gpa, void *buf, size_t len);
int hcall_copy_to_guest(struct partition *p, uint64_t gpa, const void *buf, size_t len);

/* Handlers, each in the file of its subsystem. */
int hc_bytechan_send(struct vcpu *v);
int hc_bytechan_receive(struct vcpu *v);
int hc_bytechan_poll(struct vcpu *v);
int hc_int_set_config(struct vcpu *v);
int hc_int_get_config(struct vcpu *v);
int hc_int_set_mask(struct vcpu *v);
int hc_int_get_mask(struct vcpu *v);
int hc_int_iack(struct vcpu *v);
int hc_int_eoi(struct vcpu *v);
int hc_send_ipi(struct vcpu *v);
int hc_set_task_priority(struct vcpu *v);
int hc_get_task_priority(struct vcpu *v);
int hc_doorbell_send(struct vcpu *v);
int hc_msgsnd(struct vcpu *v);
int hc_idle(struct vcpu *v);
int hc_fsl_err_get_info(struct vcpu *v);
int hc_fsl_get_dtprop(struct vcpu *v);
int hc_fsl_set_dtprop(struct vcpu *v);
int hc_fsl_restart(struct vcpu *v);
int hc_fsl_get_status(struct vcpu *v);
int hc_fsl_start(struct vcpu *v);
int hc_fsl_stop(struct vcpu *v);
int hc_fsl_memcpy(struct vcpu *v);
int hc_fsl_dma_enable(struct vcpu *v);
int hc_fsl_dma_disable(struct vcpu *v);
int hc_fsl_send_nmi(struct vcpu *v);
int hc_fsl_get_msir(struct vcpu *v);
int hc_fsl_system_reset(struct vcpu *v);
int hc_fsl_get_core_state(struct vcpu *v);
int hc_fsl_enter_nap(struct vcpu *v);
int hc_fsl_exit_nap(struct vcpu *v);
int hc_fsl_claim_device(struct vcpu *v);
int hc_fsl_stop_dma(struct vcpu *v);
int hc_fsl_set_platform(struct vcpu *v);
int hc_kvm_features(struct vcpu *v);
int hc_kvm_map_magic_page(struct vcpu *v);
#endif
