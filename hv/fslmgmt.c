/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Freescale partition management: the life-cycle calls (status, start,
 * stop, restart, set-platform), memcpy between partitions, NMIs, core
 * state and nap, the error queue, and the interrupts that tell a manager
 * about its partitions. The device-tree side is hv/fslmgmt_dt.c.
 *
 * A manager and the partitions it manages run on different CPUs: state a
 * call changes on another CPU is either the partition's own (its state,
 * under partition_run.c's rules) or kept here under a per-partition lock,
 * and acted on by that partition's vCPUs at their next exit.
 */
#include <errno.h>
#include <string.h>
#include "hv/fslmgmt.h"
#include "hv/hcall.h"
#include "hv/partition.h"
#include "hv/platform.h"
#include "kernel/board.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "kernel/trap.h"
#include "drivers/mpic.h"

#define MCSR_MCP 0x80000000u /* machine check input: how an NMI arrives */
#define ERR_QUEUE 4          /* records kept per partition */
#define WHY_STOP "stopped by its manager"
#define WHY_RESTART "restarted by its manager"

/* FH_GET_CORE_STATE answers. */
enum { FH_VCPU_RUN = 0, FH_VCPU_IDLE = 1, FH_VCPU_NAP = 2 };

struct mgmt_state {
	spinlock_t lock;
	volatile uint32_t notify; /* manager: bit 2 * part_id + event to raise */
	volatile uint32_t nmi;    /* bit per vCPU: an NMI to deliver */
	volatile uint32_t nap;    /* bit per vCPU: idle through FH_ENTER_NAP */
	struct fslmgmt_err errs[ERR_QUEUE];
	unsigned int err_head, err_count;
};

static struct mgmt_state ms[CONFIG_MAX_PARTITIONS];

static_assert(sizeof(struct fslmgmt_err) == 128, "error record ABI");
static_assert(sizeof(struct fslmgmt_sg) == 32, "fh_sg_list ABI");
static_assert(FSLMGMT_VIRQ(CONFIG_MAX_PARTITIONS - 1, FSLMGMT_EV_COUNT - 1) < 256,
	      "management interrupts fit the vmpic's sources");

/* GET_STATUS: the Freescale states; ours that are not map to "stopped". */
static const uint8_t fh_status[PART_STATE_COUNT] = {
	[PART_STOPPED] = 0, [PART_RUNNING] = 1, [PART_STARTING] = 2,
	[PART_STOPPING] = 3, [PART_PAUSING] = 4, [PART_PAUSED] = 5,
	[PART_RESUMING] = 6, [PART_REFUSED] = 0, [PART_LOADED] = 0,
};

static uint32_t lock(struct mgmt_state *m)
{
	return spin_lock_irqsave(&m->lock);
}

static void unlock(struct mgmt_state *m, uint32_t msr)
{
	spin_unlock_irqrestore(&m->lock, msr);
}

static struct mgmt_state *state_of(const struct partition *p)
{
	return &ms[p->id % CONFIG_MAX_PARTITIONS];
}

int fslmgmt_manages(const struct partition *m, const struct partition *p)
{
	if (m == p || !m->cfg || !p->cfg || m->cfg->refused || p->cfg->refused)
		return 0;
	return m->cfg->manager || ((m->cfg->manages >> p->id) & 1);
}

struct partition *fslmgmt_target(struct vcpu *v, uint32_t h)
{
	if (h == FSLMGMT_SELF)
		return v->part;
	return handle_get(v->part, h, HANDLE_PARTITION);
}

/* Make the vCPUs of @p in @mask exit soon. */
static void wake(struct partition *p, uint32_t mask)
{
	unsigned int i;

	for (i = 0; i < PART_MAX_VCPUS; i++) {
		struct vcpu *v = *(struct vcpu *volatile *)&p->vcpus[i];

		if (!v || !((mask >> i) & 1))
			continue;
		if (v->pcpu == cpu_id())
			this_cpu()->work = WORK_WAKE;
		else
			mpic_send_ipi(IPI_PING, 1u << v->pcpu);
	}
}

/* --- notifications and NMIs ------------------------------------------------ */

