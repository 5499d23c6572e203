/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Config tree parser, one partition node: a table of property handlers, each
 * reading and checking one property (format: docs/config.md). Pure C over
 * libfdt, shared by the hypervisor and the host tools (see hv/config.h).
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include "hv/config.h"

#define PART_COMPAT "tessera,partition"
#define PHYS_LIMIT (1ull << 36) /* e500 physical address space */

static const char *const image_type_names[CONFIG_IMAGE_COUNT] = {
	[CONFIG_IMAGE_ELF] = "elf",
	[CONFIG_IMAGE_BINARY] = "binary",
	[CONFIG_IMAGE_UIMAGE] = "uimage",
};

static const char *const console_names[CONFIG_CONSOLE_COUNT] = {
	[CONFIG_CONSOLE_NONE] = "none",
	[CONFIG_CONSOLE_UART] = "uart",
	[CONFIG_CONSOLE_BYTE_CHANNEL] = "byte-channel",
	[CONFIG_CONSOLE_HV] = "hv-console",
};

static const char *const restart_names[CONFIG_RESTART_COUNT] = {
	[CONFIG_RESTART_STOP] = "stop",
	[CONFIG_RESTART_RESTART] = "restart",
};

static int name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -EINVAL;
}

const char *config_image_type_name(int type)
{
	if (type < 0 || type >= CONFIG_IMAGE_COUNT)
		return "?";
	return image_type_names[type];
}

const char *config_console_name(int kind)
{
	if (kind < 0 || kind >= CONFIG_CONSOLE_COUNT)
		return "?";
	return console_names[kind];
}

static void refuse2(struct config_state *st, struct config_partition *p,
		    const char *prop, const char *a, const char *b,
		    const char *c)
{
	struct config_msg m;

	config_msg_init(&m);
	config_msg_str(&m, a);
	config_msg_str(&m, b);
	config_msg_str(&m, c);
	config_refuse(st, p, prop, m.buf);
}

static bool is_string(const char *val, int len, bool allow_empty)
{
	return len > 0 && val[len - 1] == '\0' &&
	       (int)strlen(val) == len - 1 && (allow_empty || len > 1);
}

/* --- value readers: refuse @p and return false when malformed --- */

static const char *get_str(struct config_state *st, struct config_partition *p,
			   const char *prop, const void *val, int len)
{
	if (is_string(val, len, false))
		return val;
	config_refuse(st, p, prop, "must be a single non-empty string");
	return NULL;
}

static bool get_u32(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len, uint32_t *v)
{
	if (len != 4) {
		config_refuse(st, p, prop, "must be one 32-bit cell");
		return false;
	}
	*v = fdt32_ld(val);
	return true;
}

static bool get_u64(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len, uint64_t *v)
{
	if (len != 8) {
		config_refuse(st, p, prop,
			      "must be two cells (a 64-bit value)");
		return false;
	}
	*v = config_ld64(val);
	return true;
}

static bool get_flag(struct config_state *st, struct config_partition *p,
		     const char *prop, int len)
{
	if (len == 0)
		return true;
	config_refuse(st, p, prop, "must be empty (a boolean property)");
	return false;
}

static void get_name(struct config_state *st, struct config_partition *p,
		     const char *prop, const void *val, int len, char *dst)
{
	const char *s = get_str(st, p, prop, val, len);

	if (!s)
		return;
	if (strlen(s) >= CONFIG_NAME_LEN) {
		config_refuse(st, p, prop, "longer than 31 characters");
		return;
	}
	strcpy(dst, s);
}

static bool hv_owns(const struct tess_config *c, const char *path)
{
	uint32_t i;

	if (!strcmp(c->hv_console.path, path))
		return true;
	for (i = 0; i < c->hv_ndevices; i++)
		if (!strcmp(c->hv_devices[i].path, path))
			return true;
	return false;
}

/* A device for partition @p: resolvable and not the hypervisor's. */
static bool part_device(struct config_state *st, struct config_partition *p,
			const char *prop, uint32_t ph,
			struct config_device *dev)
{
	struct config_msg err;

	if (!config_resolve_node(st, ph, dev, &err)) {
		config_refuse(st, p, prop, err.buf);
		return false;
	}
	if (hv_owns(st->out, dev->path)) {
		refuse2(st, p, prop, dev->path, " belongs to the hypervisor",
			"");
		return false;
	}
	return true;
}

/* --- partition property handlers, run in table order --- */

typedef void (*prop_fn)(struct config_state *st, struct config_partition *p,
			const char *prop, const void *val, int len);

