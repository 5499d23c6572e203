/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPU 0's C entry: discover the board from the device tree, bring up the
 * console, interrupts, timers and the other CPUs, print the banner, then
 * idle serving the console monitor.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "kernel/ppc.h"
#include "kernel/percpu.h"
#include "kernel/devtree.h"
#include "kernel/console.h"
#include "kernel/tlb.h"
#include "kernel/trap.h"
#include "kernel/irq.h"
#include "kernel/timer.h"
#include "kernel/smp.h"
#include "kernel/board.h"
#include "kernel/shell.h"
#include "drivers/mpic.h"
#include "hv/partition.h"
#include "hv/vcpu.h"

void kmain(void *fdt);
void syscalls_heap_init(void *start, size_t size);
extern char _image_start[], _end[];

struct core_id {
	uint16_t pvr_version;
	const char *name;
	int host;  /* enum host_core for the platform table */
};

static const struct core_id cores[] = {
	{ 0x8020, "e500v1", CORE_E500V2 }, { 0x8021, "e500v2", CORE_E500V2 },
	{ 0x8023, "e500mc", CORE_E500MC }, { 0x8024, "e5500", CORE_E5500 },
	{ 0x8040, "e6500", CORE_E6500 },
};

/* The host core as the platform table knows it (enum host_core), or -1. */
static int host_core(uint32_t pvr)
{
	unsigned int i;

	for (i = 0; i < sizeof(cores) / sizeof(cores[0]); i++)
		if (cores[i].pvr_version == pvr >> 16)
			return cores[i].host;
	return -1;
}

static const char *core_name(uint32_t pvr)
{
	unsigned int i;

	for (i = 0; i < sizeof(cores) / sizeof(cores[0]); i++)
		if (cores[i].pvr_version == pvr >> 16)
			return cores[i].name;
	return "unknown";
}

static void timer_selftest_cb(struct timer *t, void *arg)
{
	(void)t;
	*(volatile uint64_t *)arg = get_tb();
}

/* Arm a 1 ms one-shot and report when it fired: proves DEC + the service. */
static void timer_selftest(void)
{
	static struct timer t;
	volatile uint64_t fired = 0;
	uint64_t start = get_tb(), want = timer_us_to_ticks(1000);

	timer_arm(&t, start + want, timer_selftest_cb, (void *)&fired);
	while (!fired && get_tb() - start < 100 * want)
		timer_pause(10000);
	if (fired)
		kprintf("  timer: 1000 us one-shot fired after %lu us\n",
			(unsigned long)timer_ticks_to_us(fired - start));
	else
		kprintf("  timer: one-shot did not fire\n");
}

static void *map_devices(void)
{
	void *ccsr = ioremap(hw.ccsr_phys, hw.ccsr_size);

	if (!ccsr)
		cpu_halt();
	console_init(ioremap(hw.uart_phys, 0x100), hw.uart_clock, hw.uart_baud);
	return ccsr;
}

static void bring_up_cpus(void)
{
	unsigned int cpu, up = 1;

	for (cpu = 1; cpu < hw.ncpus && cpu < CONFIG_NR_CPUS; cpu++) {
		int err = smp_start_cpu(cpu);

		if (err)
			kprintf("  cpu%u: failed to start (%d)\n", cpu, err);
		else
			up++;
	}
	kprintf("  smp: %u of %lu CPUs online:", up, (unsigned long)hw.ncpus);
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (smp_online_mask() & (1u << cpu))
			kprintf(" %u", cpu);
	kprintf("\n");
	for (cpu = 1; cpu < CONFIG_NR_CPUS; cpu++) {
		long t;

		if (!(smp_online_mask() & (1u << cpu)))
			continue;
		t = smp_ping(cpu);
		if (t < 0)
			kprintf("  ipi: cpu%u did not answer\n", cpu);
		else
			kprintf("  ipi: cpu%u answered in %ld ticks\n", cpu, t);
	}
}

