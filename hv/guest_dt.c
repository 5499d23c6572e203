/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest device tree: memory and CPUs as the guest sees them, /chosen,
 * the passed-through and emulated devices, and for the paravirtual
 * platforms a /hypervisor node with the hypercall sequence, the ePAPR
 * hv-pic (epapr) and a handles node for the byte channels and doorbells.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include "hv/guest_dt.h"
#include "hv/bytechan.h"
#include "hv/doorbell.h"

/* What each platform puts in the tree. */
struct dt_platform {
	int vmpic;              /* an emulated MPIC the guest drives itself */
	int board_devices;      /* emulated GPIO power-off and GUTS reset */
	const char *hv_compat;  /* /hypervisor compatible list, NUL-separated */
	size_t hv_compat_len;
};

#define COMPAT(s) s, sizeof(s)
static const struct dt_platform platforms[PLATFORM_COUNT] = {
	[PLATFORM_NONE] = { .vmpic = 1, .board_devices = 1 },
	[PLATFORM_KVM] = { .vmpic = 1, .board_devices = 1,
			   COMPAT("linux,kvm\0epapr,hypervisor-1") },
	[PLATFORM_EPAPR] = { .vmpic = 0, .board_devices = 0,
			     COMPAT("epapr,hypervisor-1\0fsl,hv-1.0\0tessera,hv") },
};

struct builder {
	void *fdt;
	const void *hw;
	const struct config_partition *p;
	const char **why;
	uint32_t pic;        /* interrupt parent of the handles, 0 for none */
	char console[64];    /* the console byte channel's path, "" if none */
};

/* Guest node @name under @parent: the base tree's, or a new one. */
static int get_or_add(struct builder *b, int parent, const char *name)
{
	int n = fdt_subnode_offset(b->fdt, parent, name);

	return n >= 0 ? n : fdt_add_subnode(b->fdt, parent, name);
}

/* Copy every property of hw node @src onto guest node @dst. */
static int copy_props(struct builder *b, int dst, int src)
{
	int off, err;

	fdt_for_each_property_offset(off, b->hw, src) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(b->hw, off, &name, &len);

		if (!val)
			return -EINVAL;
		err = fdt_setprop(b->fdt, dst, name, val, len);
		if (err)
			return err;
	}
	return 0;
}

static int copy_subtree(struct builder *b, int dst, int src)
{
	int child, err = copy_props(b, dst, src);

	if (err)
		return err;
	fdt_for_each_subnode(child, b->hw, src) {
		int n = fdt_add_subnode(b->fdt, dst, fdt_get_name(b->hw, child, NULL));

		if (n < 0)
			return n;
		err = copy_subtree(b, n, child);
		if (err)
			return err;
	}
	return 0;
}

/* Make guest node @path exist, copying the properties (not the children)
 * of each missing ancestor, then the whole subtree of the node itself. */
