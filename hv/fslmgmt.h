/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Freescale partition management (hypercall vendor 2) for manager
 * partitions, and the run-time set-platform call: the handlers are the
 * hc_fsl_* of hv/hcall.h (hv/fslmgmt.c, hv/fslmgmt_dt.c). The calls, their
 * registers and the guest tree nodes are documented in docs/hypercalls.md.
 *
 * A manager gets a HANDLE_PARTITION handle for each partition it manages,
 * listed in its tree as a "fsl,hv-partition-handle" node under
 * /hypervisor/handles with two receive doorbells: state change and
 * watchdog. They are virtual interrupts of the manager's vmpic:
 * FSLMGMT_VIRQ(i, ev) for partition i.
 */
#ifndef HV_FSLMGMT_H
#define HV_FSLMGMT_H

#include <stdint.h>

struct partition;
struct vcpu;

/* Manager-side virtual interrupts: 240..255, above QEMU's MSI sources
 * (224..231) and the byte channels' and doorbells' (CONFIG_IPC_IRQ_BASE). */
#define FSLMGMT_VIRQ_BASE 240u
enum fslmgmt_event { FSLMGMT_EV_STATE = 0, FSLMGMT_EV_WATCHDOG = 1, FSLMGMT_EV_COUNT };
#define FSLMGMT_VIRQ(part_id, ev) (FSLMGMT_VIRQ_BASE + 2u * (part_id) + (ev))

/* Handle -1 in r3/r4 names the caller's own partition. */
#define FSLMGMT_SELF 0xffffffffu

/* FH_PARTITION_GET_DTPROP / SET_DTPROP limits, as Linux's fsl_hcalls.h. */
#define FSLMGMT_DTPROP_MAX_PATHLEN 4096
#define FSLMGMT_DTPROP_MAX_PROPLEN 32768

/* FH_PARTITION_MEMCPY: one scatter-gather entry, big-endian, 32 bytes. */
struct fslmgmt_sg {
	uint64_t source;   /* guest-physical, in the source partition */
	uint64_t target;   /* guest-physical, in the target partition */
	uint64_t size;
	uint64_t reserved; /* must be 0 */
};
#define FSLMGMT_SG_MAX 1024 /* entries per call */

/* FH_ERR_GET_INFO: one error record, 128 bytes, strings NUL-padded. */
struct fslmgmt_err {
	char domain[16];     /* "partition" */
	char error[16];      /* "crash", "watchdog" */
	char partition[32];  /* the partition's name */
	char reason[48];
	uint32_t pc;         /* guest PC when it happened */
	uint32_t restarts;   /* the partition's restart count then */
	uint32_t reserved[2];
};

/**
 * fslmgmt_dt_fixup() - finish partition @p's freshly built guest tree
 * @fdt (buffer of @len bytes): a manager's partition-handle nodes (its
 * handles are created on the first call), then the properties managers
 * set with FH_PARTITION_SET_DTPROP. Called by place_dt().
 * Returns the packed size, or a negative errno (-ENOSPC: no room).
 */
int fslmgmt_dt_fixup(struct partition *p, void *fdt, int len);

/**
 * fslmgmt_notify() - partition @p had event @ev (its state changed, its
 * watchdog expired): every partition managing it gets the matching
 * virtual interrupt at its next exit. Any CPU. No return value.
 */
void fslmgmt_notify(struct partition *p, enum fslmgmt_event ev);

/**
 * fslmgmt_poll() - on @v's exit path: raise the management interrupts
 * pending for its partition and deliver NMIs sent to @v. No return value.
 */
void fslmgmt_poll(struct vcpu *v);

/**
 * fslmgmt_error() - queue an error record (@error, @why, guest @pc) about
 * @p for FH_ERR_GET_INFO; the oldest is dropped when the queue is full.
 * Any CPU. No return value.
 */
void fslmgmt_error(struct partition *p, const char *error, const char *why, uint32_t pc);

/* Internal to hv/fslmgmt*.c. */
/** fslmgmt_manages() - 1 if @m manages @p, else 0. */
int fslmgmt_manages(const struct partition *m, const struct partition *p);
/** fslmgmt_target() - the partition handle @h of @v's partition names
 * (FSLMGMT_SELF: its own), or NULL. */
struct partition *fslmgmt_target(struct vcpu *v, uint32_t h);
/**
 * fslmgmt_set_platform() - @v's partition asks for stopped partition @p to
 * start next time as @req says (FH_PARTITION_SET_PLATFORM, or the
 * "tessera,platform" property). r4 of @v gets the platform table's
 * verdict (0: supported). Returns 0, -EINVAL (refused) or -EBUSY.
 */
struct platform_req;
int fslmgmt_set_platform(struct vcpu *v, struct partition *p, const struct platform_req *req);
#endif
