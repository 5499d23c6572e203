/* SPDX-License-Identifier: BSD-2-Clause */
/* External interrupts: MPIC sources and IPIs to C handlers. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

typedef void (*irq_handler_fn)(void *arg);

enum ipi_kind { IPI_PING = 0, IPI_CALL = 1 };

/** irq_dispatch() - acknowledge and handle every pending external
 * interrupt of this CPU (called from the exception paths). */
void irq_dispatch(void);
/** irq_init() - take the external-input exception. Returns 0. */
int irq_init(void);
/**
 * irq_request() - deliver MPIC source @irq with @sense to @cpu and call
 * @fn(@arg) for it. Returns 0, or -EINVAL / -EBUSY.
 */
int irq_request(unsigned int irq, int sense, unsigned int cpu, irq_handler_fn fn, void *arg);
/** irq_set_ipi_handler() - handler for IPI @n on every CPU. Returns 0 or -EINVAL. */
int irq_set_ipi_handler(unsigned int n, irq_handler_fn fn);
/** irq_count() - interrupts taken by this CPU since boot. */
uint32_t irq_count(void);
#endif
