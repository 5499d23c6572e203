/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's supervisor SPRs: one table of {spr, storage or handlers}. */
#ifndef HV_SPR_H
#define HV_SPR_H

#include <stdint.h>

struct vcpu;

/**
 * spr_read() - the guest's mfspr of @spr into *@val.
 * Returns 0, -EINVAL for an SPR this core does not have (the caller raises
 * the illegal-instruction program interrupt), or -EPERM for the wrong
 * direction of a read-only or write-only SPR (QEMU raises the privileged
 * fault there: the caller does the same).
 */
int spr_read(struct vcpu *v, uint32_t spr, uint32_t *val);
/** spr_write() - the guest's mtspr. Returns as spr_read(). */
int spr_write(struct vcpu *v, uint32_t spr, uint32_t val);

/*
 * Derived from the table for kernel/fastpath.S: for each SPR number, 1 +
 * the struct vcpu offset of an SPR this core has that mfspr (mtspr) may
 * read (write) as plain storage, with no handler and no direction limit;
 * 0 sends the instruction to C.
 */
#define SPR_COUNT 1024
extern uint16_t spr_fast_read[SPR_COUNT], spr_fast_write[SPR_COUNT];
/** spr_init() - build the lookup tables for this core (@e500v2: 1 on
 * e500v2, 0 on e500mc). Idempotent. No return value. */
void spr_init(int e500v2);
#endif
