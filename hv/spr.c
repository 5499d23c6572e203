/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest SPRs. Plain registers live in struct vcpu and are described by
 * their offset; the ones with side effects have handlers. SPRG3..7 are
 * also readable from user mode without a trap, so every write to them
 * reaches the real register too (the hypervisor never uses them).
 */
#include <errno.h>
#include <stddef.h>
#include "hv/spr.h"
#include "hv/vcpu.h"
#include "hv/shadow.h"
#include "hv/vtimer.h"
#include "kernel/ppc.h"

#define F(field) offsetof(struct vcpu, field)
#define RO 0x1      /* writes raise what QEMU raises: a privileged fault */
#define MIRROR 0x2  /* keep the real SPR equal (user-readable SPRGs) */
#define E500V2 0x4  /* this core only */
#define E500MC 0x8
#define WO 0x10     /* reads raise the privileged fault (DECAR) */

struct spr_desc {
	uint16_t spr;
	uint16_t flags;
	uint16_t off;   /* into struct vcpu, when no handler */
	int (*read)(struct vcpu *v, uint32_t spr, uint32_t *val);
	int (*write)(struct vcpu *v, uint32_t spr, uint32_t val);
};

static int rd_dec(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	(void)spr;
	*val = vtimer_dec_read(v);
	return 0;
}

static int wr_dec(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	vtimer_dec_write(v, val);
	return 0;
}

/* Write-one-to-clear status registers other than TSR. */
static int wr_w1c(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	v->dbsr &= ~val;
	return 0;
}

/* MMUCSR0's flash-invalidate bits complete at once: it reads 0. */
static int rd_zero(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	(void)v, (void)spr;
	*val = 0;
	return 0;
}

static int wr_tsr(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	vtimer_tsr_write(v, val);
	return 0;
}

static int rd_real(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	(void)v;
	*val = spr == SPRN_PVR ? mfspr(SPRN_PVR) : mfspr(SPRN_SVR);
	return 0;
}

static int rd_pir(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	(void)spr;
	*val = v->id;
	return 0;
}

static int rd_cfg(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	const struct gtlb_geom *g = v->gtlb.geom;

	*val = spr == SPRN_TLB0CFG ? g->tlb0cfg : spr == SPRN_TLB1CFG ? g->tlb1cfg : g->mmucfg;
	return 0;
}

static int wr_ignore(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)v, (void)spr, (void)val;
	return 0;
}

static int wr_pid(struct vcpu *v, uint32_t spr, uint32_t val)
{
	/* e500v2 PIDs are 8 bits wide, e500mc's 14. */
	v->pid[spr == SPRN_PID ? 0 : spr == 633 ? 1 : 2] =
		val & (v->gtlb.geom->tlb1_entries == 16 ? 0xff : 0x3fff);
	shadow_refresh(v);
	vcpu_set_msr(v, v->msr);
	return 0;
}

static int wr_tcr(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	vtimer_tcr_write(v, val);
	return 0;
}

static int wr_ivpr(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	v->ivpr = val & 0xffff0000;
	vcpu_vectors_changed(v);
	return 0;
}

static int wr_mmucsr0(struct vcpu *v, uint32_t spr, uint32_t val)
{
	(void)spr;
	if (gtlb_flash(&v->gtlb, val, NULL, NULL))
		shadow_flush(v);
	return 0;
}

static int wr_ivor(struct vcpu *v, uint32_t spr, uint32_t val)
{
	unsigned int n = spr < 528 ? spr - SPRN_IVOR0 : spr - SPRN_IVOR32 + 32;

	v->ivor[n] = val & 0xfff0;
	vcpu_vectors_changed(v);
	return 0;
}

static int rd_ivor(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	*val = v->ivor[spr < 528 ? spr - SPRN_IVOR0 : spr - SPRN_IVOR32 + 32];
	return 0;
}

