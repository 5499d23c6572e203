/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest image loading: ELF32 (big-endian PowerPC), raw binary or legacy
 * uImage, copied into a partition's memory. Pure C: the hypervisor passes
 * its 1:1 view of the partition's RAM, the unit tests a host buffer.
 */
#ifndef HV_IMAGE_H
#define HV_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "hv/config.h"

/* The partition's memory as the loader sees it. */
struct image_target {
	uint64_t guest_base; /* guest-physical address of mem[0] */
	uint64_t mem_size;
	uint8_t *mem;        /* where the hypervisor can write it */
};

struct image_info {
	uint64_t entry;      /* guest address to start at */
	uint64_t low, high;  /* guest-physical span written [low, high) */
};

/**
 * image_load() - copy @img (@size bytes) of @type into @t.
 * @load_addr: for binaries (and to check uImages), the guest-physical load
 * address; 0 with !@has_load means "the start of memory".
 * Returns 0 with @out filled, or -EINVAL (malformed image, with *@why set
 * to a one-line reason), -ERANGE (does not fit in the partition's memory)
 * or -ENOTSUP (compressed uImage, wrong machine or class).
 */
int image_load(const void *img, size_t size, enum config_image_type type,
	       uint64_t load_addr, int has_load, uint64_t entry, int has_entry,
	       const struct image_target *t, struct image_info *out,
	       const char **why);
#endif
