/* SPDX-License-Identifier: BSD-2-Clause */
/* FH_PARTITION_MEMCPY and the device-tree property calls. */
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "mgr.h"

#define PAYLOAD 4096u
#define CCSR_HI 0xfu         /* 0xF_E000_0000: the hypervisor's CCSR */
#define CCSR_LO 0xe0000000u
#define SPIN_LO 0xef000000u  /* 0xF_EF00_0000: the spin table, emulated */
#define BEYOND 0x07000000u   /* past a 64 MiB partition's RAM */

struct sg {
	uint64_t source, target, size, reserved;
} __attribute__((aligned(32)));

static uint8_t out[16 + PAYLOAD] __attribute__((aligned(32)));
static uint8_t back[PAYLOAD] __attribute__((aligned(32)));
static struct sg sg[4];
static char text[256];

static uint32_t memcpy_hc(uint32_t src, uint32_t dst, uint32_t list_hi, uint32_t list_lo,
			  uint32_t count)
{
	struct regs g = { .r = { [3] = src, [4] = dst, [5] = list_lo, [6] = list_hi,
				 [7] = count } };

	return hcall(FSL(FH_MEMCPY), &g);
}

static void set_sg(unsigned int i, uint64_t from, uint64_t to, uint64_t size)
{
	sg[i].source = from;
	sg[i].target = to;
	sg[i].size = size;
	sg[i].reserved = 0;
}

uint32_t peek_target(uint32_t gpa)
{
	uint32_t word = 0xffffffffu;
	struct sg one = { gpa, (uint32_t)&word, 4, 0 };

	memcpy_hc(M.target, SELF, 0, (uint32_t)&one, 1);
	return word;
}

static void memcpy_data(void)
{
	uint32_t seed = 12345, i, sum, *hdr = (uint32_t *)out;
	uint64_t end;

	for (i = 0; i < PAYLOAD; i++) {
		seed = seed * 1103515245u + 12345u;
		out[16 + i] = (uint8_t)(seed >> 16);
	}
	sum = checksum(out + 16, PAYLOAD);
	hdr[0] = MAILBOX_MAGIC, hdr[1] = PAYLOAD, hdr[2] = 0, hdr[3] = 0;
	/* The payload first, the header that announces it last. */
	set_sg(0, (uint32_t)(out + 16), MAILBOX + 16, PAYLOAD);
	set_sg(1, (uint32_t)out, MAILBOX, 16);
	expect(memcpy_hc(SELF, M.target, 0, (uint32_t)sg, 2), EV_SUCCESS, "memcpy to the target");
	printf("mgr: memcpy sent %u bytes, checksum 0x%08lx\n", PAYLOAD, (unsigned long)sum);
	set_sg(0, MAILBOX + 16, (uint32_t)back, PAYLOAD);
	expect(memcpy_hc(M.target, SELF, 0, (uint32_t)sg, 1), EV_SUCCESS, "memcpy from the target");
	check(checksum(back, PAYLOAD) == sum && !memcmp(back, out + 16, PAYLOAD),
	      "memcpy round trip", "checksum 0x%08lx", (unsigned long)checksum(back, PAYLOAD));
	end = guest_timebase() + ms_to_tb(2000);
	while (peek_target(MAILBOX) == MAILBOX_MAGIC && guest_timebase() < end)
		delay_ms(2);
	check(peek_target(MAILBOX) == 0, "the target took the mailbox", NULL);
}

/* Entry 0 is good, entry 1 is @what: the call fails and copies nothing. */
static void memcpy_refused(uint64_t from, uint64_t to, uint32_t want, const char *what)
{
	uint32_t marker = 0x600dd00du;

	set_sg(0, (uint32_t)&marker, MAILBOX + 8, 4);
	set_sg(1, from, to, 16);
	expect(memcpy_hc(SELF, M.target, 0, (uint32_t)sg, 2), want, what);
	check(peek_target(MAILBOX + 8) != marker, "  ... and nothing was copied", NULL);
}

static void memcpy_bounds(void)
{
	uint64_t ccsr = ((uint64_t)CCSR_HI << 32) | CCSR_LO;

	memcpy_refused((uint32_t)out, 0x04000000u - 8, EV_EFAULT,
		       "memcpy past the end of the target's RAM");
	memcpy_refused((uint32_t)out, ccsr, EV_EFAULT, "memcpy into the hypervisor's CCSR");
	memcpy_refused(((uint64_t)CCSR_HI << 32) | SPIN_LO, MAILBOX, EV_EFAULT,
		       "memcpy from the hypervisor's spin table");
	memcpy_refused(BEYOND, MAILBOX, EV_EFAULT, "memcpy from past the caller's RAM");
	if (M.other) {
		memcpy_refused((uint32_t)out, M.other, EV_EFAULT,
			       "memcpy into a third partition's memory");
		memcpy_refused(M.other, MAILBOX, EV_EFAULT,
			       "memcpy from a third partition's memory");
	}
	set_sg(0, (uint32_t)out, MAILBOX + 16, 16);
	sg[0].reserved = 1;
	expect(memcpy_hc(SELF, M.target, 0, (uint32_t)sg, 1), EV_EINVAL,
	       "memcpy with a reserved field set");
	set_sg(0, (uint32_t)out, MAILBOX + 16, 16);
	expect(memcpy_hc(SELF, M.target, 0, BEYOND, 1), EV_EFAULT,
	       "memcpy list past the caller's RAM");
	expect(memcpy_hc(SELF, M.target, CCSR_HI, CCSR_LO, 1), EV_EFAULT,
	       "memcpy list in the hypervisor");
	expect(memcpy_hc(77, SELF, 0, (uint32_t)sg, 1), EV_EINVAL, "memcpy from a bad handle");
	expect(memcpy_hc(SELF, M.target, 0, (uint32_t)sg, 1025), EV_EINVAL,
	       "memcpy of 1025 entries");
	set_sg(0, (uint32_t)out, (uint32_t)back, 16);
	expect(memcpy_hc(SELF, SELF, 0, (uint32_t)sg, 1), EV_SUCCESS, "memcpy within the caller");
}

