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
#include "hv/mmio.h"
#include "hv/vcpu.h"
#include "hv/vmpic.h"
#include "hv/handle.h"

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

#define PART_MAX_VCPUS 4
#define PART_MAX_REGIONS 16

/* Requests raised from a vCPU's exit path, acted on before re-entry. */
enum part_request { PART_REQ_NONE = 0, PART_REQ_STOP, PART_REQ_RESTART };

#define VUART_RX 16 /* receive FIFO: a 16550A's 16 bytes (a power of two) */

struct vuart_state {
	uint8_t reg[8], div[2];
	uint8_t fcr;
	uint8_t thre_ip;       /* THR-empty interrupt latched, not yet seen in IIR */
	uint8_t level;         /* the interrupt line as last raised */
	int irq;               /* its MPIC source, -1 if the board gives none */
	volatile uint32_t rx_head, rx_tail; /* console CPU fills, the vCPU drains */
	char rx[VUART_RX];
	char line[200];
	uint32_t len;
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

	struct gpa_region regions[PART_MAX_REGIONS];
	unsigned int nregions;
	struct vcpu *vcpus[PART_MAX_VCPUS];
	volatile int request;
	const char *request_why;
	unsigned int restarts;
	struct vuart_state vuart;
	uint32_t vgpio[8];
	uint32_t vspin[PART_MAX_VCPUS * 8];
	int poweroff_pin;
	struct vmpic vmpic;
	struct handle handles[PART_MAX_HANDLES];
	unsigned int nhandles;
};

/**
 * partition_boot_all() - read the configuration tree at @cfg_addr (checked
 * against the hardware tree @hw_fdt for @host), set up every accepted
 * partition and print the partition table.
 * Returns the number of partitions set up, or a negative errno when there
 * is no usable configuration (-ENOENT none there, -EINVAL unusable).
 */
int partition_boot_all(const void *cfg_addr, const void *hw_fdt, enum host_core host);

/**
 * partition_load() - (re)load @p's image and device tree and prepare its
 * boot vCPU's entry state. Returns 0, or a negative errno with @p refused.
 */
int partition_load(struct partition *p);

/**
 * partition_place_dt() - rebuild @p's device tree and copy it into its
 * memory again, leaving the image alone. Returns 0, or a negative errno
 * with @p refused.
 */
int partition_place_dt(struct partition *p);

/* hv/partition_run.c: the running side. */
/**
 * partition_map() - build @p's guest-physical map (RAM, passed-through
 * device pages, emulated devices). Returns 0 or a negative errno.
 */
int partition_map(struct partition *p, const void *hw_fdt);
/**
 * partition_gpa() - classify guest-physical @gpa of @p; fills @r and, for
 * RAM and devices, the host-physical *@hpa. Returns the enum gpa_kind.
 */
int partition_gpa(struct partition *p, uint64_t gpa, struct gpa_region *r, uint64_t *hpa);
/** partition_start_all() - start every loaded partition's boot vCPU on its
 * CPU; CPU 0's own vCPU, if any, is returned (the caller runs it). */
struct vcpu *partition_start_all(void);
/** partition_request() - ask @p to stop or restart, from any CPU: its
 * vCPUs act on it at their next exit (an IPI makes that soon). */
void partition_request(struct partition *p, enum part_request req, const char *why);
/**
 * partition_set_req() - make @req the platform request of stopped partition
 * @p, for its next start (checked against the platform table by the
 * caller). Returns 0, or -EBUSY when @p is not stopped.
 */
int partition_set_req(struct partition *p, const struct platform_req *req);
/**
 * partition_start() - start stopped partition @p on its CPU (not the
 * caller's): with @load its map, image and tree are rebuilt and it enters
 * at the image's entry point; without, it enters at @entry with its memory
 * as it is and a fresh tree. Waits up to 1 s for it to run.
 * Returns 0, -EBUSY (not stopped), -EINVAL (its CPU is the caller's),
 * -EIO (its CPU cannot take it) or the load's negative errno (@p refused).
 */
int partition_start(struct partition *p, uint32_t entry, int load);
/**
 * partition_stop() - stop running partition @p (why: @why). From another
 * partition, waits up to 1 s for it to stop; the caller's own partition
 * stops when the current exit ends. Returns 0 or -EBUSY (not running).
 */
int partition_stop(struct partition *p, const char *why);
/**
 * partition_console_input() - the monitor's input filter: a character for
 * the partition console that has the focus (`console NAME`). Returns 1 if
 * it took it, 0 if the monitor gets it.
 */
int partition_console_input(int c);
/** partition_crash() - the guest did something unrecoverable: apply its
 * restart policy. */
void partition_crash(struct vcpu *v, const char *why);
/** partition_poll() - between exits: act on requests and hypervisor work
 * (the console monitor on CPU 0). */
void partition_poll(struct vcpu *v);
/** partition_release_vcpu() - the guest released vCPU @id from its spin
 * table at @entry with r3 = @r3. */
void partition_release_vcpu(struct partition *p, unsigned int id, uint32_t entry, uint32_t r3);

/** partition_count() - partitions in the configuration (accepted or not). */
unsigned int partition_count(void);
/** partition_get() - partition @id, or NULL. */
struct partition *partition_get(unsigned int id);
/** partition_find() - the partition named @name, or NULL. */
struct partition *partition_find(const char *name);
/** partition_state_name() - "loaded", "refused", ... Never NULL. */
const char *partition_state_name(enum part_state s);
#endif
