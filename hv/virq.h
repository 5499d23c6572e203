/* SPDX-License-Identifier: BSD-2-Clause */
/* Real interrupts of passed-through devices, routed to their partition. */
#ifndef HV_VIRQ_H
#define HV_VIRQ_H

struct partition;

/**
 * virq_add() - route the interrupts of hardware node @node of tree @hw,
 * a device @p owns, to @p's vMPIC under the same source numbers. A source
 * the hypervisor already uses (its console) is left alone with a warning.
 * Returns 0, or -EBUSY when another partition owns one of them.
 */
int virq_add(struct partition *p, const void *hw, int node);
#endif
