/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Config tree parser: the entry point, the /hypervisor node, the hardware
 * description, and the byte channels and doorbells (/byte-channels,
 * /doorbells). Partition nodes are parsed in hv/config_part.c; devices are
 * resolved and partitions checked in hv/config_check.c (format:
 * docs/config.md).
 * Pure C over libfdt, shared by the hypervisor (boot) and tools/cfgcheck.c.
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>

#include "hv/config.h"

#define HV_COMPAT "tessera,hypervisor-config"

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
	config_parse_ipc(&st);
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


/* --- byte channels and doorbells --- */

/* What one partition's endpoints take so far. */
struct ipc_use {
	uint8_t handles[CONFIG_MAX_PARTITIONS];
	uint8_t irqs[CONFIG_MAX_PARTITIONS];
};

/* The channel or doorbell node being parsed. */
struct ipc_node {
	struct config_state *st;
	struct ipc_use *use;
	int off;
	const char *name;
	char where[CONFIG_NAME_LEN + 16]; /* "byte-channels/NAME" */
	bool bad;
	char why[CONFIG_REASON_LEN];      /* the first problem, as a reason */
};

/* @src into the CONFIG_REASON_LEN bytes at @dst, truncated. */
static void copy_reason(char *dst, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < CONFIG_REASON_LEN && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

static void ipc_error(struct ipc_node *n, const char *prop, const char *msg)
{
	struct config_msg m;

	if (!n->bad) {
		config_msg_init(&m);
		config_msg_str(&m, n->where);
		config_msg_str(&m, ": ");
		if (prop[0]) {
			config_msg_str(&m, prop);
			config_msg_str(&m, ": ");
		}
		config_msg_str(&m, msg);
		copy_reason(n->why, m.buf);
	}
	n->bad = true;
	config_error(n->st, n->where, prop, msg);
}

/* A bad channel or doorbell refuses every partition it names: they would
 * run without it. The problem itself was reported once, for the node. */
static void ipc_refuse_named(struct ipc_node *n)
{
	static const char *const props[] = { "endpoints", "sender", "receiver" };
	struct tess_config *c = n->st->out;
	const fdt32_t *val;
	unsigned int i, k;
	int len, j, off;

	for (k = 0; k < sizeof(props) / sizeof(props[0]); k++) {
		val = fdt_getprop(n->st->cfg, n->off, props[k], &len);
		for (j = 0; val && j < len / 4; j++) {
			off = fdt_node_offset_by_phandle(n->st->cfg, fdt32_ld(val + j));
			for (i = 0; off >= 0 && i < c->nparts; i++) {
				struct config_partition *p = &c->parts[i];

				if (p->cfg_offset != off || p->refused)
					continue;
				copy_reason(p->reason, n->why);
				p->refused = true;
				c->nrefused++;
			}
		}
	}
}

static void ipc_error_part(struct ipc_node *n, const char *prop,
			   const struct config_partition *p, const char *msg)
{
	struct config_msg m;

	config_msg_init(&m);
	config_msg_str(&m, "partition ");
	config_msg_str(&m, p->name);
	config_msg_str(&m, msg);
	ipc_error(n, prop, m.buf);
}

/* Index of the partition phandle @ph names, or -1 (reported). A refused
 * partition is accepted here: its endpoint simply never comes up. */
static int ipc_partition(struct ipc_node *n, const char *prop, uint32_t ph)
{
	const struct tess_config *c = n->st->out;
	const struct config_partition *p = NULL;
	int off = fdt_node_offset_by_phandle(n->st->cfg, ph);
	struct config_msg m;
	uint32_t i;

	for (i = 0; off >= 0 && i < c->nparts && !p; i++)
		if (c->parts[i].cfg_offset == off)
			p = &c->parts[i];
	if (!p) {
		config_msg_init(&m);
		config_msg_str(&m, "phandle ");
		config_msg_hex(&m, ph);
		config_msg_str(&m, " is not a partition");
		ipc_error(n, prop, m.buf);
		return -1;
	}
	if (!p->refused && p->req.platform != PLATFORM_EPAPR &&
	    p->req.platform != PLATFORM_KVM) {
		config_msg_init(&m);
		config_msg_str(&m, " has platform ");
		config_msg_str(&m, platform_name(p->req.platform));
		config_msg_str(&m, "; byte channels and doorbells need epapr or kvm");
		ipc_error_part(n, prop, p, m.buf);
		return -1;
	}
	return (int)p->index;
}

/* Take @handles handles and @irqs interrupts of partition @idx. */
static bool ipc_take(struct ipc_node *n, const char *prop, uint8_t idx,
		     unsigned int handles, unsigned int irqs)
{
	struct ipc_use *u = n->use;

	if (u->handles[idx] + handles > CONFIG_IPC_MAX_HANDLES ||
	    u->irqs[idx] + irqs > CONFIG_IPC_IRQ_COUNT) {
		ipc_error_part(n, prop, &n->st->out->parts[idx],
			       " has no handle or interrupt left (at most 24 "
			       "of each for its byte channels and doorbells)");
		return false;
	}
	u->handles[idx] += handles;
	u->irqs[idx] += irqs;
	return true;
}

/* Name checks shared by channels and doorbells. */
static void ipc_check_name(struct ipc_node *n)
{
	const struct tess_config *c = n->st->out;
	struct config_msg m;
	bool dup = false;
	uint32_t i;

	config_msg_init(&m);
	config_msg_str(&m, "name \"");
	config_msg_str(&m, n->name);
	if (strlen(n->name) >= CONFIG_NAME_LEN)
		return ipc_error(n, "", "node name longer than 31 characters");
	if (!strcmp(n->name, "console")) {
		config_msg_str(&m, "\" is reserved for partition consoles");
		return ipc_error(n, "", m.buf);
	}
	for (i = 0; i < c->nchannels; i++)
		dup |= !strcmp(c->channels[i].name, n->name);
	for (i = 0; i < c->ndoorbells; i++)
		dup |= !strcmp(c->doorbells[i].name, n->name);
	if (dup) {
		config_msg_str(&m, "\" is used twice (unique across "
			       "/byte-channels and /doorbells)");
		ipc_error(n, "", m.buf);
	}
}

/* Unknown properties of node @off, reported as "<where>: <prop>". */
static void ipc_unknown_props(struct ipc_node *n, const char *const *known)
{
	const char *name;
	int poff, len, i;

	fdt_for_each_property_offset(poff, n->st->cfg, n->off) {
		fdt_getprop_by_offset(n->st->cfg, poff, &name, &len);
		for (i = 0; known[i] && strcmp(name, known[i]); i++)
			;
		if (!known[i] && !config_generic_prop(name))
			ipc_error(n, name, "unknown property");
	}
}

static bool ipc_flag(struct ipc_node *n, const char *prop)
{
	int len;

	if (!fdt_getprop(n->st->cfg, n->off, prop, &len))
		return false;
	if (len)
		ipc_error(n, prop, "must be empty (a boolean property)");
	return true;
}

/* The endpoints of channel @n into @ch; returns their number (1 or 2). */
static int channel_ends(struct ipc_node *n, struct config_channel *ch, bool hv)
{
	int len, i, idx;
	const fdt32_t *val = fdt_getprop(n->st->cfg, n->off, "endpoints", &len);

	if (!val)
		return ipc_error(n, "endpoints", "missing (required)"), 0;
	if (len % 4 || len / 4 < 1 || len / 4 > 2)
		return ipc_error(n, "endpoints", "must list 1 or 2 partition "
				 "phandles"), 0;
	if (hv && len / 4 == 2)
		return ipc_error(n, "hv-console", "a hypervisor-console "
				 "channel has one partition endpoint"), 0;
	if (!hv && len / 4 == 1)
		return ipc_error(n, "endpoints", "one endpoint needs hv-console "
				 "(the hypervisor console is the other end)"), 0;
	ch->ends[1] = CONFIG_EP_HV;
	for (i = 0; i < len / 4; i++) {
		idx = ipc_partition(n, "endpoints", fdt32_ld(val + i));
		if (idx >= 0)
			ch->ends[i] = (uint8_t)idx;
	}
	return len / 4;
}

static void parse_channel(struct ipc_node *n)
{
	static const char *const known[] = { "endpoints", "hv-console", NULL };
	struct tess_config *c = n->st->out;
	struct config_channel ch = { .console = false };
	bool hv = ipc_flag(n, "hv-console");
	int ends;

	ipc_check_name(n);
	ipc_unknown_props(n, known);
	ends = channel_ends(n, &ch, hv);
	if (n->bad || !ends)
		return;
	if (ends == 2 && ch.ends[0] == ch.ends[1] &&
	    !ipc_take(n, "endpoints", ch.ends[0], 2, 4))
		return;
	if ((ends == 1 || ch.ends[0] != ch.ends[1]) &&
	    (!ipc_take(n, "endpoints", ch.ends[0], 1, 2) ||
	     (ends == 2 && !ipc_take(n, "endpoints", ch.ends[1], 1, 2))))
		return;
	if (c->nchannels == CONFIG_MAX_CHANNELS)
		return ipc_error(n, "", "too many byte channels (at most 16, "
				 "console channels included): ignored");
	strcpy(ch.name, n->name);
	c->channels[c->nchannels++] = ch;
}

/* One phandle property of doorbell @n: the partition index, or -1. */
static int doorbell_end(struct ipc_node *n, const char *prop)
{
	int len;
	const fdt32_t *val = fdt_getprop(n->st->cfg, n->off, prop, &len);

	if (!val)
		return ipc_error(n, prop, "missing (required)"), -1;
	if (len != 4)
		return ipc_error(n, prop, "must be one partition phandle"), -1;
	return ipc_partition(n, prop, fdt32_ld(val));
}

static void parse_doorbell(struct ipc_node *n)
{
	static const char *const known[] = { "sender", "receiver", NULL };
	struct tess_config *c = n->st->out;
	struct config_doorbell db;
	int s, r;

	ipc_check_name(n);
	ipc_unknown_props(n, known);
	s = doorbell_end(n, "sender");
	r = doorbell_end(n, "receiver");
	if (n->bad || s < 0 || r < 0 || !ipc_take(n, "sender", (uint8_t)s, 1, 0) ||
	    !ipc_take(n, "receiver", (uint8_t)r, 1, 1))
		return;
	if (c->ndoorbells == CONFIG_MAX_DOORBELLS)
		return ipc_error(n, "", "too many doorbells (at most 16): ignored");
	memset(&db, 0, sizeof(db));
	strcpy(db.name, n->name);
	db.sender = (uint8_t)s;
	db.receiver = (uint8_t)r;
	c->doorbells[c->ndoorbells++] = db;
}

/* Every child of /@top through @parse; /@top has no properties of its own. */
static void ipc_nodes(struct config_state *st, struct ipc_use *use,
		      const char *top, void (*parse)(struct ipc_node *n))
{
	static const char *const none[] = { NULL };
	struct ipc_node n = { st, use, 0, top, "", false, "" };
	int off;

	strcpy(n.where + 1, top);
	n.where[0] = '/';
	n.off = fdt_path_offset(st->cfg, n.where);
	if (n.off < 0)
		return;
	strcpy(n.where, top);
	ipc_unknown_props(&n, none);
	fdt_for_each_subnode(off, st->cfg, n.off) {
		const char *name = fdt_get_name(st->cfg, off, NULL);
		struct ipc_node c = { st, use, off, name ? name : "?", "", false, "" };

		strncat(strcat(strcpy(c.where, top), "/"), c.name, CONFIG_NAME_LEN - 1);
		parse(&c);
		if (c.bad)
			ipc_refuse_named(&c);
	}
}

void config_parse_ipc(struct config_state *st)
{
	struct tess_config *c = st->out;
	struct ipc_use use;
	uint32_t i;

	memset(&use, 0, sizeof(use));
	for (i = 0; i < c->nparts; i++) {
		struct config_channel *ch = &c->channels[c->nchannels];

		if (c->parts[i].refused || c->parts[i].console != CONFIG_CONSOLE_BYTE_CHANNEL)
			continue;
		strcpy(ch->name, "console");
		ch->ends[0] = (uint8_t)i;
		ch->ends[1] = CONFIG_EP_HV;
		ch->console = true;
		use.handles[i] = 1;
		use.irqs[i] = 2;
		c->nchannels++;
	}
	ipc_nodes(st, &use, "byte-channels", parse_channel);
	ipc_nodes(st, &use, "doorbells", parse_doorbell);
}
