/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ePAPR doorbells between partitions (/doorbells in the configuration):
 * the sender holds a HANDLE_DOORBELL_SEND handle, and EV_DOORBELL_SEND on
 * it raises the receive doorbell's virtual interrupt in the receiver. Also
 * EV_MSGSND, the processor doorbell between the vCPUs of one partition.
 */
#ifndef HV_DOORBELL_H
#define HV_DOORBELL_H

#include "hv/guest_dt.h"

struct partition;

/**
 * doorbell_setup() - give partition @p handles for its send and receive
 * doorbells, and each receive doorbell a virtual interrupt from *@virq
 * (advanced past those taken). Called by bytechan_setup(). No return
 * value: a doorbell without a handle is reported on the console.
 */
void doorbell_setup(struct partition *p, unsigned int *virq);

/**
 * doorbell_dt_handles() - describe the doorbell handles of the partition
 * configured as @c into @out (at most @max entries) for its device tree.
 * Returns the number of entries written.
 */
unsigned int doorbell_dt_handles(const struct config_partition *c,
				 struct guest_dt_handle *out, unsigned int max);
#endif
