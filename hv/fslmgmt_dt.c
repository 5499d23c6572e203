/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device-tree side of partition management: a manager's partition
 * handles and their nodes, and FH_PARTITION_GET_DTPROP / SET_DTPROP.
 *
 * A property a manager sets is recorded (per partition, in a small arena)
 * and written into the partition's tree every time the tree is built, so
 * it holds across restarts and re-platforming; the partition sees it from
 * its next start. GET_DTPROP answers the recorded value first, then the
 * current tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "hv/fslmgmt.h"
#include "hv/hcall.h"
#include "hv/partition.h"
#include "hv/platform.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"

#define ARENA_SIZE 8192 /* recorded properties per partition, headers included */

/* One recorded property: header, path, NUL, name, NUL, value; 4-aligned. */
struct rec {
	uint16_t path_len, name_len; /* without the NULs */
	uint32_t val_len;
};

struct arena {
	spinlock_t lock;
	uint32_t used;
	uint8_t data[ARENA_SIZE] __attribute__((aligned(4)));
};

static struct arena arenas[CONFIG_MAX_PARTITIONS];
static char strbuf[CONFIG_NR_CPUS][2][FSLMGMT_DTPROP_MAX_PATHLEN];

static const char *const doorbell_compat[FSLMGMT_EV_COUNT] = {
	[FSLMGMT_EV_STATE] = "fsl,hv-state-change-doorbell",
	[FSLMGMT_EV_WATCHDOG] = "fsl,hv-watchdog-doorbell",
};

static const char *const doorbell_node[FSLMGMT_EV_COUNT] = {
	[FSLMGMT_EV_STATE] = "state-change-doorbell",
	[FSLMGMT_EV_WATCHDOG] = "watchdog-doorbell",
};

static int fdt_errno(int err)
{
	return err == -FDT_ERR_NOSPACE ? -ENOSPC : err < 0 ? -EINVAL : err;
}

/* --- the manager's handles and their nodes -------------------------------- */

static int is_manager(const struct partition *p)
{
	return p->cfg->manager || p->cfg->manages;
}

/* Once, at the manager's first tree: a handle per managed partition. */
static void make_handles(struct partition *m)
{
	unsigned int i, h;

	for (h = 0; h < m->nhandles; h++)
		if (m->handles[h].type == HANDLE_PARTITION)
			return;
	for (i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);

		if (fslmgmt_manages(m, p) && handle_add(m, HANDLE_PARTITION, p) < 0)
			kprintf("fslmgmt: %s: no handle left for %s\n", m->cfg->name,
				p->cfg->name);
	}
}

/* The phandle of the tree's hv-pic (given one if needed), or 0: none. */
static uint32_t hv_pic_phandle(void *fdt)
{
	int pic = fdt_node_offset_by_compatible(fdt, -1, "epapr,hv-pic");
	uint32_t ph;

	if (pic < 0)
		return 0;
	ph = fdt_get_phandle(fdt, pic);
	if (!ph && (fdt_generate_phandle(fdt, &ph) || fdt_setprop_u32(fdt, pic, "phandle", ph)))
		return 0;
	return ph;
}

/* /hypervisor/handles, made if missing. Returns its offset or an error. */
static int handles_node(void *fdt)
{
	int hv = fdt_path_offset(fdt, "/hypervisor"), n;

	if (hv < 0)
		return hv;
	n = fdt_subnode_offset(fdt, hv, "handles");
	if (n < 0)
		n = fdt_add_subnode(fdt, hv, "handles");
	if (n < 0 || fdt_getprop(fdt, n, "#address-cells", NULL))
		return n;
	return fdt_setprop_u32(fdt, n, "#address-cells", 1) ?:
	       fdt_setprop_u32(fdt, n, "#size-cells", 0) ?: n;
}

