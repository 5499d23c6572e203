/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "hv/partition.h"
#include "hv/guest_dt.h"
#include "hv/bytechan.h"
#include "hv/fslmgmt.h"
#include "kernel/console.h"
#include "kernel/shell.h"

#define INIT_MAP_MAX (64ull << 20) /* ePAPR initial mapping, at most 64 MiB */
#define DT_GAP 0x1000              /* keep the tree off the map's last byte */

static struct tess_config config; /* ~14 KiB: static, not on a stack */
static struct partition parts[CONFIG_MAX_PARTITIONS];
static const void *cfg_tree;

static const char *const state_names[PART_STATE_COUNT] = {
	[PART_STOPPED] = "stopped", [PART_RUNNING] = "running",
	[PART_STARTING] = "starting", [PART_STOPPING] = "stopping",
	[PART_PAUSING] = "pausing", [PART_PAUSED] = "paused",
	[PART_RESUMING] = "resuming", [PART_REFUSED] = "refused",
	[PART_LOADED] = "loaded",
};

const char *partition_state_name(enum part_state s)
{
	return (unsigned int)s < PART_STATE_COUNT ? state_names[s] : "?";
}

unsigned int partition_count(void)
{
	return config.nparts;
}

struct partition *partition_get(unsigned int id)
{
	return id < config.nparts ? &parts[id] : NULL;
}

struct partition *partition_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < config.nparts; i++)
		if (!strcmp(parts[i].cfg->name, name))
			return &parts[i];
	return NULL;
}

/* The /images/NAME manifest that tools/mkfit.sh adds to the tree. */
static int image_lookup(const char *name, const void **data, long *size)
{
	char path[CONFIG_NAME_LEN + 8];
	int node, len;
	const fdt32_t *addr, *sz;

	snprintf(path, sizeof(path), "/images/%s", name);
	node = fdt_path_offset(cfg_tree, path);
	if (node < 0)
		return -ENOENT;
	addr = fdt_getprop(cfg_tree, node, "addr", &len);
	sz = fdt_getprop(cfg_tree, node, "size", NULL);
	if (!addr || !sz || len != 4)
		return -EINVAL;
	*data = (const void *)(uintptr_t)fdt32_to_cpu(*addr);
	*size = (long)fdt32_to_cpu(*sz);
	return 0;
}

static long image_size_cb(void *ctx, const char *name)
{
	const void *d;
	long size;

	(void)ctx;
	return image_lookup(name, &d, &size) ? -ENOENT : size;
}

static void report_cb(void *ctx, const char *part, const char *prop, const char *msg)
{
	(void)ctx;
	kprintf("config: %s: %s%s%s\n", part, prop, *prop ? ": " : "", msg);
}

static void refuse(struct partition *p, const char *what, const char *why)
{
	p->state = PART_REFUSED;
	snprintf(p->reason, sizeof(p->reason), "%s: %s", what, why);
	kprintf("config: %s: %s: %s\n", p->cfg->node, what, why);
}

static uint64_t pow4_floor(uint64_t v)
{
	uint64_t s = 4096;

	while (s * 4 <= v)
		s *= 4;
	return s;
}

/* Build the tree and place it at the top of the initial mapping. */
static int place_dt(struct partition *p, const void *hw_fdt, uint8_t *mem)
{
	const struct config_partition *c = p->cfg;
	struct guest_dt_params gp = { hw_fdt, c, NULL, p->id };
	const char *why;
	long base_size;
	uint64_t map = pow4_floor(c->mem_size < INIT_MAP_MAX ? c->mem_size : INIT_MAP_MAX);
	int size;

	if (c->guest_dts[0] && image_lookup(c->guest_dts, &gp.base, &base_size))
		return refuse(p, "guest-dts", "image not in the boot image"), -ENOENT;
	if (!p->dt)
		p->dt = malloc(CONFIG_HV_DT_MAX);
	if (!p->dt)
		return refuse(p, "device tree", "out of hypervisor memory"), -ENOMEM;
	size = guest_dt_build(&gp, p->dt, CONFIG_HV_DT_MAX, &why);
	if (size < 0)
		return refuse(p, "device tree", why), size;
	size = fslmgmt_dt_fixup(p, p->dt, CONFIG_HV_DT_MAX);
	if (size < 0)
		return refuse(p, "device tree", "no room for the management nodes"), size;
	p->dt_size = (uint32_t)size;
	p->entry.r3 = c->guest_base + ((map - size - DT_GAP) & ~0xfffull);
	if (p->entry.r3 < p->image.high)
		return refuse(p, "device tree", "no room left in the initial mapping"), -ENOSPC;
	memcpy(mem + (p->entry.r3 - c->guest_base), p->dt, size);
	p->entry.r6 = EPAPR_MAGIC;
	p->entry.r7 = (uint32_t)map;
	p->entry.map_size = map;
	return 0;
}

static const void *hw_tree;

static void partition_setup(struct partition *p, const void *hw_fdt)
{
	(void)hw_fdt;
	if (p->cfg->phys_base + p->cfg->mem_size > CONFIG_IO_VIRT_BASE) {
		refuse(p, "memory", "beyond the hypervisor's RAM window");
		return;
	}
	if (partition_map(p, hw_tree))
		return refuse(p, "devices", "cannot map the partition's devices");
	bytechan_setup(p);
	if (partition_load(p))
		return;
	kprintf("  %s: %s image '%s' at %llx-%llx, entry %llx, tree at %llx (%lu bytes)\n",
		p->cfg->name, config_image_type_name(p->cfg->image_type), p->cfg->image,
		(unsigned long long)p->image.low, (unsigned long long)p->image.high,
		(unsigned long long)p->entry.pc, (unsigned long long)p->entry.r3,
		(unsigned long)p->dt_size);
}

