/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests for the config parser (hv/config*.c): trees are built in
 * memory with libfdt's sequential-write API, hardware included, and parsed
 * with config_parse() as the hypervisor does at boot.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "hv/config.h"

#define MiB 0x100000ull

/* phandles of the hardware nodes in every test tree */
enum { PH_SERIAL0 = 1, PH_SERIAL1, PH_I2C, PH_MPIC, PH_P0 = 0x20 };

static char blob[32768];
static struct tess_config cfg;
static struct hw_desc hw;

/* --- report and image-size callbacks --- */

struct record {
	int count;
	char part[32], prop[32], msg[CONFIG_MSG_LEN];
	char log[4096]; /* every report, "part: prop: msg\n" */
	long image_size; /* what the image-size callback answers */
};
static struct record rec;

static void report(void *ctx, const char *part, const char *prop,
		   const char *msg)
{
	struct record *r = ctx;

	r->count++;
	snprintf(r->part, sizeof(r->part), "%s", part);
	snprintf(r->prop, sizeof(r->prop), "%s", prop);
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
	snprintf(r->log + strlen(r->log), sizeof(r->log) - strlen(r->log),
		 "%s: %s: %s\n", part, prop, msg);
}

static long image_size(void *ctx, const char *name)
{
	struct record *r = ctx;

	(void)name;
	return r->image_size;
}

static struct config_ops ops = { image_size, report, &rec, 0 };

/* --- tree building --- */

#define OK(x) assert_int_equal((x), 0)

static void prop_u64(const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);

	OK(fdt_property(blob, name, &be, sizeof(be)));
}

static void prop_cells(const char *name, const uint32_t *v, int n)
{
	fdt32_t be[8];
	int i;

	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	OK(fdt_property(blob, name, be, n * 4));
}

static void hw_node(const char *name, uint32_t ph, const char *compat)
{
	OK(fdt_begin_node(blob, name));
	OK(fdt_property_string(blob, "compatible", compat));
	OK(fdt_property_u32(blob, "phandle", ph));
	OK(fdt_end_node(blob));
}

static void hardware(void)
{
	const uint32_t mem[] = { 0, 0, 0, 512 * MiB };
	int i;

	OK(fdt_property_u32(blob, "#address-cells", 2));
	OK(fdt_property_u32(blob, "#size-cells", 2));
	OK(fdt_begin_node(blob, "memory"));
	OK(fdt_property_string(blob, "device_type", "memory"));
	prop_cells("reg", mem, 4);
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "cpus"));
	for (i = 0; i < 2; i++) {
		OK(fdt_begin_node(blob, i ? "cpu@1" : "cpu@0"));
		OK(fdt_property_string(blob, "device_type", "cpu"));
		OK(fdt_property_u32(blob, "reg", i));
		OK(fdt_end_node(blob));
	}
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "soc@fe0000000"));
	hw_node("serial@4500", PH_SERIAL0, "ns16550");
	hw_node("serial@4600", PH_SERIAL1, "ns16550");
	hw_node("i2c@3000", PH_I2C, "fsl-i2c");
	hw_node("pic@40000", PH_MPIC, "fsl,mpic");
	OK(fdt_end_node(blob));
}

/* Root, hardware, /hypervisor (console serial0, keeps the MPIC), and an
 * open /partitions node. */
static void begin(void)
{
	OK(fdt_create(blob, sizeof(blob)));
	OK(fdt_finish_reservemap(blob));
	OK(fdt_begin_node(blob, ""));
	hardware();
	OK(fdt_begin_node(blob, "hypervisor"));
	OK(fdt_property_string(blob, "compatible",
			       "tessera,hypervisor-config"));
	OK(fdt_property_u32(blob, "console", PH_SERIAL0));
	OK(fdt_property_u32(blob, "devices", PH_MPIC));
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "partitions"));
}

/* A valid epapr/206 partition on @cpu with @size bytes; the caller adds
 * properties then calls part_end(). */
