/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The running side of partitions: the guest-physical map, starting vCPUs
 * on their CPUs, and stop/restart requests raised by the guest (power-off,
 * reset, crash) or by a manager.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "hv/partition.h"
#include "hv/guest_dt.h"
#include "hv/shadow.h"
#include "kernel/devtree.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/tlb.h"

static struct vcpu vcpu_pool[CONFIG_NR_CPUS];

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
	int node = fdt_path_offset(hw, path);
	uint64_t pa, size;
	void *va;

	if (node < 0 || devtree_node_phys(hw, node, &pa, &size))
		return -ENOENT;
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
		err = add_vdev(p, hw, fdt_path_offset(hw, fdt_get_alias(hw, "serial0")), &vuart_ops);
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

struct vcpu *partition_start_all(void)
{
	struct vcpu *mine = NULL;
	unsigned int i;

	for (i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);
		unsigned int pcpu = p->cfg->cpus[0];
		struct vcpu *v = &vcpu_pool[pcpu];

		if (p->state != PART_LOADED || pcpu >= CONFIG_NR_CPUS)
			continue;
		vcpu_init(v, p, 0);
		p->vcpus[0] = v;
		v->pcpu = pcpu;
		vmpic_reset(&p->vmpic, p);
		p->state = PART_RUNNING;
		kprintf("partition %s: starting on cpu%u at %08lx\n", p->cfg->name, pcpu,
			(unsigned long)v->pc);
		if (pcpu == cpu_id())
			mine = v;
		else if (smp_run(pcpu, run_vcpu, v))
			kprintf("partition %s: cpu%u is not online\n", p->cfg->name, pcpu);
	}
	return mine;
}

/* As QEMU's spin table: PC = the entry within its 64 MiB, r3 as written,
 * r7 = 64 MiB, and TLB1[1] mapping that 64 MiB at VA 0. */
void partition_release_vcpu(struct partition *p, unsigned int id, uint32_t entry, uint32_t r3)
{
	const uint32_t map = 64u << 20;
	unsigned int pcpu = p->cfg->cpus[id];
	struct vcpu *v = &vcpu_pool[pcpu % CONFIG_NR_CPUS];
	struct gtlb_mas m = { 0 };

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
	p->vcpus[id] = v;
	if (smp_run(pcpu, run_vcpu, v))
		kprintf("partition %s: cpu%u cannot run vcpu %u\n", p->cfg->name, pcpu, id);
}

void partition_request(struct partition *p, enum part_request req, const char *why)
{
	p->request_why = why;
	p->request = req;
}

void partition_crash(struct vcpu *v, const char *why)
{
	struct partition *p = v->part;

	kprintf("partition %s: crashed: %s (pc %08lx)\n", p->cfg->name, why,
		(unsigned long)v->pc);
	partition_request(p, p->cfg->restart == CONFIG_RESTART_RESTART ?
			  PART_REQ_RESTART : PART_REQ_STOP, why);
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

/* The partition stopped: this CPU idles (serving the monitor on CPU 0). */
static void park(void) __attribute__((noreturn));
static void park(void)
{
	this_cpu()->vcpu = NULL;
	for (;;) {
		irq_disable();
		if (!this_cpu()->work)
			cpu_idle_wait();
		this_cpu()->work = 0;
		irq_enable();
		console_work();
	}
}

static void restart(struct vcpu *v)
{
	struct partition *p = v->part;

	p->restarts++;
	kprintf("partition %s: restarting (%s), restart %u\n", p->cfg->name,
		p->request_why, p->restarts);
	if (partition_load(p)) {
		kprintf("partition %s: reload failed; stopped\n", p->cfg->name);
		park();
	}
	vcpu_init(v, p, 0);
	v->pcpu = cpu_id();
	vmpic_reset(&p->vmpic, p);
	shadow_flush(v);
	shadow_refresh(v);
	vcpu_vectors_changed(v);
	vcpu_set_msr(v, 0);
	p->state = PART_RUNNING;
}

void partition_poll(struct vcpu *v)
{
	struct partition *p = v->part;
	int req = p->request;

	console_work();
	if (!req)
		return;
	p->request = PART_REQ_NONE;
	if (req == PART_REQ_RESTART) {
		restart(v);
		return;
	}
	p->state = PART_STOPPED;
	kprintf("partition %s: stopped (%s)\n", p->cfg->name, p->request_why);
	park();
}