static int copy_path(struct builder *b, const char *path)
{
	int dst = 0, src = 0;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		const char *end = strchr(p, '/');
		int n = end ? (int)(end - p) : (int)strlen(p);
		int s = fdt_subnode_offset_namelen(b->hw, src, p, n);
		int d = fdt_subnode_offset_namelen(b->fdt, dst, p, n);

		if (s < 0)
			return -EINVAL;
		if (d < 0) {
			d = fdt_add_subnode_namelen(b->fdt, dst, p, n);
			if (d < 0)
				return d;
			if (end ? copy_props(b, d, s) : copy_subtree(b, d, s))
				return -ENOSPC;
		}
		src = s;
		dst = d;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

static int copy_node_by_offset(struct builder *b, int hw_node)
{
	char path[CONFIG_PATH_LEN];

	if (hw_node < 0 || fdt_get_path(b->hw, hw_node, path, sizeof(path)))
		return 0; /* the board lacks it: nothing to emulate */
	return copy_path(b, path);
}

static int add_memory(struct builder *b)
{
	int n = get_or_add(b, 0, "memory");
	fdt64_t reg[2] = { cpu_to_fdt64(b->p->guest_base), cpu_to_fdt64(b->p->mem_size) };

	if (n < 0)
		return n;
	return fdt_setprop_string(b->fdt, n, "device_type", "memory") ?:
	       fdt_setprop(b->fdt, n, "reg", reg, sizeof(reg));
}

static int add_cpu(struct builder *b, int cpus, int hw_cpu, uint32_t vcpu)
{
	char name[64];
	const char *base = fdt_get_name(b->hw, hw_cpu, NULL);
	const char *at = strchr(base, '@');
	int n, err;

	snprintf(name, sizeof(name), "%.*s@%lu", at ? (int)(at - base) : (int)strlen(base),
		 base, (unsigned long)vcpu);
	n = fdt_add_subnode(b->fdt, cpus, name);
	if (n < 0)
		return n;
	err = copy_props(b, n, hw_cpu) ?: fdt_setprop_u32(b->fdt, n, "reg", vcpu);
	if (err)
		return err;
	if (vcpu == 0) {
		/* The boot vCPU runs from entry; it has no spin-table entry. */
		fdt_delprop(b->fdt, n, "cpu-release-addr");
		fdt_delprop(b->fdt, n, "enable-method");
		return fdt_setprop_string(b->fdt, n, "status", "okay");
	}
	return fdt_setprop_string(b->fdt, n, "status", "disabled") ?:
	       fdt_setprop_string(b->fdt, n, "enable-method", "spin-table") ?:
	       fdt_setprop_u64(b->fdt, n, "cpu-release-addr", GUEST_SPIN_TABLE + 0x20 * vcpu);
}

static int add_cpus(struct builder *b)
{
	int cpus = get_or_add(b, 0, "cpus"), hw_cpus = fdt_path_offset(b->hw, "/cpus");
	uint32_t i;

	if (cpus < 0 || hw_cpus < 0)
		return -EINVAL;
	if (fdt_setprop_u32(b->fdt, cpus, "#address-cells", 1) ||
	    fdt_setprop_u32(b->fdt, cpus, "#size-cells", 0))
		return -ENOSPC;
	for (i = 0; i < b->p->ncpus; i++) {
		int hw_cpu, err = -EINVAL;

		fdt_for_each_subnode(hw_cpu, b->hw, hw_cpus) {
			const fdt32_t *reg = fdt_getprop(b->hw, hw_cpu, "reg", NULL);

			if (reg && fdt32_to_cpu(*reg) == b->p->cpus[i]) {
				err = add_cpu(b, cpus, hw_cpu, i);
				break;
			}
		}
		if (err)
			return err;
	}
	return 0;
}

static const char *console_path(struct builder *b)
{
	switch (b->p->console) {
	case CONFIG_CONSOLE_UART:
		return b->p->console_dev.path;
	case CONFIG_CONSOLE_BYTE_CHANNEL:
		return b->console[0] ? b->console : NULL;
	case CONFIG_CONSOLE_HV:
		return fdt_get_alias(b->hw, "serial0");
	default:
		return NULL;
	}
}

static int add_chosen(struct builder *b)
{
	int n = get_or_add(b, 0, "chosen");
	const char *out = console_path(b);

	if (n < 0)
		return n;
	if (out && (fdt_setprop_string(b->fdt, n, "stdout-path", out) ||
		    fdt_setprop_string(b->fdt, n, "linux,stdout-path", out)))
		return -ENOSPC;
	return fdt_setprop_string(b->fdt, n, "bootargs", b->p->bootargs);
}

static int add_aliases(struct builder *b)
{
	const char *out = console_path(b);
	int n;

	if (!out || b->p->console == CONFIG_CONSOLE_BYTE_CHANNEL)
		return 0;
	n = get_or_add(b, 0, "aliases");
	return n < 0 ? n : fdt_setprop_string(b->fdt, n, "serial0", out);
}

/* Passed-through devices, the console UART, and the platform's emulated
 * board devices (MPIC, GPIO power-off, GUTS), all at their board paths. */
static int add_devices(struct builder *b, const struct dt_platform *pl)
{
	static const char *const guts[] = { "fsl,mpc8544-guts", "fsl,mpc8548-guts",
		"fsl,p2020-guts", "fsl,qoriq-device-config-1.0", NULL };
	uint32_t i;
	int err = 0, off;

	for (i = 0; i < b->p->ndevices && !err; i++)
		err = copy_path(b, b->p->devices[i].path);
	if (!err && b->p->console == CONFIG_CONSOLE_UART)
		err = copy_path(b, b->p->console_dev.path);
	if (!err && b->p->console == CONFIG_CONSOLE_HV)
		err = copy_path(b, console_path(b));
	if (!err && pl->vmpic)
		err = copy_node_by_offset(b, fdt_node_offset_by_compatible(b->hw, -1, "fsl,mpic"));
	if (err || !pl->board_devices)
		return err;
	off = fdt_node_offset_by_compatible(b->hw, -1, "gpio-poweroff");
	if (off >= 0) {
		const fdt32_t *g = fdt_getprop(b->hw, off, "gpios", NULL);

		err = copy_node_by_offset(b, off);
		if (!err && g)
			err = copy_node_by_offset(b, fdt_node_offset_by_phandle(b->hw,
								fdt32_to_cpu(*g)));
	}
	for (i = 0; guts[i] && !err; i++)
		err = copy_node_by_offset(b, fdt_node_offset_by_compatible(b->hw, -1, guts[i]));
	return err;
}

/* --- /hypervisor: the hypercall ABI, the hv-pic and the handles --- */

static const char *const handle_names[GUEST_DT_HANDLE_KINDS] = {
	[GUEST_DT_BYTE_CHANNEL] = "byte-channel",
	[GUEST_DT_SEND_DOORBELL] = "doorbell",
	[GUEST_DT_RECV_DOORBELL] = "doorbell",
};

static const char *const handle_compats[GUEST_DT_HANDLE_KINDS] = {
	[GUEST_DT_BYTE_CHANNEL] = "epapr,hv-byte-channel",
	[GUEST_DT_SEND_DOORBELL] = "epapr,hv-send-doorbell",
	[GUEST_DT_RECV_DOORBELL] = "epapr,hv-receive-doorbell",
};

/* One handle node; interrupts are edge-triggered (sense 0 in both the
 * MPIC's and the hv-pic's cell layout). */
static int add_handle(struct builder *b, int handles, const struct guest_dt_handle *h)
{
	fdt32_t ints[4];
	char name[40];
	int n, i;

	snprintf(name, sizeof(name), "%s@%lx", handle_names[h->kind], (unsigned long)h->handle);
	n = fdt_add_subnode(b->fdt, handles, name);
	if (n < 0)
		return n;
	for (i = 0; i < h->nirqs; i++) {
		ints[2 * i] = cpu_to_fdt32(h->irqs[i]);
		ints[2 * i + 1] = 0;
	}
	if (h->console)
		snprintf(b->console, sizeof(b->console), "/hypervisor/handles/%s", name);
	if (fdt_setprop_string(b->fdt, n, "compatible", handle_compats[h->kind]) ||
	    fdt_setprop_u32(b->fdt, n, "reg", h->handle) ||
	    fdt_setprop_u32(b->fdt, n, "hv-handle", h->handle) ||
	    fdt_setprop_string(b->fdt, n, "label", h->label))
		return -ENOSPC;
	if (!h->nirqs || !b->pic)
		return 0;
	return fdt_setprop(b->fdt, n, "interrupts", ints, 8 * h->nirqs) ?:
	       fdt_setprop_u32(b->fdt, n, "interrupt-parent", b->pic);
}

/* /hypervisor/handles: the partition's byte channels and doorbells. Added
 * last first: libfdt puts a new node before its older siblings. */
static int add_handles(struct builder *b, int hv)
{
	struct guest_dt_handle h[GUEST_DT_MAX_HANDLES];
	unsigned int n = bytechan_dt_handles(b->p, h, GUEST_DT_MAX_HANDLES);
	int handles, err = 0;

	n += doorbell_dt_handles(b->p, h + n, GUEST_DT_MAX_HANDLES - n);
	if (!n)
		return 0;
	handles = get_or_add(b, hv, "handles");
	if (handles < 0)
		return handles;
	if (fdt_setprop_u32(b->fdt, handles, "#address-cells", 1) ||
	    fdt_setprop_u32(b->fdt, handles, "#size-cells", 0))
		return -ENOSPC;
	while (n-- && !err)
		err = add_handle(b, handles, &h[n]);
	return err;
}

/* The phandle interrupts of virtual sources name: the emulated MPIC's
 * (kvm), or for epapr the hv-pic's, which takes over the board MPIC's
 * phandle so that passed-through devices' interrupt-parent reach it. */
static uint32_t pic_phandle(struct builder *b, const struct dt_platform *pl)
{
	int hw = fdt_node_offset_by_compatible(b->hw, -1, "fsl,mpic");
	int mine = fdt_node_offset_by_compatible(b->fdt, -1, "fsl,mpic");
	uint32_t ph = hw >= 0 ? fdt_get_phandle(b->hw, hw) : 0;

	if (pl->vmpic)
		return mine >= 0 ? fdt_get_phandle(b->fdt, mine) : 0;
	if (!ph || fdt_node_offset_by_phandle(b->fdt, ph) >= 0) {
		ph = 0;
		if (fdt_find_max_phandle(b->fdt, &ph))
			return 0;
		ph++;
	}
	return ph;
}

/* /hypervisor/interrupt-controller: the ePAPR hv-pic, the root's
 * interrupt parent. External proxy (EPR) from ISA 2.06 cores on. */
static int add_hv_pic(struct builder *b, int hv)
{
	int n = get_or_add(b, hv, "interrupt-controller");

	if (n < 0)
		return n;
	if (fdt_setprop_string(b->fdt, n, "compatible", "epapr,hv-pic") ||
	    fdt_setprop(b->fdt, n, "interrupt-controller", NULL, 0) ||
	    fdt_setprop_u32(b->fdt, n, "#interrupt-cells", 2) ||
	    fdt_setprop_u32(b->fdt, n, "#address-cells", 0) ||
	    fdt_setprop_u32(b->fdt, n, "phandle", b->pic) ||
	    (b->p->req.guest_arch >= 206 &&
	     fdt_setprop(b->fdt, n, "has-external-proxy", NULL, 0)))
		return -ENOSPC;
	return fdt_setprop_u32(b->fdt, 0, "interrupt-parent", b->pic);
}

static int add_hypervisor(struct builder *b, const struct dt_platform *pl, uint32_t id)
{
	static const uint32_t insns[] = GUEST_HCALL_INSNS;
	fdt32_t cells[4];
	int hv, i, err;

	if (!pl->hv_compat)
		return 0;
	b->pic = pic_phandle(b, pl);
	hv = get_or_add(b, 0, "hypervisor");
	if (hv < 0)
		return hv;
	for (i = 0; i < 4; i++)
		cells[i] = cpu_to_fdt32(insns[i]);
	if (fdt_setprop(b->fdt, hv, "compatible", pl->hv_compat, (int)pl->hv_compat_len) ||
	    fdt_setprop(b->fdt, hv, "hcall-instructions", cells, sizeof(cells)) ||
	    fdt_setprop(b->fdt, hv, "has-idle", NULL, 0) ||
	    fdt_setprop_u32(b->fdt, hv, "fsl,hv-version", GUEST_HV_VERSION) ||
	    fdt_setprop_u32(b->fdt, hv, "guest-id", id) ||
	    fdt_setprop_string(b->fdt, hv, "fsl,hv-partition-label", b->p->name))
		return -ENOSPC;
	if (!pl->vmpic && b->pic) {
		err = add_hv_pic(b, hv);
		if (err)
			return err;
		hv = fdt_path_offset(b->fdt, "/hypervisor"); /* the root grew */
	}
	return hv < 0 ? hv : add_handles(b, hv);
}

static int add_root(struct builder *b)
{
	const void *compat;
	int len;
	char model[64];

	compat = fdt_getprop(b->hw, 0, "compatible", &len);
	if (b->p->guest_compat_len) { /* e.g. "fsl,P4080DS-hv": Linux's ePAPR boards */
		compat = b->p->guest_compat;
		len = (int)b->p->guest_compat_len;
	}
	snprintf(model, sizeof(model), "Tessera partition %s", b->p->name);
	return fdt_setprop_u32(b->fdt, 0, "#address-cells", 2) ?:
	       fdt_setprop_u32(b->fdt, 0, "#size-cells", 2) ?:
	       (compat ? fdt_setprop(b->fdt, 0, "compatible", compat, len) : 0) ?:
	       fdt_setprop_string(b->fdt, 0, "model", model);
}

int guest_dt_build(const struct guest_dt_params *gp, void *buf, size_t len,
		   const char **why)
{
	struct builder b = { buf, gp->hw_fdt, gp->part, why, 0, "" };
	const struct dt_platform *pl;
	int err;

	*why = "unsupported platform";
	if (gp->part->req.platform >= PLATFORM_COUNT)
		return -EINVAL;
	pl = &platforms[gp->part->req.platform];
	*why = "the guest-dts base tree is not a valid device tree";
	err = gp->base ? fdt_open_into(gp->base, buf, (int)len)
		       : fdt_create_empty_tree(buf, (int)len);
	if (err)
		return -EINVAL;
	*why = "a device is missing from the hardware tree";
	err = add_root(&b) ?: add_memory(&b) ?: add_cpus(&b) ?: add_devices(&b, pl);
	if (!err) {
		*why = "the tree outgrew its buffer";
		err = add_hypervisor(&b, pl, gp->guest_id) ?: add_chosen(&b) ?: add_aliases(&b);
	}
	if (err)
		return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	fdt_pack(buf);
	return (int)fdt_totalsize(buf);
}
