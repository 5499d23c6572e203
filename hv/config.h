/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partition configuration: parse and validate a dtc-compiled config tree
 * (format: docs/config.md) into a fixed-size struct tess_config.
 *
 * Pure C over libfdt, no allocation and no printf: the hypervisor runs it at
 * boot against the real hardware tree, and tools/cfgcheck.c runs the same
 * code on the host at build time. Problems are reported through a callback;
 * a partition with a problem is marked refused and the others go on.
 */
#ifndef HV_CONFIG_H
#define HV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/platform.h"

#define CONFIG_MAX_PARTITIONS 8
#define CONFIG_MAX_DEVICES 8   /* per partition, and for the hypervisor */
#define CONFIG_MAX_CPUS 32     /* physical CPU indices 0..31 */
#define CONFIG_NAME_LEN 32     /* partition, image names, with the NUL */
#define CONFIG_COMPAT_LEN 96   /* guest-compatible, every NUL included */
#define CONFIG_PATH_LEN 96     /* device paths, with the NUL */
#define CONFIG_BOOTARGS_LEN 256
#define CONFIG_REASON_LEN 128
#define CONFIG_MAX_CHANNELS 16  /* byte channels, console channels included */
#define CONFIG_MAX_DOORBELLS 16
/* Virtual interrupt sources (vmpic) of a partition's byte channels (rx and
 * tx each) and receive doorbells: 200..223, below QEMU's MSI sources. Each
 * endpoint also takes one of the partition's hypervisor handles. */
#define CONFIG_IPC_IRQ_BASE 200
#define CONFIG_IPC_IRQ_COUNT 24
#define CONFIG_IPC_MAX_HANDLES 24
#define CONFIG_EP_HV 0xffu      /* channel endpoint: the hypervisor console */

#define CONFIG_PAGE_SIZE 0x1000ull         /* memory granularity */
#define CONFIG_PLACE_ALIGN 0x1000000ull    /* placement alignment: 16 MiB */
#define CONFIG_DEFAULT_HV_RESERVED 0x4000000ull /* 64 MiB at RAM base */

/* config_parse() flags */
#define CONFIG_F_IMAGES_REQUIRED 0x1u /* an image the callback can't size is
				       * an error (boot); otherwise unchecked */

enum config_image_type {
	CONFIG_IMAGE_ELF = 0,
	CONFIG_IMAGE_BINARY,
	CONFIG_IMAGE_UIMAGE,
	CONFIG_IMAGE_COUNT
};

enum config_console_kind {
	CONFIG_CONSOLE_NONE = 0,
	CONFIG_CONSOLE_UART,         /* a dedicated UART, passed through */
	CONFIG_CONSOLE_BYTE_CHANNEL, /* ePAPR byte channel, muxed on hv UART */
	CONFIG_CONSOLE_HV,           /* emulated 16550, muxed on hv UART */
	CONFIG_CONSOLE_COUNT
};

enum config_restart_policy {
	CONFIG_RESTART_STOP = 0,
	CONFIG_RESTART_RESTART,
	CONFIG_RESTART_COUNT
};

/* A hardware node, by its path in the hardware tree. */
struct config_device {
	char path[CONFIG_PATH_LEN];
	int hw_offset; /* node offset in hw_desc.fdt */
};

/* The hardware the config is checked against. */
struct hw_desc {
	uint64_t ram_base, ram_size;
	uint64_t hv_reserved; /* bytes at ram_base owned by the hypervisor */
	uint32_t ncpus;
	const void *fdt; /* the real hardware tree; devices resolve by path */
};

struct config_partition {
	uint32_t index;               /* in tess_config.parts[] */
	char name[CONFIG_NAME_LEN];   /* `label`, else the node name */
	char node[CONFIG_NAME_LEN];   /* node name under /partitions */
	int cfg_offset;               /* node offset in the config tree */

	uint32_t cpus[CONFIG_MAX_CPUS]; /* in the order given; [0] boots */
	uint32_t ncpus;
	uint32_t cpu_mask;

	uint64_t guest_base, mem_size; /* guest-physical */
	uint64_t phys_base;            /* given or placed */
	bool phys_given;