static void banner(const void *fdt)
{
	uint32_t pvr = mfspr(SPRN_PVR);

	kprintf("\nTessera %s hypervisor (%s build) on %s\n", CONFIG_VERSION,
		CONFIG_CPU_NAME, hw.model ? hw.model : board_name());
	kprintf("  core: %s, PVR %08lx, SVR %08lx\n", core_name(pvr),
		(unsigned long)pvr, (unsigned long)mfspr(SPRN_SVR));
	if (strcmp(core_name(pvr), CONFIG_CPU_NAME))
		kprintf("  warning: built for %s but running on %s\n", CONFIG_CPU_NAME,
			core_name(pvr));
	kprintf("  device tree: %p, %lu bytes; bootargs \"%s\"\n", fdt,
		(unsigned long)fdt_totalsize(fdt), hw.bootargs ? hw.bootargs : "");
	kprintf("  memory: %lu MiB at %llx; hypervisor image %p-%p\n",
		(unsigned long)(hw.mem_size >> 20), (unsigned long long)hw.mem_base,
		_image_start, _end);
	kprintf("  timebase: %lu Hz\n", (unsigned long)hw.timebase_hz);
	kprintf("  ccsr: %llx, %lu KiB\n", (unsigned long long)hw.ccsr_phys,
		(unsigned long)(hw.ccsr_size >> 10));
	kprintf("  console: ns16550 @ %llx, irq %d, %lu Hz\n",
		(unsigned long long)hw.uart_phys, hw.uart_irq, (unsigned long)hw.uart_clock);
}

/* bootargs tessera.config=ADDR overrides where the configuration is. */
static void partitions_start(void)
{
	uintptr_t addr = CONFIG_HV_CONFIG_ADDR;
	const char *arg = hw.bootargs ? strstr(hw.bootargs, "tessera.config=") : NULL;
	int core = host_core(mfspr(SPRN_PVR));

	if (arg)
		addr = strtoul(arg + strlen("tessera.config="), NULL, 0);
	if (core < 0) {
		kprintf("partitions: unknown host core; none started\n");
		return;
	}
	partition_boot_all((const void *)addr, hw.fdt, (enum host_core)core);
}

static void test_hooks(void)
{
#ifdef CONFIG_TEST_HOOKS
	unsigned int cpu;

	for (cpu = 1; cpu < CONFIG_NR_CPUS; cpu++) {
		char arg[32];

		sniprintf(arg, sizeof(arg), "tessera.test=fault-cpu%u", cpu);
		if (devtree_has_arg(arg))
			smp_call(cpu, shell_fault, NULL);
	}
	if (devtree_has_arg("tessera.test=fault"))
		shell_fault(NULL);
#endif
}

static void idle_loop(void) __attribute__((noreturn));
static void idle_loop(void)
{
	int c;

	shell_prompt();
	for (;;) {
		irq_disable();
		if (!this_cpu()->work)
			cpu_idle();
		this_cpu()->work = 0;
		irq_enable();
#ifdef CONFIG_SHELL
		while ((c = console_getc()) >= 0)
			shell_input(c);
#else
		(void)c;
#endif
	}
}

void kmain(void *fdt)
{
	const char *what;
	unsigned int nsrc;

	percpu_init();
	syscalls_heap_init((char *)fdt + fdt_totalsize(fdt), CONFIG_HEAP_SIZE);
	if (devtree_scan(fdt, &hw, &what))
		cpu_halt(); /* no console known yet: nothing to say it on */
	tlb_map_ram(hw.mem_size);
	map_devices();
	banner(fdt);
	timer_init(hw.timebase_hz);
	nsrc = mpic_init(ioremap(hw.mpic_phys, hw.mpic_size));
	kprintf("  mpic: @ %llx, %u sources\n", (unsigned long long)hw.mpic_phys, nsrc);
	mpic_cpu_init(0);
	irq_init();
	timer_cpu_init();
	smp_init();
	board_init();
	board_describe();
	if (hw.uart_irq >= 0 && !irq_request(hw.uart_irq, MPIC_LEVEL_HIGH, 0,
					      console_rx_irq, NULL))
		console_enable_rx_irq();
	this_cpu()->state = CPU_ONLINE;
	irq_enable();
	timer_selftest();
	bring_up_cpus();
	partitions_start();
	kprintf("tessera: ready\n");
	test_hooks();
	{
		struct vcpu *v = partition_start_all();

		if (v)
			vcpu_run(v); /* CPU 0 belongs to a partition */
	}
	idle_loop();
}