int partition_load(struct partition *p)
{
	const struct config_partition *c = p->cfg;
	uint8_t *mem = (uint8_t *)(uintptr_t)c->phys_base;
	struct image_target t = { c->guest_base, c->mem_size, mem };
	const void *img;
	const char *why;
	long size;

	if (image_lookup(c->image, &img, &size))
		return refuse(p, "image", "not in the boot image"), -ENOENT;
	memset(mem, 0, c->mem_size);
	if (image_load(img, size, c->image_type, c->load_addr, c->has_load_addr,
		       c->entry, c->has_entry, &t, &p->image, &why))
		return refuse(p, "image", why), -EINVAL;
	p->entry.pc = p->image.entry;
	if (place_dt(p, hw_tree, mem))
		return -EINVAL;
	p->state = PART_LOADED;
	return 0;
}

int partition_place_dt(struct partition *p)
{
	return place_dt(p, hw_tree, (uint8_t *)(uintptr_t)p->cfg->phys_base);
}

static void print_table(void)
{
	char row[160];
	unsigned int i;

	kprintf("partitions: %lu configured, %lu refused\n", (unsigned long)config.nparts,
		(unsigned long)(config.nrefused));
	kprintf("  %s\n", config_table_header());
	for (i = 0; i < config.nparts; i++) {
		struct partition *p = &parts[i];
		size_t state_col = (size_t)(strstr(config_table_header(), "state") -
					    config_table_header());

		/* The row ends in the parser's verdict; replace it by the state. */
		config_format_row(p->cfg, row, sizeof(row));
		if (strlen(row) > state_col)
			row[state_col] = '\0';
		kprintf("  %s%s%s%s\n", row, partition_state_name(p->state),
			p->state == PART_REFUSED ? ": " : "", p->reason);
	}
}

/* Print a partition's tree as hex so a test can rebuild and decompile it. */
static void dump_dt(const struct partition *p)
{
	const uint8_t *b = p->dt;
	uint32_t i;

	kprintf("dtdump %s %lu bytes\n", p->cfg->name, (unsigned long)p->dt_size);
	for (i = 0; i < p->dt_size; i += 32) {
		char line[80];
		uint32_t j, n = 0;

		for (j = i; j < i + 32 && j < p->dt_size; j++)
			n += snprintf(line + n, sizeof(line) - n, "%02x", b[j]);
		kprintf(":%s\n", line);
	}
	kprintf("dtdump end\n");
}

int partition_boot_all(const void *cfg_addr, const void *hw_fdt, enum host_core host)
{
	struct hw_desc hwd;
	struct config_ops ops = { image_size_cb, report_cb, NULL, CONFIG_F_IMAGES_REQUIRED };
	unsigned int i, ok = 0;

	/* Whichever loop serves the console (CPU 0 idle or running a vCPU),
	 * typed characters reach the focused partition console first. */
	shell_set_input_filter(partition_console_input);
	if (fdt_check_header(cfg_addr)) {
		kprintf("partitions: no configuration at %p; none started\n", cfg_addr);
		return -ENOENT;
	}
	cfg_tree = cfg_addr;
	hw_tree = hw_fdt;
	if (config_hw_from_fdt(hw_fdt, &hwd) ||
	    config_parse(cfg_addr, &hwd, host, &ops, &config)) {
		kprintf("partitions: configuration at %p is unusable; none started\n", cfg_addr);
		config.nparts = 0;
		return -EINVAL;
	}
	/* Every partition knows its configuration before any is set up: a
	 * manager's tree names the partitions it manages. */
	for (i = 0; i < config.nparts; i++) {
		parts[i].cfg = &config.parts[i];
		parts[i].id = i;
	}
	for (i = 0; i < config.nparts; i++) {
		struct partition *p = &parts[i];

		if (p->cfg->refused) {
			p->state = PART_REFUSED;
			strncpy(p->reason, p->cfg->reason, sizeof(p->reason) - 1);
			continue;
		}
		partition_setup(p, hw_fdt);
		ok += p->state == PART_LOADED;
	}
	print_table();
	if (config.dump_guest_dts)
		for (i = 0; i < config.nparts; i++)
			if (parts[i].dt)
				dump_dt(&parts[i]);
	return (int)ok;
}

static int cmd_dtdump(int argc, char **argv)
{
	struct partition *p = argc > 1 ? partition_find(argv[1]) : NULL;

	if (!p || !p->dt) {
		kprintf("dtdump: no tree for partition '%s'\n", argc > 1 ? argv[1] : "");
		return -ENOENT;
	}
	dump_dt(p);
	return 0;
}
SHELL_COMMAND(dtdump, "dtdump", cmd_dtdump, "dtdump NAME: a partition's device tree, hex");

static int cmd_parts(int argc, char **argv)
{
	(void)argc, (void)argv;
	print_table();
	return 0;
}
SHELL_COMMAND(parts, "parts", cmd_parts, "the partition table");