static int add_doorbell(void *fdt, int parent, enum fslmgmt_event ev, unsigned int id,
			uint32_t pic)
{
	char compat[64];
	int n = fdt_add_subnode(fdt, parent, doorbell_node[ev]), len;
	fdt32_t irq[2] = { cpu_to_fdt32(FSLMGMT_VIRQ(id, ev)), cpu_to_fdt32(0) }; /* edge */

	if (n < 0)
		return n;
	len = snprintf(compat, sizeof(compat), "%s%cepapr,hv-receive-doorbell",
		       doorbell_compat[ev], 0);
	return fdt_setprop(fdt, n, "compatible", compat, len + 1) ?:
	       fdt_setprop(fdt, n, "interrupts", irq, sizeof(irq)) ?:
	       (pic ? fdt_setprop_u32(fdt, n, "interrupt-parent", pic) : 0);
}

/* partition@H { compatible; reg = hv-handle = <H>; label; doorbells }. */
static int add_handle_node(void *fdt, uint32_t h, const struct partition *p, uint32_t pic)
{
	char name[24];
	int handles = handles_node(fdt), n, err;
	enum fslmgmt_event ev;

	if (handles < 0)
		return handles;
	snprintf(name, sizeof(name), "partition@%lx", (unsigned long)h);
	n = fdt_add_subnode(fdt, handles, name);
	if (n < 0)
		return n;
	err = fdt_setprop_string(fdt, n, "compatible", "fsl,hv-partition-handle") ?:
	      fdt_setprop_u32(fdt, n, "reg", h) ?: fdt_setprop_u32(fdt, n, "hv-handle", h) ?:
	      fdt_setprop_string(fdt, n, "label", p->cfg->name);
	for (ev = 0; ev < FSLMGMT_EV_COUNT && !err; ev++)
		err = add_doorbell(fdt, n, ev, p->id, pic);
	return err;
}

static int add_handle_nodes(struct partition *m, void *fdt)
{
	uint32_t pic = hv_pic_phandle(fdt);
	unsigned int h;
	int err = 0;

	for (h = 0; h < m->nhandles && !err; h++)
		if (m->handles[h].type == HANDLE_PARTITION)
			err = add_handle_node(fdt, h, m->handles[h].obj, pic);
	return err;
}

/* --- recorded properties ----------------------------------------------------- */

static uint32_t rec_size(const struct rec *r)
{
	return (sizeof(*r) + r->path_len + 1 + r->name_len + 1 + r->val_len + 3) & ~3u;
}

static const char *rec_path(const struct rec *r)
{
	return (const char *)(r + 1);
}

static const char *rec_name(const struct rec *r)
{
	return rec_path(r) + r->path_len + 1;
}

static const void *rec_val(const struct rec *r)
{
	return rec_name(r) + r->name_len + 1;
}

/* The record of @path/@name in @a, or NULL. Call with the lock held. */
static struct rec *rec_find(struct arena *a, const char *path, const char *name)
{
	uint32_t off;

	for (off = 0; off < a->used; off += rec_size((struct rec *)&a->data[off])) {
		struct rec *r = (struct rec *)&a->data[off];

		if (!strcmp(rec_path(r), path) && !strcmp(rec_name(r), name))
			return r;
	}
	return NULL;
}

static uint32_t arena_lock(struct arena *a)
{
	return spin_lock_irqsave(&a->lock);
}

static void arena_unlock(struct arena *a, uint32_t msr)
{
	spin_unlock_irqrestore(&a->lock, msr);
}

static int apply_records(struct partition *p, void *fdt)
{
	struct arena *a = &arenas[p->id % CONFIG_MAX_PARTITIONS];
	uint32_t off, msr = arena_lock(a);
	int err = 0;

	for (off = 0; off < a->used && !err; off += rec_size((struct rec *)&a->data[off])) {
		struct rec *r = (struct rec *)&a->data[off];
		int node = fdt_path_offset(fdt, rec_path(r));

		/* A node the new tree lacks (another platform): kept for later. */
		if (node >= 0)
			err = fdt_setprop(fdt, node, rec_name(r), rec_val(r), (int)r->val_len);
	}
	arena_unlock(a, msr);
	return err;
}

int fslmgmt_dt_fixup(struct partition *p, void *fdt, int len)
{
	int err = fdt_open_into(fdt, fdt, len);

	if (!err && is_manager(p)) {
		make_handles(p);
		err = add_handle_nodes(p, fdt);
	}
	if (!err)
		err = apply_records(p, fdt);
	if (err)
		return fdt_errno(err);
	fdt_pack(fdt);
	return (int)fdt_totalsize(fdt);
}

