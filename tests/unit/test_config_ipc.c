/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests for the byte-channel and doorbell part of the config
 * parser (config_parse_ipc() in hv/config.c): /byte-channels, /doorbells
 * and the channel a byte-channel console implies. Trees are built with
 * libfdt's sequential-write API, as in test_config.c.
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
#define OK(x) assert_int_equal((x), 0)

enum { PH_SERIAL0 = 1, PH_MPIC, PH_P0 = 0x20 }; /* partition i: PH_P0 + i */

static char blob[32768];
static struct tess_config cfg;
static struct hw_desc hw;
static char log_buf[8192]; /* every report, "part: prop: msg\n" */
static int nreports;

static void report(void *ctx, const char *part, const char *prop, const char *msg)
{
	(void)ctx;
	nreports++;
	snprintf(log_buf + strlen(log_buf), sizeof(log_buf) - strlen(log_buf),
		 "%s: %s: %s\n", part, prop, msg);
}

static struct config_ops ops = { NULL, report, NULL, 0 };

static void cells(const char *name, const uint32_t *v, int n)
{
	fdt32_t be[8];
	int i;

	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(v[i]);
	OK(fdt_property(blob, name, be, n * 4));
}

/* Root with 512 MiB, two CPUs, two UARTs and an MPIC; /hypervisor; and
 * /partitions open. */
static void begin(void)
{
	const uint32_t mem[] = { 0, 0, 0, 512 * MiB };
	int i;

	OK(fdt_create(blob, sizeof(blob)));
	OK(fdt_finish_reservemap(blob));
	OK(fdt_begin_node(blob, ""));
	OK(fdt_property_u32(blob, "#address-cells", 2));
	OK(fdt_property_u32(blob, "#size-cells", 2));
	OK(fdt_begin_node(blob, "memory"));
	OK(fdt_property_string(blob, "device_type", "memory"));
	cells("reg", mem, 4);
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "cpus"));
	for (i = 0; i < 2; i++) {
		OK(fdt_begin_node(blob, i ? "cpu@1" : "cpu@0"));
		OK(fdt_property_string(blob, "device_type", "cpu"));
		OK(fdt_property_u32(blob, "reg", i));
		OK(fdt_end_node(blob));
	}
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "serial@4500"));
	OK(fdt_property_string(blob, "compatible", "ns16550"));
	OK(fdt_property_u32(blob, "phandle", PH_SERIAL0));
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "hypervisor"));
	OK(fdt_property_string(blob, "compatible", "tessera,hypervisor-config"));
	OK(fdt_property_u32(blob, "console", PH_SERIAL0));
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, "partitions"));
}

/* Partition @i ("p<i>", phandle PH_P0 + i) on @platform, 16 MiB, on CPU
 * @i % 2 (partitions from 2 on are refused for a CPU already taken). */
static void part(int i, const char *platform, const char *console)
{
	const uint32_t mem[] = { 0, 0, 0, 16 * MiB };
	char name[8];

	snprintf(name, sizeof(name), "p%d", i);
	OK(fdt_begin_node(blob, name));
	OK(fdt_property_string(blob, "compatible", "tessera,partition"));
	OK(fdt_property_u32(blob, "phandle", PH_P0 + i));
	OK(fdt_property_u32(blob, "cpus", i % 2));
	cells("memory", mem, 4);
	OK(fdt_property_string(blob, "platform", platform));
	OK(fdt_property_u32(blob, "guest-arch", 206));
	OK(fdt_property_string(blob, "image", "hello"));
	if (console)
		OK(fdt_property_string(blob, "console", console));
	OK(fdt_end_node(blob));
}

/* Close /partitions and open /@name. */
static void section(const char *name)
{
	OK(fdt_end_node(blob));
	OK(fdt_begin_node(blob, name));
}

/* A channel (@n endpoints of partition indices @ends) or, with @hv, a
 * hypervisor-console channel. */
static void channel(const char *name, const int *ends, int n, int hv)
{
	uint32_t ph[4];
	int i;

	for (i = 0; i < n; i++)
		ph[i] = ends[i] < 0 ? 0x99 : PH_P0 + (uint32_t)ends[i];
	OK(fdt_begin_node(blob, name));
	cells("endpoints", ph, n);
	if (hv)
		OK(fdt_property(blob, "hv-console", NULL, 0));
	OK(fdt_end_node(blob));
}

