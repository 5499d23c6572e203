/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The running side of partitions: the guest-physical map, starting vCPUs
 * on their CPUs, and stop/restart requests raised by the guest (power-off,
 * reset, crash) or by a manager.
 *
 * A partition's vCPUs run on their own CPUs; only a vCPU's CPU touches it.
 * A stop or restart request is a flag plus an IPI: each vCPU acts on it at
 * its next exit (partition_poll) and parks its CPU. The last one to park
 * stops the partition, or reloads it and starts the boot vCPU again. A
 * parked CPU runs the work smp_run() hands it, which is how a manager on
 * another CPU starts the partition again.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "hv/partition.h"
#include "hv/bytechan.h"
#include "hv/guest_dt.h"
#include "hv/fslmgmt.h"
#include "hv/shadow.h"
#include "hv/vtimer.h"
#include "hv/vuart.h"
#include "hv/virq.h"
#include "kernel/devtree.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/irq.h"
#include "kernel/timer.h"
#include "drivers/mpic.h"
#include "kernel/tlb.h"

#define START_WAIT_US 1000000 /* how long a manager's start/stop call waits */

static struct vcpu vcpu_pool[CONFIG_NR_CPUS];

/* Which of a partition's vCPUs run; changed on their CPUs under the lock. */
struct run_state {
	spinlock_t lock;
	uint32_t active;  /* bit per vCPU id */
	int started;      /* it ran once: later state changes notify managers */
};

static struct run_state runs[CONFIG_MAX_PARTITIONS];

static int add_region(struct partition *p, enum gpa_kind kind, uint64_t gpa, uint64_t size,
		      uint64_t host, const struct vdev_ops *ops, void *ctx)
{
	struct gpa_region *r;

	if (p->nregions >= PART_MAX_REGIONS)
		return -ENOSPC;
	r = &p->regions[p->nregions++];
	r->kind = kind;
	r->gpa_lo = gpa;
	r->gpa_hi = gpa + size;
	r->host_lo = host;
	r->host_hi = host + size;
	r->wimge = kind == GPA_DEVICE ? (0x08 | 0x02) : 0; /* I|G */
	r->ops = ops;
	r->ctx = ctx;
	return 0;
}

/* A passed-through device: whole pages of its own are mapped, a block that
 * shares its page with other devices is forwarded register by register. */
static int add_device(struct partition *p, const void *hw, const char *path)
{
	int node = fdt_path_offset(hw, path), err;
	uint64_t pa, size;
	void *va;

	if (node < 0 || devtree_node_phys(hw, node, &pa, &size))
		return -ENOENT;
	err = virq_add(p, hw, node);
	if (err)
		return err;
	if (!(pa & 0xfff) && size >= 0x1000 && !(size & 0xfff))
		return add_region(p, GPA_DEVICE, pa, size, pa, NULL, NULL);
	va = ioremap(pa, (uint32_t)size);
	return va ? add_region(p, GPA_EMULATED, pa, size, pa, &vforward_ops, va) : -ENOMEM;
}

/* An emulated device at the address the board's tree gives it. */
static int add_vdev(struct partition *p, const void *hw, int node, const struct vdev_ops *ops)
{
	uint64_t pa, size;

	if (node < 0 || devtree_node_phys(hw, node, &pa, &size))
		return 0; /* the board has none: nothing to emulate */
	return add_region(p, GPA_EMULATED, pa, size, 0, ops, NULL);
}

/* The emulated console UART where the board has serial0, reset, with the
 * board's interrupt for it. */
static int add_vuart(struct partition *p, const void *hw)
{
	int node = fdt_path_offset(hw, fdt_get_alias(hw, "serial0"));
	const fdt32_t *irq = node >= 0 ? fdt_getprop(hw, node, "interrupts", NULL) : NULL;

	memset(&p->vuart, 0, sizeof(p->vuart));
	p->vuart.irq = irq ? (int)fdt32_to_cpu(irq[0]) : -1;
	if (p->vuart.irq >= 0)
		vmpic_set_line(p, (unsigned int)p->vuart.irq, 0);
	return add_vdev(p, hw, node, &vuart_ops);
}

static int add_board_vdevs(struct partition *p, const void *hw)
{
	int po = fdt_node_offset_by_compatible(hw, -1, "gpio-poweroff"), gpio = -1, err;
	const fdt32_t *g = po >= 0 ? fdt_getprop(hw, po, "gpios", NULL) : NULL;

	if (g) {
		gpio = fdt_node_offset_by_phandle(hw, fdt32_to_cpu(g[0]));
		p->poweroff_pin = (int)fdt32_to_cpu(g[1]);
	}
	err = add_vdev(p, hw, fdt_node_offset_by_compatible(hw, -1, "fsl,mpic"), &vmpic_ops) ?:
	      add_vdev(p, hw, gpio, &vgpio_ops) ?:
	      add_vdev(p, hw, fdt_node_offset_by_compatible(hw, -1, "fsl,mpc8544-guts"), &vguts_ops);
	return err;
}