static int has_handle(const struct partition *m, const struct partition *p)
{
	unsigned int h;

	for (h = 0; h < m->nhandles; h++)
		if (m->handles[h].type == HANDLE_PARTITION && m->handles[h].obj == p)
			return 1;
	return 0;
}

void fslmgmt_notify(struct partition *p, enum fslmgmt_event ev)
{
	unsigned int i;

	for (i = 0; i < partition_count(); i++) {
		struct partition *m = partition_get(i);
		struct mgmt_state *s = state_of(m);
		uint32_t msr;

		if (!fslmgmt_manages(m, p) || !has_handle(m, p))
			continue;
		msr = lock(s);
		s->notify |= 1u << (2 * p->id + ev);
		unlock(s, msr);
		wake(m, 1);
	}
}

static const char *const event_names[FSLMGMT_EV_COUNT] = {
	[FSLMGMT_EV_STATE] = "state change", [FSLMGMT_EV_WATCHDOG] = "watchdog",
};

static void raise_notifications(struct vcpu *v, struct mgmt_state *s)
{
	uint32_t msr = lock(s), bits = s->notify;
	unsigned int b;

	s->notify = 0;
	unlock(s, msr);
	for (b = 0; b < 32; b++) {
		struct partition *p = partition_get(b / 2);

		if (!((bits >> b) & 1) || !p)
			continue;
		kprintf("fslmgmt: %s: %s of %s (%s), irq %u\n", v->part->cfg->name,
			event_names[b % 2], p->cfg->name, partition_state_name(p->state),
			FSLMGMT_VIRQ_BASE + b);
		vmpic_raise(v->part, FSLMGMT_VIRQ_BASE + b, 0);
	}
}

/* An NMI is a machine check with MCSR[MCP], taken when MSR[ME] allows. */
static void deliver_nmi(struct vcpu *v, struct mgmt_state *s)
{
	uint32_t msr, bit = 1u << v->id;

	if (!(v->msr & MSR_ME))
		return;
	msr = lock(s);
	s->nmi &= ~bit;
	unlock(s, msr);
	v->mcsr |= MCSR_MCP;
	v->mcar = 0;
	v->idle = 0;
	vcpu_reflect(v, IVOR_MCHECK, 0, 0, 0);
}

void fslmgmt_poll(struct vcpu *v)
{
	struct mgmt_state *s = state_of(v->part);
	uint32_t bit = 1u << v->id;

	if (!(s->notify | s->nmi | s->nap))
		return;
	if (s->notify)
		raise_notifications(v, s);
	if (s->nmi & bit)
		deliver_nmi(v, s);
	if ((s->nap & bit) && !v->idle)
		s->nap &= ~bit; /* only this vCPU changes its own bit */
}

/* --- the error queue ---------------------------------------------------------- */

void fslmgmt_error(struct partition *p, const char *error, const char *why, uint32_t pc)
{
	struct mgmt_state *s = state_of(p);
	struct fslmgmt_err *e;
	uint32_t msr = lock(s);

	if (s->err_count == ERR_QUEUE) {
		s->err_head = (s->err_head + 1) % ERR_QUEUE;
		s->err_count--;
	}
	e = &s->errs[(s->err_head + s->err_count++) % ERR_QUEUE];
	memset(e, 0, sizeof(*e));
	strncpy(e->domain, "partition", sizeof(e->domain) - 1);
	strncpy(e->error, error, sizeof(e->error) - 1);
	strncpy(e->partition, p->cfg->name, sizeof(e->partition) - 1);
	strncpy(e->reason, why, sizeof(e->reason) - 1);
	e->pc = pc;
	e->restarts = p->restarts;
	unlock(s, msr);
}

/* Copy @p's oldest record to @out, dropping it unless @peek. 1 if any. */
static int err_take(struct partition *p, struct fslmgmt_err *out, int peek)
{
	struct mgmt_state *s = state_of(p);
	uint32_t msr = lock(s);
	int any = s->err_count != 0;

	if (any) {
		*out = s->errs[s->err_head];
		if (!peek) {
			s->err_head = (s->err_head + 1) % ERR_QUEUE;
			s->err_count--;
		}
	}
	unlock(s, msr);
	return any;
}

