/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A partition's guest-physical map and emulated devices. Every guest
 * physical address is RAM, a passed-through device page, an emulated
 * device (its accesses trap and are emulated one instruction at a time),
 * or nothing (a bus error).
 */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include <stdint.h>

struct vcpu;

enum gpa_kind { GPA_NONE = 0, GPA_RAM, GPA_DEVICE, GPA_EMULATED };

struct vdev_ops {
	const char *name;
	/* Return 0, or a negative errno for a bus error (machine check). */
	int (*read)(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val);
	int (*write)(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val);
};

struct gpa_region {
	enum gpa_kind kind;
	uint64_t gpa_lo, gpa_hi;   /* [lo, hi) */
	uint64_t host_lo, host_hi; /* host-physical, for RAM and devices */
	uint32_t wimge;            /* forced WIMGE bits (I|G for devices) */
	const struct vdev_ops *ops;
	void *ctx;
};

/**
 * mmio_emulate() - emulate the load or store at the guest's PC that missed
 * on emulated region @r at guest-physical @gpa (effective address @ea).
 * Advances the PC, or reflects a machine check. No return value.
 */
void mmio_emulate(struct vcpu *v, const struct gpa_region *r, uint64_t gpa, uint32_t ea);

/* The virtual board devices (hv/vboard.c, hv/vuart.c). */
extern const struct vdev_ops vuart_ops;     /* 16550 on the hypervisor console */
extern const struct vdev_ops vforward_ops;  /* a real device sharing a page: forwarded */
extern const struct vdev_ops vgpio_ops;     /* GPIO: power-off stops the partition */
extern const struct vdev_ops vguts_ops;     /* GUTS: RSTCR restarts the partition */
extern const struct vdev_ops vspin_ops;     /* the spin table of the partition's vCPUs */
extern const struct vdev_ops vmpic_ops;     /* the emulated MPIC */
#endif
