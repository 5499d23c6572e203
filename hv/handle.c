/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <string.h>
#include "hv/handle.h"
#include "hv/partition.h"

int handle_add(struct partition *p, enum handle_type type, void *obj)
{
	if (p->nhandles >= PART_MAX_HANDLES)
		return -ENOSPC;
	p->handles[p->nhandles].type = (uint8_t)type;
	p->handles[p->nhandles].obj = obj;
	return (int)p->nhandles++;
}

void *handle_get(struct partition *p, uint32_t h, enum handle_type type)
{
	if (h >= p->nhandles || p->handles[h].type != type || type == HANDLE_NONE)
		return NULL;
	return p->handles[h].obj;
}

void handle_reset(struct partition *p)
{
	memset(p->handles, 0, sizeof(p->handles));
	p->nhandles = 0;
}
