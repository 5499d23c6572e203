/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tessera-cfgcheck: build-time validation of a partition config tree with
 * the parser the hypervisor runs at boot (hv/config*.c).
 *
 *   tessera-cfgcheck [--core e500mc] [--hw hw.dtb] [--image NAME=PATH ...]
 *                    [--hv-reserved BYTES] [--strict-images] [--ipc] config.dtb
 *
 * Prints each problem as "config: <partition>: <property>: <message>" on
 * stderr and the partition table on stdout; with --ipc, then the byte
 * channels and doorbells. Exit status: 0 all partitions
 * accepted, 1 a partition refused or another problem, 2 unusable input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hv/config.h"

#define MAX_IMAGES 32

struct image {
	const char *name;
	long size;
};

struct opts {
	enum host_core core;
	const char *hw_path, *cfg_path;
	struct image images[MAX_IMAGES];
	int nimages;
	unsigned long long hv_reserved;
	bool hv_reserved_given;
	bool ipc;
	unsigned int flags;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: tessera-cfgcheck [--core e500v2|e500mc|e5500|e6500] "
		"[--hw hw.dtb]\n"
		"         [--image NAME=PATH ...] [--hv-reserved BYTES] "
		"[--strict-images] [--ipc] config.dtb\n");
	exit(2);
}

static void *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, n;

	if (!f) {
		fprintf(stderr, "tessera-cfgcheck: %s: %s\n", path,
			strerror(errno));
		exit(2);
	}
	do {
		buf = realloc(buf, len + 65536);
		if (!buf)
			exit(2);
		n = fread(buf + len, 1, 65536, f);
		len += n;
	} while (n == 65536);
	fclose(f);
	return buf;
}

static void add_image(struct opts *o, char *arg)
{
	char *eq = strchr(arg, '=');
	struct stat sb;

	if (!eq || eq == arg || o->nimages == MAX_IMAGES)
		usage();
	*eq = '\0';
	if (stat(eq + 1, &sb) != 0) {
		fprintf(stderr, "tessera-cfgcheck: %s: %s\n", eq + 1,
			strerror(errno));
		exit(2);
	}
	o->images[o->nimages].name = arg;
	o->images[o->nimages++].size = (long)sb.st_size;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int i, core;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;

		if (!strcmp(a, "--core") && more) {
			core = host_core_from_name(argv[++i]);
			if (core < 0)
				usage();
			o->core = (enum host_core)core;
		} else if (!strcmp(a, "--hw") && more) {
			o->hw_path = argv[++i];
		} else if (!strcmp(a, "--image") && more) {
			add_image(o, argv[++i]);
		} else if (!strcmp(a, "--hv-reserved") && more) {
			o->hv_reserved = strtoull(argv[++i], NULL, 0);
			o->hv_reserved_given = true;
		} else if (!strcmp(a, "--strict-images")) {
			o->flags |= CONFIG_F_IMAGES_REQUIRED;
		} else if (!strcmp(a, "--ipc")) {
			o->ipc = true;
		} else if (a[0] == '-' || o->cfg_path) {
			usage();
		} else {
			o->cfg_path = a;
		}
	}
	if (!o->cfg_path)
		usage();
}

static long image_size(void *ctx, const char *name)
{
	const struct opts *o = ctx;
	int i;

	for (i = 0; i < o->nimages; i++)
		if (!strcmp(o->images[i].name, name))
			return o->images[i].size;
	return -ENOENT;
}

static void report(void *ctx, const char *part, const char *prop,
		   const char *msg)
{
	(void)ctx;
	if (prop && prop[0])
		fprintf(stderr, "config: %s: %s: %s\n", part, prop, msg);
	else
		fprintf(stderr, "config: %s: %s\n", part, msg);
}

static void print_table(const struct tess_config *c)
{
	char line[256];
	uint32_t i;

	printf("%s\n", config_table_header());
	for (i = 0; i < c->nparts; i++) {
		config_format_row(&c->parts[i], line, sizeof(line));
		printf("%s\n", line);
	}
}

static const char *end_name(const struct tess_config *c, uint8_t end)
{
	return end == CONFIG_EP_HV ? "hv-console" : c->parts[end].name;
}

/* --ipc: one line per byte channel and doorbell. */
static void print_ipc(const struct tess_config *c)
{
	uint32_t i;

	for (i = 0; i < c->nchannels; i++)
		printf("byte-channel %-12s %s <-> %s%s\n", c->channels[i].name,
		       end_name(c, c->channels[i].ends[0]),
		       end_name(c, c->channels[i].ends[1]),
		       c->channels[i].console ? " (console)" : "");
	for (i = 0; i < c->ndoorbells; i++)
		printf("doorbell     %-12s %s -> %s\n", c->doorbells[i].name,
		       end_name(c, c->doorbells[i].sender),
		       end_name(c, c->doorbells[i].receiver));
}

int main(int argc, char **argv)
{
	static struct tess_config cfg;
	struct opts o = { .core = CORE_E500MC };
	struct config_ops ops = { image_size, report, &o, 0 };
	struct hw_desc hw;
	void *blob, *hw_blob;
	int r;

	parse_args(argc, argv, &o);
	ops.flags = o.flags;
	blob = read_file(o.cfg_path);
	hw_blob = o.hw_path ? read_file(o.hw_path) : blob;
	if (config_hw_from_fdt(hw_blob, &hw) != 0) {
		fprintf(stderr, "config: hardware: %s: no usable memory node "
			"or not a device tree blob\n",
			o.hw_path ? o.hw_path : o.cfg_path);
		return 2;
	}
	if (o.hv_reserved_given)
		hw.hv_reserved = o.hv_reserved;
	r = config_parse(blob, &hw, o.core, &ops, &cfg);
	if (r < 0)
		return 2;
	print_table(&cfg);
	if (o.ipc)
		print_ipc(&cfg);
	return cfg.nrefused || cfg.nerrors ? 1 : 0;
}