	struct platform_req req;       /* platform, guest_arch, width, flags */

	char image[CONFIG_NAME_LEN];
	enum config_image_type image_type;
	long image_size;               /* -1 when unknown */
	uint64_t load_addr, entry;     /* guest-physical / guest entry */
	bool has_load_addr, has_entry;
	char guest_dts[CONFIG_NAME_LEN]; /* "" when absent */
	/* `guest-compatible`: the guest tree's root compatible (a string
	 * list, NULs included), instead of the board's; length 0 when absent. */
	char guest_compat[CONFIG_COMPAT_LEN];
	uint32_t guest_compat_len;

	struct config_device devices[CONFIG_MAX_DEVICES];
	uint32_t ndevices;

	enum config_console_kind console;
	struct config_device console_dev; /* CONFIG_CONSOLE_UART only */

	char bootargs[CONFIG_BOOTARGS_LEN];
	enum config_restart_policy restart;
	bool manager;                  /* may manage every other partition */
	uint32_t manages;              /* bit i: may manage partition i */

	bool refused;
	char reason[CONFIG_REASON_LEN]; /* "<property>: <message>" */
};

/*
 * A byte channel (/byte-channels/NAME, or the channel a partition's
 * console = "byte-channel" implies): two partition endpoints, or one and
 * the hypervisor console (ends[1] = CONFIG_EP_HV).
 */
struct config_channel {
	char name[CONFIG_NAME_LEN];    /* node name; "console" for a console */
	uint8_t ends[2];               /* partition indices or CONFIG_EP_HV */
	bool console;                  /* the console of partition ends[0] */
};

/* A doorbell (/doorbells/NAME): @sender rings, @receiver takes an interrupt. */
struct config_doorbell {
	char name[CONFIG_NAME_LEN];
	uint8_t sender, receiver;      /* partition indices */
};

struct tess_config {
	struct config_device hv_console;
	struct config_device hv_devices[CONFIG_MAX_DEVICES];
	uint32_t hv_ndevices;
	uint64_t hv_reserved;          /* effective reserved size at RAM base */
	bool dump_guest_dts;

	struct config_partition parts[CONFIG_MAX_PARTITIONS];
	uint32_t nparts;
	uint32_t nrefused;
	uint32_t nerrors;              /* every problem reported */

	struct config_channel channels[CONFIG_MAX_CHANNELS];
	uint32_t nchannels;
	struct config_doorbell doorbells[CONFIG_MAX_DOORBELLS];
	uint32_t ndoorbells;
};

/** config_of() - the tess_config partition @p belongs to. Never NULL. */
static inline const struct tess_config *config_of(const struct config_partition *p)
{
	return (const struct tess_config *)(const void *)
	       ((const char *)(p - p->index) - offsetof(struct tess_config, parts));
}

/* part is the partition's node name ("hypervisor" / "partitions" for the
 * global nodes), prop the property concerned ("" when none). */
typedef void (*config_report_fn)(void *ctx, const char *part,
				 const char *prop, const char *msg);
/* Size in bytes of the named FIT image, or -ENOENT if there is none. */
typedef long (*config_image_size_fn)(void *ctx, const char *image_name);

struct config_ops {
	config_image_size_fn image_size; /* may be NULL: sizes unknown */
	config_report_fn report;         /* may be NULL */
	void *ctx;
	unsigned int flags;              /* CONFIG_F_* */
};

/**
 * config_parse() - parse and validate @cfg_fdt against @hw for @host.
 * Every problem is reported through @ops->report; partitions with one are
 * marked refused (the later one of two in conflict) and the rest accepted.
 * Returns 0 when the tree was parsed (check out->nrefused), or a negative
 * errno when it can't be used at all (-EINVAL: not a valid FDT, no
 * /hypervisor or /partitions node, or an unusable hypervisor console).
 */
int config_parse(const void *cfg_fdt, const struct hw_desc *hw,
		 enum host_core host, const struct config_ops *ops,
		 struct tess_config *out);