/* --- GET_DTPROP / SET_DTPROP ---------------------------------------------------- */

/* The NUL-terminated string at @gpa of @p into @buf (@max bytes).
 * Returns 0, -EFAULT (not all in its RAM) or -EINVAL (too long). */
static int guest_str(struct partition *p, uint64_t gpa, char *buf, size_t max)
{
	struct gpa_region r;
	uint64_t hpa, avail;
	size_t n;

	if (partition_gpa(p, gpa, &r, &hpa) != GPA_RAM)
		return -EFAULT;
	avail = r.gpa_hi - gpa;
	n = avail < max ? (size_t)avail : max;
	memcpy(buf, (const void *)(uintptr_t)hpa, n);
	if (memchr(buf, 0, n))
		return 0;
	return n < max ? -EFAULT : -EINVAL;
}

/* r3 handle, r4:r5 path, r6:r7 name: the target and the two strings. */
static int dtprop_args(struct vcpu *v, struct partition **pp, char **path, char **name)
{
	char (*bufs)[FSLMGMT_DTPROP_MAX_PATHLEN] = strbuf[cpu_id() % CONFIG_NR_CPUS];
	uint64_t path_gpa = ((uint64_t)v->gpr[4] << 32) | v->gpr[5];
	uint64_t name_gpa = ((uint64_t)v->gpr[6] << 32) | v->gpr[7];

	*pp = fslmgmt_target(v, v->gpr[3]);
	if (!*pp || !(*pp)->dt)
		return -EINVAL;
	*path = bufs[0];
	*name = bufs[1];
	return guest_str(v->part, path_gpa, *path, FSLMGMT_DTPROP_MAX_PATHLEN) ?:
	       guest_str(v->part, name_gpa, *name, FSLMGMT_DTPROP_MAX_PATHLEN);
}

/* Copy @len bytes of @val to the caller's buffer of r10 bytes at r8:r9. */
static int give_value(struct vcpu *v, const void *val, uint32_t len)
{
	uint64_t gpa = ((uint64_t)v->gpr[8] << 32) | v->gpr[9];
	uint32_t room = v->gpr[10];

	v->gpr[4] = len;
	if (len > room)
		return -ENOBUFS;
	return hcall_copy_to_guest(v->part, gpa, val, len);
}

/** hc_fsl_get_dtprop() - r3 handle, r4:r5 path, r6:r7 property name,
 * r8:r9 buffer, r10 its size; r4 back = the property's length.
 * Returns 0, -EINVAL, -EFAULT, -ENOENT or -ENOBUFS (r4: the size needed). */
int hc_fsl_get_dtprop(struct vcpu *v)
{
	struct partition *p;
	struct arena *a;
	struct rec *r;
	const void *val;
	char *path, *name;
	uint32_t msr;
	int err = dtprop_args(v, &p, &path, &name), node, len;

	if (err)
		return err;
	a = &arenas[p->id % CONFIG_MAX_PARTITIONS];
	msr = arena_lock(a);
	r = rec_find(a, path, name);
	err = r ? give_value(v, rec_val(r), r->val_len) : 1;
	arena_unlock(a, msr);
	if (err <= 0)
		return err;
	node = fdt_path_offset(p->dt, path);
	val = node >= 0 ? fdt_getprop(p->dt, node, name, &len) : NULL;
	if (!val)
		return -ENOENT;
	return give_value(v, val, (uint32_t)len);
}

/* Record @path/@name = @len bytes from the caller's r8:r9, replacing an
 * older record of it. Call with the lock held. */
