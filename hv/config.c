/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Config tree parser: the entry point, the /hypervisor node, device
 * resolution and the hardware description. Partition nodes are parsed in
 * hv/config_part.c, checked in hv/config_check.c (format: docs/config.md).
 * Pure C over libfdt, shared by the hypervisor (boot) and tools/cfgcheck.c.
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include "hv/config.h"

#define HV_COMPAT "tessera,hypervisor-config"

static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* Resolve @ph in the config tree to a path present in the hardware tree.
 * On failure, @err says why and false is returned. */
bool config_resolve_node(const struct config_state *st, uint32_t ph,
			 struct config_device *dev, struct config_msg *err)
{
	int off = fdt_node_offset_by_phandle(st->cfg, ph);
	const char *type;

	config_msg_init(err);
	if (off < 0) {
		config_msg_str(err, "phandle ");
		config_msg_hex(err, ph);
		config_msg_str(err, " does not refer to a node");
		return false;
	}
	if (fdt_get_path(st->cfg, off, dev->path, sizeof(dev->path)) < 0) {
		config_msg_str(err, "a node path is longer than 95 characters");
		return false;
	}
	config_msg_str(err, dev->path);
	type = fdt_getprop(st->cfg, off, "device_type", NULL);
	if (!strcmp(dev->path, "/") || path_under(dev->path, "/partitions") ||
	    path_under(dev->path, "/hypervisor") || path_under(dev->path,
	    "/cpus") || (type && !strcmp(type, "memory"))) {
		config_msg_str(err, " is not a device");
		return false;
	}
	dev->hw_offset = fdt_path_offset(st->hw_fdt, dev->path);
	if (dev->hw_offset < 0) {
		config_msg_str(err, " is not present in the hardware");
		return false;
	}
	config_msg_init(err);
	return true;
}

/* Properties dtc or the format adds that need no handler. */
bool config_generic_prop(const char *name)
{
	return !strcmp(name, "compatible") || !strcmp(name, "phandle") ||
	       !strcmp(name, "linux,phandle") || !strcmp(name, "name");
}

/* --- the /hypervisor node --- */

static bool hv_device(struct config_state *st, const char *prop, uint32_t ph,
		      struct config_device *dev)
{
	struct config_msg err;

	if (config_resolve_node(st, ph, dev, &err))
		return true;
	config_error(st, "hypervisor", prop, err.buf);
	return false;
}

static void hv_devices(struct config_state *st, int off)
{
	struct tess_config *c = st->out;
	const fdt32_t *val;
	int i, len;

	val = fdt_getprop(st->cfg, off, "devices", &len);
	if (!val)
		return;
	if (len <= 0 || len % 4 || len / 4 > CONFIG_MAX_DEVICES) {
		config_error(st, "hypervisor", "devices",
			     "must be a list of 1 to 8 phandles");
		return;
	}
	for (i = 0; i < len / 4; i++)
		if (hv_device(st, "devices", fdt32_ld(val + i),
			      &c->hv_devices[c->hv_ndevices]))
			c->hv_ndevices++;
}

static void hv_reserved(struct config_state *st, int off)
{
	const struct hw_desc *hw = st->hw;
	const void *val;
	int len;

	st->out->hv_reserved = hw->hv_reserved;
	val = fdt_getprop(st->cfg, off, "reserved-size", &len);
	if (val && len != 8)
		config_error(st, "hypervisor", "reserved-size",
			     "must be two cells (a 64-bit value)");
	else if (val && config_ld64(val) > hw->hv_reserved)
		st->out->hv_reserved = config_ld64(val);
	if (st->out->hv_reserved >= hw->ram_size)
		config_error(st, "hypervisor", "reserved-size",
			     "the hypervisor's memory leaves no RAM");
}

static const char *const hv_props[] = {
	"console", "devices", "reserved-size", "dump-guest-dts",
};

static void hv_misc(struct config_state *st, int off)
{
	const char *name;
	size_t i;
	int len, poff;

	if (fdt_getprop(st->cfg, off, "dump-guest-dts", &len)) {
		st->out->dump_guest_dts = len == 0;
		if (len)
			config_error(st, "hypervisor", "dump-guest-dts",
				     "must be empty (a boolean property)");
	}
	fdt_for_each_property_offset(poff, st->cfg, off) {
		fdt_getprop_by_offset(st->cfg, poff, &name, &len);
		for (i = 0; i < sizeof(hv_props) / sizeof(hv_props[0]); i++)
			if (!strcmp(name, hv_props[i]))
				break;
		if (i == sizeof(hv_props) / sizeof(hv_props[0]) &&
		    !config_generic_prop(name))
			config_error(st, "hypervisor", name,
				     "unknown property");
	}
}

