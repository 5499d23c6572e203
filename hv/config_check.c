/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Config tree checks: device resolution, within a partition (addresses,
 * image sizes, platform) and across partitions (CPUs, devices, memory),
 * placement of partitions without phys-addr, message building and the
 * partition table.
 * Pure C: shared by the hypervisor and the host tools (see hv/config.h).
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include "hv/config.h"

void config_msg_init(struct config_msg *m)
{
	m->len = 0;
	m->buf[0] = '\0';
}

void config_msg_str(struct config_msg *m, const char *s)
{
	while (*s && m->len + 1 < sizeof(m->buf))
		m->buf[m->len++] = *s++;
	m->buf[m->len] = '\0';
}

static void msg_digits(struct config_msg *m, uint64_t v, unsigned int base)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n > 0 && m->len + 1 < sizeof(m->buf))
		m->buf[m->len++] = tmp[--n];
	m->buf[m->len] = '\0';
}

void config_msg_hex(struct config_msg *m, uint64_t v)
{
	config_msg_str(m, "0x");
	msg_digits(m, v, 16);
}

void config_msg_dec(struct config_msg *m, uint64_t v)
{
	msg_digits(m, v, 10);
}

void config_msg_range(struct config_msg *m, uint64_t base, uint64_t size)
{
	config_msg_hex(m, base);
	config_msg_str(m, "-");
	config_msg_hex(m, base + size - 1);
}

