/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hypervisor's own TLB1 layout. Every CPU loads the same table with
 * tlb_hv_load (kernel/start.S); all entries are in address space 0, so a
 * guest running with MSR[IS,DS] = 1 can never hit them.
 */
#ifndef KERNEL_TLB_H
#define KERNEL_TLB_H

#include <stdint.h>

#define TLB_HV_SLOTS 8  /* TLB1 entries 0..7 belong to the hypervisor */

struct tlb_entry {
	uint32_t mas1, mas2, mas3, mas7;
};

extern struct tlb_entry tlb_hv_table[TLB_HV_SLOTS];

/** tlb_hv_load() - (assembly) load tlb_hv_table into this CPU's TLB1. */
void tlb_hv_load(void);

/**
 * tlb_map_ram() - map RAM [0, size) 1:1 with as few TLB1 entries as
 * alignment allows, replacing the boot mapping, on this CPU.
 * Returns the number of bytes mapped (capped by free slots), or -ENOSPC.
 */
long tlb_map_ram(uint64_t size);

/**
 * ioremap() - map @size bytes of physical @pa cache-inhibited and guarded
 * into the hypervisor's I/O window. Returns the virtual address, or NULL
 * when the window or TLB1 is full.
 */
void *ioremap(uint64_t pa, uint32_t size);

/** tlb_hv_dump() - print the hypervisor's TLB1 table (debug). */
void tlb_hv_dump(void);
#endif
