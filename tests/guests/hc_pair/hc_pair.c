/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two epapr partitions exchanging data (dts/epapr-pair.dts), one program
 * in two roles chosen by bootargs. role=send: 64 KiB of a xorshift stream
 * and its CRC-32 over the byte channel "data", then the doorbell
 * "p0-to-p1"; waits for the answer ("ACK!" and the receiver's CRC) and
 * the doorbell "p1-to-p0". role=recv: checks every byte and the CRC,
 * answers, rings back, then echoes what is typed into its console channel
 * ("hc_pair: console got '...'"). Doorbells are checked when the hv-pic
 * answers. Everything is printed on the console byte channel; each role
 * ends with "hc_pair: done, N failed". Runs only inside a partition.
 */
#include <stdint.h>
#include <string.h>
#include "guest.h"
#include "../hc_lib/hcall.h"

#define DATA_BYTES (64 * 1024)
#define SEED 0x2545f491u

static int failed, have_pic;
static struct hc_handle data, ring_out, ring_in, con;
static volatile int rung, rx_ready, tx_ready, con_ready;
static volatile uint32_t other_vector;

static void check(const char *what, int ok, uint32_t a, uint32_t b)
{
	hc_printf("hc_pair: %s: %s", what, ok ? "ok" : "FAIL");
	if (!ok) {
		failed++;
		hc_printf(" (%08lx %08lx)", (unsigned long)a, (unsigned long)b);
	}
	hc_printf("\n");
}

static void ext_vector(uint32_t vec)
{
	if (vec == ring_in.irq[0])
		rung++;
	else if (vec == data.irq[0])
		rx_ready = 1;
	else if (vec == data.irq[1])
		tx_ready = 1;
	else if (con.nirq && vec == con.irq[0])
		con_ready = 1;
	else
		other_vector = vec;
}

void guest_exception(int ivor, struct gframe *f)
{
	if (ivor != 4) {
		hc_printf("hc_pair: unexpected exception %d at %08lx\n", ivor,
			  (unsigned long)f->srr0);
		failed++;
		f->srr0 += 4;
		return;
	}
	hc_idle_fixup(f);
	hc_ext_irq(ext_vector);
}

static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint32_t crc32(uint32_t crc, const uint8_t *b, uint32_t n)
{
	int k;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/*
 * Exactly @n bytes from the data channel, or -1 after @ms milliseconds.
 * With the hv-pic the vCPU sleeps until the rx interrupt: it comes when
 * data arrives in the empty ring that a receive of nothing saw.
 */
static int read_exact(uint8_t *buf, uint32_t n, unsigned int ms)
{
	uint64_t end = guest_timebase() + (uint64_t)ms * 400000u;
	uint8_t b[16];
	uint32_t got, have = 0;

	while (have < n) {
		rx_ready = 0;
		if (hc_receive(data.handle, b, n - have < 16 ? n - have : 16, &got))
			return -1;
		memcpy(buf + have, b, got);
		have += got;
		if (got)
			continue;
		if (have_pic)
			hc_sleep_until(&rx_ready);
		else if (guest_timebase() > end)
			return -1;
	}
	return 0;
}

/* All of @b to the data channel; with the hv-pic, a full ring sleeps
 * until the tx interrupt (the receiver made room). */
static uint32_t write_all(const uint8_t *b, uint32_t n)
{
	uint32_t st, sent;

	while (n) {
		tx_ready = 0;
		st = hc_send(data.handle, b, n < 16 ? n : 16, &sent);
		if (st == EV_EAGAIN && have_pic)
			hc_sleep_until(&tx_ready);
		else if (st && st != EV_EAGAIN)
			return st;
		b += sent;
		n -= sent;
	}
	return 0;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8), b[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void sender(void)
{
	uint32_t s = SEED, crc = 0, i, j, st = 0;
	uint64_t t0 = guest_timebase();
	uint8_t b[16], reply[8];

	for (i = 0; i < DATA_BYTES && !st; i += 16) {
		for (j = 0; j < 16; j++)
			b[j] = (uint8_t)next(&s);
		crc = crc32(crc, b, 16);
		st = write_all(b, 16);
	}
	put32(b, crc);
	st |= write_all(b, 4);
	check("send 64 KiB and the CRC", st == 0, st, i);
	hc_printf("hc_pair: sent %u bytes, crc %08lx, %lu ticks\n", (unsigned)DATA_BYTES,
		  (unsigned long)crc, (unsigned long)(guest_timebase() - t0));
	st = hc_call2(EV_DOORBELL_SEND, ring_out.handle, 0, NULL);
	check("ring p0-to-p1", st == 0, st, 0);
	st = (uint32_t)read_exact(reply, 8, 20000);
	check("answer from p1", st == 0 && !memcmp(reply, "ACK!", 4) && get32(reply + 4) == crc,
	      get32(reply + 4), crc);
	if (have_pic)
		check("doorbell p1-to-p0 taken", hc_wait(&rung, 2000), (uint32_t)rung, 0);
}

static void receiver(void)
{
	static uint8_t buf[DATA_BYTES + 4];
	uint32_t s = SEED, crc, wrong = 0, i, st;
	uint8_t reply[8];

	st = (uint32_t)read_exact(buf, sizeof(buf), 60000);
	crc = crc32(0, buf, DATA_BYTES);
	for (i = 0; i < DATA_BYTES; i++)
		wrong += buf[i] != (uint8_t)next(&s);
	hc_printf("hc_pair: received %u bytes, crc %08lx, sender's %08lx, %lu wrong\n",
		  (unsigned)DATA_BYTES, (unsigned long)crc, (unsigned long)get32(buf + DATA_BYTES),
		  (unsigned long)wrong);
	check("every byte and the CRC", st == 0 && !wrong && crc == get32(buf + DATA_BYTES),
	      crc, get32(buf + DATA_BYTES));
	if (have_pic)
		check("doorbell p0-to-p1 taken", hc_wait(&rung, 2000), (uint32_t)rung, 0);
	memcpy(reply, "ACK!", 4);
	put32(reply + 4, crc);
	st = write_all(reply, 8);
	check("answer", st == 0, st, 0);
	st = hc_call2(EV_DOORBELL_SEND, ring_out.handle, 0, NULL);
	check("ring p1-to-p0", st == 0, st, 0);
}

/* Echo the console's input a line at a time; with the hv-pic, sleeping
 * until the console channel's rx interrupt. */
static void echo(const void *fdt)
{
	char line[64];
	uint8_t b[16];
	uint32_t len = 0, n, i;
	int sleep = have_pic && !hc_find(fdt, "epapr,hv-byte-channel", "console", 0, &con) &&
		    !hc_irq_on(con.irq[0]);

	hc_printf("hc_pair: console echo ready\n");
	for (;;) {
		con_ready = 0;
		if (hc_receive(hc_console, b, 16, &n) || !n) {
			if (sleep)
				hc_sleep_until(&con_ready);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (b[i] != '\r' && b[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = (char)b[i];
				continue;
			}
			line[len] = '\0';
			if (len)
				hc_printf("hc_pair: console got '%s'\n", line);
			len = 0;
		}
	}
}

int main(void *fdt)
{
	int send = !strcmp(guest_fdt_bootargs(fdt), "role=send");
	const char *out = send ? "p0-to-p1" : "p1-to-p0", *in = send ? "p1-to-p0" : "p0-to-p1";

	if (hc_init(fdt) || hc_find_console(fdt))
		for (;;)
			; /* nowhere to report */
	hc_printf("hc_pair: %s on %s\n", send ? "sender" : "receiver", guest_cpu_name());
	check("handles in the tree",
	      !hc_find(fdt, "epapr,hv-byte-channel", "data", 0, &data) &&
	      !hc_find(fdt, "epapr,hv-send-doorbell", out, 0, &ring_out) &&
	      !hc_find(fdt, "epapr,hv-receive-doorbell", in, 0, &ring_in), 0, 0);
	hc_pic_init(fdt);
	have_pic = !hc_irq_on(ring_in.irq[0]) && !hc_irq_on(data.irq[0]) &&
		   !hc_irq_on(data.irq[1]);
	if (!have_pic)
		hc_printf("hc_pair: interrupts: skipped (no hv-pic), polling\n");
	else
		__asm__ volatile("wrteei 1");
	if (send)
		sender();
	else
		receiver();
	if (other_vector)
		check("no other interrupt", 0, other_vector, 0);
	hc_printf("hc_pair: done, %d failed\n", failed);
	if (!send)
		echo(fdt);
	for (;;)
		hc_call2(EV_IDLE, 0, 0, NULL);
}
