/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <string.h>
#include "hv/image.h"

#define EM_PPC 20
#define PT_LOAD 1
#define UIMAGE_MAGIC 0x27051956u
#define UIMAGE_HDR 64
#define UIMAGE_COMP_NONE 0

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Copy @n bytes (then zero @zero more) to guest-physical @gpa, bounds-checked. */
static int put(const struct image_target *t, uint64_t gpa, const void *src,
	       uint64_t n, uint64_t zero, struct image_info *out)
{
	uint64_t end = gpa + n + zero;

	if (gpa < t->guest_base || end < gpa || end > t->guest_base + t->mem_size)
		return -ERANGE;
	memcpy(t->mem + (gpa - t->guest_base), src, n);
	memset(t->mem + (gpa - t->guest_base) + n, 0, zero);
	if (gpa < out->low)
		out->low = gpa;
	if (end > out->high)
		out->high = end;
	return 0;
}

struct load_req {
	const uint8_t *img;
	size_t size;
	uint64_t load_addr;
	int has_load;
	const struct image_target *t;
	struct image_info *out;
	const char **why;
};

static int load_elf(const struct load_req *r)
{
	const uint8_t *img = r->img;
	size_t size = r->size;
	const char **why = r->why;
	struct image_info *out = r->out;
	uint32_t phoff, i;
	uint16_t phnum, phentsize;

	*why = "not a 32-bit big-endian ELF";
	if (size < 52 || memcmp(img, "\177ELF", 4) || img[4] != 1 || img[5] != 2)
		return -EINVAL;
	*why = "ELF is not for PowerPC";
	if (be16(img + 18) != EM_PPC)
		return -ENOTSUP;
	out->entry = be32(img + 24);
	phoff = be32(img + 28);
	phentsize = be16(img + 42);
	phnum = be16(img + 44);
	*why = "ELF program headers out of the file";
	if (phentsize < 32 || phoff > size || (uint64_t)phnum * phentsize > size - phoff)
		return -EINVAL;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (size_t)i * phentsize;
		uint32_t off = be32(ph + 4), paddr = be32(ph + 12);
		uint32_t filesz = be32(ph + 16), memsz = be32(ph + 20);
		int err;

		if (be32(ph) != PT_LOAD)
			continue;
		*why = "ELF segment out of the file or larger in the file than in memory";
		if (off > size || filesz > size - off || filesz > memsz)
			return -EINVAL;
		*why = "ELF segment outside the partition's memory";
		err = put(r->t, paddr, img + off, filesz, memsz - filesz, out);
		if (err)
			return err;
	}
	*why = "ELF has no loadable segment";
	return out->high ? 0 : -EINVAL;
}

static int load_uimage(const struct load_req *r)
{
	const uint8_t *img = r->img;
	size_t size = r->size;
	const char **why = r->why;
	uint32_t len;

	*why = "bad uImage header";
	if (size < UIMAGE_HDR || be32(img) != UIMAGE_MAGIC)
		return -EINVAL;
	len = be32(img + 12);
	*why = "uImage data is truncated";
	if (len > size - UIMAGE_HDR)
		return -EINVAL;
	*why = "compressed uImages are not supported";
	if (img[31] != UIMAGE_COMP_NONE)
		return -ENOTSUP;
	r->out->entry = be32(img + 20);
	*why = "uImage load address outside the partition's memory";
	return put(r->t, be32(img + 16), img + UIMAGE_HDR, len, 0, r->out);
}

static int load_binary(const struct load_req *r)
{
	uint64_t at = r->has_load ? r->load_addr : r->t->guest_base;

	r->out->entry = at;
	*r->why = "binary image outside the partition's memory";
	return put(r->t, at, r->img, r->size, 0, r->out);
}

static int (*const loaders[CONFIG_IMAGE_COUNT])(const struct load_req *) = {
	[CONFIG_IMAGE_ELF] = load_elf,
	[CONFIG_IMAGE_BINARY] = load_binary,
	[CONFIG_IMAGE_UIMAGE] = load_uimage,
};

int image_load(const void *img, size_t size, enum config_image_type type,
	       uint64_t load_addr, int has_load, uint64_t entry, int has_entry,
	       const struct image_target *t, struct image_info *out,
	       const char **why)
{
	struct load_req r = { img, size, load_addr, has_load, t, out, why };
	int err;

	memset(out, 0, sizeof(*out));
	out->low = UINT64_MAX;
	*why = "unknown image type";
	if ((unsigned int)type >= CONFIG_IMAGE_COUNT)
		return -EINVAL;
	err = loaders[type](&r);
	if (!err && has_entry)
		out->entry = entry;
	return err;
}