/* Queue 0: the caller's own errors; 1 (global): its partitions'. */
static struct partition *err_source(struct vcpu *v, uint32_t queue)
{
	unsigned int i;

	if (queue == 0)
		return state_of(v->part)->err_count ? v->part : NULL;
	for (i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);

		if (fslmgmt_manages(v->part, p) && state_of(p)->err_count)
			return p;
	}
	return NULL;
}

/** hc_fsl_err_get_info() - r3 queue, r4 buffer size, r5:r6 buffer, r7 peek;
 * r4 back = the record size. Returns 0 or -EINVAL/-ENOENT/-ENOBUFS/-EFAULT. */
int hc_fsl_err_get_info(struct vcpu *v)
{
	uint32_t queue = v->gpr[3], size = v->gpr[4];
	uint64_t gpa = ((uint64_t)v->gpr[5] << 32) | v->gpr[6];
	struct fslmgmt_err rec;
	struct partition *src;
	int err;

	v->gpr[4] = 0;
	if (queue > 1)
		return -EINVAL;
	src = err_source(v, queue);
	if (!src || !err_take(src, &rec, 1))
		return -ENOENT;
	v->gpr[4] = sizeof(rec);
	if (size < sizeof(rec))
		return -ENOBUFS;
	err = hcall_copy_to_guest(v->part, gpa, &rec, sizeof(rec));
	if (!err && !v->gpr[7])
		err_take(src, &rec, 0);
	return err;
}

/* --- life cycle ------------------------------------------------------------------ */

/** hc_fsl_get_status() - r3 handle; r4 = the Freescale state. Returns 0 or -EINVAL. */
int hc_fsl_get_status(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);
	unsigned int s;

	if (!p)
		return -EINVAL;
	s = *(volatile enum part_state *)&p->state;
	v->gpr[4] = s < PART_STATE_COUNT ? fh_status[s] : 0;
	return 0;
}

/** hc_fsl_start() - r3 handle, r4 entry point, r5 load. Returns 0 or the
 * errno of partition_start(). */
int hc_fsl_start(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);

	if (!p)
		return -EINVAL;
	kprintf("fslmgmt: %s starts %s (%s)\n", v->part->cfg->name, p->cfg->name,
		v->gpr[5] ? "load" : "no load");
	return partition_start(p, v->gpr[4], v->gpr[5] != 0);
}

/** hc_fsl_stop() - r3 handle. Returns 0, -EINVAL or -EBUSY (not running). */
int hc_fsl_stop(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);

	if (!p)
		return -EINVAL;
	return partition_stop(p, p == v->part ? "its own stop hypercall" : WHY_STOP);
}

/** hc_fsl_restart() - r3 handle: stop and start it again with its images
 * reloaded, asynchronously. Returns 0, -EINVAL or -EBUSY (not running). */
int hc_fsl_restart(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);
	enum part_state s;

	if (!p)
		return -EINVAL;
	s = *(volatile enum part_state *)&p->state;
	if (s != PART_RUNNING && s != PART_STARTING)
		return -EBUSY;
	partition_request(p, PART_REQ_RESTART, p == v->part ? "its own restart hypercall" : WHY_RESTART);
	return 0;
}

/* The host core for the platform table, from the PVR. */
static int host_core(void)
{
	static const struct { uint16_t pvr; uint8_t core; } cores[] = {
		{ 0x8020, CORE_E500V2 }, { 0x8021, CORE_E500V2 }, { 0x8023, CORE_E500MC },
		{ 0x8024, CORE_E5500 }, { 0x8040, CORE_E6500 },
	};
	uint32_t pvr = mfspr(SPRN_PVR) >> 16;
	unsigned int i;

	for (i = 0; i < sizeof(cores) / sizeof(cores[0]); i++)
		if (cores[i].pvr == pvr)
			return cores[i].core;
	return -1;
}

/** hc_fsl_set_platform() - r3 handle, r4 platform, r5 guest_arch | width
 * << 16 (0: 32), r6 flags; r4 back = the platform table's verdict.
 * Returns 0, -EINVAL (bad handle, or refused: r4 != 0) or -EBUSY. */
