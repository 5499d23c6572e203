/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ePAPR byte channels (configuration and hypercall ABI: docs/config.md,
 * "Byte channels and doorbells"). A channel joins two endpoints,
 * each a HANDLE_BYTECHAN handle in its partition, with one 256-byte ring
 * per direction; or one partition endpoint and the hypervisor console:
 * output is printed a line at a time as "[<partition>] <line>", input is
 * what is typed while the monitor's `console` command gives it focus.
 *
 * Each partition endpoint has two virtual interrupts (vmpic sources from
 * CONFIG_IPC_IRQ_BASE): rx, raised when data arrives in an empty ring, and
 * tx, raised when the peer drains a ring a send found full.
 */
#ifndef HV_BYTECHAN_H
#define HV_BYTECHAN_H

#include <stdint.h>
#include "hv/guest_dt.h"

struct partition;

#define BYTECHAN_RING 256     /* bytes buffered per direction */
#define BYTECHAN_MAX_BYTES 16 /* bytes per send or receive hypercall */
#define BYTECHAN_ESCAPE 0x1d  /* Ctrl-]: the console goes back to the monitor */

/**
 * bytechan_setup() - give partition @p handles and virtual interrupts for
 * its byte-channel endpoints and (doorbell_setup()) its doorbells. Call
 * once per partition, after partition_map() and before its device tree is
 * built. No return value: an endpoint without a handle is reported on the
 * console and left out of the guest tree.
 */
void bytechan_setup(struct partition *p);

/**
 * bytechan_dt_handles() - describe the byte-channel handles of the
 * partition configured as @c into @out (at most @max entries), for the
 * guest device tree. Returns the number of entries written.
 */
unsigned int bytechan_dt_handles(const struct config_partition *c,
				 struct guest_dt_handle *out, unsigned int max);

/**
 * bytechan_console_input() - a character typed on the hypervisor console.
 * While a partition's console channel has the focus (monitor command
 * `console`), it goes there (partition_console_input() handles
 * BYTECHAN_ESCAPE first). Returns 1 if it consumed @c, 0 if not.
 */
int bytechan_console_input(int c);
/** bytechan_console_release() - drop the console focus. Returns 1 if a
 * channel had it. */
int bytechan_console_release(void);
#endif
