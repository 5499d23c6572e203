/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the hc_* guest programs (this directory has no sources, so it
 * is not a program itself): ePAPR hypercalls through the instruction
 * sequence the guest tree's /hypervisor/hcall-instructions gives (patched
 * into a stub as Linux does), the handles under /hypervisor/handles, and
 * printing on a byte channel. Everything is static inline: include it
 * from one file per program.
 */
#ifndef HC_LIB_HCALL_H
#define HC_LIB_HCALL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include "guest.h"

#define HC_TOKEN(vendor, nr) (((uint32_t)(vendor) << 16) | (nr))
#define HC_EPAPR(nr) HC_TOKEN(1, nr)

enum {
	EV_BYTE_CHANNEL_SEND = 1, EV_BYTE_CHANNEL_RECEIVE = 2, EV_BYTE_CHANNEL_POLL = 3,
	EV_INT_SET_CONFIG = 4, EV_INT_SET_MASK = 6, EV_INT_IACK = 9, EV_INT_EOI = 10,
	EV_SET_TASK_PRIORITY = 12,
	EV_DOORBELL_SEND = 14, EV_MSGSND = 15, EV_IDLE = 16,
};

enum {
	EV_SUCCESS = 0, EV_EPERM = 1, EV_EAGAIN = 4, EV_ENODEV = 7, EV_EINVAL = 8,
	EV_UNIMPLEMENTED = 12,
};

/* r3..r10 in, and out again. */
struct hc_regs {
	uint32_t r[8];
};

/*
 * The hypercall stub: the tree's (at most 4) instructions, then blr. And
 * EV_IDLE as Linux's epapr_ev_idle does it: EE on, then the sequence; an
 * interrupt taken anywhere from the wrteei to the end of the sequence
 * returns to hc_idle_end (hc_idle_fixup()), so none is lost between the
 * caller's last look and the idle.
 */
__asm__(".pushsection .data\n"
	".balign 32\n"
	".globl hc_stub\n"
	"hc_stub:\n"
	"\tli 3,-1\n\tblr\n\tnop\n\tnop\n\tblr\n"
	".balign 32\n"
	".globl hc_idle, hc_idle_seq, hc_idle_end\n"
	"hc_idle:\n"
	"\twrteei 1\n"
	"\tlis 11,1\n"
	"\tori 11,11,16\n"
	"hc_idle_seq:\n"
	"\tnop\n\tnop\n\tnop\n\tnop\n"
	"hc_idle_end:\n"
	"\tblr\n"
	".popsection\n");
extern uint32_t hc_stub[5], hc_idle[], hc_idle_seq[4], hc_idle_end[];

/** hc_call() - hypercall @token with @a as r3..r10; @a gets r3..r10 back.
 * Returns r3, the EV_* status. */
static inline uint32_t hc_call(uint32_t token, struct hc_regs *a)
{
	register uint32_t r3 __asm__("3") = a->r[0];
	register uint32_t r4 __asm__("4") = a->r[1];
	register uint32_t r5 __asm__("5") = a->r[2];
	register uint32_t r6 __asm__("6") = a->r[3];
	register uint32_t r7 __asm__("7") = a->r[4];
	register uint32_t r8 __asm__("8") = a->r[5];
	register uint32_t r9 __asm__("9") = a->r[6];
	register uint32_t r10 __asm__("10") = a->r[7];
	register uint32_t r11 __asm__("11") = token;

	__asm__ volatile("bl hc_stub"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
			   "+r"(r9), "+r"(r10), "+r"(r11)
			 : : "0", "12", "ctr", "lr", "xer", "cr0", "cr1", "cr5", "cr6",
			   "cr7", "memory");
	a->r[0] = r3, a->r[1] = r4, a->r[2] = r5, a->r[3] = r6;
	a->r[4] = r7, a->r[5] = r8, a->r[6] = r9, a->r[7] = r10;
	return r3;
}

/** hc_call2() - a hypercall with r3, r4 in; *@o4 (if set) = r4 out. */
static inline uint32_t hc_call2(uint32_t nr, uint32_t a3, uint32_t a4, uint32_t *o4)
{
	struct hc_regs a = { { a3, a4 } };
	uint32_t st = hc_call(HC_EPAPR(nr), &a);

	if (o4)
		*o4 = a.r[1];
	return st;
}

/**
 * hc_init() - patch the stub with @fdt's /hypervisor/hcall-instructions.
 * Returns 0, or -1 when the tree has no usable sequence.
 */
