/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual MPIC's registers, as QEMU's FSL MPIC 4.2 lays them out (which
 * Linux's and U-Boot's MPIC code drive): global block at 0x1000, timers at
 * 0x1100, MSIs at 0x1600, sources at 0x10000 + 0x20 n, per-CPU blocks at
 * 0x20000 + 0x1000 n, and the current CPU's block mirrored at 0x40..0xb0.
 * Plain storage is read and written here; anything that moves interrupts
 * goes through the model (hv/vmpic.c), under its lock.
 */
#include <errno.h>
#include "hv/vmpic.h"
#include "hv/mmio.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "drivers/mpic.h"

static struct vmpic *M(struct partition *p)
{
	return &p->vmpic;
}

/* Which 32-bit register word an offset names, in the source/timer/IPI
 * space: returns a pointer into the model or NULL. */
static uint32_t *src_reg(struct vmpic *m, uint32_t off)
{
	if (off >= 0x10000 && off < 0x10000 + 0x20 * VMPIC_NSRC) {
		uint32_t n = (off - 0x10000) / 0x20, r = off & 0x1f;

		return r == 0 ? &m->vpr[n] : r == 0x10 ? &m->dr[n] : NULL;
	}
	if (off >= 0x10a0 && off < 0x10e0 && !(off & 0xf))
		return &m->vpr[VMPIC_IPI0 + (off - 0x10a0) / 0x10];
	if (off >= 0x1100 && off < 0x1200) {
		uint32_t n = (off - 0x1100) / 0x40, r = off & 0x3f;

		return r == 0x20 ? &m->vpr[VMPIC_TMR0 + n] : r == 0x30 ? &m->dr[VMPIC_TMR0 + n] : NULL;
	}
	return NULL;
}

static int percpu_read(struct partition *p, unsigned int cpu, uint32_t r, uint32_t *val)
{
	if (r == 0x80)
		*val = M(p)->ctpr[cpu];
	else if (r == 0x90)
		*val = cpu;
	else if (r == 0xa0)
		*val = vmpic_iack(p, cpu);
	else
		*val = 0;
	return 0;
}

static int percpu_write(struct partition *p, unsigned int cpu, uint32_t r, uint32_t val)
{
	if (r >= 0x40 && r <= 0x70)
		vmpic_raise(p, VMPIC_IPI0 + (r - 0x40) / 0x10, val & ((1u << M(p)->ncpus) - 1));
	else if (r == 0x80) {
		M(p)->ctpr[cpu] = val & 0xf;
		vmpic_update(p, cpu);
	} else if (r == 0xb0)
		vmpic_eoi(p, cpu);
	return 0;
}

static unsigned int host_sources(void)
{
	unsigned int n = mpic_sources();

	return n && n < VMPIC_NSRC ? n : VMPIC_NSRC;
}

/* MSIR0-7 (read clears, and lowers the MSI source) and MSISR. */
static int msi_read(struct partition *p, uint32_t off, uint32_t *val)
{
	struct vmpic *m = M(p);
	unsigned int i;

	if (off == 0x1720) {
		for (i = 0, *val = 0; i < 8; i++)
			*val |= (m->msir[i] ? 1u : 0) << i;
		return 1;
	}
	if (off < 0x1600 || off >= 0x1680 || (off & 0xf))
		return 0;
	*val = vmpic_msi_read(p, (off - 0x1600) / 0x10);
	return 1;
}

/* ILR at +0x18 of a source block: where the source is delivered. */
static int ilr_access(struct vmpic *m, uint32_t off, uint32_t *val, int write)
{
	uint32_t n = (off - 0x10000) / 0x20;

	if (off < 0x10000 || off >= 0x10000 + 0x20 * VMPIC_NSRC || (off & 0x1f) != 0x18)
		return 0;
	if (write)
		/* A real level reaches the critical input never: nothing there
		 * would end it (no IACK/EOI), and its real source would stay
		 * masked. It stays an ordinary interrupt (reads back 0). */
		m->ilr[n] = (uint8_t)(*val & 1 & ~(m->passthru[n / 32] >> (n % 32)));
	else
		*val = m->ilr[n];
	return 1;
}