static void p_label(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len)
{
	get_name(st, p, prop, val, len, p->name);
}

static void p_cpus(struct config_state *st, struct config_partition *p,
		   const char *prop, const void *val, int len)
{
	struct config_msg m;
	int i;

	if (len <= 0 || len % 4 || len / 4 > CONFIG_MAX_CPUS) {
		config_refuse(st, p, prop,
			      "must be a list of 1 to 32 CPU indices");
		return;
	}
	for (i = 0; i < len / 4; i++) {
		uint32_t cpu = fdt32_ld((const fdt32_t *)val + i);

		config_msg_init(&m);
		config_msg_str(&m, "cpu ");
		config_msg_dec(&m, cpu);
		if (cpu >= st->hw->ncpus || cpu >= CONFIG_MAX_CPUS) {
			config_msg_str(&m, " does not exist (the hardware has ");
			config_msg_dec(&m, st->hw->ncpus);
			config_msg_str(&m, ")");
			config_refuse(st, p, prop, m.buf);
		} else if (p->cpu_mask & (1u << cpu)) {
			config_msg_str(&m, " is listed twice");
			config_refuse(st, p, prop, m.buf);
		} else {
			p->cpus[p->ncpus++] = cpu;
			p->cpu_mask |= 1u << cpu;
		}
	}
}

static void p_memory(struct config_state *st, struct config_partition *p,
		     const char *prop, const void *val, int len)
{
	struct config_msg m;
	uint64_t base, size;

	if (len != 16) {
		config_refuse(st, p, prop, "must be <base-hi base-lo size-hi "
			      "size-lo> (4 cells)");
		return;
	}
	base = config_ld64(val);
	size = config_ld64((const fdt32_t *)val + 2);
	config_msg_init(&m);
	if (!size) {
		config_msg_str(&m, "size is 0");
	} else if ((base | size) & (CONFIG_PAGE_SIZE - 1)) {
		config_msg_str(&m, "base and size must be multiples of 4 KiB");
	} else if (size > PHYS_LIMIT || base > PHYS_LIMIT - size) {
		config_msg_range(&m, base, size);
		config_msg_str(&m, " is beyond the 36-bit address space");
	} else {
		p->guest_base = base;
		p->mem_size = size;
		return;
	}
	config_refuse(st, p, prop, m.buf);
}

static void p_phys(struct config_state *st, struct config_partition *p,
		   const char *prop, const void *val, int len)
{
	uint64_t v;

	if (!get_u64(st, p, prop, val, len, &v))
		return;
	if (v & (CONFIG_PAGE_SIZE - 1)) {
		config_refuse(st, p, prop, "must be a multiple of 4 KiB");
		return;
	}
	p->phys_base = v;
	p->phys_given = true;
}

static void p_platform(struct config_state *st, struct config_partition *p,
		       const char *prop, const void *val, int len)
{
	const char *s = get_str(st, p, prop, val, len);
	int id = s ? platform_from_name(s) : -EINVAL;

	if (id < 0) {
		st->req_bad = true;
		if (s)
			refuse2(st, p, prop, "unknown platform \"", s,
				"\" (none, kvm, epapr, spapr)");
		return;
	}
	p->req.platform = (uint16_t)id;
}

static void p_arch(struct config_state *st, struct config_partition *p,
		   const char *prop, const void *val, int len)
{
	uint32_t v;

	if (!get_u32(st, p, prop, val, len, &v) || v > 0xffff) {
		if (len == 4)
			config_refuse(st, p, prop, "out of range");
		st->req_bad = true;
		return;
	}
	p->req.guest_arch = (uint16_t)v;
}

static void p_width(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len)
{
	uint32_t v;

	if (!get_u32(st, p, prop, val, len, &v) || (v != 32 && v != 64)) {
		if (len == 4)
			config_refuse(st, p, prop, "must be 32 or 64");
		st->req_bad = true;
		return;
	}
	p->req.width = (uint8_t)v;
}

static void p_cross(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len)
{
	(void)val;
	if (get_flag(st, p, prop, len))
		p->req.flags |= PLATFORM_FLAG_CROSS_ARCH;
}

static void p_image(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len)
{
	get_name(st, p, prop, val, len, p->image);
}

static void p_guest_dts(struct config_state *st, struct config_partition *p,
			const char *prop, const void *val, int len)
{
	get_name(st, p, prop, val, len, p->guest_dts);
}

