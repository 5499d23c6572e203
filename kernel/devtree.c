/* SPDX-License-Identifier: BSD-2-Clause */
/* Scan the boot device tree (libfdt) into struct hw_info. */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "kernel/devtree.h"

struct hw_info hw;

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* Translate @addr (a child address of @node's children) through the ranges
 * of @node, once. Identity when there is no ranges property. */
static int translate(const void *fdt, int node, uint64_t *addr)
{
	int len, parent = fdt_parent_offset(fdt, node);
	const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
	int ca = fdt_address_cells(fdt, node), pa, sc = fdt_size_cells(fdt, node);

	if (!r || len == 0 || parent < 0)
		return 0;
	pa = fdt_address_cells(fdt, parent);
	for (; len >= (int)sizeof(fdt32_t) * (ca + pa + sc);
	     len -= sizeof(fdt32_t) * (ca + pa + sc), r += ca + pa + sc) {
		uint64_t cb = read_cells(r, ca), pb = read_cells(r + ca, pa);
		uint64_t sz = read_cells(r + ca + pa, sc);

		if (*addr >= cb && *addr - cb < sz) {
			*addr = *addr - cb + pb;
			return 0;
		}
	}
	return -EINVAL;
}

int devtree_node_phys(const void *fdt, int node, uint64_t *pa, uint64_t *size)
{
	int len, parent = fdt_parent_offset(fdt, node);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	int ac, sc;

	if (!reg || parent < 0)
		return -ENOENT;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || sc < 0 || len < (int)sizeof(fdt32_t) * (ac + sc))
		return -EINVAL;
	*pa = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	for (node = parent; node > 0; node = fdt_parent_offset(fdt, node))
		if (translate(fdt, node, pa))
			return -EINVAL;
	return 0;
}

static uint32_t prop_u32(const void *fdt, int node, const char *name, uint32_t def)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return (p && len >= 4) ? fdt32_to_cpu(*p) : def;
}

static int scan_cpus(const void *fdt, struct hw_info *h)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	if (cpus < 0)
		return -ENOENT;
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *t = fdt_getprop(fdt, node, "device_type", NULL);
		int len;
		const fdt32_t *rel;

		if (!t || strcmp(t, "cpu") || h->ncpus >= CONFIG_NR_CPUS)
			continue;
		h->cpu_hwid[h->ncpus] = prop_u32(fdt, node, "reg", h->ncpus);
		rel = fdt_getprop(fdt, node, "cpu-release-addr", &len);
		h->cpu_release[h->ncpus] = (rel && len == 8) ? read_cells(rel, 2) : 0;
		if (!h->timebase_hz)
			h->timebase_hz = prop_u32(fdt, node, "timebase-frequency", 0);
		h->ncpus++;
	}
	return h->ncpus && h->timebase_hz ? 0 : -ENOENT;
}

static int scan_memory(const void *fdt, struct hw_info *h)
{
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
						 sizeof("memory"));
	int len;
	const fdt32_t *reg;

	if (node < 0)
		return -ENOENT;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 16)
		return -EINVAL;
	h->mem_base = read_cells(reg, fdt_address_cells(fdt, 0));
	h->mem_size = read_cells(reg + fdt_address_cells(fdt, 0), fdt_size_cells(fdt, 0));
	return 0;
}

/* The console: /chosen/stdout-path (options after ':' ignored), else serial0. */
static int scan_uart(const void *fdt, struct hw_info *h)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node = -1, len;
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;
	uint64_t size;

	if (path) {
		const char *colon = strchr(path, ':');

		node = fdt_path_offset_namelen(fdt, path, colon ? colon - path : (int)strlen(path));
	}
	if (node < 0) {
		path = fdt_get_alias(fdt, "serial0");
		node = path ? fdt_path_offset(fdt, path) : -1;
	}
	if (node < 0 || devtree_node_phys(fdt, node, &h->uart_phys, &size))
		return -ENOENT;
	h->uart_clock = prop_u32(fdt, node, "clock-frequency", 0);
	h->uart_baud = prop_u32(fdt, node, "current-speed", 0);
	h->uart_irq = (int)prop_u32(fdt, node, "interrupts", (uint32_t)-1);
	return 0;
}

static uint64_t find_compat(const void *fdt, const char *const *compat, uint64_t *size)
{
	uint64_t pa, sz;

	for (; *compat; compat++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, *compat);

		if (node >= 0 && !devtree_node_phys(fdt, node, &pa, &sz)) {
			if (size)
				*size = sz;
			return pa;
		}
	}
	return 0;
}

static void scan_poweroff(const void *fdt, struct hw_info *h)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "gpio-poweroff"), len, ctl;
	const fdt32_t *g = node >= 0 ? fdt_getprop(fdt, node, "gpios", &len) : NULL;
	uint64_t sz;

	if (!g || len < 8)
		return;
	ctl = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(g[0]));
	if (ctl >= 0 && !devtree_node_phys(fdt, ctl, &h->gpio_phys, &sz))
		h->poweroff_pin = fdt32_to_cpu(g[1]);
}

static int scan_soc(const void *fdt, struct hw_info *h)
{
	static const char *const mpic[] = { "fsl,mpic", "chrp,open-pic", NULL };
	static const char *const guts[] = { "fsl,mpc8544-guts", "fsl,mpc8548-guts",
		"fsl,p2020-guts", "fsl,qoriq-device-config-1.0",
		"fsl,qoriq-device-config-2.0", NULL };
	int soc = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "soc", sizeof("soc"));
	uint64_t sz;
	int len;
	const fdt32_t *r;

	if (soc < 0)
		return -ENOENT;
	r = fdt_getprop(fdt, soc, "ranges", &len);
	if (!r || len < 16)
		return -EINVAL;
	h->ccsr_phys = read_cells(r + 1, fdt_address_cells(fdt, 0));
	h->ccsr_size = (uint32_t)read_cells(r + 1 + fdt_address_cells(fdt, 0), 1);
	h->mpic_phys = find_compat(fdt, mpic, &sz);
	h->mpic_size = (uint32_t)sz;
	h->guts_phys = find_compat(fdt, guts, NULL);
	scan_poweroff(fdt, h);
	return h->mpic_phys ? 0 : -ENOENT;
}

int devtree_scan(const void *fdt, struct hw_info *out, const char **what)
{
	int chosen;

	memset(out, 0, sizeof(*out));
	out->fdt = fdt;
	*what = "a valid flattened device tree";
	if (fdt_check_header(fdt))
		return -EINVAL;
	out->model = fdt_getprop(fdt, 0, "model", NULL);
	chosen = fdt_path_offset(fdt, "/chosen");
	out->bootargs = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	*what = "/cpus with timebase-frequency";
	if (scan_cpus(fdt, out))
		return -ENOENT;
	*what = "a memory node";
	if (scan_memory(fdt, out))
		return -ENOENT;
	*what = "the soc node (CCSR) with an MPIC";
	if (scan_soc(fdt, out))
		return -ENOENT;
	*what = "a console UART (stdout-path or serial0)";
	if (scan_uart(fdt, out))
		return -ENOENT;
	return 0;
}

int devtree_has_arg(const char *arg)
{
	const char *p = hw.bootargs;
	size_t n = strlen(arg);

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, arg, n) && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}
