/* SPDX-License-Identifier: BSD-2-Clause */
/* What a guest learns about its machine: core name and device tree facts. */
#include <stddef.h>
#include <stdint.h>
#include <libfdt.h>
#include "guest.h"

static const struct {
	uint16_t version;
	const char *name;
} cpu_names[] = {
	{ .version = 0x8020, .name = "e500v1" },
	{ .version = 0x8021, .name = "e500v2" },
	{ .version = 0x8023, .name = "e500mc" },
	{ .version = 0x8024, .name = "e5500" },
	{ .version = 0x8040, .name = "e6500" },
};

const char *guest_cpu_name(void)
{
	uint32_t version = mfspr(SPRN_PVR) >> 16;
	size_t i;

	for (i = 0; i < sizeof(cpu_names) / sizeof(cpu_names[0]); i++)
		if (cpu_names[i].version == version)
			return cpu_names[i].name;
	return "unknown";
}

const char *guest_fdt_bootargs(const void *fdt)
{
	const char *args;
	int node;

	if (fdt_check_header(fdt) != 0)
		return "";
	node = fdt_path_offset(fdt, "/chosen");
	if (node < 0)
		return "";
	args = fdt_getprop(fdt, node, "bootargs", NULL);
	return args ? args : "";
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

int guest_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size)
{
	const fdt32_t *reg;
	int node, len, ac, sc, err;

	err = fdt_check_header(fdt);
	if (err)
		return err;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	if (ac < 0 || sc < 0)
		return ac < 0 ? ac : sc;
	if (ac > 2 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					     sizeof("memory"));
	if (node < 0)
		return node;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	if (len < (int)((ac + sc) * sizeof(*reg)))
		return -FDT_ERR_BADVALUE;
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return 0;
}
