/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdint.h>
#include "kernel/ppc.h"
#include "drivers/mpic.h"

/* Global registers */
#define FRR    0x1000
#define GCR    0x1020
#define IPIVPR(n) (0x10a0 + 0x10 * (n))
#define SVR    0x10e0
/* Source registers */
#define SRC_VPR(n) (0x10000 + 0x20 * (n))
#define SRC_DR(n)  (0x10010 + 0x20 * (n))
/* Per-CPU registers */
#define CPU_BASE(c) (0x20000 + 0x1000 * (c))
#define IPIDR(n) (0x40 + 0x10 * (n))
#define CTPR   0x80
#define IACK   0xa0
#define EOI    0xb0

#define GCR_RESET 0x80000000
#define GCR_MIXED 0x20000000
#define VPR_MSK   0x80000000
#define VPR_POL   0x00800000
#define VPR_SENSE 0x00400000
#define VPR_PRIO(p) (((p) & 0xf) << 16)
#define IPI_PRIO  14

static volatile uint8_t *mpic;
static unsigned int nsrc;

static inline volatile void *r(uint32_t off)
{
	return mpic + off;
}

unsigned int mpic_init(volatile void *base)
{
	unsigned int i;

	mpic = base;
	out_be32(r(GCR), GCR_RESET);
	while (in_be32(r(GCR)) & GCR_RESET)
		;
	out_be32(r(GCR), GCR_MIXED);
	nsrc = ((in_be32(r(FRR)) >> 16) & 0x7ff) + 1;
	for (i = 0; i < nsrc; i++)
		out_be32(r(SRC_VPR(i)), VPR_MSK | i);
	for (i = 0; i < MPIC_NR_IPI; i++)
		out_be32(r(IPIVPR(i)), VPR_PRIO(IPI_PRIO) | (MPIC_IPI_VEC_BASE + i));
	out_be32(r(SVR), MPIC_SPURIOUS);
	return nsrc;
}

unsigned int mpic_sources(void)
{
	return nsrc;
}

void mpic_cpu_init(unsigned int cpu)
{
	out_be32(r(CPU_BASE(cpu) + CTPR), 0);
}

int mpic_setup_source(unsigned int irq, enum mpic_sense sense, unsigned int prio,
		      uint32_t cpu_mask)
{
	static const uint32_t bits[] = {
		[MPIC_EDGE_RISING] = VPR_POL, [MPIC_LEVEL_LOW] = VPR_SENSE,
		[MPIC_LEVEL_HIGH] = VPR_SENSE | VPR_POL, [MPIC_EDGE_FALLING] = 0,
	};

	if (irq >= nsrc || (unsigned int)sense > MPIC_EDGE_FALLING)
		return -EINVAL;
	out_be32(r(SRC_VPR(irq)), VPR_MSK | bits[sense] | VPR_PRIO(prio) | irq);
	out_be32(r(SRC_DR(irq)), cpu_mask);
	return 0;
}

int mpic_mask(unsigned int irq)
{
	if (irq >= nsrc)
		return -EINVAL;
	out_be32(r(SRC_VPR(irq)), in_be32(r(SRC_VPR(irq))) | VPR_MSK);
	return 0;
}

int mpic_unmask(unsigned int irq)
{
	if (irq >= nsrc)
		return -EINVAL;
	out_be32(r(SRC_VPR(irq)), in_be32(r(SRC_VPR(irq))) & ~VPR_MSK);
	return 0;
}

uint32_t mpic_iack(unsigned int cpu)
{
	return in_be32(r(CPU_BASE(cpu) + IACK)) & 0xffff;
}

void mpic_eoi(unsigned int cpu)
{
	out_be32(r(CPU_BASE(cpu) + EOI), 0);
}

void mpic_send_ipi(unsigned int n, uint32_t cpu_mask)
{
	/* What the sender stored for the target (a pending bit, a request)
	 * must be visible before the target takes the interrupt. */
	__asm__ volatile("sync" ::: "memory");
	/* Any CPU's IPI dispatch register works; use CPU 0's block. */
	out_be32(r(CPU_BASE(0) + IPIDR(n)), cpu_mask);
}