static void part(const char *name, uint32_t cpu, uint64_t size)
{
	const uint32_t mem[] = { 0, 0, (uint32_t)(size >> 32),
				 (uint32_t)size };

	OK(fdt_begin_node(blob, name));
	OK(fdt_property_string(blob, "compatible", "tessera,partition"));
	OK(fdt_property_u32(blob, "cpus", cpu));
	prop_cells("memory", mem, 4);
	OK(fdt_property_string(blob, "platform", "epapr"));
	OK(fdt_property_u32(blob, "guest-arch", 206));
	OK(fdt_property_string(blob, "image", "hello"));
}

static void part_end(void)
{
	OK(fdt_end_node(blob));
}

static int finish_and_parse(enum host_core host)
{
	OK(fdt_end_node(blob)); /* partitions */
	OK(fdt_end_node(blob)); /* root */
	OK(fdt_finish(blob));
	OK(config_hw_from_fdt(blob, &hw));
	return config_parse(blob, &hw, host, &ops, &cfg);
}

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.image_size = -ENOENT;
	ops.flags = 0;
	return 0;
}

/* --- tests --- */

static void test_hw_from_fdt(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(hw.ram_base, 0);
	assert_int_equal(hw.ram_size, 512 * MiB);
	assert_int_equal(hw.ncpus, 2);
	assert_int_equal(hw.hv_reserved, CONFIG_DEFAULT_HV_RESERVED);
	assert_int_equal(cfg.nparts, 1);
	assert_int_equal(cfg.nrefused, 0);
	assert_int_equal(rec.count, 0);
	assert_string_equal(cfg.hv_console.path, "/soc@fe0000000/serial@4500");
}

static void test_placement(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	part_end();
	part("p1", 1, 20 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(cfg.nrefused, 0);
	assert_false(cfg.parts[0].phys_given);
	assert_int_equal(cfg.parts[0].phys_base, 64 * MiB);
	assert_int_equal(cfg.parts[1].phys_base, 128 * MiB);
}

static void test_placement_small_reservation(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 4 * MiB);
	part_end();
	OK(fdt_end_node(blob));
	OK(fdt_end_node(blob));
	OK(fdt_finish(blob));
	OK(config_hw_from_fdt(blob, &hw));
	hw.hv_reserved = 24 * MiB; /* rounded up to the 16 MiB boundary */
	hw.fdt = NULL;             /* the config tree doubles as hardware */
	assert_int_equal(config_parse(blob, &hw, CORE_E500MC, &ops, &cfg), 0);
	assert_int_equal(cfg.parts[0].phys_base, 32 * MiB);
}