/* A list of non-empty printable strings, as dtc writes "a", "b". */
static void p_guest_compat(struct config_state *st, struct config_partition *p,
			   const char *prop, const void *val, int len)
{
	const char *s = val;
	int i;

	for (i = 0; i < len; i++)
		if (s[i] ? (s[i] < 0x20 || s[i] > 0x7e) : (i == 0 || !s[i - 1]))
			break;
	if (len <= 1 || len > CONFIG_COMPAT_LEN || s[len - 1] || i < len) {
		config_refuse(st, p, prop, "must be a list of non-empty strings, "
			      "at most 96 bytes in all");
		return;
	}
	memcpy(p->guest_compat, val, (size_t)len);
	p->guest_compat_len = (uint32_t)len;
}

/* A string property chosen from @names; returns the index or -1. */
static int p_choice(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len,
		    const char *const *names, int n, const char *list)
{
	const char *s = get_str(st, p, prop, val, len);
	int i = s ? name_index(names, n, s) : -EINVAL;

	if (i < 0 && s)
		refuse2(st, p, prop, "unknown value \"", s, list);
	return i < 0 ? -1 : i;
}

static void p_image_type(struct config_state *st, struct config_partition *p,
			 const char *prop, const void *val, int len)
{
	int i = p_choice(st, p, prop, val, len, image_type_names,
			 CONFIG_IMAGE_COUNT, "\" (elf, binary, uimage)");

	if (i >= 0)
		p->image_type = (enum config_image_type)i;
}

static void p_restart(struct config_state *st, struct config_partition *p,
		      const char *prop, const void *val, int len)
{
	int i = p_choice(st, p, prop, val, len, restart_names,
			 CONFIG_RESTART_COUNT, "\" (stop, restart)");

	if (i >= 0)
		p->restart = (enum config_restart_policy)i;
}

static void p_load(struct config_state *st, struct config_partition *p,
		   const char *prop, const void *val, int len)
{
	p->has_load_addr = get_u64(st, p, prop, val, len, &p->load_addr);
}

static void p_entry(struct config_state *st, struct config_partition *p,
		    const char *prop, const void *val, int len)
{
	p->has_entry = get_u64(st, p, prop, val, len, &p->entry);
}

static void p_devices(struct config_state *st, struct config_partition *p,
		      const char *prop, const void *val, int len)
{
	struct config_device *d;
	uint32_t i, j;

	if (len <= 0 || len % 4 || len / 4 > CONFIG_MAX_DEVICES) {
		config_refuse(st, p, prop, "must be a list of 1 to 8 phandles");
		return;
	}
	for (i = 0; i < (uint32_t)len / 4; i++) {
		uint32_t ph = fdt32_ld((const fdt32_t *)val + i);

		d = &p->devices[p->ndevices];
		if (!part_device(st, p, prop, ph, d))
			continue;
		for (j = 0; j < p->ndevices; j++)
			if (!strcmp(p->devices[j].path, d->path))
				break;
		if (j < p->ndevices)
			refuse2(st, p, prop, d->path, " is listed twice", "");
		else
			p->ndevices++;
	}
}

static void p_console(struct config_state *st, struct config_partition *p,
		      const char *prop, const void *val, int len)
{
	int i;

	if (is_string(val, len, false)) {
		i = name_index(console_names, CONFIG_CONSOLE_COUNT, val);
		if (i == CONFIG_CONSOLE_BYTE_CHANNEL || i == CONFIG_CONSOLE_HV)
			p->console = (enum config_console_kind)i;
		else
			refuse2(st, p, prop, "unknown console \"", val,
				"\" (a UART phandle, byte-channel, hv-console)");
		return;
	}
	if (len != 4) {
		config_refuse(st, p, prop, "must be a UART phandle or a string");
		return;
	}
	if (!part_device(st, p, prop, fdt32_ld(val), &p->console_dev))
		return;
	if (fdt_node_check_compatible(st->hw_fdt, p->console_dev.hw_offset,
				      "ns16550") != 0) {
		refuse2(st, p, prop, p->console_dev.path,
			" is not a UART (compatible \"ns16550\")", "");
		return;
	}
	p->console = CONFIG_CONSOLE_UART;
}

static void p_bootargs(struct config_state *st, struct config_partition *p,
		       const char *prop, const void *val, int len)
{
	if (!is_string(val, len, true))
		config_refuse(st, p, prop, "must be a single string");
	else if (len > CONFIG_BOOTARGS_LEN)
		config_refuse(st, p, prop, "longer than 255 characters");
	else
		memcpy(p->bootargs, val, (size_t)len);
}