static inline int hc_init(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/hypervisor"), len, i;
	const fdt32_t *insn = node >= 0 ? fdt_getprop(fdt, node, "hcall-instructions", &len)
					: NULL;

	if (!insn || len % 4 || len > 16)
		return -1;
	for (i = 0; i < 4; i++)
		hc_stub[i] = hc_idle_seq[i] = i < len / 4 ? fdt32_to_cpu(insn[i])
							  : 0x60000000u; /* nop */
	hc_stub[4] = 0x4e800020u; /* blr */
	for (i = 0; i < 5; i++)
		__asm__ volatile("dcbst 0,%0; sync; icbi 0,%0" : : "r"(&hc_stub[i]) : "memory");
	for (i = 0; i < 4; i++)
		__asm__ volatile("dcbst 0,%0; sync; icbi 0,%0" : : "r"(&hc_idle_seq[i]) : "memory");
	__asm__ volatile("sync; isync" ::: "memory");
	return 0;
}

/* --- byte channels ----------------------------------------------------- */

/** hc_send() - EV_BYTE_CHANNEL_SEND of @n (<= 16) bytes; *@sent = r4. */
static inline uint32_t hc_send(uint32_t h, const void *buf, uint32_t n, uint32_t *sent)
{
	struct hc_regs a = { { h, n } };
	uint8_t b[16] = { 0 };
	uint32_t st;
	int i;

	memcpy(b, buf, n < 16 ? n : 16);
	for (i = 0; i < 4; i++)
		a.r[2 + i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
			     (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	st = hc_call(HC_EPAPR(EV_BYTE_CHANNEL_SEND), &a);
	if (sent)
		*sent = a.r[1];
	return st;
}

/** hc_receive() - EV_BYTE_CHANNEL_RECEIVE of at most @max bytes into the
 * 16-byte @buf; *@got = r4. */
static inline uint32_t hc_receive(uint32_t h, void *buf, uint32_t max, uint32_t *got)
{
	struct hc_regs a = { { h, max } };
	uint8_t *b = buf;
	uint32_t st = hc_call(HC_EPAPR(EV_BYTE_CHANNEL_RECEIVE), &a);
	int i;

	for (i = 0; i < 16; i++)
		b[i] = (uint8_t)(a.r[2 + i / 4] >> (24 - 8 * (i % 4)));
	if (got)
		*got = a.r[1];
	return st;
}

/** hc_poll() - EV_BYTE_CHANNEL_POLL: *@rx waiting, *@tx room. */
static inline uint32_t hc_poll(uint32_t h, uint32_t *rx, uint32_t *tx)
{
	struct hc_regs a = { { h } };
	uint32_t st = hc_call(HC_EPAPR(EV_BYTE_CHANNEL_POLL), &a);

	*rx = a.r[1];
	*tx = a.r[2];
	return st;
}

/** hc_write() - all of @buf to channel @h, retrying while it is full.
 * Returns 0 or the first other EV_* status. */
static inline uint32_t hc_write(uint32_t h, const void *buf, uint32_t n)
{
	const uint8_t *p = buf;
	uint32_t sent, st;

	while (n) {
		st = hc_send(h, p, n < 16 ? n : 16, &sent);
		if (st == EV_EAGAIN)
			continue;
		if (st)
			return st;
		p += sent;
		n -= sent;
	}
	return 0;
}

static uint32_t hc_console = 0xffffffffu; /* set by hc_find_console() */

/** hc_printf() - printf on the console byte channel. */
static inline __attribute__((format(printf, 1, 2))) void hc_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		hc_write(hc_console, buf, (uint32_t)n);
}

/* --- the handles in the tree ------------------------------------------- */

struct hc_handle {
	uint32_t handle;
	uint32_t irq[2];
	int nirq;
	uint32_t parent; /* interrupt-parent phandle */
};

/**
 * hc_find() - the @nth (from 0) node under /hypervisor/handles with
 * compatible @compat and label @label. Returns 0 and fills @h, or -1.
 */
static inline int hc_find(const void *fdt, const char *compat, const char *label, int nth,
			  struct hc_handle *h)
{
	int hs = fdt_path_offset(fdt, "/hypervisor/handles"), node, len;

	if (hs < 0)
		return -1;
	fdt_for_each_subnode(node, fdt, hs) {
		const char *l = fdt_getprop(fdt, node, "label", NULL);
		const fdt32_t *v = fdt_getprop(fdt, node, "hv-handle", NULL);
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
		const fdt32_t *ip = fdt_getprop(fdt, node, "interrupt-parent", NULL);

		if (fdt_node_check_compatible(fdt, node, compat) || !l || strcmp(l, label) ||
		    !v || nth--)
			continue;
		memset(h, 0, sizeof(*h));
		h->handle = fdt32_to_cpu(*v);
		h->nirq = irq ? len / 8 : 0;
		h->irq[0] = h->nirq > 0 ? fdt32_to_cpu(irq[0]) : 0;
		h->irq[1] = h->nirq > 1 ? fdt32_to_cpu(irq[2]) : 0;
		h->parent = ip ? fdt32_to_cpu(*ip) : 0;
		return 0;
	}
	return -1;
}

/** hc_find_console() - hc_console := the hv-handle of the stdout-path
 * node, if that is a byte channel. Returns 0 or -1. */
static inline int hc_find_console(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	const fdt32_t *v;

	node = path ? fdt_path_offset(fdt, path) : -1;
	if (node < 0 || fdt_node_check_compatible(fdt, node, "epapr,hv-byte-channel"))
		return -1;
	v = fdt_getprop(fdt, node, "hv-handle", NULL);
	if (!v)
		return -1;
	hc_console = fdt32_to_cpu(*v);
	return 0;
}

/* --- interrupts ---------------------------------------------------------- */

#define HC_SPURIOUS 0xffffu

static int hc_epr; /* the hv-pic has external proxy: the vector is in EPR */

/** hc_pic_init() - note whether @fdt's hv-pic has has-external-proxy. */
static inline void hc_pic_init(const void *fdt)
{
	int pic = fdt_node_offset_by_compatible(fdt, -1, "epapr,hv-pic");

	hc_epr = pic >= 0 && fdt_getprop(fdt, pic, "has-external-proxy", NULL);
}

/**
 * hc_ext_irq() - for an external interrupt: call @fn with each vector to
 * handle (EPR's in external-proxy mode, else every one EV_INT_IACK gives)
 * and end it with EV_INT_EOI.
 */
static inline void hc_ext_irq(void (*fn)(uint32_t vec))
{
	uint32_t vec;

	if (hc_epr) {
		__asm__ volatile("mfspr %0,702" : "=r"(vec));
		fn(vec);
		hc_call2(EV_INT_EOI, vec, 0, NULL);
		return;
	}
	while (!hc_call2(EV_INT_IACK, 0, 0, &vec) && vec != HC_SPURIOUS) {
		fn(vec);
		hc_call2(EV_INT_EOI, vec, 0, NULL);
	}
}

/** hc_irq_on() - configure virtual interrupt @irq (edge, priority 8, vCPU 0),
 * unmask it and accept every priority. Returns the first non-zero EV_*
 * status, or 0. */
static inline uint32_t hc_irq_on(uint32_t irq)
{
	struct hc_regs a = { { irq, 0, 8, 0 } };
	uint32_t st = hc_call(HC_EPAPR(EV_INT_SET_CONFIG), &a);

	st = st ? st : hc_call2(EV_INT_SET_MASK, irq, 0, NULL);
	return st ? st : hc_call2(EV_SET_TASK_PRIORITY, 0, 0, NULL);
}

/** hc_idle_fixup() - from an interrupt handler: an interrupt inside the
 * idle window returns past it. */
static inline void hc_idle_fixup(struct gframe *f)
{
	if (f->srr0 >= (uint32_t)hc_idle && f->srr0 < (uint32_t)hc_idle_end)
		f->srr0 = (uint32_t)hc_idle_end;
}

/**
 * hc_sleep_until() - EV_IDLE until *@flag is non-zero. Needs interrupts
 * that will set it (and a handler calling hc_idle_fixup()); leaves EE on.
 */
static inline void hc_sleep_until(volatile int *flag)
{
	for (;;) {
		__asm__ volatile("wrteei 0" ::: "memory");
		if (*flag)
			break;
		__asm__ volatile("bl hc_idle"
				 : : : "0", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
				   "ctr", "lr", "xer", "cr0", "memory");
	}
	__asm__ volatile("wrteei 1" ::: "memory");
}

/** hc_wait() - spin until *@flag is non-zero or @ms milliseconds pass.
 * Returns 1 when the flag came up. */
static inline int hc_wait(volatile int *flag, unsigned int ms)
{
	uint64_t end = guest_timebase() + (uint64_t)ms * 400000u;

	while (!*flag && guest_timebase() < end)
		;
	return *flag != 0;
}
#endif
