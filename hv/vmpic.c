/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual MPIC, the model: pending sources per CPU, priorities, the
 * in-service stacks, IACK/EOI, the external-proxy offers, the global
 * timers. hv/vmpic_regs.c is the guest's register view of it; every
 * entry point takes the model's lock.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "hv/vmpic.h"
#include "hv/vcpu.h"
#include "hv/partition.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "drivers/mpic.h"
#include "kernel/irq.h"
#include "kernel/atomic.h"

#define TMR_CI 0x80000000u
#define TIMER_DIV 16 /* QEMU's MPIC timers count at 25 MHz: timebase / 16 */

static struct vmpic *M(struct partition *p)
{
	return &p->vmpic;
}

/* The partition's vCPUs (MMIO, hypercalls), device interrupts, doorbells
 * and timers reach the model from any CPU. External interrupts stay off
 * while it is held: an interrupt handler on the holding CPU would nest. */
static void lock(struct vmpic *m)
{
	uint32_t msr;

	if (m->guard.lock.v == cpu_id() + 1) {
		m->guard.depth++;
		return;
	}
	msr = spin_lock_irqsave(&m->guard.lock);
	m->guard.msr = msr;
	m->guard.depth = 1;
}

static void unlock(struct vmpic *m)
{
	if (--m->guard.depth)
		return;
	spin_unlock_irqrestore(&m->guard.lock, m->guard.msr);
}

void vmpic_lock(struct partition *p)
{
	lock(&p->vmpic);
}

void vmpic_unlock(struct partition *p)
{
	unlock(&p->vmpic);
}

static int test(const uint32_t *bm, unsigned int i)
{
	return (bm[i / 32] >> (i % 32)) & 1;
}

/* Pending bits change only through these two, which keep the per-CPU
 * summary of non-empty words the scans below walk. */
static inline __attribute__((always_inline)) void pend_set(struct vmpic *m, unsigned int cpu, unsigned int s)
{
	m->pending[cpu][s / 32] |= 1u << (s % 32);
	m->pending_nz[cpu] |= 1u << (s / 32);
}

static inline __attribute__((always_inline)) void pend_clr(struct vmpic *m, unsigned int cpu, unsigned int s)
{
	if (!(m->pending[cpu][s / 32] &= ~(1u << (s % 32))))
		m->pending_nz[cpu] &= ~(1u << (s / 32));
}

static void timer_fire(struct timer *t, void *arg);
static void tmr_request(struct vmpic_timer *t);

/* The interrupt mode (GCR) decides who delivers the vCPUs' externals. */
static void route_all(struct partition *p)
{
	unsigned int i;

	p->vmpic.proxy = (uint32_t)vmpic_ext_proxy(p);
	for (i = 0; i < PART_MAX_VCPUS; i++)
		if (p->vcpus[i] && p->vcpus[i]->part == p)
			vcpu_irq_route(p->vcpus[i]);
	/* Seen by the other vCPUs before any offer made in the new mode. */
	__asm__ volatile("sync" ::: "memory");
}

void vmpic_reset(struct vmpic *m, struct partition *p)
{
	uint32_t line[VMPIC_WORDS], level[VMPIC_WORDS], passthru[VMPIC_WORDS];
	unsigned int i;

	lock(m);
	/* A reset of the controller leaves its input lines as they are; the
	 * timers stay where they are linked and are stopped by their owner. */
	for (i = 0; i < VMPIC_MAX_CPUS; i++)
		if (i < PART_MAX_VCPUS && p->vcpus[i] && p->vcpus[i]->part == p)
			atomic_update(&p->vcpus[i]->pending, VPEND_OFFER_ALL | VPEND_EXT, 0);
	memcpy(line, m->line, sizeof(line));
	memcpy(level, m->level, sizeof(level));
	memcpy(passthru, m->passthru, sizeof(passthru));
	memset(&m->gcr, 0, offsetof(struct vmpic, tmr) - offsetof(struct vmpic, gcr));
	memcpy(m->line, line, sizeof(line));
	memcpy(m->level, level, sizeof(level));
	memcpy(m->passthru, passthru, sizeof(passthru));
	for (i = 0; i < VMPIC_NSRC; i++)
		if (test(line, i))
			pend_set(m, 0, i);
	for (i = 0; i < VMPIC_TOTAL; i++) {
		m->vpr[i] = VPR_MSK;
		m->dr[i] = 1;
	}
	for (i = 0; i < 4; i++) {
		m->tmr[i].gtbcr = TMR_CI;
		m->tmr[i].p = p;
		m->tmr[i].n = i;
		m->tmr[i].owner = p->cfg->cpus[0];
		tmr_request(&m->tmr[i]);
	}
	/* An MPIC resets with every CPU at task priority 15; the ePAPR hv-pic
	 * has no reset the guest drives (Linux's ehv_pic never lowers it), so
	 * an epapr partition starts at 0. */
	for (i = 0; i < VMPIC_MAX_CPUS; i++)
		m->ctpr[i] = p->cfg->req.platform == PLATFORM_EPAPR ? 0 : 15;
	m->svr = 0xffff;
	m->ncpus = p->cfg->ncpus;
	route_all(p);
	unlock(m);
}