int hc_fsl_set_platform(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);
	uint32_t plat = v->gpr[4], w = v->gpr[5] >> 16;
	struct platform_req req = {
		.platform = plat > 0xffff ? 0xffff : (uint16_t)plat,
		.guest_arch = (uint16_t)v->gpr[5], .width = w ? (w > 255 ? 255 : (uint8_t)w) : 32,
		.flags = v->gpr[6],
	};

	v->gpr[4] = 0;
	return p ? fslmgmt_set_platform(v, p, &req) : -EINVAL;
}

int fslmgmt_set_platform(struct vcpu *v, struct partition *p, const struct platform_req *rq)
{
	struct platform_req req = *rq;
	enum part_state s;
	const char *why;
	int host = host_core(), verdict;

	v->gpr[4] = 0;
	s = *(volatile enum part_state *)&p->state;
	if (s != PART_STOPPED && s != PART_LOADED && !(s == PART_REFUSED && !p->cfg->refused))
		return -EBUSY;
	verdict = host < 0 ? PLATFORM_ERR_UNKNOWN_HOST : platform_check(host, &req, &why);
	if (verdict) {
		kprintf("fslmgmt: %s: platform %lu/%u for %s refused: %s\n", v->part->cfg->name,
			(unsigned long)req.platform, req.guest_arch, p->cfg->name,
			platform_verdict_str(verdict));
		v->gpr[4] = (uint32_t)verdict;
		return -EINVAL;
	}
	/* The partition table is the configuration: the next start's tree
	 * (guest_dt_build) and map follow it. */
	if (partition_set_req(p, &req))
		return -EBUSY; /* started meanwhile */
	kprintf("fslmgmt: %s sets %s to platform %s, guest-arch %u/%u, flags %lx\n",
		v->part->cfg->name, p->cfg->name, platform_name(req.platform), req.guest_arch,
		req.width, (unsigned long)req.flags);
	return 0;
}

/** hc_fsl_system_reset() - reset the board. Returns -EIO if it did not. */
int hc_fsl_system_reset(struct vcpu *v)
{
	kprintf("fslmgmt: %s resets the system\n", v->part->cfg->name);
	board_reset();
	return -EIO;
}

/* --- memcpy between partitions ----------------------------------------------- */

/* Check (and with @copy, perform) every entry of the list at @list. */
static int sg_pass(struct vcpu *v, struct partition *src, struct partition *dst,
		   uint64_t list, uint32_t count, int copy)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		struct fslmgmt_sg e;
		uint8_t *from, *to;
		int err = hcall_copy_from_guest(v->part, list + (uint64_t)i * sizeof(e), &e,
						sizeof(e));

		if (err)
			return err;
		if (e.reserved)
			return -EINVAL;
		if (hcall_guest_span(src, e.source, e.size, &from) ||
		    hcall_guest_span(dst, e.target, e.size, &to))
			return -EFAULT;
		if (copy)
			memmove(to, from, (size_t)e.size);
	}
	return 0;
}

/** hc_fsl_memcpy() - r3 source handle, r4 target handle (-1: the caller),
 * r5 list address low, r6 high (in the caller), r7 entries. Every entry is
 * checked before anything is copied. Returns 0, -EINVAL or -EFAULT. */
int hc_fsl_memcpy(struct vcpu *v)
{
	struct partition *src = fslmgmt_target(v, v->gpr[3]);
	struct partition *dst = fslmgmt_target(v, v->gpr[4]);
	uint64_t list = ((uint64_t)v->gpr[6] << 32) | v->gpr[5];
	uint32_t count = v->gpr[7];

	if (!src || !dst || count > FSLMGMT_SG_MAX)
		return -EINVAL;
	return sg_pass(v, src, dst, list, count, 0) ?: sg_pass(v, src, dst, list, count, 1);
}

/* --- vCPUs: NMI, core state, nap ------------------------------------------------ */

/** hc_fsl_send_nmi() - r3 vCPU mask of the caller's partition; with bit 31
 * set, of the partition of handle r4. Returns 0, -EINVAL or -EBUSY. */
