/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte channels, doorbells and EV_MSGSND from one epapr partition
 * (dts/epapr-hcall.dts): a loopback channel "loop" (both endpoints here),
 * a hypervisor-console channel "log" and a doorbell "self" to itself; the
 * report goes to the emulated UART (console "hv-console"). Every call's
 * success, every error code and bad handles; the rx, tx and doorbell
 * interrupts through the hv-pic when it answers. Prints one line per check
 * and "hc_bytechan: done, N failed", then idles: an epapr partition has
 * no power-off. Runs only inside a partition.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "../hc_lib/hcall.h"

#define NO_HANDLE 31u          /* PART_MAX_HANDLES - 1: never given here */

static int failed;
static struct hc_handle loop_a, loop_b, logc, db_send, db_recv;
static volatile int ext_count, dbell_count;
static volatile uint32_t last_vector;

static void check(const char *what, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(const char *what, int ok, const char *fmt, ...)
{
	va_list ap;

	printf("hc_bytechan: %s: %s", what, ok ? "ok" : "FAIL");
	if (!ok) {
		failed++;
		printf(" (");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")");
	}
	printf("\n");
}

static void ext_vector(uint32_t vec)
{
	last_vector = vec;
	ext_count++;
}

void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == 4) {
		hc_ext_irq(ext_vector);
		return;
	}
	if (ivor == 36) {
		dbell_count++;
		return;
	}
	printf("hc_bytechan: unexpected exception %d at %08lx\n", ivor, (unsigned long)f->srr0);
	failed++;
	f->srr0 += 4;
}

static void check_tree(const void *fdt)
{
	int hv = fdt_path_offset(fdt, "/hypervisor"), pic;
	const fdt32_t *ph, *cells;

	check("tree: /hypervisor", hv >= 0 &&
	      !fdt_node_check_compatible(fdt, hv, "epapr,hypervisor-1") &&
	      fdt_getprop(fdt, hv, "has-idle", NULL) &&
	      fdt_getprop(fdt, hv, "fsl,hv-version", NULL) &&
	      fdt_getprop(fdt, hv, "guest-id", NULL), "compatible, has-idle, fsl,hv-version, guest-id");
	check("tree: handles",
	      !hc_find(fdt, "epapr,hv-byte-channel", "loop", 0, &loop_a) &&
	      !hc_find(fdt, "epapr,hv-byte-channel", "loop", 1, &loop_b) &&
	      !hc_find(fdt, "epapr,hv-byte-channel", "log", 0, &logc) &&
	      !hc_find(fdt, "epapr,hv-send-doorbell", "self", 0, &db_send) &&
	      !hc_find(fdt, "epapr,hv-receive-doorbell", "self", 0, &db_recv),
	      "loop x2, log, self send/receive");
	pic = fdt_node_offset_by_compatible(fdt, -1, "epapr,hv-pic");
	ph = fdt_getprop(fdt, 0, "interrupt-parent", NULL);
	cells = pic >= 0 ? fdt_getprop(fdt, pic, "#interrupt-cells", NULL) : NULL;
	check("tree: hv-pic", pic >= 0 && fdt_getprop(fdt, pic, "interrupt-controller", NULL) &&
	      ph && fdt32_to_cpu(*ph) == fdt_get_phandle(fdt, pic) && cells &&
	      fdt32_to_cpu(*cells) == 2, "node %d", pic);
	check("tree: interrupts", loop_a.nirq == 2 && loop_b.nirq == 2 && logc.nirq == 2 &&
	      db_recv.nirq == 1 && db_send.nirq == 0 && pic >= 0 &&
	      loop_a.parent == fdt_get_phandle(fdt, pic) && loop_a.irq[0] >= 200 &&
	      loop_a.irq[1] != loop_a.irq[0] && loop_b.irq[0] != loop_a.irq[0],
	      "a %u/%u b %u/%u", (unsigned)loop_a.irq[0], (unsigned)loop_a.irq[1],
	      (unsigned)loop_b.irq[0], (unsigned)loop_b.irq[1]);
}

static void check_poll(const char *what, uint32_t h, uint32_t want_rx, uint32_t want_tx)
{
	uint32_t rx = 0, tx = 0, st = hc_poll(h, &rx, &tx);

	check(what, st == 0 && rx == want_rx && tx == want_tx, "status %u rx %u tx %u",
	      (unsigned)st, (unsigned)rx, (unsigned)tx);
}

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 7 + 3);
}

/* Send @n pattern bytes from @from, starting at byte @start. */
static uint32_t send_pattern(uint32_t from, uint32_t start, uint32_t n, uint32_t *sent)
{
	uint8_t b[16];
	uint32_t i;

	for (i = 0; i < n; i++)
		b[i] = pattern(start + i);
	return hc_send(from, b, n, sent);
}