static int record(struct vcpu *v, struct arena *a, const char *path, const char *name,
		  uint32_t len)
{
	struct rec *r = rec_find(a, path, name), n = {
		.path_len = (uint16_t)strlen(path), .name_len = (uint16_t)strlen(name),
		.val_len = len,
	};
	uint64_t gpa = ((uint64_t)v->gpr[8] << 32) | v->gpr[9];
	uint32_t old = r ? rec_size(r) : 0;
	uint8_t *at;
	int err;

	if (a->used + rec_size(&n) > ARENA_SIZE) /* old and new, for a moment */
		return -ENOMEM;
	at = &a->data[a->used];
	if ((err = hcall_copy_from_guest(v->part, gpa, at + sizeof(n) + n.path_len + 1 +
					 n.name_len + 1, len)))
		return err; /* read past the end first: nothing changed yet */
	memcpy(at, &n, sizeof(n));
	memcpy(at + sizeof(n), path, n.path_len + 1u);
	memcpy(at + sizeof(n) + n.path_len + 1, name, n.name_len + 1u);
	a->used += rec_size(&n);
	if (r) { /* drop the old one: everything behind it moves down */
		uint8_t *o = (uint8_t *)r;

		memmove(o, o + old, (size_t)(&a->data[a->used] - (o + old)));
		a->used -= old;
	}
	return 0;
}

/*
 * /hypervisor "tessera,platform" is not recorded: it re-platforms the
 * stopped partition, for managers that have only the property calls
 * (Linux's /dev/fsl-hv). Its value is a string list: the platform name,
 * then optionally the guest-arch in decimal (default: the partition's
 * current one) and "cross-arch" (default: not); the width is 32, as
 * FH_PARTITION_SET_PLATFORM with r5[16:31] = 0.
 */
static int set_platform_prop(struct vcpu *v, struct partition *p)
{
	uint64_t gpa = ((uint64_t)v->gpr[8] << 32) | v->gpr[9];
	uint32_t len = v->gpr[10];
	struct platform_req req = { .guest_arch = p->cfg->req.guest_arch, .width = 32 };
	char val[48], *s, *end;
	int id, i;

	if (len < 2 || len > sizeof(val))
		return -EINVAL;
	if (hcall_copy_from_guest(v->part, gpa, val, len))
		return -EFAULT;
	if (val[len - 1])
		return -EINVAL;
	for (s = val, i = 0; s < val + len; s += strlen(s) + 1, i++) {
		if (i == 0 && (id = platform_from_name(s)) >= 0)
			req.platform = (uint16_t)id;
		else if (i == 1 && *s >= '1' && *s <= '9' &&
			 (id = (int)strtoul(s, &end, 10)) < 1000 && !*end)
			req.guest_arch = (uint16_t)id;
		else if (i >= 1 && !strcmp(s, "cross-arch"))
			req.flags |= PLATFORM_FLAG_CROSS_ARCH;
		else
			return -EINVAL;
	}
	return fslmgmt_set_platform(v, p, &req);
}

/** hc_fsl_set_dtprop() - r3 handle, r4:r5 path, r6:r7 property name,
 * r8:r9 value, r10 its length: the partition's tree has it from its next
 * start. Returns 0, -EINVAL, -EFAULT, -ENOENT (no such node) or -ENOMEM;
 * for /hypervisor "tessera,platform" also -EBUSY (not stopped), with r4 =
 * the platform table's verdict. */
int hc_fsl_set_dtprop(struct vcpu *v)
{
	struct partition *p;
	struct arena *a;
	char *path, *name;
	uint32_t msr;
	int err = dtprop_args(v, &p, &path, &name);

	if (err)
		return err;
	if (!strcmp(path, "/hypervisor") && !strcmp(name, "tessera,platform"))
		return set_platform_prop(v, p);
	if (v->gpr[10] > FSLMGMT_DTPROP_MAX_PROPLEN || !*name)
		return -EINVAL;
	if (fdt_path_offset(p->dt, path) < 0)
		return -ENOENT;
	a = &arenas[p->id % CONFIG_MAX_PARTITIONS];
	msr = arena_lock(a);
	err = record(v, a, path, name, v->gpr[10]);
	arena_unlock(a, msr);
	if (!err)
		kprintf("fslmgmt: %s sets %s:%s of %s (%lu bytes)\n", v->part->cfg->name, path,
			name, p->cfg->name, (unsigned long)v->gpr[10]);
	return err;
}