void test_memcpy(void)
{
	memcpy_data();
	memcpy_bounds();
}

/* --- properties ------------------------------------------------------------ */

static uint32_t getprop(uint32_t h, const char *path, const char *name, void *buf,
			uint32_t room, uint32_t *len)
{
	struct regs g = { .r = { [3] = h, [5] = (uint32_t)path, [7] = (uint32_t)name,
				 [9] = (uint32_t)buf, [10] = room } };
	uint32_t st = hcall(FSL(FH_GET_DTPROP), &g);

	if (len)
		*len = g.r[4];
	return st;
}

uint32_t setprop(uint32_t h, const char *path, const char *name, const void *val, uint32_t len)
{
	struct regs g = { .r = { [3] = h, [5] = (uint32_t)path, [7] = (uint32_t)name,
				 [9] = (uint32_t)val, [10] = len } };

	return hcall(FSL(FH_SET_DTPROP), &g);
}

static void bootargs_is(const char *want, const char *what)
{
	uint32_t len = 0, st = getprop(M.target, "/chosen", "bootargs", text, sizeof(text), &len);

	check(st == EV_SUCCESS && len == strlen(want) + 1 && !strcmp(text, want), what,
	      "status %lu, '%s', %lu bytes", (unsigned long)st, st ? "" : text, (unsigned long)len);
}

static void dtprop_errors(void)
{
	struct regs g = { .r = { [3] = M.target, [4] = CCSR_HI, [5] = CCSR_LO,
				 [7] = (uint32_t)"bootargs", [9] = (uint32_t)text, [10] = 64 } };
	uint32_t len = 0;

	expect(getprop(M.target, "/chosen", "bootargs", text, 4, &len), EV_BUFFER_OVERFLOW,
	       "get-dtprop into a small buffer");
	check(len == strlen("managed") + 1, "  ... gives the size needed", "%lu", (unsigned long)len);
	expect(getprop(M.target, "/nope", "bootargs", text, 64, NULL), EV_ENOENT,
	       "get-dtprop of a missing node");
	expect(getprop(M.target, "/chosen", "nope", text, 64, NULL), EV_ENOENT,
	       "get-dtprop of a missing property");
	expect(hcall(FSL(FH_GET_DTPROP), &g), EV_EFAULT, "get-dtprop path in the hypervisor");
	expect(getprop(M.target, "/chosen", "bootargs", (void *)BEYOND, 64, NULL), EV_EFAULT,
	       "get-dtprop buffer past the caller's RAM");
	expect(getprop(99, "/chosen", "bootargs", text, 64, NULL), EV_EINVAL,
	       "get-dtprop of a bad handle");
	expect(setprop(M.target, "/nope", "x", "y", 2), EV_ENOENT, "set-dtprop on a missing node");
	expect(setprop(M.target, "/chosen", "x", (void *)BEYOND, 2), EV_EFAULT,
	       "set-dtprop value past the caller's RAM");
	expect(setprop(M.target, "/chosen", "x", text, 40000), EV_EINVAL,
	       "set-dtprop of 40000 bytes");
}

void test_dtprop(void)
{
	uint32_t len = 0, st, stamp;

	bootargs_is("managed", "get-dtprop /chosen bootargs");
	dtprop_errors();
	st = getprop(SELF, "/chosen", "bootargs", text, sizeof(text), &len);
	check(st == EV_SUCCESS && strstr(text, "role=manager"), "get-dtprop of the caller itself",
	      "'%s'", st ? "" : text);
	expect(setprop(M.target, "/chosen", "bootargs", "poweroff", 9), EV_SUCCESS,
	       "set-dtprop bootargs 'poweroff'");
	bootargs_is("poweroff", "get-dtprop sees it");
	expect(hc(FSL(FH_STOP), M.target, 0, 0, 0, NULL), EV_SUCCESS, "stop");
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS, "start with the new bootargs");
	check(wait_status(M.target, ST_STOPPED, 3000), "the target powered itself off", NULL);
	expect(setprop(M.target, "/chosen", "bootargs", "managed", 8), EV_SUCCESS,
	       "set-dtprop bootargs 'managed'");
	stamp = target_stamp();
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS, "start again");
	check(wait_status(M.target, ST_RUNNING, 2000) && wait_started(stamp, 3000),
	      "running again", NULL);
}