static void test_placement_avoids_given(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	part_end();
	part("p1", 1, 16 * MiB);
	prop_u64("phys-addr", 80 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(cfg.nrefused, 0);
	/* 64 MiB at 64 MiB would hit p1's 80..96 MiB: p0 goes above it. */
	assert_int_equal(cfg.parts[0].phys_base, 96 * MiB);
	assert_int_equal(cfg.parts[1].phys_base, 80 * MiB);
}

static void test_overlap_refuses_later(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	prop_u64("phys-addr", 128 * MiB);
	part_end();
	part("p1", 1, 64 * MiB);
	prop_u64("phys-addr", 160 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_false(cfg.parts[0].refused);
	assert_true(cfg.parts[1].refused);
	assert_int_equal(cfg.nrefused, 1);
	assert_string_equal(rec.part, "p1");
	assert_string_equal(rec.prop, "phys-addr");
	assert_string_equal(rec.msg, "0xa000000-0xdffffff overlaps partition "
			    "p0 (0x8000000-0xbffffff)");
	assert_string_equal(cfg.parts[1].reason,
			    "phys-addr: 0xa000000-0xdffffff overlaps "
			    "partition p0 (0x8000000-0xbffffff)");
}

static void test_outside_ram(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	prop_u64("phys-addr", 480 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_true(cfg.parts[0].refused);
	assert_non_null(strstr(rec.msg, "is outside RAM (0x0-0x1fffffff)"));
}

static void test_no_room(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 256 * MiB);
	part_end();
	part("p1", 1, 256 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_false(cfg.parts[0].refused);
	assert_true(cfg.parts[1].refused);
	assert_string_equal(rec.prop, "memory");
	assert_non_null(strstr(rec.msg, "no free RAM for 0x10000000 bytes"));
}

static void test_cpu_twice(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	part_end();
	part("p1", 0, 16 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_false(cfg.parts[0].refused);
	assert_true(cfg.parts[1].refused);
	assert_string_equal(rec.prop, "cpus");
	assert_string_equal(rec.msg, "cpu 0 already belongs to partition p0");
}

static void test_cpu_missing(void **state)
{
	(void)state;
	begin();
	part("p0", 5, 16 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_true(cfg.parts[0].refused);
	assert_string_equal(rec.msg, "cpu 5 does not exist (the hardware "
			    "has 2)");
}

static void test_refused_holds_nothing(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	OK(fdt_property_string(blob, "restart-policy", "sometimes"));
	part_end();
	part("p1", 0, 16 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_true(cfg.parts[0].refused);
	assert_false(cfg.parts[1].refused);
	assert_int_equal(cfg.parts[1].phys_base, 64 * MiB);
}

static void test_device_twice(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	OK(fdt_property_u32(blob, "devices", PH_I2C));
	part_end();
	part("p1", 1, 16 * MiB);
	OK(fdt_property_u32(blob, "devices", PH_I2C));
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(cfg.parts[0].ndevices, 1);
	assert_string_equal(cfg.parts[0].devices[0].path,
			    "/soc@fe0000000/i2c@3000");
	assert_true(cfg.parts[0].devices[0].hw_offset > 0);
	assert_true(cfg.parts[1].refused);
	assert_string_equal(rec.msg, "device /soc@fe0000000/i2c@3000 already "
			    "belongs to partition p0");
}

static void test_hv_devices_reserved(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	OK(fdt_property_u32(blob, "devices", PH_MPIC));
	part_end();
	part("p1", 1, 16 * MiB);
	OK(fdt_property_u32(blob, "console", PH_SERIAL0));
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_true(cfg.parts[0].refused);
	assert_string_equal(cfg.parts[0].reason, "devices: /soc@fe0000000/"
			    "pic@40000 belongs to the hypervisor");
	assert_true(cfg.parts[1].refused);
	assert_string_equal(cfg.parts[1].reason, "console: /soc@fe0000000/"
			    "serial@4500 belongs to the hypervisor");
}

static void test_image_size(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 1 * MiB);
	part_end();
	rec.image_size = 2 * MiB;
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_true(cfg.parts[0].refused);
	assert_string_equal(rec.prop, "image");
	assert_string_equal(rec.msg, "\"hello\" (2097152 bytes) is larger "
			    "than its memory (1048576 bytes from the load "
			    "address)");
}

static void test_image_unknown(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 1 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_false(cfg.parts[0].refused); /* host: size not checked */
	assert_int_equal(cfg.parts[0].image_size, -1);
	ops.flags = CONFIG_F_IMAGES_REQUIRED; /* boot: must exist */
	assert_int_equal(config_parse(blob, &hw, CORE_E500MC, &ops, &cfg), 0);
	assert_true(cfg.parts[0].refused);
	assert_string_equal(cfg.parts[0].reason,
			    "image: no image \"hello\" was supplied");
}

static void test_platform_refused(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	part_end();
	part("p1", 1, 16 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500V2), 0);
	/* guest-arch 206 needs a classic FPU: refused on e500v2 */
	assert_true(cfg.parts[0].refused);
	assert_true(cfg.parts[1].refused);
	assert_string_equal(rec.prop, "guest-arch");
	assert_non_null(strstr(rec.msg, "FPU"));
	assert_non_null(strstr(rec.msg, "(epapr, guest-arch 206/32 on "
			       "e500v2)"));
	assert_int_equal(config_parse(blob, &hw, CORE_E500MC, &ops, &cfg), 0);
	assert_int_equal(cfg.nrefused, 0);
}

static void test_fields(void **state)
{
	const uint32_t cpus[] = { 1, 0 };

	(void)state;
	begin();
	OK(fdt_begin_node(blob, "p0"));
	OK(fdt_property_string(blob, "compatible", "tessera,partition"));
	OK(fdt_property_u32(blob, "phandle", PH_P0));
	OK(fdt_property_string(blob, "label", "linux"));
	prop_cells("cpus", cpus, 2);
	prop_cells("memory", (const uint32_t[]){ 0, 0x1000000, 0,
						  0x4000000 }, 4);
	OK(fdt_property_string(blob, "platform", "epapr"));
	OK(fdt_property_u32(blob, "guest-arch", 206));
	OK(fdt_property_u32(blob, "guest-width", 64));
	OK(fdt_property(blob, "cross-arch", NULL, 0));
	OK(fdt_property_string(blob, "image", "vmlinux"));
	OK(fdt_property_string(blob, "image-type", "uimage"));
	prop_u64("load-addr", 0x1000000);
	prop_u64("entry", 0x1000100);
	OK(fdt_property_string(blob, "guest-dts", "linux-dtb"));
	OK(fdt_property(blob, "guest-compatible", "fsl,P4080DS-hv\0fsl,qemu-e500", 29));
	OK(fdt_property_u32(blob, "console", PH_SERIAL1));
	OK(fdt_property_string(blob, "bootargs", "console=ttyS0"));
	OK(fdt_property_string(blob, "restart-policy", "restart"));
	part_end();
	part("p1", 1 + 1, 16 * MiB); /* refused (cpu 2), still indexable */
	OK(fdt_property_string(blob, "console", "hv-console"));
	part_end();
	assert_int_equal(finish_and_parse(CORE_E5500), 0);
	const struct config_partition *p = &cfg.parts[0];

	assert_false(p->refused);
	assert_string_equal(p->name, "linux");
	assert_string_equal(p->node, "p0");
	assert_int_equal(p->ncpus, 2);
	assert_int_equal(p->cpus[0], 1);
	assert_int_equal(p->cpu_mask, 3);
	assert_int_equal(p->guest_base, 0x1000000);
	assert_int_equal(p->mem_size, 0x4000000);
	assert_int_equal(p->req.platform, PLATFORM_EPAPR);
	assert_int_equal(p->req.width, 64);
	assert_int_equal(p->req.flags, PLATFORM_FLAG_CROSS_ARCH);
	assert_string_equal(p->image, "vmlinux");
	assert_int_equal(p->image_type, CONFIG_IMAGE_UIMAGE);
	assert_true(p->has_load_addr && p->has_entry);
	assert_int_equal(p->entry, 0x1000100);
	assert_string_equal(p->guest_dts, "linux-dtb");
	assert_int_equal(p->guest_compat_len, 29);
	assert_memory_equal(p->guest_compat, "fsl,P4080DS-hv\0fsl,qemu-e500", 29);
	assert_int_equal(p->console, CONFIG_CONSOLE_UART);
	assert_string_equal(p->console_dev.path, "/soc@fe0000000/serial@4600");
	assert_string_equal(p->bootargs, "console=ttyS0");
	assert_int_equal(p->restart, CONFIG_RESTART_RESTART);
	assert_int_equal(cfg.parts[1].console, CONFIG_CONSOLE_HV);
}

static void test_manages(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	OK(fdt_property_u32(blob, "manages", PH_P0 + 1));
	part_end();
	part("p1", 1, 16 * MiB);
	OK(fdt_property_u32(blob, "phandle", PH_P0 + 1));
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(cfg.nrefused, 0);
	assert_int_equal(cfg.parts[0].manages, 1u << 1);
	assert_false(cfg.parts[0].manager);
}

static void test_malformed(void **state)
{
	(void)state;
	begin();
	part("p0", 0, 16 * MiB);
	OK(fdt_property_u32(blob, "image-type", 1));
	part_end();
	part("p1", 1, 16 * MiB);
	OK(fdt_property_string(blob, "bogus", "x"));
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_string_equal(cfg.parts[0].reason,
			    "image-type: must be a single non-empty string");
	assert_string_equal(cfg.parts[1].reason, "bogus: unknown property");
}

/* guest-compatible: a string list, NUL-terminated, printable, no empty
 * entry, at most 96 bytes. */
static void test_guest_compat_malformed(void **state)
{
	static char big[100];
	static const struct { const char *val; int len; } bad[] = {
		{ "fsl,x", 5 },     /* no final NUL */
		{ "a\0\0b", 5 },    /* an empty entry */
		{ big, sizeof(big) }, /* too long */
		{ "a\tb", 4 },      /* not printable */
	};
	size_t i;

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		begin();
		part("p0", 0, 16 * MiB);
		OK(fdt_property(blob, "guest-compatible", bad[i].val, bad[i].len));
		part_end();
		assert_int_equal(finish_and_parse(CORE_E500MC), 0);
		assert_string_equal(cfg.parts[0].reason, "guest-compatible: must be a list of "
				    "non-empty strings, at most 96 bytes in all");
	}
}

static void test_too_many(void **state)
{
	char name[16];
	int i;

	(void)state;
	begin();
	for (i = 0; i < CONFIG_MAX_PARTITIONS + 1; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		part(name, 0, 4 * MiB);
		part_end();
	}
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	assert_int_equal(cfg.nparts, CONFIG_MAX_PARTITIONS);
	assert_int_equal(cfg.nrefused, CONFIG_MAX_PARTITIONS - 1);
	assert_non_null(strstr(rec.log, "p8: : too many partitions"));
	assert_non_null(strstr(rec.log, "p7: cpus: cpu 0 already belongs to "
			       "partition p0\n"));
}

static void test_unusable_trees(void **state)
{
	static const char junk[64] = "junk";

	(void)state;
	assert_int_equal(config_parse(junk, &hw, CORE_E500MC, &ops, &cfg),
			 -EINVAL);
	OK(fdt_create(blob, sizeof(blob)));
	OK(fdt_finish_reservemap(blob));
	OK(fdt_begin_node(blob, ""));
	hardware();
	OK(fdt_end_node(blob));
	OK(fdt_finish(blob));
	OK(config_hw_from_fdt(blob, &hw));
	assert_int_equal(config_parse(blob, &hw, CORE_E500MC, &ops, &cfg),
			 -EINVAL);
	assert_string_equal(rec.msg, "missing /hypervisor node");
	assert_int_equal(config_hw_from_fdt(junk, &hw), -EINVAL);
}

static void test_table_row(void **state)
{
	char line[256];

	(void)state;
	begin();
	part("p0", 0, 64 * MiB);
	OK(fdt_property_string(blob, "console", "byte-channel"));
	OK(fdt_property(blob, "manager", NULL, 0));
	part_end();
	part("p1", 1, 16 * MiB);
	part_end();
	assert_int_equal(finish_and_parse(CORE_E500MC), 0);
	config_format_row(&cfg.parts[0], line, sizeof(line));
	assert_string_equal(line, "p0          epapr    206/32  manager"
			    "            0       64M@0x4000000   "
			    "byte-channel  ok");
	assert_true(config_format_row(&cfg.parts[0], line, 8) == 7);
	assert_string_equal(line, "p0     ");
	assert_non_null(strstr(config_table_header(), "state"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hw_from_fdt, setup),
		cmocka_unit_test_setup(test_placement, setup),
		cmocka_unit_test_setup(test_placement_small_reservation, setup),
		cmocka_unit_test_setup(test_placement_avoids_given, setup),
		cmocka_unit_test_setup(test_overlap_refuses_later, setup),
		cmocka_unit_test_setup(test_outside_ram, setup),
		cmocka_unit_test_setup(test_no_room, setup),
		cmocka_unit_test_setup(test_cpu_twice, setup),
		cmocka_unit_test_setup(test_cpu_missing, setup),
		cmocka_unit_test_setup(test_refused_holds_nothing, setup),
		cmocka_unit_test_setup(test_device_twice, setup),
		cmocka_unit_test_setup(test_hv_devices_reserved, setup),
		cmocka_unit_test_setup(test_image_size, setup),
		cmocka_unit_test_setup(test_image_unknown, setup),
		cmocka_unit_test_setup(test_platform_refused, setup),
		cmocka_unit_test_setup(test_fields, setup),
		cmocka_unit_test_setup(test_manages, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_guest_compat_malformed, setup),
		cmocka_unit_test_setup(test_too_many, setup),
		cmocka_unit_test_setup(test_unusable_trees, setup),
		cmocka_unit_test_setup(test_table_row, setup),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
