/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the hypervisor learns from the device tree it was booted with.
 * Nothing of the board is hard-coded that this tree gives.
 */
#ifndef KERNEL_DEVTREE_H
#define KERNEL_DEVTREE_H

#include <stdint.h>

struct hw_info {
	const void *fdt;
	const char *model;
	const char *bootargs;
	uint64_t mem_base, mem_size;
	uint32_t ncpus;                          /* CPUs in the tree */
	uint32_t cpu_hwid[CONFIG_NR_CPUS];       /* reg of each cpu node */
	uint64_t cpu_release[CONFIG_NR_CPUS];    /* spin-table entry, 0 if none */
	uint32_t timebase_hz;
	uint64_t ccsr_phys;
	uint32_t ccsr_size;
	uint64_t uart_phys;
	uint32_t uart_clock, uart_baud;
	int uart_irq;                            /* -1 if none */
	uint64_t mpic_phys;
	uint32_t mpic_size;
	uint64_t guts_phys;                      /* 0 if absent */
	uint64_t gpio_phys;                      /* power-off GPIO block, 0 if absent */
	int poweroff_pin;
};

extern struct hw_info hw;

/**
 * devtree_scan() - fill @out from the flattened tree @fdt.
 * Returns 0, or a negative errno naming the first thing missing; *what is
 * set to a short description of it.
 */
int devtree_scan(const void *fdt, struct hw_info *out, const char **what);

/**
 * devtree_node_phys() - physical address and size of node @node's first
 * reg entry, translated through its parents' ranges.
 * Returns 0 or -ENOENT/-EINVAL.
 */
int devtree_node_phys(const void *fdt, int node, uint64_t *pa, uint64_t *size);

/** devtree_has_arg() - 1 if bootargs contain the word @arg, else 0. */
int devtree_has_arg(const char *arg);
#endif
