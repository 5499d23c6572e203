/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Build a partition's device tree: memory and CPUs as the guest sees them,
 * /chosen, the passed-through devices copied from the real tree, the
 * virtual devices of its platform and a /hypervisor node matching it.
 */
#ifndef HV_GUEST_DT_H
#define HV_GUEST_DT_H

#include <stddef.h>
#include <stdint.h>
#include "hv/config.h"

/* KVM's r0-magic hypercall: lis r0,0x4b56; ori r0,r0,0x4d21; sc; nop.
 * A guest-kernel sc with r0 = "KVM!" is a hypercall; any other sc is the
 * guest's own system call. */
#define GUEST_HCALL_INSNS { 0x3c004b56u, 0x60004d21u, 0x44000002u, 0x60000000u }
#define GUEST_HCALL_MAGIC 0x4b564d21u
#define GUEST_SPIN_TABLE 0xfef000000ull /* guest-physical, as on the board */
#define GUEST_HV_VERSION 0x00010000u    /* fsl,hv-version: 1.0 */

/* A node under /hypervisor/handles: what a byte channel or doorbell
 * endpoint gives its partition's tree. */
enum guest_dt_handle_kind {
	GUEST_DT_BYTE_CHANNEL = 0, GUEST_DT_SEND_DOORBELL, GUEST_DT_RECV_DOORBELL,
	GUEST_DT_HANDLE_KINDS
};

struct guest_dt_handle {
	uint8_t kind;        /* enum guest_dt_handle_kind */
	uint8_t nirqs;       /* byte channel: rx, tx; receive doorbell: one */
	uint8_t console;     /* the partition's console: stdout-path */
	uint32_t handle;     /* hv-handle */
	uint32_t irqs[2];    /* virtual interrupt sources */
	const char *label;   /* the configuration's name for it */
};

#define GUEST_DT_MAX_HANDLES 32

struct guest_dt_params {
	const void *hw_fdt;                   /* the real hardware tree */
	const struct config_partition *part;
	const void *base;                     /* guest-dts blob, or NULL */
	uint32_t guest_id;
};

/**
 * guest_dt_build() - write the partition's tree into @buf (@len bytes),
 * packed. Returns its size, or a negative errno with *@why set
 * (-ENOSPC: @len too small; -EINVAL: a device or base tree is unusable).
 */
int guest_dt_build(const struct guest_dt_params *gp, void *buf, size_t len,
		   const char **why);
#endif