static int read_locked(struct vcpu *v, uint32_t off, unsigned int size, uint32_t *val)
{
	struct vmpic *m = M(v->part);
	uint32_t *reg;

	if (size != 4 || (off & 3))
		return -EINVAL;
	if (off >= 0x20000 && off < 0x20000 + 0x1000 * m->ncpus)
		return percpu_read(v->part, (off - 0x20000) / 0x1000, off & 0xfff, val);
	if (off >= 0x40 && off <= 0xb0)
		return percpu_read(v->part, v->id, off, val);
	if ((reg = src_reg(m, off))) {
		*val = *reg;
		if (reg >= m->vpr && reg < m->vpr + VMPIC_TOTAL &&
		    vmpic_active(v->part, (unsigned int)(reg - m->vpr)))
			*val |= VPR_ACT;
		return 0;
	}
	if (off >= 0x1100 && off < 0x1200 && (off & 0x3f) <= 0x10) {
		unsigned int n = (off - 0x1100) / 0x40;

		*val = (off & 0x3f) == 0 ? vmpic_tmr_count(v->part, n) : m->tmr[n].gtbcr;
		return 0;
	}
	if (msi_read(v->part, off, val) || ilr_access(m, off, val, 0))
		return 0;
	switch (off) {
	case 0x0: *val = 0x00400402; break; /* BRR1: FSL MPIC 4.2, as QEMU */
	case 0x1000: /* FRR: sources - 1, CPUs - 1, version 2, as the board's */
		*val = ((host_sources() - 1) << 16) | ((m->ncpus - 1) << 8) | 2;
		break;
	case 0x1020: *val = m->gcr; break;
	case 0x10e0: *val = m->svr; break;
	case 0x10f0: *val = m->tfrr; break;
	default: *val = 0;
	}
	return 0;
}

static int write_locked(struct vcpu *v, uint32_t off, unsigned int size, uint32_t val)
{
	struct partition *p = v->part;
	struct vmpic *m = M(p);
	uint32_t *reg;

	if (size != 4 || (off & 3))
		return -EINVAL;
	if (off >= 0x20000 && off < 0x20000 + 0x1000 * m->ncpus)
		return percpu_write(p, (off - 0x20000) / 0x1000, off & 0xfff, val);
	if (off >= 0x40 && off <= 0xb0)
		return percpu_write(p, v->id, off, val);
	if ((reg = src_reg(m, off))) {
		*reg = reg >= m->vpr && reg < m->vpr + VMPIC_TOTAL ? val & ~VPR_ACT : val;
		vmpic_update_all(p);
	} else if (off == 0x1740) { /* MSIIR: SRS in bits 0-2, IBS in bits 3-7 */
		m->msir[val >> 29] |= 1u << ((val >> 24) & 0x1f);
		vmpic_raise(p, VMPIC_MSI0 + (val >> 29), 0);
	} else if (ilr_access(m, off, &val, 1)) {
		vmpic_update_all(p);
	} else if (off >= 0x1100 && off < 0x1200 && (off & 0x3f) == 0x10) {
		vmpic_tmr_set_base(p, (off - 0x1100) / 0x40, val);
	} else if (off == 0x1020) {
		vmpic_set_gcr(p, val);
	} else if (off == 0x10e0) {
		m->svr = val & 0xffff;
	} else if (off == 0x10f0) {
		m->tfrr = val;
	}
	return 0;
}

static int vmpic_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	int r;

	(void)ctx;
	vmpic_lock(v->part);
	r = read_locked(v, off, size, val);
	vmpic_unlock(v->part);
	return r;
}

static int vmpic_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	int r;

	(void)ctx;
	vmpic_lock(v->part);
	r = write_locked(v, off, size, val);
	vmpic_unlock(v->part);
	return r;
}

const struct vdev_ops vmpic_ops = { "mpic", vmpic_read, vmpic_write };