int hc_fsl_send_nmi(struct vcpu *v)
{
	uint32_t mask = v->gpr[3] & 0x7fffffffu, msr;
	struct partition *p = (v->gpr[3] & 0x80000000u) ? fslmgmt_target(v, v->gpr[4]) : v->part;
	struct mgmt_state *s;

	if (!p || !mask || (mask >> p->cfg->ncpus) || p->cfg->ncpus > PART_MAX_VCPUS)
		return -EINVAL;
	if (*(volatile enum part_state *)&p->state != PART_RUNNING)
		return -EBUSY;
	s = state_of(p);
	msr = lock(s);
	s->nmi |= mask;
	unlock(s, msr);
	wake(p, mask);
	return 0;
}

/* vCPU @id of partition @h as the caller names them, running or not. */
static int vcpu_arg(struct vcpu *v, struct partition **pp)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);

	if (!p || v->gpr[4] >= p->cfg->ncpus || v->gpr[4] >= PART_MAX_VCPUS)
		return -EINVAL;
	*pp = p;
	return 0;
}

/** hc_fsl_get_core_state() - r3 handle, r4 vCPU; r4 back = 0 running,
 * 1 idle, 2 napping. Returns 0, -EINVAL, or -EBUSY (the vCPU is not running). */
int hc_fsl_get_core_state(struct vcpu *v)
{
	struct partition *p;
	struct vcpu *t;
	uint32_t id = v->gpr[4];
	int err = vcpu_arg(v, &p);

	if (err)
		return err;
	t = *(struct vcpu *volatile *)&p->vcpus[id];
	if (!t || *(volatile enum part_state *)&p->state != PART_RUNNING)
		return -EBUSY;
	if (!*(volatile int *)&t->idle)
		v->gpr[4] = FH_VCPU_RUN;
	else
		v->gpr[4] = (state_of(p)->nap >> id) & 1 ? FH_VCPU_NAP : FH_VCPU_IDLE;
	return 0;
}

/** hc_fsl_enter_nap() - r3 handle (-1), r4 vCPU: the caller's own vCPU
 * naps, as EV_IDLE, until its next interrupt. Returns 0 or -EINVAL. */
int hc_fsl_enter_nap(struct vcpu *v)
{
	struct partition *p;
	int err = vcpu_arg(v, &p);

	if (err || p != v->part || v->gpr[4] != v->id)
		return -EINVAL;
	state_of(p)->nap |= 1u << v->id; /* only this vCPU changes its bit */
	v->idle = 1;
	return 0;
}

/** hc_fsl_exit_nap() - r3 handle (-1), r4 vCPU: the caller's own vCPU,
 * which is awake as it calls. Returns 0 or -EINVAL. */
int hc_fsl_exit_nap(struct vcpu *v)
{
	struct partition *p;
	int err = vcpu_arg(v, &p);

	return err || p != v->part || v->gpr[4] != v->id ? -EINVAL : 0;
}

/* --- devices: nothing on this board has a LIODN, an MSI or a claim -------------- */

/** hc_fsl_dma_enable() / hc_fsl_dma_disable() - r3 LIODN. No device of
 * this board has one (no PAMU): -EINVAL. */
int hc_fsl_dma_enable(struct vcpu *v)
{
	(void)v;
	return -EINVAL;
}

int hc_fsl_dma_disable(struct vcpu *v)
{
	(void)v;
	return -EINVAL;
}

/** hc_fsl_get_msir() - r3 interrupt. No partition is given MSI sources:
 * -EINVAL. */
int hc_fsl_get_msir(struct vcpu *v)
{
	v->gpr[4] = 0;
	return -EINVAL;
}

/** hc_fsl_claim_device() - r3 device handle. There are no claimable
 * devices (no fsl,hv-device-handle): -EINVAL. */
int hc_fsl_claim_device(struct vcpu *v)
{
	(void)v;
	return -EINVAL;
}

/** hc_fsl_stop_dma() - r3 handle of a stopped partition: nothing of it
 * does DMA behind the hypervisor's back. Returns 0, -EINVAL or -EBUSY. */
int hc_fsl_stop_dma(struct vcpu *v)
{
	struct partition *p = fslmgmt_target(v, v->gpr[3]);
	enum part_state s;

	if (!p)
		return -EINVAL;
	s = *(volatile enum part_state *)&p->state;
	return s == PART_STOPPED || s == PART_LOADED || s == PART_REFUSED ? 0 : -EBUSY;
}