/* Highest-priority pending, unmasked source of @cpu above its threshold.
 * Walks only the set bits of the pending words. */
static int best(struct vmpic *m, unsigned int cpu, unsigned int *prio)
{
	unsigned int top = m->ctpr[cpu];
	uint32_t words = m->pending_nz[cpu];
	int pick = -1;

	if (m->nisr[cpu]) {
		unsigned int s = VPR_PRIO(m->vpr[m->isr[cpu][m->nisr[cpu] - 1]]);

		if (s > top)
			top = s;
	}
	while (words) {
		unsigned int w = (unsigned int)__builtin_ctz(words);
		uint32_t bits = m->pending[cpu][w];

		words &= words - 1;
		while (bits) {
			unsigned int i = w * 32 + (unsigned int)__builtin_ctz(bits);

			bits &= bits - 1;
			if (!(m->vpr[i] & VPR_MSK) && !m->ilr[i] && VPR_PRIO(m->vpr[i]) > top) {
				top = VPR_PRIO(m->vpr[i]);
				pick = (int)i;
			}
		}
	}
	if (prio)
		*prio = top;
	return pick;
}

/* Any unmasked pending source of @cpu routed to the critical input. */
static int critical(struct vmpic *m, unsigned int cpu)
{
	uint32_t words = m->pending_nz[cpu];

	while (words) {
		unsigned int w = (unsigned int)__builtin_ctz(words);
		uint32_t bits = m->pending[cpu][w];

		words &= words - 1;
		while (bits) {
			unsigned int i = w * 32 + (unsigned int)__builtin_ctz(bits);

			bits &= bits - 1;
			if (m->ilr[i] && !(m->vpr[i] & VPR_MSK))
				return 1;
		}
	}
	return 0;
}

#define GCR_MODE_PROXY 0x60000000u

int vmpic_proxy(const struct partition *p)
{
	return (p->vmpic.gcr & GCR_MODE_PROXY) == GCR_MODE_PROXY;
}

void vmpic_set_passthru(struct partition *p, unsigned int src)
{
	struct vmpic *m = M(p);

	lock(m);
	m->passthru[src / 32] |= 1u << (src % 32);
	m->level[src / 32] |= 1u << (src % 32);
	unlock(m);
}

int vmpic_ext_proxy(const struct partition *p)
{
	return (p->cfg->req.platform == PLATFORM_EPAPR && p->cfg->req.guest_arch >= 206) ||
	       vmpic_proxy(p);
}

/*
 * External proxy: delivery is the acknowledge. So that the vCPU's own CPU
 * can deliver without the model (kernel/fastpath.S), the source it takes
 * next is acknowledged as soon as it is the best one and its vector
 * offered in the vCPU's pending word; anything that looks at the CPU's
 * state again first withdraws an offer not yet claimed, restoring the
 * source as it was (pending again, unless it is a level whose line fell).
 */
static void offer(struct vmpic *m, unsigned int cpu, unsigned int s, struct vcpu *v)
{
	pend_clr(m, cpu, s);
	m->isr[cpu][m->nisr[cpu]++] = (uint16_t)s;
	m->offered[cpu] = (uint16_t)(s + 1);
	atomic_update(&v->pending, VPEND_OFFER_ALL,
		      (VPR_VEC(m->vpr[s]) << VPEND_VEC_SHIFT) | VPEND_OFFER | VPEND_EXT);
}

