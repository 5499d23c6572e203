/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated board devices of a fully virtualized partition: the GPIO
 * block whose power-off pin stops only this partition, the global
 * utilities whose reset request restarts only this partition, the spin
 * table that releases its secondary vCPUs. (The MPIC is hv/vmpic.c.)
 */
#include <errno.h>
#include <string.h>
#include "hv/mmio.h"
#include "hv/vcpu.h"
#include "hv/partition.h"

#define GPDIR 0x0
#define GPDAT 0x8
#define GUTS_RSTCR 0xb0
#define RSTCR_HRESET 0x2

static int regfile_read(uint32_t *regs, unsigned int n, uint32_t off, unsigned int size,
			uint32_t *val)
{
	if (size != 4 || (off & 3) || off / 4 >= n)
		return -EINVAL;
	*val = regs[off / 4];
	return 0;
}

static int vgpio_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	(void)ctx;
	return regfile_read(v->part->vgpio, 8, off, size, val);
}

static int vgpio_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct partition *p = v->part;
	uint32_t pin = 0x80000000u >> p->poweroff_pin;

	(void)ctx;
	if (size != 4 || (off & 3) || off / 4 >= 8)
		return -EINVAL;
	p->vgpio[off / 4] = val;
	if (off == GPDAT && (val & pin) && (p->vgpio[GPDIR / 4] & pin))
		partition_request(p, PART_REQ_STOP, "power-off");
	return 0;
}

const struct vdev_ops vgpio_ops = { "gpio", vgpio_read, vgpio_write };

static int vguts_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	(void)v, (void)ctx;
	if (size != 4 || (off & 3))
		return -EINVAL;
	*val = 0;
	return 0;
}

static int vguts_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	(void)ctx;
	if (size != 4 || (off & 3))
		return -EINVAL;
	if (off == GUTS_RSTCR && (val & RSTCR_HRESET))
		partition_request(v->part, PART_REQ_RESTART, "reset request");
	return 0;
}

const struct vdev_ops vguts_ops = { "guts", vguts_read, vguts_write };

/* Spin table: 0x20 bytes per vCPU, 32-bit accesses, as QEMU's. */
static int vspin_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	(void)ctx;
	return regfile_read(v->part->vspin, PART_MAX_VCPUS * 8, off, size, val);
}

static int vspin_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct partition *p = v->part;
	unsigned int cpu = off / 0x20;

	(void)ctx;
	if (size != 4 || (off & 3) || cpu >= PART_MAX_VCPUS)
		return -EINVAL;
	p->vspin[off / 4] = val;
	/* Releasing: the entry address's low word written even. */
	if ((off & 0x1f) == 4 && !(val & 1) && cpu < p->cfg->ncpus && cpu)
		partition_release_vcpu(p, cpu, p->vspin[cpu * 8 + 1], p->vspin[cpu * 8 + 3]);
	return 0;
}

const struct vdev_ops vspin_ops = { "spin-table", vspin_read, vspin_write };
