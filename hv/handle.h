/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A partition's hypervisor handles: the numbers its device tree gives as
 * hv-handle for byte channels, doorbells and managed partitions, and that
 * its hypercalls name. Handles are per partition and typed: a handle of
 * the wrong type is as invalid as a missing one.
 */
#ifndef HV_HANDLE_H
#define HV_HANDLE_H

#include <stdint.h>

struct partition;

enum handle_type {
	HANDLE_NONE = 0, HANDLE_BYTECHAN, HANDLE_DOORBELL_SEND, HANDLE_DOORBELL_RECV,
	HANDLE_PARTITION, HANDLE_TYPE_COUNT
};

#define PART_MAX_HANDLES 32

struct handle {
	uint8_t type;  /* enum handle_type */
	void *obj;
};

/** handle_add() - give @obj of @type a handle in @p. Returns the handle
 * number (>= 0), or -ENOSPC when the table is full. */
int handle_add(struct partition *p, enum handle_type type, void *obj);
/** handle_get() - the object behind handle @h of @p if it has @type,
 * else NULL (callers answer -EINVAL). */
void *handle_get(struct partition *p, uint32_t h, enum handle_type type);
/** handle_reset() - forget every handle of @p. */
void handle_reset(struct partition *p);
#endif