static void doorbell(const char *name, int sender, int receiver)
{
	OK(fdt_begin_node(blob, name));
	if (sender >= 0)
		OK(fdt_property_u32(blob, "sender", PH_P0 + (uint32_t)sender));
	if (receiver >= 0)
		OK(fdt_property_u32(blob, "receiver", PH_P0 + (uint32_t)receiver));
	OK(fdt_end_node(blob));
}

static int finish_and_parse(void)
{
	OK(fdt_end_node(blob)); /* the open section */
	OK(fdt_end_node(blob)); /* root */
	OK(fdt_finish(blob));
	OK(config_hw_from_fdt(blob, &hw));
	return config_parse(blob, &hw, CORE_E500MC, &ops, &cfg);
}

static int setup(void **state)
{
	(void)state;
	log_buf[0] = '\0';
	nreports = 0;
	return 0;
}

static void expect_log(const char *line)
{
	if (!strstr(log_buf, line))
		fail_msg("missing \"%s\" in:\n%s", line, log_buf);
}

/* --- tests --- */

static void test_channels_and_doorbells(void **state)
{
	static const int data[] = { 0, 1 }, log[] = { 1 };

	(void)state;
	begin();
	part(0, "epapr", "byte-channel");
	part(1, "kvm", NULL);
	section("byte-channels");
	channel("data", data, 2, 0);
	channel("log", log, 1, 1);
	section("doorbells");
	doorbell("ring", 0, 1);
	doorbell("back", 1, 0);
	assert_int_equal(finish_and_parse(), 0);
	assert_int_equal(nreports, 0);
	assert_int_equal(cfg.nchannels, 3);
	assert_string_equal(cfg.channels[0].name, "console");
	assert_true(cfg.channels[0].console);
	assert_int_equal(cfg.channels[0].ends[0], 0);
	assert_int_equal(cfg.channels[0].ends[1], CONFIG_EP_HV);
	assert_string_equal(cfg.channels[1].name, "data");
	assert_false(cfg.channels[1].console);
	assert_int_equal(cfg.channels[1].ends[0], 0);
	assert_int_equal(cfg.channels[1].ends[1], 1);
	assert_string_equal(cfg.channels[2].name, "log");
	assert_int_equal(cfg.channels[2].ends[0], 1);
	assert_int_equal(cfg.channels[2].ends[1], CONFIG_EP_HV);
	assert_int_equal(cfg.ndoorbells, 2);
	assert_string_equal(cfg.doorbells[1].name, "back");
	assert_int_equal(cfg.doorbells[1].sender, 1);
	assert_int_equal(cfg.doorbells[1].receiver, 0);
	assert_ptr_equal(config_of(&cfg.parts[1]), &cfg);
	assert_int_equal(cfg.parts[1].index, 1);
}

static void test_channel_errors(void **state)
{
	static const int three[] = { 0, 0, 0 }, unknown[] = { 0, -1 }, none[] = { 1 },
			 one[] = { 0 }, two[] = { 0, 0 };

	(void)state;
	begin();
	part(0, "epapr", NULL);
	part(1, "none", NULL);
	section("byte-channels");
	channel("three", three, 3, 0);
	channel("empty", three, 0, 0);
	channel("unknown", unknown, 2, 0);
	channel("bare", none, 1, 1);
	channel("lonely", one, 1, 0);
	channel("crowded", two, 2, 1);
	channel("console", two, 2, 0);
	channel("ok", two, 2, 0);
	OK(fdt_begin_node(blob, "odd"));
	OK(fdt_property_u32(blob, "speed", 9600));
	OK(fdt_end_node(blob));
	section("doorbells");
	doorbell("ok", 0, 1);
	doorbell("deaf", 0, -1);
	assert_int_equal(finish_and_parse(), 0);
	expect_log("byte-channels/three: endpoints: must list 1 or 2 partition phandles\n");
	expect_log("byte-channels/empty: endpoints: must list 1 or 2 partition phandles\n");
	expect_log("byte-channels/unknown: endpoints: phandle 0x99 is not a partition\n");
	expect_log("byte-channels/bare: endpoints: partition p1 has platform none; byte "
		   "channels and doorbells need epapr or kvm\n");
	expect_log("byte-channels/lonely: endpoints: one endpoint needs hv-console (the "
		   "hypervisor console is the other end)\n");
	expect_log("byte-channels/crowded: hv-console: a hypervisor-console channel has "
		   "one partition endpoint\n");
	expect_log("byte-channels/console: : name \"console\" is reserved for partition "
		   "consoles\n");
	expect_log("byte-channels/odd: speed: unknown property\n");
	expect_log("byte-channels/odd: endpoints: missing (required)\n");
	expect_log("doorbells/ok: : name \"ok\" is used twice (unique across "
		   "/byte-channels and /doorbells)\n");
	expect_log("doorbells/deaf: receiver: missing (required)\n");
	assert_int_equal(cfg.nchannels, 1);
	assert_string_equal(cfg.channels[0].name, "ok");
	assert_int_equal(cfg.ndoorbells, 0);
	assert_int_equal(cfg.nerrors, (uint32_t)nreports);
	/* Every partition a bad node names is refused, the first problem
	 * being the reason; the problem is reported once, for the node. */
	assert_int_equal(cfg.nrefused, 2);
	assert_string_equal(cfg.parts[0].reason, "byte-channels/three: endpoints: must "
			    "list 1 or 2 partition phandles");
	assert_string_equal(cfg.parts[1].reason, "byte-channels/bare: endpoints: partition "
			    "p1 has platform none; byte channels and doorbells need epapr or kvm");
	assert_null(strstr(log_buf, "\np0: "));
}

