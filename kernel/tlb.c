/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hypervisor's TLB1 table: RAM mapped 1:1 and device windows in the
 * I/O area, all address space 0, all IPROT. tlb_hv_load (start.S) makes a
 * CPU's TLB1 match this table; CPU 0 edits it before secondaries start.
 */
#include <errno.h>
#include <stdint.h>
#include "kernel/ppc.h"
#include "kernel/tlb.h"
#include "kernel/console.h"

#define HV_PERM (MAS3_SX | MAS3_SW | MAS3_SR)
#define MAX_PAGE_LOG2 30 /* 1 GiB: every e500 core takes it in TLB1 */

/* TSIZE for a power-of-4 byte size (2^n KiB encoding). */
#define TSIZE_OF(log2bytes) ((log2bytes) - 10)

struct tlb_entry tlb_hv_table[TLB_HV_SLOTS] = {
	[0] = {
		.mas1 = MAS1_VALID | MAS1_IPROT |
			MAS1_TSIZE(__builtin_ctz(CONFIG_BOOT_MAP_SIZE) - 10),
		.mas2 = CONFIG_LOAD_ADDR | MAS2_M,
		.mas3 = CONFIG_LOAD_ADDR | HV_PERM,
		.mas7 = 0,
	},
};

static uint32_t io_next = CONFIG_IO_VIRT_BASE;

static int free_slot(void)
{
	int i;

	for (i = 0; i < TLB_HV_SLOTS; i++)
		if (!(tlb_hv_table[i].mas1 & MAS1_VALID))
			return i;
	return -ENOSPC;
}

static void set_entry(int slot, uint32_t va, uint64_t pa, unsigned int log2sz,
		      uint32_t wimge)
{
	tlb_hv_table[slot].mas1 = MAS1_VALID | MAS1_IPROT | MAS1_TSIZE(TSIZE_OF(log2sz));
	tlb_hv_table[slot].mas2 = va | wimge;
	tlb_hv_table[slot].mas3 = ((uint32_t)pa & 0xfffff000) | HV_PERM;
	tlb_hv_table[slot].mas7 = (uint32_t)(pa >> 32);
}

/* Largest power-of-4 page not above @max that is aligned at @addr. */
static unsigned int page_log2(uint64_t addr, uint64_t max)
{
	unsigned int l = MAX_PAGE_LOG2;

	while (l > 12 && (((addr & ((1ull << l) - 1)) != 0) || (1ull << l) > max))
		l -= 2;
	return l;
}

long tlb_map_ram(uint64_t size)
{
	uint64_t addr = 0;
	int i, slot;
	uint32_t msr;

	for (i = 0; i < TLB_HV_SLOTS; i++)
		if ((tlb_hv_table[i].mas2 & 0xfffff000) < CONFIG_IO_VIRT_BASE)
			tlb_hv_table[i].mas1 = 0;
	/* Keep RAM below the I/O window so the two can never overlap. */
	if (size > CONFIG_IO_VIRT_BASE)
		size = CONFIG_IO_VIRT_BASE;
	while (addr < size) {
		unsigned int l = page_log2(addr, size - addr);

		slot = free_slot();
		if (slot < 0)
			break;
		set_entry(slot, (uint32_t)addr, addr, l, MAS2_M);
		addr += 1ull << l;
	}
	msr = irq_save();
	tlb_hv_load();
	irq_restore(msr);
	return addr ? (long)addr : -ENOSPC;
}

/* An existing device window covering [pa, pa + size), or NULL. */
static void *io_lookup(uint64_t pa, uint32_t size)
{
	int i;

	for (i = 0; i < TLB_HV_SLOTS; i++) {
		const struct tlb_entry *e = &tlb_hv_table[i];
		uint64_t base = ((uint64_t)e->mas7 << 32) | (e->mas3 & 0xfffff000);
		uint64_t len = 1024ull << ((e->mas1 >> 7) & 0x1f);

		if ((e->mas1 & MAS1_VALID) && (e->mas2 & MAS2_I) && pa >= base &&
		    pa + size <= base + len)
			return (void *)(uintptr_t)((e->mas2 & 0xfffff000) + (uint32_t)(pa - base));
	}
	return NULL;
}

void *ioremap(uint64_t pa, uint32_t size)
{
	uint64_t base = pa & ~0xfffull, end = pa + size;
	unsigned int l = 12;
	uint32_t va, msr;
	int slot;
	void *hit = io_lookup(pa, size);

	if (hit)
		return hit;
	while ((base & ~((1ull << l) - 1)) + (1ull << l) < end && l < MAX_PAGE_LOG2)
		l += 2;
	base &= ~((1ull << l) - 1);
	va = (io_next + (1u << l) - 1) & ~((1u << l) - 1);
	slot = free_slot();
	if (slot < 0 || va + (1u << l) < va || va + (1u << l) > 0x80000000u)
		return NULL;
	set_entry(slot, va, base, l, MAS2_I | MAS2_G);
	io_next = va + (1u << l);
	msr = irq_save();
	tlb_hv_load();
	irq_restore(msr);
	return (void *)(uintptr_t)(va + (uint32_t)(pa - base));
}

void tlb_hv_dump(void)
{
	int i;

	for (i = 0; i < TLB_HV_SLOTS; i++) {
		const struct tlb_entry *e = &tlb_hv_table[i];

		if (!(e->mas1 & MAS1_VALID))
			continue;
		kprintf("  tlb1[%d] va %08lx -> pa %lx%08lx size %lu KiB%s\n", i,
			(unsigned long)(e->mas2 & 0xfffff000), (unsigned long)e->mas7,
			(unsigned long)(e->mas3 & 0xfffff000),
			1ul << ((e->mas1 >> 7) & 0x1f),
			(e->mas2 & MAS2_I) ? " I+G" : "");
	}
}