/**
 * config_hw_from_fdt() - fill @hw from a hardware tree: RAM from the first
 * memory node, CPU count from /cpus, hv_reserved = CONFIG_DEFAULT_HV_RESERVED,
 * fdt = @fdt. Returns 0, or -EINVAL if the tree or its memory is unusable.
 */
int config_hw_from_fdt(const void *fdt, struct hw_desc *hw);

/**
 * config_table_header() - the column titles of config_format_row().
 * Returns a static string without a newline.
 */
const char *config_table_header(void);

/**
 * config_format_row() - one line (no newline) of the partition table for
 * @p into @buf of @len bytes, truncated if needed.
 * Returns the length written (excluding the NUL).
 */
size_t config_format_row(const struct config_partition *p, char *buf,
			 size_t len);

/**
 * config_image_type_name() / config_console_name() - names as in the tree.
 * Return a static string, "?" when out of range.
 */
const char *config_image_type_name(int type);
const char *config_console_name(int kind);

/*
 * Internal: shared by hv/config.c and hv/config_check.c, not for other users.
 */
#define CONFIG_MSG_LEN 224

/* A message under construction (no printf in the parser). */
struct config_msg {
	char buf[CONFIG_MSG_LEN];
	size_t len;
};

struct config_state {
	const void *cfg;
	const struct hw_desc *hw;
	enum host_core host;
	const struct config_ops *ops;
	struct tess_config *out;
	const void *hw_fdt; /* hw->fdt, or cfg when that is NULL */
	int parts_off;      /* /partitions in cfg */
	bool req_bad;       /* current partition: platform request unusable */
};

/* Append to @m, truncating silently; always NUL-terminated. */
void config_msg_init(struct config_msg *m);
void config_msg_str(struct config_msg *m, const char *s);
void config_msg_hex(struct config_msg *m, uint64_t v);
void config_msg_dec(struct config_msg *m, uint64_t v);
/* Append "0x<base>-0x<base+size-1>". */
void config_msg_range(struct config_msg *m, uint64_t base, uint64_t size);

/**
 * config_refuse() - report @msg about @prop of partition @p and mark @p
 * refused (the first refusal gives the reason). No return value.
 */
void config_refuse(struct config_state *st, struct config_partition *p,
		   const char *prop, const char *msg);

/**
 * config_error() - report a problem outside any partition (@node is
 * "hypervisor" or "partitions"). No return value.
 */
void config_error(struct config_state *st, const char *node,
		  const char *prop, const char *msg);

/* Big-endian 64-bit load from two FDT cells. */
static inline uint64_t config_ld64(const void *val)
{
	const uint8_t *b = val;
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

/**
 * config_resolve_node() - resolve phandle @ph of the config tree to a node
 * path present in the hardware tree (st->hw_fdt), into @dev.
 * Returns true, or false with the reason in @err.
 */
bool config_resolve_node(const struct config_state *st, uint32_t ph,
			 struct config_device *dev, struct config_msg *err);

/**
 * config_generic_prop() - true for properties any node may carry
 * (compatible, phandle, linux,phandle, name).
 */
bool config_generic_prop(const char *name);

/**
 * config_parse_partition() - parse partition node @off of the config tree
 * into st->out->parts[@idx], refusing it on any problem. No return value.
 */
void config_parse_partition(struct config_state *st, int off, uint32_t idx);

/**
 * config_check_partition() - checks across one partition's properties
 * (addresses in memory, image sizes, platform). No return value.
 */
void config_check_partition(struct config_state *st,
			    struct config_partition *p);

/**
 * config_parse_ipc() - the byte channels (/byte-channels, plus one per
 * byte-channel console of an accepted partition) and /doorbells, after the
 * partitions. A bad channel or doorbell is reported, left out, and every
 * partition it names is refused with that problem as the reason. No
 * return value.
 */
void config_parse_ipc(struct config_state *st);

/**
 * config_check_conflicts() - refuse partitions whose name, CPUs, devices or
 * given physical memory clash with an earlier accepted partition or the
 * hardware, then place the accepted ones without phys-addr.
 * No return value: results are in st->out.
 */
void config_check_conflicts(struct config_state *st);

#endif