static void test_doorbell_errors(void **state)
{
	(void)state;
	begin();
	part(0, "epapr", NULL);
	part(1, "none", NULL);
	section("doorbells");
	doorbell("to-bare", 0, 1);
	OK(fdt_begin_node(blob, "twice"));
	OK(fdt_property_u64(blob, "sender", ((uint64_t)PH_P0 << 32) | PH_P0));
	OK(fdt_property_u32(blob, "receiver", PH_P0));
	OK(fdt_property(blob, "loud", NULL, 0));
	OK(fdt_end_node(blob));
	doorbell("self", 0, 0);
	assert_int_equal(finish_and_parse(), 0);
	expect_log("doorbells/to-bare: receiver: partition p1 has platform none; byte "
		   "channels and doorbells need epapr or kvm\n");
	expect_log("doorbells/twice: sender: must be one partition phandle\n");
	expect_log("doorbells/twice: loud: unknown property\n");
	assert_int_equal(cfg.ndoorbells, 1);
	assert_true(cfg.parts[0].refused && cfg.parts[1].refused);
	assert_string_equal(cfg.doorbells[0].name, "self");
	assert_int_equal(cfg.doorbells[0].sender, 0);
	assert_int_equal(cfg.doorbells[0].receiver, 0);
}

/* A loopback channel takes two handles and four interrupts of its
 * partition: six fill its 24 interrupts. */
static void test_limits(void **state)
{
	static const int loop[] = { 0, 0 }, log[] = { 1 };
	char name[16];
	int i;

	(void)state;
	begin();
	part(0, "epapr", NULL);
	part(1, "epapr", NULL);
	section("byte-channels");
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "loop%d", i);
		channel(name, loop, 2, 0);
	}
	for (i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "log%d", i);
		channel(name, log, 1, 1);
	}
	assert_int_equal(finish_and_parse(), 0);
	expect_log("byte-channels/loop6: endpoints: partition p0 has no handle or "
		   "interrupt left (at most 24 of each for its byte channels and doorbells)\n");
	expect_log("byte-channels/log10: : too many byte channels (at most 16, console "
		   "channels included): ignored\n");
	assert_int_equal(cfg.nchannels, CONFIG_MAX_CHANNELS);
	assert_int_equal(nreports, 2);
	assert_int_equal(cfg.nrefused, 2);
}

/* An endpoint on a refused partition is kept (it never comes up); a
 * refused partition with a byte-channel console gets no console channel. */
static void test_refused_endpoint(void **state)
{
	static const int ends[] = { 0, 2 };

	(void)state;
	begin();
	part(0, "epapr", NULL);
	part(1, "epapr", NULL);
	part(2, "epapr", "byte-channel"); /* CPU 0 again: refused */
	section("byte-channels");
	channel("to-refused", ends, 2, 0);
	assert_int_equal(finish_and_parse(), 0);
	assert_true(cfg.parts[2].refused);
	assert_int_equal(nreports, 1);
	assert_int_equal(cfg.nchannels, 1);
	assert_string_equal(cfg.channels[0].name, "to-refused");
	assert_int_equal(cfg.channels[0].ends[1], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_channels_and_doorbells, setup),
		cmocka_unit_test_setup(test_channel_errors, setup),
		cmocka_unit_test_setup(test_doorbell_errors, setup),
		cmocka_unit_test_setup(test_limits, setup),
		cmocka_unit_test_setup(test_refused_endpoint, setup),
	};

	return cmocka_run_group_tests_name("config_ipc", tests, NULL, NULL);
}
