/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest useful guest: who am I, what was I told, how much RAM. */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

int main(void *fdt)
{
	uint64_t base, size;
	int err;

	printf("hello: running on %s, PIR %lu, MSR 0x%08lx\n", guest_cpu_name(),
	       (unsigned long)mfspr(SPRN_PIR), (unsigned long)mfmsr());
	printf("hello: bootargs '%s'\n", guest_fdt_bootargs(fdt));
	err = guest_fdt_memory(fdt, &base, &size);
	if (err) {
		printf("hello: device tree at %p: no memory node (%d)\n", fdt, err);
		return 1;
	}
	printf("hello: device tree at %p, memory %lu MiB\n", fdt,
	       (unsigned long)(size >> 20));
	return 0;
}