static void withdraw_offer(struct partition *p, unsigned int cpu)
{
	struct vmpic *m = M(p);
	struct vcpu *v = p->vcpus[cpu];
	unsigned int s = m->offered[cpu] - 1u, i;

	m->offered[cpu] = 0;
	if (!v)
		return; /* parked: its state is reset before it runs again */
	if (!(atomic_fetch_update(&v->pending, VPEND_OFFER_ALL | VPEND_EXT, 0) & VPEND_OFFER))
		return; /* claimed: delivered, in service */
	for (i = m->nisr[cpu]; i-- > 0;)
		if (m->isr[cpu][i] == s) {
			for (; i + 1 < m->nisr[cpu]; i++)
				m->isr[cpu][i] = m->isr[cpu][i + 1];
			m->nisr[cpu]--;
			break;
		}
	if (!test(m->level, s) || test(m->line, s))
		pend_set(m, cpu, s);
}

static inline __attribute__((always_inline)) void withdraw(struct partition *p, unsigned int cpu)
{
	if (M(p)->offered[cpu])
		withdraw_offer(p, cpu);
}

int vmpic_take(struct vcpu *v)
{
	uint32_t old = atomic_fetch_update(&v->pending, VPEND_OFFER_ALL | VPEND_EXT, 0);

	if (!(old & VPEND_OFFER))
		return 0;
	v->epr = old >> VPEND_VEC_SHIFT;
	return 1;
}

void vmpic_update(struct partition *p, unsigned int cpu)
{
	struct vcpu *v = cpu < PART_MAX_VCPUS ? p->vcpus[cpu] : NULL;
	struct vmpic *m = M(p);
	uint32_t old;
	int s, crit;

	if (!v)
		return;
	lock(m);
	withdraw(p, cpu);
	/* The vCPU's own CPU changes this word too: atomically. */
	crit = critical(m, cpu);
	old = atomic_fetch_update(&v->pending, VPEND_CRIT, crit ? VPEND_CRIT : 0);
	s = best(m, cpu, NULL);
	if (s >= 0 && m->proxy) {
		if (m->nisr[cpu] < VMPIC_ISR_DEPTH)
			offer(m, cpu, (unsigned int)s, v);
		else
			s = -1; /* nothing to acknowledge until an EOI */
	}
	atomic_update(&v->pending, s >= 0 ? 0 : VPEND_EXT, s >= 0 ? VPEND_EXT : 0);
	if (s >= 0 || (crit && !(old & VPEND_CRIT))) { /* a new critical too */
		if (v->pcpu != cpu_id())
			mpic_send_ipi(IPI_PING, 1u << v->pcpu);
		else
			this_cpu()->work = WORK_WAKE;
	}
	unlock(m);
}

void vmpic_raise(struct partition *p, unsigned int src, uint32_t cpu_mask)
{
	struct vmpic *m = M(p);
	unsigned int c;

	lock(m);
	if (!cpu_mask)
		cpu_mask = m->dr[src] & -m->dr[src]; /* directed: the lowest CPU */
	for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++)
		if (cpu_mask & (1u << c)) {
			pend_set(m, c, src);
			vmpic_update(p, c);
		}
	unlock(m);
}

void vmpic_set_line(struct partition *p, unsigned int src, int level)
{
	struct vmpic *m = M(p);
	uint32_t bit = 1u << (src % 32);
	unsigned int c;

	if (src >= VMPIC_NSRC)
		return;
	lock(m);
	m->level[src / 32] |= bit;
	if (level) {
		m->line[src / 32] |= bit;
		vmpic_raise(p, src, 0);
	} else {
		m->line[src / 32] &= ~bit;
		for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++)
			if ((m->pending[c][src / 32] & bit) || m->offered[c] == src + 1) {
				pend_clr(m, c, src);
				vmpic_update(p, c); /* withdraws an offer of it too */
			}
	}
	unlock(m);
}

uint32_t vmpic_iack(struct partition *p, unsigned int cpu)
{
	struct vmpic *m = M(p);
	uint32_t vec;
	int s;

	lock(m);
	withdraw(p, cpu);
	s = best(m, cpu, NULL);
	if (s < 0 || m->nisr[cpu] >= VMPIC_ISR_DEPTH) {
		vec = m->svr;
	} else {
		pend_clr(m, cpu, (unsigned int)s);
		m->isr[cpu][m->nisr[cpu]++] = (uint16_t)s;
		vmpic_update(p, cpu);
		vec = VPR_VEC(m->vpr[s]);
	}
	unlock(m);
	return vec;
}

