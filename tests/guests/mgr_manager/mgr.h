/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The management test guest: hypercalls (the r0-magic sequence its tree's
 * hcall-instructions give), the checks it prints, and what its parts share.
 */
#ifndef MGR_H
#define MGR_H

#include <stdint.h>

#define TOKEN(vendor, nr) (((uint32_t)(vendor) << 16) | (nr))
#define FSL(nr) TOKEN(2, nr)
#define EPAPR(nr) TOKEN(1, nr)

/* Freescale calls (vendor 2) and Tessera's set-platform. */
enum {
	FH_ERR_GET_INFO = 1, FH_GET_DTPROP = 2, FH_SET_DTPROP = 3, FH_RESTART = 4,
	FH_GET_STATUS = 5, FH_START = 6, FH_STOP = 7, FH_MEMCPY = 8, FH_DMA_ENABLE = 9,
	FH_DMA_DISABLE = 10, FH_SEND_NMI = 11, FH_GET_MSIR = 12, FH_SYSTEM_RESET = 13,
	FH_GET_CORE_STATE = 14, FH_ENTER_NAP = 15, FH_EXIT_NAP = 16, FH_CLAIM_DEVICE = 17,
	FH_STOP_DMA = 18, FH_SET_PLATFORM = 64,
};

/* ePAPR calls used for the state-change interrupt. */
enum {
	EV_INT_SET_CONFIG = 4, EV_INT_SET_MASK = 6, EV_INT_IACK = 9, EV_INT_EOI = 10,
	EV_SET_TASK_PRIORITY = 12,
};

/* Status codes. */
enum {
	EV_SUCCESS = 0, EV_EPERM = 1, EV_ENOENT = 2, EV_EFAULT = 6, EV_EINVAL = 8,
	EV_INVALID_STATE = 11, EV_UNIMPLEMENTED = 12, EV_BUFFER_OVERFLOW = 13,
};

enum { ST_STOPPED = 0, ST_RUNNING = 1 };

#define SELF 0xffffffffu
#define MAILBOX 0x03000000u  /* in the target: mgr_target reads it */
#define MAILBOX_MAGIC 0x4d424f58u
#define STAMP (MAILBOX + 0x10000) /* in the target: when it started */
#define NMI_COUNT (STAMP + 4)     /* in the target: NMIs it took */

/* r[3]..r[11] in and out; r[11] is the token going in. */
struct regs {
	uint32_t r[12];
};

/** hcall() - make hypercall @token with @g's r3..r10; @g gets r3..r11 back.
 * Returns the status (r3). */
uint32_t hcall(uint32_t token, struct regs *g);
/** hc() - hypercall with up to four arguments; r4 back in *@r4 if non-NULL. */
uint32_t hc(uint32_t token, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t *r4);

/** check() - print "mgr: @what: ok" or "... FAIL" with @fmt details; counts failures. */
void check(int ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** expect() - check that status @got is @want. */
void expect(uint32_t got, uint32_t want, const char *what);

/** ms_to_tb() - milliseconds in timebase ticks. */
uint64_t ms_to_tb(uint32_t ms);
/** wait_status() - poll GET_STATUS of @h until @want, up to @ms. Returns 1 if reached. */
int wait_status(uint32_t h, uint32_t want, uint32_t ms);
/** target_stamp() - the target's start stamp, which it writes once it has
 * printed what it prints at start. Read it before starting the target. */
uint32_t target_stamp(void);
/** wait_started() - wait up to @ms for the stamp to differ from @before.
 * Returns 1 if it did. */
int wait_started(uint32_t before, uint32_t ms);
/** delay_ms() - nap @ms (FH_ENTER_NAP woken by the decrementer). */
void delay_ms(uint32_t ms);
/** nap_until_dec() - (nap.S) arm DEC with @ticks and FH_ENTER_NAP this
 * vCPU. Returns the status, or 0xffffffff when an interrupt came first
 * and the nap was skipped. */
uint32_t nap_until_dec(uint32_t ticks);
extern char nap_window[], nap_window_end[];
struct gframe;
/** nap_skip() - from an interrupt handler: leave the nap sequence if @f
 * interrupted it before its hypercall. */
void nap_skip(struct gframe *f);
/** peek_target() - one word of the target's memory, read with a memcpy. */
uint32_t peek_target(uint32_t gpa);

/** setprop() - FH_PARTITION_SET_DTPROP of @name at @path in partition @h's
 * tree. Returns the status. */
uint32_t setprop(uint32_t h, const char *path, const char *name, const void *val, uint32_t len);

/** checksum() - the sum both sides of the memcpy test print. */
uint32_t checksum(const uint8_t *p, uint32_t n);

struct mgr {
	void *fdt;
	uint32_t target;       /* the handle of the partition labelled "target" */
	int irq;               /* its state-change interrupt, -1 if unknown */
	int wdt_irq;           /* its watchdog interrupt, -1 if unknown */
	int irq_ok;            /* the hv-pic takes it */
	int epr;               /* the hv-pic has external proxy: vector in EPR */
	volatile uint32_t irqs, wdt_irqs, nmis, decs;
	uint32_t guest_arch;   /* this core's: 203 e500v2, 206 e500mc */
	uint32_t bad_arch, bad_verdict; /* a refused request and its verdict */
	uint64_t other;        /* bootargs other=ADDR: a third partition's memory */
	unsigned int fails;
};

extern struct mgr M;

/* The test groups (mem.c, life.c, vcpu.c). */
void test_memcpy(void);
void test_dtprop(void);
void test_life(void);
void test_platform(void);
void test_vcpus(void);
void test_misc(void);
void test_watchdog(void);
#endif