static void check_send_receive(void)
{
	uint8_t b[16];
	uint32_t st, n = 0;

	check_poll("poll: fresh channel", loop_a.handle, 0, 256);
	st = hc_send(loop_a.handle, "0123456789abcdef", 16, &n);
	check("send 16", st == 0 && n == 16, "status %u r4 %u", (unsigned)st, (unsigned)n);
	check_poll("poll: receiver sees 16", loop_b.handle, 16, 256);
	check_poll("poll: sender has 240 left", loop_a.handle, 0, 240);
	st = hc_receive(loop_b.handle, b, 5, &n);
	check("receive 5 of 16", st == 0 && n == 5 && !memcmp(b, "01234", 5) && !b[5],
	      "status %u r4 %u", (unsigned)st, (unsigned)n);
	st = hc_receive(loop_b.handle, b, 16, &n);
	check("receive the other 11", st == 0 && n == 11 && !memcmp(b, "56789abcdef", 11) &&
	      !b[11] && !b[15], "status %u r4 %u", (unsigned)st, (unsigned)n);
	st = hc_receive(loop_b.handle, b, 16, &n);
	check("receive from an empty ring", st == 0 && n == 0, "status %u r4 %u",
	      (unsigned)st, (unsigned)n);
	st = hc_send(loop_a.handle, "", 0, &n);
	check("send 0 bytes", st == 0 && n == 0, "status %u r4 %u", (unsigned)st, (unsigned)n);
	st = hc_send(loop_b.handle, "back", 4, &n);
	check("send the other way", st == 0 && n == 4 && !hc_receive(loop_a.handle, b, 16, &n) &&
	      n == 4 && !memcmp(b, "back", 4), "r4 %u", (unsigned)n);
}

/* Fill the ring, then the all-or-nothing EAGAIN with r4 = 0. */
static void check_flow_control(void)
{
	uint32_t i, st = 0, n, got, sent = 0, bad = 0;
	uint8_t b[16];

	for (i = 0; i < 16 && !st; i++, sent += n)
		st = send_pattern(loop_a.handle, sent, 16, &n);
	check("fill the ring (256 bytes)", st == 0 && sent == 256, "status %u after %u",
	      (unsigned)st, (unsigned)sent);
	n = 99;
	st = send_pattern(loop_a.handle, sent, 1, &n);
	check("send to a full ring: EAGAIN, r4 0", st == EV_EAGAIN && n == 0,
	      "status %u r4 %u", (unsigned)st, (unsigned)n);
	check_poll("poll: full", loop_a.handle, 0, 0);
	hc_receive(loop_b.handle, b, 10, &got);
	n = 99;
	st = send_pattern(loop_a.handle, sent, 16, &n);
	check("send 16 into 10 free: EAGAIN, nothing sent", st == EV_EAGAIN && n == 0,
	      "status %u r4 %u", (unsigned)st, (unsigned)n);
	st = send_pattern(loop_a.handle, sent, 10, &n);
	check("send 10 into 10 free", st == 0 && n == 10, "status %u r4 %u", (unsigned)st,
	      (unsigned)n);
	sent += n;
	for (i = got; i < sent; i += got) {
		hc_receive(loop_b.handle, b, 16, &got);
		for (n = 0; n < got; n++)
			bad += b[n] != pattern(i + n);
		if (!got)
			break;
	}
	check("drain: every byte in order", i == sent && !bad, "%u of %u, %u wrong",
	      (unsigned)i, (unsigned)sent, (unsigned)bad);
}