static void copy_str(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

void config_refuse(struct config_state *st, struct config_partition *p,
		   const char *prop, const char *msg)
{
	const struct config_ops *ops = st->ops;

	st->out->nerrors++;
	if (ops && ops->report)
		ops->report(ops->ctx, p->node, prop, msg);
	if (p->refused)
		return;
	struct config_msg r;

	config_msg_init(&r);
	if (prop[0]) {
		config_msg_str(&r, prop);
		config_msg_str(&r, ": ");
	}
	config_msg_str(&r, msg);
	copy_str(p->reason, sizeof(p->reason), r.buf);
	p->refused = true;
	st->out->nrefused++;
}

void config_error(struct config_state *st, const char *node,
		  const char *prop, const char *msg)
{
	const struct config_ops *ops = st->ops;

	st->out->nerrors++;
	if (ops && ops->report)
		ops->report(ops->ctx, node, prop, msg);
}

/* --- device resolution --- */

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

/* The property a platform_check() refusal is about. */
static const char *const verdict_prop[PLATFORM_ERR_COUNT] = {
	[PLATFORM_ERR_UNKNOWN_PLATFORM] = "platform",
	[PLATFORM_ERR_UNKNOWN_ARCH] = "guest-arch",
	[PLATFORM_ERR_BAD_WIDTH] = "guest-width",
	[PLATFORM_ERR_UNKNOWN_FLAGS] = "cross-arch",
	[PLATFORM_ERR_BOOK3S_ONLY] = "platform",
	[PLATFORM_ERR_NEEDS_FPU] = "guest-arch",
	[PLATFORM_ERR_NEEDS_SPE] = "guest-arch",
	[PLATFORM_ERR_NEEDS_CROSS] = "cross-arch",
	[PLATFORM_ERR_TOO_WIDE] = "guest-width",
	[PLATFORM_ERR_NEWER_ISA] = "guest-arch",
	[PLATFORM_ERR_UNKNOWN_HOST] = "platform",
};

/* --- checks across one partition's properties --- */

static void check_addr(struct config_state *st, struct config_partition *p,
		       const char *prop, uint64_t a)
{
	struct config_msg m;

	if (a >= p->guest_base && a - p->guest_base < p->mem_size)
		return;
	config_msg_init(&m);
	config_msg_hex(&m, a);
	config_msg_str(&m, " is outside the partition's memory (");
	config_msg_range(&m, p->guest_base, p->mem_size);
	config_msg_str(&m, ")");
	config_refuse(st, p, prop, m.buf);
}

/* Size of FIT image @name, or -1 when unknown (then refused if required). */
static long image_size(struct config_state *st, struct config_partition *p,
		       const char *prop, const char *name)
{
	const struct config_ops *ops = st->ops;
	long sz = ops && ops->image_size ? ops->image_size(ops->ctx, name)
					 : -ENOENT;

	if (sz >= 0)
		return sz;
	if (ops && (ops->flags & CONFIG_F_IMAGES_REQUIRED)) {
		struct config_msg m;

		config_msg_init(&m);
		config_msg_str(&m, "no image \"");
		config_msg_str(&m, name);
		config_msg_str(&m, "\" was supplied");
		config_refuse(st, p, prop, m.buf);
	}
	return -1;
}

static void check_image(struct config_state *st, struct config_partition *p)
{
	uint64_t off = p->has_load_addr ? p->load_addr - p->guest_base : 0;
	struct config_msg m;

	if (p->guest_dts[0])
		image_size(st, p, "guest-dts", p->guest_dts);
	if (!p->image[0] || !p->mem_size)
		return;
	p->image_size = image_size(st, p, "image", p->image);
	if (p->image_size < 0 || (uint64_t)p->image_size <= p->mem_size - off)
		return;
	config_msg_init(&m);
	config_msg_str(&m, "\"");
	config_msg_str(&m, p->image);
	config_msg_str(&m, "\" (");
	config_msg_dec(&m, (uint64_t)p->image_size);
	config_msg_str(&m, " bytes) is larger than its memory (");
	config_msg_dec(&m, p->mem_size - off);
	config_msg_str(&m, " bytes from the load address)");
	config_refuse(st, p, "image", m.buf);
}

static void check_platform(struct config_state *st,
			   struct config_partition *p)
{
	const char *reason = NULL;
	struct config_msg m;
	int v;

	if (st->req_bad)
		return;
	v = platform_check(st->host, &p->req, &reason);
	if (v == PLATFORM_OK)
		return;
	config_msg_init(&m);
	config_msg_str(&m, reason ? reason : platform_verdict_str(v));
	config_msg_str(&m, " (");
	config_msg_str(&m, platform_name(p->req.platform));
	config_msg_str(&m, ", guest-arch ");
	config_msg_dec(&m, p->req.guest_arch);
	config_msg_str(&m, "/");
	config_msg_dec(&m, p->req.width);
	config_msg_str(&m, " on ");
	config_msg_str(&m, host_core_name(st->host));
	config_msg_str(&m, ")");
	config_refuse(st, p, v > 0 && v < PLATFORM_ERR_COUNT && verdict_prop[v]
			     ? verdict_prop[v] : "platform", m.buf);
}

void config_check_partition(struct config_state *st,
			    struct config_partition *p)
{
	bool mgmt = p->manager || p->manages;

	if (p->manager && p->manages)
		config_refuse(st, p, "manages", "exclusive with manager");
	if (mgmt && p->req.platform != PLATFORM_EPAPR)
		config_refuse(st, p, p->manager ? "manager" : "manages",
			      "partition management needs the epapr platform");
	if (p->console == CONFIG_CONSOLE_BYTE_CHANNEL &&
	    p->req.platform != PLATFORM_EPAPR &&
	    p->req.platform != PLATFORM_KVM)
		config_refuse(st, p, "console",
			      "a byte channel needs the epapr or kvm platform");
	if (p->mem_size && p->has_load_addr)
		check_addr(st, p, "load-addr", p->load_addr);
	if (p->mem_size && p->has_entry)
		check_addr(st, p, "entry", p->entry);
	check_image(st, p);
	check_platform(st, p);
}


static bool ranges_overlap(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

/* A device path claimed by @p: a passed-through device or its UART. */
static bool part_claims(const struct config_partition *p, const char *path)
{
	uint32_t i;

	for (i = 0; i < p->ndevices; i++)
		if (!strcmp(p->devices[i].path, path))
			return true;
	return p->console == CONFIG_CONSOLE_UART &&
	       !strcmp(p->console_dev.path, path);
}

static void refuse_taken(struct config_state *st, struct config_partition *p,
			 const char *prop, const char *what,
			 const struct config_partition *owner)
{
	struct config_msg m;

	config_msg_init(&m);
	config_msg_str(&m, what);
	config_msg_str(&m, " already belongs to partition ");
	config_msg_str(&m, owner->node);
	config_refuse(st, p, prop, m.buf);
}

static void check_devices(struct config_state *st, struct config_partition *p,
			  const struct config_partition *q)
{
	struct config_msg m;
	uint32_t i;

	for (i = 0; i < p->ndevices; i++) {
		if (!part_claims(q, p->devices[i].path))
			continue;
		config_msg_init(&m);
		config_msg_str(&m, "device ");
		config_msg_str(&m, p->devices[i].path);
		refuse_taken(st, p, "devices", m.buf, q);
	}
	if (p->console == CONFIG_CONSOLE_UART &&
	    part_claims(q, p->console_dev.path)) {
		config_msg_init(&m);
		config_msg_str(&m, "UART ");
		config_msg_str(&m, p->console_dev.path);
		refuse_taken(st, p, "console", m.buf, q);
	}
}

static void check_cpus_name(struct config_state *st,
			    struct config_partition *p,
			    const struct config_partition *q)
{
	struct config_msg m;
	uint32_t i;

	if (!strcmp(p->name, q->name)) {
		config_msg_init(&m);
		config_msg_str(&m, "name \"");
		config_msg_str(&m, p->name);
		config_msg_str(&m, "\"");
		refuse_taken(st, p, "label", m.buf, q);
	}
	for (i = 0; i < p->ncpus; i++) {
		if (!(q->cpu_mask & (1u << p->cpus[i])))
			continue;
		config_msg_init(&m);
		config_msg_str(&m, "cpu ");
		config_msg_dec(&m, p->cpus[i]);
		refuse_taken(st, p, "cpus", m.buf, q);
	}
}

static void refuse_range(struct config_state *st, struct config_partition *p,
			 const char *what, uint64_t base, uint64_t size)
{
	struct config_msg m;

	config_msg_init(&m);
	config_msg_range(&m, p->phys_base, p->mem_size);
	config_msg_str(&m, what);
	config_msg_range(&m, base, size);
	config_msg_str(&m, ")");
	config_refuse(st, p, "phys-addr", m.buf);
}

/* Given physical memory: inside RAM, clear of the hypervisor. */
static void check_phys_ram(struct config_state *st, struct config_partition *p)
{
	const struct hw_desc *hw = st->hw;
	uint64_t end = p->phys_base + p->mem_size;

	if (p->phys_base < hw->ram_base || end < p->phys_base ||
	    end > hw->ram_base + hw->ram_size)
		refuse_range(st, p, " is outside RAM (", hw->ram_base,
			     hw->ram_size);
	else if (ranges_overlap(p->phys_base, p->mem_size, hw->ram_base,
				st->out->hv_reserved))
		refuse_range(st, p, " overlaps the hypervisor's memory (",
			     hw->ram_base, st->out->hv_reserved);
}

static void check_phys_overlap(struct config_state *st,
			       struct config_partition *p,
			       const struct config_partition *q)
{
	struct config_msg m;

	if (!p->phys_given || !q->phys_given ||
	    !ranges_overlap(p->phys_base, p->mem_size, q->phys_base,
			    q->mem_size))
		return;
	config_msg_init(&m);
	config_msg_str(&m, " overlaps partition ");
	config_msg_str(&m, q->node);
	config_msg_str(&m, " (");
	refuse_range(st, p, m.buf, q->phys_base, q->mem_size);
}

/* Lowest 16 MiB-aligned free address above the hypervisor, or 0; the
 * partitions before @upto are placed, those after only if given. */
static uint64_t find_room(const struct config_state *st, uint32_t upto,
			  uint64_t size)
{
	const struct tess_config *c = st->out;
	uint64_t ram_end = st->hw->ram_base + st->hw->ram_size;
	uint64_t a = st->hw->ram_base + c->hv_reserved;
	uint32_t i;

	a = (a + CONFIG_PLACE_ALIGN - 1) & ~(CONFIG_PLACE_ALIGN - 1);
	for (i = 0; i < c->nparts; i++) {
		const struct config_partition *q = &c->parts[i];

		if (q->refused || (i >= upto && !q->phys_given) ||
		    !ranges_overlap(a, size, q->phys_base, q->mem_size))
			continue;
		a = q->phys_base + q->mem_size;
		a = (a + CONFIG_PLACE_ALIGN - 1) & ~(CONFIG_PLACE_ALIGN - 1);
		i = (uint32_t)-1; /* rescan from 0: the new spot may hit one */
	}
	if (a + size < a || a + size > ram_end)
		return 0;
	return a;
}

static void place(struct config_state *st, uint32_t idx)
{
	struct config_partition *p = &st->out->parts[idx];
	struct config_msg m;
	uint64_t a = find_room(st, idx, p->mem_size);

	if (a) {
		p->phys_base = a;
		return;
	}
	config_msg_init(&m);
	config_msg_str(&m, "no free RAM for ");
	config_msg_hex(&m, p->mem_size);
	config_msg_str(&m, " bytes (RAM ");
	config_msg_range(&m, st->hw->ram_base, st->hw->ram_size);
	config_msg_str(&m, ", hypervisor ");
	config_msg_hex(&m, st->out->hv_reserved);
	config_msg_str(&m, " bytes at its base)");
	config_refuse(st, p, "memory", m.buf);
}

void config_check_conflicts(struct config_state *st)
{
	struct tess_config *c = st->out;
	uint32_t i, j;

	for (i = 0; i < c->nparts; i++) {
		struct config_partition *p = &c->parts[i];

		if (p->refused)
			continue;
		if (p->phys_given)
			check_phys_ram(st, p);
		for (j = 0; j < i; j++) {
			const struct config_partition *q = &c->parts[j];

			if (q->refused)
				continue;
			check_cpus_name(st, p, q);
			check_devices(st, p, q);
			check_phys_overlap(st, p, q);
		}
	}
	for (i = 0; i < c->nparts; i++)
		if (!c->parts[i].refused && !c->parts[i].phys_given)
			place(st, i);
}

/* The partition table (the boot log and tessera-cfgcheck print it). */

static void col(struct config_msg *m, const char *s, size_t width)
{
	size_t start = m->len;

	config_msg_str(m, s);
	while (m->len < start + width && m->len + 1 < sizeof(m->buf))
		m->buf[m->len++] = ' ';
	m->buf[m->len] = '\0';
}

static void fmt_arch(struct config_msg *t, const struct config_partition *p)
{
	config_msg_init(t);
	config_msg_dec(t, p->req.guest_arch);
	config_msg_str(t, "/");
	config_msg_dec(t, p->req.width);
}

static void fmt_flags(struct config_msg *t, const struct config_partition *p)
{
	config_msg_init(t);
	if (p->req.flags & PLATFORM_FLAG_CROSS_ARCH)
		config_msg_str(t, "cross-arch");
	if (p->manager || p->manages)
		config_msg_str(t, t->len ? ",manager" : "manager");
	if (!t->len)
		config_msg_str(t, "-");
}

static void fmt_cpus(struct config_msg *t, const struct config_partition *p)
{
	uint32_t i;

	config_msg_init(t);
	for (i = 0; i < p->ncpus; i++) {
		if (i)
			config_msg_str(t, ",");
		config_msg_dec(t, p->cpus[i]);
	}
	if (!p->ncpus)
		config_msg_str(t, "-");
}

/* "64M@0x4000000": size, then where it sits in physical memory. */
static void fmt_mem(struct config_msg *t, const struct config_partition *p)
{
	config_msg_init(t);
	if (p->mem_size % 0x100000 == 0) {
		config_msg_dec(t, p->mem_size >> 20);
		config_msg_str(t, "M");
	} else {
		config_msg_dec(t, p->mem_size >> 10);
		config_msg_str(t, "K");
	}
	config_msg_str(t, "@");
	if (p->refused && !p->phys_given)
		config_msg_str(t, "-");
	else
		config_msg_hex(t, p->phys_base);
}

static const char *console_col(const struct config_partition *p)
{
	const char *s;

	if (p->console != CONFIG_CONSOLE_UART)
		return config_console_name(p->console);
	s = strrchr(p->console_dev.path, '/');
	return s ? s + 1 : p->console_dev.path;
}

const char *config_table_header(void)
{
	return "name        platform arch    flags              cpus    "
	       "memory          console       state";
}

size_t config_format_row(const struct config_partition *p, char *buf,
			 size_t len)
{
	struct config_msg m, t;

	config_msg_init(&m);
	col(&m, p->name, 12);
	col(&m, platform_name(p->req.platform), 9);
	fmt_arch(&t, p);
	col(&m, t.buf, 8);
	fmt_flags(&t, p);
	col(&m, t.buf, 19);
	fmt_cpus(&t, p);
	col(&m, t.buf, 8);
	fmt_mem(&t, p);
	col(&m, t.buf, 16);
	col(&m, console_col(p), 14);
	if (p->refused) {
		config_msg_str(&m, "refused: ");
		config_msg_str(&m, p->reason);
	} else {
		config_msg_str(&m, "ok");
	}
	copy_str(buf, len, m.buf);
	return len ? strlen(buf) : 0;
}