/* Returns 0, or -EINVAL when the hypervisor itself can't be configured. */
static int parse_hypervisor(struct config_state *st)
{
	int off = fdt_path_offset(st->cfg, "/hypervisor");
	const void *val;
	int len;

	if (off < 0) {
		config_error(st, "hypervisor", "", "missing /hypervisor node");
		return -EINVAL;
	}
	if (fdt_node_check_compatible(st->cfg, off, HV_COMPAT) != 0) {
		config_error(st, "hypervisor", "compatible",
			     "missing or not \"" HV_COMPAT "\"");
		return -EINVAL;
	}
	val = fdt_getprop(st->cfg, off, "console", &len);
	if (!val || len != 4) {
		config_error(st, "hypervisor", "console", val ?
			     "must be one UART phandle" : "missing (required)");
		return -EINVAL;
	}
	if (!hv_device(st, "console", fdt32_ld(val), &st->out->hv_console))
		return -EINVAL;
	if (fdt_node_check_compatible(st->hw_fdt, st->out->hv_console.hw_offset,
				      "ns16550") != 0) {
		config_error(st, "hypervisor", "console",
			     "not a UART (compatible \"ns16550\")");
		return -EINVAL;
	}
	hv_devices(st, off);
	hv_reserved(st, off);
	hv_misc(st, off);
	return 0;
}

int config_parse(const void *cfg_fdt, const struct hw_desc *hw,
		 enum host_core host, const struct config_ops *ops,
		 struct tess_config *out)
{
	struct config_state st = {
		.cfg = cfg_fdt, .hw = hw, .host = host, .ops = ops, .out = out,
	};
	uint32_t n = 0;
	int off, r;

	memset(out, 0, sizeof(*out));
	if (!cfg_fdt || fdt_check_header(cfg_fdt) != 0) {
		config_error(&st, "config", "", "not a valid device tree blob");
		return -EINVAL;
	}
	st.hw_fdt = hw->fdt ? hw->fdt : cfg_fdt;
	if (fdt_check_header(st.hw_fdt) != 0) {
		config_error(&st, "hardware", "", "not a valid device tree blob");
		return -EINVAL;
	}
	r = parse_hypervisor(&st);
	if (r < 0)
		return r;
	st.parts_off = fdt_path_offset(cfg_fdt, "/partitions");
	if (st.parts_off < 0) {
		config_error(&st, "partitions", "", "missing /partitions node");
		return -EINVAL;
	}
	fdt_for_each_subnode(off, cfg_fdt, st.parts_off) {
		if (n == CONFIG_MAX_PARTITIONS) {
			const char *name = fdt_get_name(cfg_fdt, off, NULL);

			config_error(&st, name ? name : "partitions", "",
				     "too many partitions (at most 8): ignored");
			continue;
		}
		out->nparts = n + 1;
		config_parse_partition(&st, off, n++);
	}
	if (!n)
		config_error(&st, "partitions", "", "no partition defined");
	config_check_conflicts(&st);
	return 0;
}

/* --- the hardware description --- */

static uint64_t read_cells(const fdt32_t *p, int n)
{
	return n == 2 ? ((uint64_t)fdt32_ld(p) << 32) | fdt32_ld(p + 1)
		      : fdt32_ld(p);
}

static uint32_t count_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	uint32_t n = 0;
	const char *type;

	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus) {
		type = fdt_getprop(fdt, node, "device_type", NULL);
		if (type && !strcmp(type, "cpu"))
			n++;
	}
	return n;
}

int config_hw_from_fdt(const void *fdt, struct hw_desc *hw)
{
	const fdt32_t *reg;
	int ac, sc, off, len;

	memset(hw, 0, sizeof(*hw));
	if (!fdt || fdt_check_header(fdt) != 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					    sizeof("memory"));
	if (off < 0 || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	reg = fdt_getprop(fdt, off, "reg", &len);
	if (!reg || len < (ac + sc) * 4)
		return -EINVAL;
	hw->ram_base = read_cells(reg, ac);
	hw->ram_size = read_cells(reg + ac, sc);
	hw->ncpus = count_cpus(fdt);
	hw->hv_reserved = CONFIG_DEFAULT_HV_RESERVED;
	hw->fdt = fdt;
	return hw->ram_size ? 0 : -EINVAL;
}

