/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partitions: created at boot from the configuration tree. Each accepted
 * partition gets its image loaded, its device tree built and its boot
 * vCPU's ePAPR entry state prepared; a refused one is reported and skipped.
 */
#ifndef HV_PARTITION_H
#define HV_PARTITION_H

#include <stdint.h>
#include "hv/config.h"
#include "hv/image.h"

/* Freescale partition states (PARTITION_GET_STATUS), then our own. */
enum part_state {
	PART_STOPPED = 0, PART_RUNNING = 1, PART_STARTING = 2, PART_STOPPING = 3,
	PART_PAUSING = 4, PART_PAUSED = 5, PART_RESUMING = 6,
	PART_REFUSED = 7, /* the configuration or the image was refused */
	PART_LOADED = 8,  /* image and tree in place, waiting for its vCPUs */
	PART_STATE_COUNT
};

#define EPAPR_MAGIC 0x45504150u

/* The boot vCPU's entry state (ePAPR): r3 = tree, r6 = magic, r7 = map. */
struct part_entry {
	uint64_t pc;
	uint64_t r3;       /* guest-physical address of the device tree */
	uint32_t r6, r7;
	uint64_t map_size; /* initial TLB1 entry: VA 0 -> guest_base */
};

struct partition {
	const struct config_partition *cfg;
	unsigned int id;
	enum part_state state;
	char reason[CONFIG_REASON_LEN];
	struct image_info image;
	struct part_entry entry;
	void *dt;          /* the hypervisor's copy of the guest tree */
	uint32_t dt_size;
};

/**
 * partition_boot_all() - read the configuration tree at @cfg_addr (checked
 * against the hardware tree @hw_fdt for @host), set up every accepted
 * partition and print the partition table.
 * Returns the number of partitions set up, or a negative errno when there
 * is no usable configuration (-ENOENT none there, -EINVAL unusable).
 */
int partition_boot_all(const void *cfg_addr, const void *hw_fdt, enum host_core host);

/** partition_count() - partitions in the configuration (accepted or not). */
unsigned int partition_count(void);
/** partition_get() - partition @id, or NULL. */
struct partition *partition_get(unsigned int id);
/** partition_find() - the partition named @name, or NULL. */
struct partition *partition_find(const char *name);
/** partition_state_name() - "loaded", "refused", ... Never NULL. */
const char *partition_state_name(enum part_state s);
#endif