static void p_manager(struct config_state *st, struct config_partition *p,
		      const char *prop, const void *val, int len)
{
	(void)val;
	p->manager = get_flag(st, p, prop, len);
}

/* Index of partition node @off among the children of /partitions. */
static int part_index(const struct config_state *st, int off)
{
	int n = 0, child;

	fdt_for_each_subnode(child, st->cfg, st->parts_off) {
		if (child == off)
			return n;
		n++;
	}
	return -ENOENT;
}

static void p_manages(struct config_state *st, struct config_partition *p,
		      const char *prop, const void *val, int len)
{
	struct config_msg m;
	int i, off, idx;

	if (len <= 0 || len % 4) {
		config_refuse(st, p, prop, "must be a list of partition phandles");
		return;
	}
	for (i = 0; i < len / 4; i++) {
		uint32_t ph = fdt32_ld((const fdt32_t *)val + i);

		off = fdt_node_offset_by_phandle(st->cfg, ph);
		idx = off < 0 ? -ENOENT : part_index(st, off);
		config_msg_init(&m);
		config_msg_str(&m, "phandle ");
		config_msg_hex(&m, ph);
		if (idx < 0) {
			config_msg_str(&m, " is not a partition");
			config_refuse(st, p, prop, m.buf);
		} else if (off == p->cfg_offset) {
			config_refuse(st, p, prop,
				      "a partition cannot manage itself");
		} else if (idx < CONFIG_MAX_PARTITIONS) {
			p->manages |= 1u << idx;
		}
	}
}

struct prop_desc {
	const char *name;
	prop_fn parse;
	bool required;
};

static const struct prop_desc part_props[] = {
	{ "label", p_label, false },
	{ "cpus", p_cpus, true },
	{ "memory", p_memory, true },
	{ "phys-addr", p_phys, false },
	{ "platform", p_platform, true },
	{ "guest-arch", p_arch, true },
	{ "guest-width", p_width, false },
	{ "cross-arch", p_cross, false },
	{ "image", p_image, true },
	{ "image-type", p_image_type, false },
	{ "load-addr", p_load, false },
	{ "entry", p_entry, false },
	{ "guest-dts", p_guest_dts, false },
	{ "guest-compatible", p_guest_compat, false },
	{ "devices", p_devices, false },
	{ "console", p_console, false },
	{ "bootargs", p_bootargs, false },
	{ "restart-policy", p_restart, false },
	{ "manager", p_manager, false },
	{ "manages", p_manages, false },
};

#define NPART_PROPS (sizeof(part_props) / sizeof(part_props[0]))

/* Properties dtc or the format adds that need no handler. */
static void part_props_parse(struct config_state *st,
			     struct config_partition *p)
{
	const void *val;
	const char *name;
	size_t i;
	int len, poff;

	for (i = 0; i < NPART_PROPS; i++) {
		name = part_props[i].name;
		val = fdt_getprop(st->cfg, p->cfg_offset, name, &len);
		if (val) {
			part_props[i].parse(st, p, name, val, len);
		} else if (part_props[i].required) {
			config_refuse(st, p, name, "missing (required)");
			st->req_bad = true;
		}
	}
	fdt_for_each_property_offset(poff, st->cfg, p->cfg_offset) {
		fdt_getprop_by_offset(st->cfg, poff, &name, &len);
		for (i = 0; i < NPART_PROPS; i++)
			if (!strcmp(name, part_props[i].name))
				break;
		if (i == NPART_PROPS && !config_generic_prop(name))
			config_refuse(st, p, name, "unknown property");
	}
}

void config_parse_partition(struct config_state *st, int off, uint32_t idx)
{
	struct config_partition *p = &st->out->parts[idx];
	const char *name = fdt_get_name(st->cfg, off, NULL);

	memset(p, 0, sizeof(*p));
	p->index = idx;
	p->cfg_offset = off;
	p->req.width = 32;
	p->image_size = -1;
	strncpy(p->node, name ? name : "?", sizeof(p->node) - 1);
	strcpy(p->name, p->node);
	st->req_bad = false;
	if (name && strlen(name) >= CONFIG_NAME_LEN)
		config_refuse(st, p, "", "node name longer than 31 characters");
	if (fdt_node_check_compatible(st->cfg, off, PART_COMPAT) != 0)
		config_refuse(st, p, "compatible",
			      "missing or not \"" PART_COMPAT "\"");
	part_props_parse(st, p);
	config_check_partition(st, p);
}

