/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stddef.h>
#include "kernel/irq.h"
#include "kernel/trap.h"
#include "kernel/percpu.h"
#include "drivers/mpic.h"

#define MAX_IRQ 512

struct irq_desc {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_desc descs[MAX_IRQ];
static irq_handler_fn ipi_fns[MPIC_NR_IPI];
static uint32_t counts[CONFIG_NR_CPUS];

void irq_dispatch(void)
{
	unsigned int cpu = cpu_id();
	uint32_t vec;

	while ((vec = mpic_iack(cpu)) != MPIC_SPURIOUS) {
		counts[cpu]++;
		if (vec >= MPIC_IPI_VEC_BASE && vec < MPIC_IPI_VEC_BASE + MPIC_NR_IPI) {
			irq_handler_fn fn = ipi_fns[vec - MPIC_IPI_VEC_BASE];

			if (fn)
				fn(NULL);
		} else if (vec < MAX_IRQ && descs[vec].fn) {
			descs[vec].fn(descs[vec].arg);
		}
		mpic_eoi(cpu);
	}
}

static void irq_external(struct trap_frame *tf)
{
	(void)tf;
	irq_dispatch();
}

int irq_init(void)
{
	return trap_set_handler(IVOR_EXTERNAL, irq_external);
}

int irq_request(unsigned int irq, int sense, unsigned int cpu, irq_handler_fn fn, void *arg)
{
	int err;

	if (irq >= MAX_IRQ || cpu >= CONFIG_NR_CPUS || !fn)
		return -EINVAL;
	if (descs[irq].fn)
		return -EBUSY;
	err = mpic_setup_source(irq, (enum mpic_sense)sense, 8, 1u << cpu);
	if (err)
		return err;
	descs[irq].arg = arg;
	descs[irq].fn = fn;
	return mpic_unmask(irq);
}

int irq_set_ipi_handler(unsigned int n, irq_handler_fn fn)
{
	if (n >= MPIC_NR_IPI)
		return -EINVAL;
	ipi_fns[n] = fn;
	return 0;
}

uint32_t irq_count(void)
{
	return counts[cpu_id()];
}