static void check_errors(void)
{
	uint32_t n = 99, rx, tx, st;
	uint8_t b[16];

	st = hc_send(NO_HANDLE, "x", 1, &n);
	check("send: no such handle", st == EV_EINVAL && n == 0, "status %u r4 %u",
	      (unsigned)st, (unsigned)n);
	st = hc_send(0xffffffffu, "x", 1, NULL);
	check("send: handle -1", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_send(db_send.handle, "x", 1, NULL);
	check("send: a doorbell handle", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_send(loop_a.handle, "0123456789abcdefg", 17, &n);
	check("send: 17 bytes", st == EV_EINVAL && n == 0, "status %u r4 %u", (unsigned)st,
	      (unsigned)n);
	st = hc_receive(NO_HANDLE, b, 16, &n);
	check("receive: no such handle", st == EV_EINVAL && n == 0, "status %u", (unsigned)st);
	st = hc_receive(db_recv.handle, b, 16, &n);
	check("receive: a doorbell handle", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_receive(loop_b.handle, b, 17, &n);
	check("receive: 17 bytes", st == EV_EINVAL && n == 0, "status %u", (unsigned)st);
	st = hc_poll(NO_HANDLE, &rx, &tx);
	check("poll: no such handle", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_call2(EV_DOORBELL_SEND, NO_HANDLE, 0, NULL);
	check("doorbell: no such handle", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_call2(EV_DOORBELL_SEND, db_recv.handle, 0, NULL);
	check("doorbell: a receive handle", st == EV_EINVAL, "status %u", (unsigned)st);
	st = hc_call2(EV_DOORBELL_SEND, loop_a.handle, 0, NULL);
	check("doorbell: a byte-channel handle", st == EV_EINVAL, "status %u", (unsigned)st);
}

static void check_log(void)
{
	static const char msg[] = "hc_bytechan: via the log channel\n";
	uint8_t b[16];
	uint32_t n = 99;

	check("log: write a line", hc_write(logc.handle, msg, sizeof(msg) - 1) == 0, "-");
	check_poll("log: poll", logc.handle, 0, 256);
	check("log: nothing to receive", !hc_receive(logc.handle, b, 16, &n) && n == 0,
	      "r4 %u", (unsigned)n);
}

/* Wait for an external interrupt with vector @irq. */
static void expect_irq(const char *what, uint32_t irq)
{
	int ok = hc_wait(&ext_count, 500);

	check(what, ok && last_vector == irq, "%s, vector %u want %u",
	      ok ? "taken" : "none", (unsigned)last_vector, (unsigned)irq);
	ext_count = 0;
}

static void check_interrupts(void)
{
	uint32_t st = hc_irq_on(loop_b.irq[0]), n, i;
	uint8_t b[16];

	if (st == EV_UNIMPLEMENTED) {
		printf("hc_bytechan: interrupts: skipped (no hv-pic)\n");
		return;
	}
	st |= hc_irq_on(loop_a.irq[1]) | hc_irq_on(db_recv.irq[0]);
	check("interrupts: configure and unmask", st == 0, "status %u", (unsigned)st);
	__asm__ volatile("wrteei 1");
	hc_wait(&ext_count, 20); /* what the earlier checks left pending */
	ext_count = 0;
	send_pattern(loop_a.handle, 0, 1, &n);
	expect_irq("interrupts: rx when data arrives", loop_b.irq[0]);
	send_pattern(loop_a.handle, 0, 1, &n);
	check("interrupts: no rx while data waits", !hc_wait(&ext_count, 50), "vector %u",
	      (unsigned)last_vector);
	for (i = 0; i < 20 && !send_pattern(loop_a.handle, 0, 16, &n); i++)
		;
	hc_receive(loop_b.handle, b, 1, &n); /* 14 + 1 free: not a whole send */
	check("interrupts: no tx for less room than a send", !hc_wait(&ext_count, 50),
	      "vector %u", (unsigned)last_vector);
	hc_receive(loop_b.handle, b, 16, &n);
	expect_irq("interrupts: tx when the receiver makes room", loop_a.irq[1]);
	while (!hc_receive(loop_b.handle, b, 16, &n) && n)
		;
	hc_call2(EV_DOORBELL_SEND, db_send.handle, 0, NULL);
	expect_irq("doorbell: the receive interrupt", db_recv.irq[0]);
	__asm__ volatile("wrteei 0");
}

static void check_doorbell_and_msgsnd(void)
{
	int e500v2 = (mfspr(SPRN_PVR) >> 16) == 0x8021 || (mfspr(SPRN_PVR) >> 16) == 0x8020;
	uint32_t st = hc_call2(EV_DOORBELL_SEND, db_send.handle, 0, NULL);

	check("doorbell: send", st == 0, "status %u", (unsigned)st);
	if (e500v2) {
		st = hc_call2(EV_MSGSND, 0, 0, NULL);
		check("msgsnd: ENODEV on e500v2", st == EV_ENODEV, "status %u", (unsigned)st);
		return;
	}
	__asm__ volatile("wrteei 1");
	dbell_count = 0;
	st = hc_call2(EV_MSGSND, 0, 0, NULL);
	check("msgsnd: to vCPU 0", st == 0 && hc_wait(&dbell_count, 500), "status %u, %d taken",
	      (unsigned)st, dbell_count);
	dbell_count = 0;
	st = hc_call2(EV_MSGSND, 0x04000000u, 0, NULL);
	check("msgsnd: broadcast", st == 0 && hc_wait(&dbell_count, 500), "status %u, %d taken",
	      (unsigned)st, dbell_count);
	st = hc_call2(EV_MSGSND, 1u << 27, 0, NULL);
	check("msgsnd: critical doorbell type refused", st == EV_EINVAL, "status %u",
	      (unsigned)st);
	st = hc_call2(EV_MSGSND, 3, 0, NULL);
	check("msgsnd: PIR of no vCPU", st == EV_EINVAL, "status %u", (unsigned)st);
}

int main(void *fdt)
{
	printf("hc_bytechan: on %s\n", guest_cpu_name());
	if (hc_init(fdt)) {
		printf("hc_bytechan: no hcall-instructions\nhc_bytechan: done, 1 failed\n");
		for (;;)
			;
	}
	check_tree(fdt);
	hc_pic_init(fdt);
	check_send_receive();
	check_flow_control();
	check_errors();
	check_log();
	check_interrupts();
	check_doorbell_and_msgsnd();
	printf("hc_bytechan: done, %d failed\n", failed);
	for (;;)
		hc_call2(EV_IDLE, 0, 0, NULL);
}