void vmpic_eoi(struct partition *p, unsigned int cpu)
{
	struct vmpic *m = M(p);

	lock(m);
	withdraw(p, cpu);
	if (m->nisr[cpu]) {
		unsigned int s = m->isr[cpu][--m->nisr[cpu]];

		if (test(m->passthru, s) && test(m->line, s)) {
			/* A real level: down here, unmasked there; the device
			 * interrupts again if it still asserts. */
			m->line[s / 32] &= ~(1u << (s % 32));
			mpic_unmask(s);
		}
		if (test(m->line, s)) /* a level still up is taken again */
			pend_set(m, cpu, s);
	}
	vmpic_update(p, cpu);
	unlock(m);
}

/* --- global timers ------------------------------------------------------ */

static uint64_t tmr_period(const struct vmpic_timer *t)
{
	return (uint64_t)(t->gtbcr & ~TMR_CI) * TIMER_DIV;
}

static void tmr_start(struct vmpic_timer *t)
{
	timer_cancel(&t->t);
	t->base_tb = get_tb();
	if (!(t->gtbcr & TMR_CI) && tmr_period(t))
		timer_arm(&t->t, t->base_tb + tmr_period(t), timer_fire, t);
}

/* On the owner CPU, from its timer service. */
static void timer_fire(struct timer *tm, void *arg)
{
	struct vmpic_timer *t = arg;

	(void)tm;
	lock(M(t->p));
	vmpic_raise(t->p, VMPIC_TMR0 + t->n, 0);
	tmr_start(t); /* periodic: reload from the base count */
	unlock(M(t->p));
}

/* Restart @t (its GTBCR changed) where its timer lives. Lock held. */
static void tmr_request(struct vmpic_timer *t)
{
	struct vmpic *m = M(t->p);

	if (t->owner == cpu_id()) {
		tmr_start(t);
		return;
	}
	m->tmr_req |= 1u << t->n;
	mpic_send_ipi(IPI_PING, 1u << t->owner);
}

void vmpic_poll(struct partition *p)
{
	struct vmpic *m = M(p);
	unsigned int i;

	if (!m->tmr_req)
		return;
	lock(m);
	for (i = 0; i < 4; i++)
		if ((m->tmr_req & (1u << i)) && m->tmr[i].owner == cpu_id()) {
			m->tmr_req &= ~(1u << i);
			tmr_start(&m->tmr[i]);
		}
	unlock(m);
}

static uint32_t tmr_current(const struct vmpic_timer *t)
{
	uint64_t period = tmr_period(t), done;

	if ((t->gtbcr & TMR_CI) || !period)
		return t->gtbcr;
	done = (get_tb() - t->base_tb) % period;
	return (uint32_t)((period - done) / TIMER_DIV);
}

/* --- what the register file (hv/vmpic_regs.c) asks of the model ---------- */

void vmpic_update_all(struct partition *p)
{
	struct vmpic *m = M(p);
	unsigned int c;

	lock(m);
	for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++)
		vmpic_update(p, c);
	unlock(m);
}

void vmpic_set_gcr(struct partition *p, uint32_t val)
{
	struct vmpic *m = M(p);
	unsigned int c;

	if (val & GCR_RESET) {
		vmpic_reset(m, p);
		return;
	}
	lock(m);
	for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++)
		withdraw(p, c); /* the mode may change */
	m->gcr = val;
	route_all(p);
	unlock(m);
	vmpic_update_all(p);
}

uint32_t vmpic_msi_read(struct partition *p, unsigned int n)
{
	struct vmpic *m = M(p);
	uint32_t val;
	unsigned int c;

	lock(m);
	val = m->msir[n];
	m->msir[n] = 0;
	for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++) {
		withdraw(p, c); /* an offered MSI is read out too */
		pend_clr(m, c, VMPIC_MSI0 + n);
		vmpic_update(p, c);
	}
	unlock(m);
	return val;
}

int vmpic_active(struct partition *p, unsigned int n)
{
	struct vmpic *m = M(p);
	unsigned int c;

	if (m->vpr[n] & VPR_MSK)
		return 0;
	for (c = 0; c < m->ncpus && c < VMPIC_MAX_CPUS; c++)
		if (test(m->pending[c], n) ||
		    (m->offered[c] == n + 1 && p->vcpus[c] && (p->vcpus[c]->pending & VPEND_OFFER)))
			return 1;
	return 0;
}

void vmpic_tmr_set_base(struct partition *p, unsigned int n, uint32_t gtbcr)
{
	struct vmpic *m = M(p);

	lock(m);
	m->tmr[n].gtbcr = gtbcr;
	tmr_request(&m->tmr[n]);
	unlock(m);
}

uint32_t vmpic_tmr_count(struct partition *p, unsigned int n)
{
	return tmr_current(&M(p)->tmr[n]);
}
