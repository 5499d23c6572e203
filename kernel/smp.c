/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stddef.h>
#include "kernel/smp.h"
#include "kernel/percpu.h"
#include "kernel/devtree.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/tlb.h"
#include "kernel/timer.h"
#include "drivers/mpic.h"

/* Spin-table entry layout (ePAPR): 32-bit accesses only, QEMU faults on 64. */
enum { SPIN_ADDR_HI = 0, SPIN_ADDR_LO = 1, SPIN_R3_HI = 2, SPIN_R3_LO = 3 };

extern char secondary_entry[];

struct call_slot {
	smp_call_fn fn;
	void *arg;
};

static struct call_slot calls[CONFIG_NR_CPUS];

static void ipi_ping(void *arg)
{
	(void)arg;
	this_cpu()->ipi_count++;
	this_cpu()->work = WORK_WAKE;
}

static void ipi_call(void *arg)
{
	struct call_slot *c = &calls[cpu_id()];
	smp_call_fn fn = c->fn;

	(void)arg;
	c->fn = NULL;
	if (fn)
		fn(c->arg);
}

int smp_init(void)
{
	irq_set_ipi_handler(IPI_PING, ipi_ping);
	irq_set_ipi_handler(IPI_CALL, ipi_call);
	return 0;
}

static int wait_online(unsigned int cpu)
{
	uint64_t end = get_tb() + timer_us_to_ticks(1000000);

	while (percpu_data[cpu].state != CPU_ONLINE) {
		if (get_tb() > end)
			return -ETIMEDOUT;
		timer_pause(10);
	}
	return 0;
}

int smp_start_cpu(unsigned int cpu)
{
	volatile uint32_t *spin;

	if (cpu >= hw.ncpus || cpu >= CONFIG_NR_CPUS || !hw.cpu_release[cpu])
		return -ENODEV;
	spin = ioremap(hw.cpu_release[cpu], 0x20);
	if (!spin)
		return -ENOMEM;
	spin[SPIN_R3_HI] = 0;
	spin[SPIN_R3_LO] = cpu;
	mbar();
	spin[SPIN_ADDR_HI] = 0;
	mbar();
	spin[SPIN_ADDR_LO] = (uint32_t)secondary_entry;
	sync();
	return wait_online(cpu);
}

long smp_ping(unsigned int cpu)
{
	uint32_t before;
	uint64_t start, limit;

	if (cpu >= CONFIG_NR_CPUS || percpu_data[cpu].state != CPU_ONLINE)
		return -EINVAL;
	before = percpu_data[cpu].ipi_count;
	start = get_tb();
	limit = start + timer_us_to_ticks(1000000);
	mpic_send_ipi(IPI_PING, 1u << cpu);
	while (percpu_data[cpu].ipi_count == before) {
		if (get_tb() > limit)
			return -ETIMEDOUT;
		timer_pause(10);
	}
	return (long)(get_tb() - start);
}

int smp_call(unsigned int cpu, smp_call_fn fn, void *arg)
{
	if (cpu >= CONFIG_NR_CPUS || percpu_data[cpu].state != CPU_ONLINE || !fn)
		return -EINVAL;
	if (calls[cpu].fn)
		return -EBUSY;
	calls[cpu].arg = arg;
	sync();
	calls[cpu].fn = fn;
	sync();
	mpic_send_ipi(IPI_CALL, 1u << cpu);
	return 0;
}

int smp_run(unsigned int cpu, smp_call_fn fn, void *arg)
{
	struct percpu *pc = &percpu_data[cpu % CONFIG_NR_CPUS];

	if (cpu >= CONFIG_NR_CPUS || pc->state != CPU_ONLINE || !fn)
		return -EINVAL;
	if (pc->run_fn)
		return -EBUSY;
	pc->run_arg = arg;
	sync();
	pc->run_fn = fn;
	sync();
	mpic_send_ipi(IPI_PING, 1u << cpu);
	return 0;
}

uint32_t smp_online_mask(void)
{
	uint32_t m = 0;
	unsigned int i;

	for (i = 0; i < CONFIG_NR_CPUS; i++)
		if (percpu_data[i].state == CPU_ONLINE)
			m |= 1u << i;
	return m;
}

void smp_idle_loop(void)
{
	struct percpu *pc = this_cpu();

	for (;;) {
		void (*fn)(void *);

		irq_disable();
		if (!pc->work && !pc->run_fn)
			cpu_idle();
		pc->work = 0;
		irq_enable();
		fn = pc->run_fn;
		if (fn) {
			pc->run_fn = NULL;
			fn(pc->run_arg);
		}
	}
}

/* Entered from start.S on each secondary CPU with its TLB, stack and
 * vectors in place. */
void smp_secondary_main(unsigned int cpu);
void smp_secondary_main(unsigned int cpu)
{
	percpu_init();
	mpic_cpu_init(cpu);
	timer_cpu_init();
	this_cpu()->state = CPU_ONLINE;
	kprintf("cpu%u: online (PIR %lu)\n", cpu, (unsigned long)this_cpu()->pir);
	smp_idle_loop();
}
