/* SPDX-License-Identifier: BSD-2-Clause */
/* Freescale MPIC (OpenPIC 4.2 with FSL extensions). */
#ifndef DRIVERS_MPIC_H
#define DRIVERS_MPIC_H

#include <stdint.h>

#define MPIC_SPURIOUS 0xffff
#define MPIC_IPI_VEC_BASE 0x1000 /* vector of IPI n is BASE + n */
#define MPIC_NR_IPI 4

/* Sense as in the fsl,mpic binding's second interrupt cell. */
enum mpic_sense { MPIC_EDGE_RISING = 0, MPIC_LEVEL_LOW = 1, MPIC_LEVEL_HIGH = 2,
		  MPIC_EDGE_FALLING = 3 };

/** mpic_init() - reset the MPIC at @base, mask every source.
 * Returns the number of interrupt sources. */
unsigned int mpic_init(volatile void *base);
/** mpic_sources() - the number of interrupt sources mpic_init() found. */
unsigned int mpic_sources(void);
/** mpic_cpu_init() - accept all priorities on @cpu. */
void mpic_cpu_init(unsigned int cpu);
/** mpic_setup_source() - route source @irq to @cpu_mask as vector @irq,
 * priority @prio, still masked. Returns 0 or -EINVAL. */
int mpic_setup_source(unsigned int irq, enum mpic_sense sense, unsigned int prio,
		      uint32_t cpu_mask);
/** mpic_mask() / mpic_unmask() - source mask bit. Return 0 or -EINVAL. */
int mpic_mask(unsigned int irq);
int mpic_unmask(unsigned int irq);
/** mpic_iack() - acknowledge on @cpu; returns the vector or MPIC_SPURIOUS. */
uint32_t mpic_iack(unsigned int cpu);
/** mpic_eoi() - end of interrupt on @cpu. */
void mpic_eoi(unsigned int cpu);
/** mpic_send_ipi() - raise IPI @n on every CPU in @cpu_mask. */
void mpic_send_ipi(unsigned int n, uint32_t cpu_mask);
#endif