int partition_map(struct partition *p, const void *hw)
{
	const struct config_partition *c = p->cfg;
	uint32_t i;
	int err;

	p->nregions = 0;
	err = add_region(p, GPA_RAM, c->guest_base, c->mem_size, c->phys_base, NULL, NULL);
	for (i = 0; i < c->ndevices && !err; i++)
		err = add_device(p, hw, c->devices[i].path);
	if (!err && c->console == CONFIG_CONSOLE_UART)
		err = add_device(p, hw, c->console_dev.path);
	if (!err && c->console == CONFIG_CONSOLE_HV)
		err = add_vuart(p, hw);
	if (!err && c->req.platform != PLATFORM_EPAPR)
		err = add_board_vdevs(p, hw);
	if (!err)
		err = add_region(p, GPA_EMULATED, GUEST_SPIN_TABLE, 0x1000, 0, &vspin_ops, NULL);
	for (i = 0; i < PART_MAX_VCPUS; i++) {
		p->vspin[i * 8 + 1] = 1; /* spinning */
		p->vspin[i * 8 + 5] = i; /* PIR */
	}
	return err;
}

int partition_gpa(struct partition *p, uint64_t gpa, struct gpa_region *r, uint64_t *hpa)
{
	unsigned int i;

	for (i = 0; i < p->nregions; i++) {
		const struct gpa_region *g = &p->regions[i];

		if (gpa >= g->gpa_lo && gpa < g->gpa_hi) {
			*r = *g;
			*hpa = g->host_lo + (gpa - g->gpa_lo);
			return g->kind;
		}
	}
	return GPA_NONE;
}

static void run_vcpu(void *arg)
{
	vcpu_run(arg);
}

static uint32_t run_lock(struct partition *p)
{
	return spin_lock_irqsave(&runs[p->id].lock);
}

static void run_unlock(struct partition *p, uint32_t msr)
{
	spin_unlock_irqrestore(&runs[p->id].lock, msr);
}

/* Publish @s; running and stopped are news for the partition's managers. */
static void set_state(struct partition *p, enum part_state s)
{
	p->state = s;
	__asm__ volatile("sync" ::: "memory");
	if (runs[p->id].started && (s == PART_RUNNING || s == PART_STOPPED || s == PART_REFUSED))
		fslmgmt_notify(p, FSLMGMT_EV_STATE);
}

static enum part_state get_state(const struct partition *p)
{
	return *(volatile const enum part_state *)&p->state;
}

/* Wait up to START_WAIT_US for @p to leave state @from, sleeping between
 * looks: the other CPU may need this one's time (QEMU's round-robin TCG).
 * Interrupts are taken meanwhile, as when a vCPU idles. Returns its state. */
static enum part_state wait_leave(const struct partition *p, enum part_state from)
{
	uint64_t end = get_tb() + timer_us_to_ticks(START_WAIT_US);
	uint32_t msr = irq_save();

	while (get_state(p) == from && get_tb() < end)
		timer_pause(200);
	irq_restore(msr);
	return get_state(p);
}

/* Set up @p's boot vCPU on this CPU, which must be its cpus[0]. */
static struct vcpu *boot_vcpu_here(struct partition *p)
{
	struct vcpu *v = &vcpu_pool[cpu_id()];
	uint32_t msr;

	vtimer_stop(v); /* armed on this CPU, if at all */
	vcpu_init(v, p, 0);
	v->pcpu = cpu_id();
	vmpic_reset(&p->vmpic, p);   /* its timers were armed here too */
	msr = run_lock(p);
	p->vcpus[0] = v;
	runs[p->id].active |= 1;
	run_unlock(p, msr);
	vcpu_irq_route(v); /* the mode the reset left (route_all() saw no vCPU) */
	set_state(p, PART_RUNNING);
	runs[p->id].started = 1;
	return v;
}

static void start_on_cpu(void *arg)
{
	vcpu_run(boot_vcpu_here(arg));
}

/* Hand @p's boot vCPU to its CPU (not this one). Returns 0 or -EIO. */
static int start_remote(struct partition *p)
{
	unsigned int pcpu = p->cfg->cpus[0];

	kprintf("partition %s: starting on cpu%u at %08lx\n", p->cfg->name, pcpu,
		(unsigned long)p->entry.pc);
	if (pcpu < CONFIG_NR_CPUS && !smp_run(pcpu, start_on_cpu, p))
		return 0;
	kprintf("partition %s: cpu%u cannot take it\n", p->cfg->name, pcpu);
	return -EIO;
}