/* Cache and branch-buffer control: invalidate/flash bits complete at once. */
static int wr_selfclear(struct vcpu *v, uint32_t spr, uint32_t val)
{
	static const struct { uint16_t spr, off; uint32_t clear; } regs[] = {
		{ 1010, F(l1csr0), ~0x00010001u }, { 1011, F(l1csr1), ~0x00010001u },
		{ 1013, F(bucsr), 0x00000200 }, { 1017, F(l2csr0), 0x00200400 },
		{ 1018, F(l2csr1), 0 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (regs[i].spr == spr)
			*(uint32_t *)((char *)v + regs[i].off) = val & ~regs[i].clear;
	return 0;
}

static int wr_sprg_mirror(struct vcpu *v, uint32_t spr, uint32_t val);

#define IVOR(n) { .spr = SPRN_IVOR0 + (n), .read = rd_ivor, .write = wr_ivor }
static const struct spr_desc sprs[] = {
	{ .spr = SPRN_DEC, .read = rd_dec, .write = wr_dec },
	{ .spr = SPRN_SRR0, .off = F(srr0) }, { .spr = SPRN_SRR1, .off = F(srr1) },
	{ .spr = SPRN_PID, .off = F(pid[0]), .write = wr_pid },
	{ .spr = 633, .off = F(pid[1]), .write = wr_pid }, { .spr = 634, .off = F(pid[2]), .write = wr_pid },
	{ .spr = SPRN_DECAR, .flags = WO, .off = F(decar) },
	{ .spr = SPRN_CSRR0, .off = F(csrr0) }, { .spr = SPRN_CSRR1, .off = F(csrr1) },
	{ .spr = SPRN_DEAR, .off = F(dear) }, { .spr = SPRN_ESR, .off = F(esr) }, { .spr = SPRN_IVPR, .off = F(ivpr), .write = wr_ivpr },
	{ .spr = SPRN_SPRG0, .off = F(sprg[0]) }, { .spr = SPRN_SPRG1, .off = F(sprg[1]) },
	{ .spr = SPRN_SPRG2, .off = F(sprg[2]) },
	{ .spr = SPRN_SPRG3, .flags = MIRROR, .off = F(sprg[3]), .write = wr_sprg_mirror },
	{ .spr = SPRN_SPRG4, .flags = MIRROR, .off = F(sprg[4]), .write = wr_sprg_mirror },
	{ .spr = SPRN_SPRG5, .flags = MIRROR, .off = F(sprg[5]), .write = wr_sprg_mirror },
	{ .spr = SPRN_SPRG6, .flags = MIRROR, .off = F(sprg[6]), .write = wr_sprg_mirror },
	{ .spr = SPRN_SPRG7, .flags = MIRROR, .off = F(sprg[7]), .write = wr_sprg_mirror },
	{ .spr = SPRN_TBWL, .write = wr_ignore }, { .spr = SPRN_TBWU, .write = wr_ignore },
	{ .spr = SPRN_PIR, .read = rd_pir, .write = wr_ignore } /* QEMU ignores writes */, { .spr = SPRN_PVR, .flags = RO, .read = rd_real },
	{ .spr = SPRN_DBSR, .off = F(dbsr), .write = wr_w1c }, { .spr = SPRN_DBCR0, .off = F(dbcr0) },
	{ .spr = 309, .off = F(dbcr1) }, { .spr = 310, .off = F(dbcr2) }, { .spr = 312, .off = F(iac1) }, { .spr = 313, .off = F(iac2) },
	{ .spr = 316, .off = F(dac1) }, { .spr = 317, .off = F(dac2) },
	{ .spr = SPRN_TSR, .off = F(tsr), .write = wr_tsr }, { .spr = SPRN_TCR, .off = F(tcr), .write = wr_tcr },
	IVOR(0), IVOR(1), IVOR(2), IVOR(3), IVOR(4), IVOR(5), IVOR(6), IVOR(7), IVOR(8),
	IVOR(9), IVOR(10), IVOR(11), IVOR(12), IVOR(13), IVOR(14), IVOR(15),
	{ .spr = 528, .flags = E500V2, .read = rd_ivor, .write = wr_ivor }, { .spr = 529, .flags = E500V2, .read = rd_ivor, .write = wr_ivor },
	{ .spr = 530, .flags = E500V2, .read = rd_ivor, .write = wr_ivor }, { .spr = 531, .read = rd_ivor, .write = wr_ivor },
	{ .spr = 532, .flags = E500MC, .read = rd_ivor, .write = wr_ivor }, { .spr = 533, .flags = E500MC, .read = rd_ivor, .write = wr_ivor },
	{ .spr = SPRN_MCSRR0, .off = F(mcsrr0) }, { .spr = SPRN_MCSRR1, .off = F(mcsrr1) },
	{ .spr = SPRN_MCSR, .off = F(mcsr) }, { .spr = SPRN_MCAR, .off = F(mcar) },
	{ .spr = SPRN_DSRR0, .off = F(dsrr0) }, { .spr = SPRN_DSRR1, .off = F(dsrr1) },
	{ .spr = SPRN_MAS0, .off = F(mas.mas0) }, { .spr = SPRN_MAS1, .off = F(mas.mas1) },
	{ .spr = SPRN_MAS2, .off = F(mas.mas2) }, { .spr = SPRN_MAS3, .off = F(mas.mas3) },
	{ .spr = SPRN_MAS4, .off = F(mas.mas4) }, { .spr = SPRN_MAS6, .off = F(mas.mas6) },
	{ .spr = SPRN_MAS7, .off = F(mas.mas7) },
	{ .spr = SPRN_TLB0CFG, .flags = RO, .read = rd_cfg }, { .spr = SPRN_TLB1CFG, .flags = RO, .read = rd_cfg },
	{ .spr = 1015, .flags = RO, .read = rd_cfg }, /* MMUCFG */
	{ .spr = SPRN_MMUCSR0, .read = rd_zero, .write = wr_mmucsr0 },
	{ .spr = SPRN_HID0, .off = F(hid0) }, { .spr = SPRN_HID1, .off = F(hid1) },
	{ .spr = 1010, .off = F(l1csr0), .write = wr_selfclear }, { .spr = 1011, .off = F(l1csr1), .write = wr_selfclear },
	{ .spr = 1013, .off = F(bucsr), .write = wr_selfclear },
	{ .spr = 1017, .flags = E500MC, .off = F(l2csr0), .write = wr_selfclear }, { .spr = 1018, .flags = E500MC, .off = F(l2csr1), .write = wr_selfclear },
	{ .spr = SPRN_SVR, .flags = RO, .read = rd_real },
	/* The user-mode read-only SPRG3-7 numbers (reads never trap). */
	{ .spr = 259, .flags = RO, .off = F(sprg[3]) }, { .spr = 260, .flags = RO, .off = F(sprg[4]) },
	{ .spr = 261, .flags = RO, .off = F(sprg[5]) }, { .spr = 262, .flags = RO, .off = F(sprg[6]) },
	{ .spr = 263, .flags = RO, .off = F(sprg[7]) },
	{ .spr = 702, .flags = RO, .off = F(epr) }, /* EPR (QEMU: every e500) */
};

static int wr_sprg_mirror(struct vcpu *v, uint32_t spr, uint32_t val)
{
	v->sprg[spr - SPRN_SPRG0] = val;
	switch (spr) {
	case SPRN_SPRG3: mtspr(SPRN_SPRG3, val); break;
	case SPRN_SPRG4: mtspr(SPRN_SPRG4, val); break;
	case SPRN_SPRG5: mtspr(SPRN_SPRG5, val); break;
	case SPRN_SPRG6: mtspr(SPRN_SPRG6, val); break;
	default: mtspr(SPRN_SPRG7, val); break;
	}
	return 0;
}

#define NSPRS (sizeof(sprs) / sizeof(sprs[0]))

uint16_t spr_fast_read[SPR_COUNT], spr_fast_write[SPR_COUNT];
static uint8_t index_of[SPR_COUNT]; /* 1 + index in sprs[] for this core, or 0 */

_Static_assert(NSPRS < 255, "spr index is a byte");

void spr_init(int e500v2)
{
	static int built_for = -1; /* every vCPU start calls this; one build */
	unsigned int i, core = e500v2 ? E500V2 : E500MC;

	if (built_for == e500v2)
		return;
	built_for = e500v2;
	for (i = 0; i < NSPRS; i++) {
		const struct spr_desc *d = &sprs[i];
		uint16_t only = d->flags & (E500V2 | E500MC);

		if (only && !(only & core))
			continue;
		index_of[d->spr] = (uint8_t)(i + 1);
		if (!d->off) /* no storage of its own: C */
			continue;
		if (!d->read && !(d->flags & WO))
			spr_fast_read[d->spr] = (uint16_t)(d->off + 1);
		if (!d->write && !(d->flags & RO))
			spr_fast_write[d->spr] = (uint16_t)(d->off + 1);
	}
}

static const struct spr_desc *find(const struct vcpu *v, uint32_t spr)
{
	(void)v;
	return spr < SPR_COUNT && index_of[spr] ? &sprs[index_of[spr] - 1] : NULL;
}

int spr_read(struct vcpu *v, uint32_t spr, uint32_t *val)
{
	const struct spr_desc *d = find(v, spr);

	if (!d)
		return -EINVAL;
	if (d->flags & WO)
		return -EPERM;
	if (d->read)
		return d->read(v, spr, val);
	*val = *(uint32_t *)((char *)v + d->off);
	return 0;
}

int spr_write(struct vcpu *v, uint32_t spr, uint32_t val)
{
	const struct spr_desc *d = find(v, spr);

	if (!d)
		return -EINVAL;
	if (d->flags & RO)
		return -EPERM;
	if (d->write)
		return d->write(v, spr, val);
	*(uint32_t *)((char *)v + d->off) = val;
	return 0;
}