struct vcpu *partition_start_all(void)
{
	struct vcpu *mine = NULL;
	unsigned int i;

	for (i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);
		unsigned int pcpu = p->cfg->cpus[0];

		if (p->state != PART_LOADED || pcpu >= CONFIG_NR_CPUS)
			continue;
		p->state = PART_STARTING;
		if (pcpu != cpu_id()) {
			if (start_remote(p))
				p->state = PART_LOADED;
			continue;
		}
		kprintf("partition %s: starting on cpu%u at %08lx\n", p->cfg->name, pcpu,
			(unsigned long)p->entry.pc);
		mine = boot_vcpu_here(p);
	}
	return mine;
}

/* A fresh guest-physical map (the platform may have changed), image and
 * tree. Returns 0, or a negative errno with @p refused. */
static int reload(struct partition *p)
{
	int err = partition_map(p, hw.fdt);

	if (err) {
		p->state = PART_REFUSED;
		kprintf("partition %s: cannot map its devices (%d)\n", p->cfg->name, err);
		return err;
	}
	return partition_load(p);
}

static int startable(const struct partition *p)
{
	enum part_state s = get_state(p);

	/* A partition refused at run time (its new tree) may be tried again. */
	return s == PART_STOPPED || s == PART_LOADED || (s == PART_REFUSED && !p->cfg->refused);
}

int partition_set_req(struct partition *p, const struct platform_req *req)
{
	uint32_t msr = run_lock(p);
	int ok = startable(p);

	/* parts[].cfg points into a writable array; only this changes a
	 * request after boot, under the lock partition_start() takes. */
	if (ok)
		((struct config_partition *)p->cfg)->req = *req;
	run_unlock(p, msr);
	return ok ? 0 : -EBUSY;
}

int partition_start(struct partition *p, uint32_t entry, int load)
{
	uint32_t msr;
	int err, ok;

	if (p->cfg->cpus[0] == cpu_id())
		return -EINVAL; /* the caller's own CPU: never a partition it manages */
	msr = run_lock(p);
	ok = startable(p);
	if (ok)
		p->state = PART_STARTING; /* ours: a second start finds it busy */
	run_unlock(p, msr);
	if (!ok)
		return -EBUSY;
	err = load ? reload(p) : partition_place_dt(p);
	if (err)
		return err;
	if (!load)
		p->entry.pc = entry;
	p->state = PART_STARTING;
	if (start_remote(p)) {
		set_state(p, PART_STOPPED);
		return -EIO;
	}
	wait_leave(p, PART_STARTING);
	return 0;
}

int partition_stop(struct partition *p, const char *why)
{
	enum part_state s = get_state(p);
	struct vcpu *self = vcpu_current();

	if (s != PART_RUNNING && s != PART_STARTING)
		return -EBUSY;
	partition_request(p, PART_REQ_STOP, why);
	if (!self || self->part != p)
		wait_leave(p, PART_STOPPING);
	return 0;
}

/* As QEMU's spin table: PC = the entry within its 64 MiB, r3 as written,
 * r7 = 64 MiB, and TLB1[1] mapping that 64 MiB at VA 0. */
void partition_release_vcpu(struct partition *p, unsigned int id, uint32_t entry, uint32_t r3)
{
	const uint32_t map = 64u << 20;
	unsigned int pcpu = p->cfg->cpus[id];
	struct vcpu *v = &vcpu_pool[pcpu % CONFIG_NR_CPUS];
	struct gtlb_mas m = { 0 };
	uint32_t msr;

	if (pcpu >= CONFIG_NR_CPUS || p->vcpus[id]) {
		kprintf("partition %s: vcpu %u already started\n", p->cfg->name, id);
		return;
	}
	vcpu_init(v, p, id);
	v->pcpu = pcpu;
	v->pc = entry & (map - 1);
	v->gpr[3] = r3;
	v->gpr[7] = map;
	m.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(1);
	m.mas1 = MAS1_VALID | MAS1_TSIZE(16); /* 2^16 KiB */
	m.mas2 = MAS2_M;
	m.mas3 = (entry & ~(map - 1)) | MAS3_SX | MAS3_SW | MAS3_SR | MAS3_UX | MAS3_UW | MAS3_UR;
	gtlb_write(&v->gtlb, &m, NULL);
	msr = run_lock(p);
	p->vcpus[id] = v;
	runs[p->id].active |= 1u << id;
	run_unlock(p, msr);
	vcpu_irq_route(v); /* a mode change before it was published missed it */
	if (smp_run(pcpu, run_vcpu, v))
		kprintf("partition %s: cpu%u cannot run vcpu %u\n", p->cfg->name, pcpu, id);
}

/* Make every vCPU of @p exit soon: an IPI to the CPUs that run one. */
static void kick(struct partition *p)
{
	unsigned int i;

	for (i = 0; i < PART_MAX_VCPUS; i++) {
		struct vcpu *v = *(struct vcpu *volatile *)&p->vcpus[i];

		if (!v)
			continue;
		if (v->pcpu == cpu_id())
			this_cpu()->work = WORK_WAKE;
		else
			mpic_send_ipi(IPI_PING, 1u << v->pcpu);
	}
}

void partition_request(struct partition *p, enum part_request req, const char *why)
{
	uint32_t msr = run_lock(p);

	/* A stop is final: a later restart request does not undo it. */
	if (p->request != PART_REQ_STOP) {
		p->request_why = why;
		p->request = req;
	}
	if (p->state == PART_RUNNING || p->state == PART_STARTING)
		p->state = PART_STOPPING;
	run_unlock(p, msr);
	kick(p);
}

void partition_crash(struct vcpu *v, const char *why)
{
	struct partition *p = v->part;

	kprintf("partition %s: crashed: %s (pc %08lx)\n", p->cfg->name, why,
		(unsigned long)v->pc);
	fslmgmt_error(p, "crash", why, v->pc);
	partition_request(p, p->cfg->restart == CONFIG_RESTART_RESTART ?
			  PART_REQ_RESTART : PART_REQ_STOP, why);
}

int partition_console_input(int c)
{
	if (c == BYTECHAN_ESCAPE && (bytechan_console_release() | vuart_console_release())) {
		kprintf("\nconsole: back to the monitor\n");
		shell_prompt();
		return 1;
	}
	return bytechan_console_input(c) || vuart_console_input(c);
}

static void console_work(void)
{
	int c;

	if (cpu_id() != 0)
		return;
#ifdef CONFIG_SHELL
	while ((c = console_getc()) >= 0)
		shell_input(c);
#else
	(void)c;
#endif
}

/* This CPU has no vCPU: idle, serving the monitor (CPU 0) and smp_run()
 * work, such as a manager starting the partition again. */
static void park(void) __attribute__((noreturn));
static void park(void)
{
	struct percpu *pc = this_cpu();

	pc->vcpu = NULL;
	for (;;) {
		void (*fn)(void *);

		irq_disable();
		if (!pc->work && !pc->run_fn)
			cpu_idle();
		pc->work = 0;
		irq_enable();
		console_work();
		fn = pc->run_fn;
		if (fn) {
			pc->run_fn = NULL;
			fn(pc->run_arg);
		}
	}
}

/* The last vCPU of @p parked on a restart request: reload and boot again. */
static void restart(struct partition *p)
{
	p->restarts++;
	kprintf("partition %s: restarting (%s), restart %u\n", p->cfg->name,
		p->request_why, p->restarts);
	if (reload(p)) {
		kprintf("partition %s: reload failed; stopped\n", p->cfg->name);
		set_state(p, PART_REFUSED);
		return;
	}
	p->state = PART_STARTING;
	if (p->cfg->cpus[0] == cpu_id())
		vcpu_run(boot_vcpu_here(p));
	if (start_remote(p))
		set_state(p, PART_STOPPED);
}

/* @v acts on its partition's request: it leaves its CPU, and the last
 * vCPU out stops or restarts the partition. */
static void park_vcpu(struct vcpu *v) __attribute__((noreturn));
static void park_vcpu(struct vcpu *v)
{
	struct partition *p = v->part;
	int req = PART_REQ_NONE, last;
	uint32_t msr;

	vtimer_stop(v);
	vcpu_print_stats(v);
	this_cpu()->vcpu = NULL;
	msr = run_lock(p);
	p->vcpus[v->id] = NULL;
	runs[p->id].active &= ~(1u << v->id);
	last = !runs[p->id].active;
	if (last) {
		req = p->request;
		p->request = PART_REQ_NONE;
	}
	run_unlock(p, msr);
	if (last && req == PART_REQ_RESTART) {
		restart(p);
	} else if (last) {
		kprintf("partition %s: stopped (%s)\n", p->cfg->name, p->request_why);
		set_state(p, PART_STOPPED);
	}
	park();
}

void partition_poll(struct vcpu *v)
{
	console_work();
	fslmgmt_poll(v);
	if (v->part->request)
		park_vcpu(v);
}
