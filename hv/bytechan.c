/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ePAPR byte channels: the rings, the three hypercalls, the hypervisor
 * console end (line-buffered output, focused input) and the monitor's
 * `console` and `bytechans` commands.
 *
 * Send is all or nothing, as Linux's ehv_bytechan driver expects: its
 * console path retries an EV_EAGAIN with the count it got back, its tty
 * path advances by that count, so a refused send answers r4 = 0 and
 * anything else r4 = the whole count.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hv/vuart.h"
#include "hv/bytechan.h"
#include "hv/doorbell.h"
#include "hv/hcall.h"
#include "hv/handle.h"
#include "hv/partition.h"
#include "hv/vcpu.h"
#include "hv/vmpic.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/ppc.h"
#include "kernel/shell.h"
#include "kernel/spinlock.h"

struct bytechan;

/* Bytes one endpoint receives; head and tail run free. */
struct bc_ring {
	uint8_t buf[BYTECHAN_RING];
	uint32_t head, tail;
	int blocked;             /* a send found no room: tx interrupt on room */
};

struct bc_end {
	struct bytechan *ch;
	struct partition *p;     /* NULL: the hypervisor console */
	int handle;              /* -1 until bytechan_setup() */
	uint32_t rx_irq, tx_irq;
	unsigned int idx;        /* 0 or 1 in ch->end[] */
};

struct bytechan {
	const struct config_channel *cfg;
	struct bc_end end[2];
	struct bc_ring rx[2];    /* rx[i]: what end[i] receives */
	spinlock_t lock;
	char tag[2 * CONFIG_NAME_LEN]; /* "[tag] line" on the console */
	char line[120];          /* hypervisor console output, one line */
	uint32_t len;
	uint32_t dropped;        /* console input lost to a full ring */
};

static struct bytechan chans[CONFIG_MAX_CHANNELS];
static unsigned int nchans;
static int chans_ready;
static struct bytechan *volatile focus;

/* --- rings ------------------------------------------------------------- */

static uint32_t ring_count(const struct bc_ring *r)
{
	return r->head - r->tail;
}

static uint32_t ring_space(const struct bc_ring *r)
{
	return BYTECHAN_RING - ring_count(r);
}

static void ring_put(struct bc_ring *r, const uint8_t *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		r->buf[(r->head + i) % BYTECHAN_RING] = b[i];
	r->head += n;
}

static uint32_t ring_get(struct bc_ring *r, uint8_t *b, uint32_t max)
{
	uint32_t i, n = ring_count(r) < max ? ring_count(r) : max;

	for (i = 0; i < n; i++)
		b[i] = r->buf[(r->tail + i) % BYTECHAN_RING];
	r->tail += n;
	return n;
}

/* Channel locks are taken with external interrupts off, as every lock;
 * the monitor's input path may run with them on. */
static uint32_t lock(struct bytechan *ch)
{
	return spin_lock_irqsave(&ch->lock);
}

static void unlock(struct bytechan *ch, uint32_t msr)
{
	spin_unlock_irqrestore(&ch->lock, msr);
}

/* Raise @irq of partition endpoint @e, if it is set up. */
static void notify(const struct bc_end *e, uint32_t irq)
{
	if (e->p && e->handle >= 0)
		vmpic_raise(e->p, irq, 0);
}

/* --- the hypervisor console end ---------------------------------------- */

static void flush_line(struct bytechan *ch)
{
	kprintf("[%s] %.*s\n", ch->tag, (int)ch->len, ch->line);
	ch->len = 0;
}

/* Output for the hypervisor console, as hv/vuart.c prints it. Locked. */
static void hvcon_write(struct bytechan *ch, const uint8_t *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (b[i] == '\r')
			continue;
		if (b[i] == '\n') {
			flush_line(ch);
			continue;
		}
		ch->line[ch->len++] = (char)b[i];
		if (ch->len == sizeof(ch->line))
			flush_line(ch);
	}
}

/* --- moving bytes ------------------------------------------------------ */

/* All @n bytes from @from to its peer, or -EAGAIN and nothing. */
static int bc_send(struct bc_end *from, const uint8_t *b, uint32_t n)
{
	struct bytechan *ch = from->ch;
	struct bc_end *to = &ch->end[!from->idx];
	struct bc_ring *r = &ch->rx[to->idx];
	int err = 0, wake = 0;
	uint32_t msr;

	msr = lock(ch);
	if (!to->p) {
		hvcon_write(ch, b, n);
	} else if (ring_space(r) < n) {
		r->blocked = 1;
		err = -EAGAIN;
	} else {
		wake = n && !ring_count(r);
		ring_put(r, b, n);
	}
	unlock(ch, msr);
	if (wake)
		notify(to, to->rx_irq);
	return err;
}

/* Up to @max bytes for @me. Returns the count. */
static uint32_t bc_receive(struct bc_end *me, uint8_t *b, uint32_t max)
{
	struct bytechan *ch = me->ch;
	struct bc_end *peer = &ch->end[!me->idx];
	struct bc_ring *r = &ch->rx[me->idx];
	uint32_t n, msr;
	int room;

	msr = lock(ch);
	n = ring_get(r, b, max);
	room = r->blocked && ring_space(r) >= BYTECHAN_MAX_BYTES;
	if (room)
		r->blocked = 0;
	unlock(ch, msr);
	if (room)
		notify(peer, peer->tx_irq);
	return n;
}

/* --- hypercalls -------------------------------------------------------- */

/* r5..r8 <-> 16 bytes, byte 0 the most significant of r5. */
static void unpack(const uint32_t *r, uint8_t *b)
{
	unsigned int i;

	for (i = 0; i < BYTECHAN_MAX_BYTES; i++)
		b[i] = (uint8_t)(r[i / 4] >> (24 - 8 * (i % 4)));
}

static void pack(uint32_t *r, const uint8_t *b)
{
	unsigned int i;

	for (i = 0; i < BYTECHAN_MAX_BYTES / 4; i++)
		r[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
}

/**
 * hc_bytechan_send() - EV_BYTE_CHANNEL_SEND: r3 handle, r4 count (<= 16),
 * r5..r8 the bytes. r4 = bytes sent: all of them, or 0 with EV_EAGAIN
 * when the peer's ring lacks room. Returns 0, -EINVAL (bad handle or
 * count) or -EAGAIN.
 */
int hc_bytechan_send(struct vcpu *v)
{
	struct bc_end *e = handle_get(v->part, v->gpr[3], HANDLE_BYTECHAN);
	uint32_t n = v->gpr[4];
	uint8_t b[BYTECHAN_MAX_BYTES];
	int err;

	v->gpr[4] = 0;
	if (!e || n > BYTECHAN_MAX_BYTES)
		return -EINVAL;
	unpack(&v->gpr[5], b);
	err = bc_send(e, b, n);
	if (!err)
		v->gpr[4] = n;
	return err;
}

/**
 * hc_bytechan_receive() - EV_BYTE_CHANNEL_RECEIVE: r3 handle, r4 most
 * bytes wanted (<= 16). r4 = bytes received (0 when none waits), r5..r8
 * the bytes, zero-padded. Returns 0 or -EINVAL.
 */
int hc_bytechan_receive(struct vcpu *v)
{
	struct bc_end *e = handle_get(v->part, v->gpr[3], HANDLE_BYTECHAN);
	uint32_t max = v->gpr[4];
	uint8_t b[BYTECHAN_MAX_BYTES] = { 0 };

	v->gpr[4] = 0;
	if (!e || max > BYTECHAN_MAX_BYTES)
		return -EINVAL;
	v->gpr[4] = bc_receive(e, b, max);
	pack(&v->gpr[5], b);
	return 0;
}

/**
 * hc_bytechan_poll() - EV_BYTE_CHANNEL_POLL: r3 handle. r4 = bytes
 * waiting to be received, r5 = room to send (a hypervisor-console channel
 * always has a whole ring's). Returns 0 or -EINVAL.
 */
int hc_bytechan_poll(struct vcpu *v)
{
	struct bc_end *e = handle_get(v->part, v->gpr[3], HANDLE_BYTECHAN);
	struct bc_end *peer;
	uint32_t msr;

	if (!e)
		return -EINVAL;
	peer = &e->ch->end[!e->idx];
	msr = lock(e->ch);
	v->gpr[4] = ring_count(&e->ch->rx[e->idx]);
	v->gpr[5] = peer->p ? ring_space(&e->ch->rx[peer->idx]) : BYTECHAN_RING;
	unlock(e->ch, msr);
	return 0;
}

/* --- set-up and the guest tree ----------------------------------------- */

static void chans_init(const struct tess_config *c)
{
	unsigned int i, e;

	for (i = 0; i < c->nchannels; i++) {
		struct bytechan *ch = &chans[i];
		const struct config_channel *cc = &c->channels[i];
		const char *owner = c->parts[cc->ends[0]].name;

		ch->cfg = cc;
		for (e = 0; e < 2; e++) {
			ch->end[e].ch = ch;
			ch->end[e].idx = e;
			ch->end[e].handle = -1;
			ch->end[e].p = cc->ends[e] == CONFIG_EP_HV ? NULL
				       : partition_get(cc->ends[e]);
		}
		if (cc->console)
			snprintf(ch->tag, sizeof(ch->tag), "%s", owner);
		else
			snprintf(ch->tag, sizeof(ch->tag), "%s/%s", owner, cc->name);
	}
	nchans = c->nchannels;
	chans_ready = 1;
}

void bytechan_setup(struct partition *p)
{
	unsigned int virq = CONFIG_IPC_IRQ_BASE, i, e;

	if (!chans_ready)
		chans_init(config_of(p->cfg));
	for (i = 0; i < nchans; i++)
		for (e = 0; e < 2; e++) {
			struct bc_end *end = &chans[i].end[e];
			int h;

			if (end->p != p || end->handle >= 0)
				continue;
			h = handle_add(p, HANDLE_BYTECHAN, end);
			if (h < 0) {
				kprintf("partition %s: byte channel %s: no free handle\n",
					p->cfg->name, chans[i].cfg->name);
				continue;
			}
			end->handle = h;
			end->rx_irq = virq++;
			end->tx_irq = virq++;
		}
	doorbell_setup(p, &virq);
}

unsigned int bytechan_dt_handles(const struct config_partition *c,
				 struct guest_dt_handle *out, unsigned int max)
{
	unsigned int i, e, n = 0;

	for (i = 0; i < nchans; i++)
		for (e = 0; e < 2 && n < max; e++) {
			const struct bc_end *end = &chans[i].end[e];

			if (!end->p || end->p->cfg != c || end->handle < 0)
				continue;
			out[n].kind = GUEST_DT_BYTE_CHANNEL;
			out[n].nirqs = 2;
			out[n].console = chans[i].cfg->console;
			out[n].handle = (uint32_t)end->handle;
			out[n].irqs[0] = end->rx_irq;
			out[n].irqs[1] = end->tx_irq;
			out[n].label = chans[i].cfg->name;
			n++;
		}
	return n;
}

/* --- the console focus and the monitor --------------------------------- */

int bytechan_console_release(void)
{
	int had = focus != NULL;

	focus = NULL;
	return had;
}

int bytechan_console_input(int c)
{
	struct bytechan *ch = focus;
	struct bc_ring *r;
	uint8_t b = (uint8_t)c;
	uint32_t msr;
	int wake = 0;

	if (!ch)
		return 0;
	r = &ch->rx[0];
	msr = lock(ch);
	if (ring_space(r)) {
		wake = !ring_count(r);
		ring_put(r, &b, 1);
	} else {
		ch->dropped++;
	}
	unlock(ch, msr);
	if (wake)
		notify(&ch->end[0], ch->end[0].rx_irq);
	return 1;
}

/* The hypervisor-console channel tagged @tag ("p0" or "p0/log"). */
static struct bytechan *find_hv_channel(const char *tag)
{
	unsigned int i;

	for (i = 0; i < nchans; i++)
		if (!chans[i].end[1].p && chans[i].end[0].handle >= 0 &&
		    !strcmp(chans[i].tag, tag))
			return &chans[i];
	return NULL;
}

static int cmd_console(int argc, char **argv)
{
	struct bytechan *ch = argc == 2 ? find_hv_channel(argv[1]) : NULL;

	if (argc != 2) {
		kprintf("usage: console PARTITION[/CHANNEL]\n");
		return -EINVAL;
	}
	if (!ch) {
		if (!vuart_focus(argv[1]))
			return 0;
		kprintf("console: no console channel or UART named '%s'\n", argv[1]);
		return -ENOENT;
	}
	kprintf("console: input goes to %s; Ctrl-] gives it back\n", ch->tag);
	focus = ch;
	return 0;
}
SHELL_COMMAND(console, "console", cmd_console,
	      "console P[/CHAN]: type into partition P's console channel or UART (Ctrl-] returns)");

static const char *end_name(const struct bc_end *e)
{
	return e->p ? e->p->cfg->name : "console";
}

static int cmd_bytechans(int argc, char **argv)
{
	unsigned int i;

	(void)argc, (void)argv;
	for (i = 0; i < nchans; i++) {
		struct bytechan *ch = &chans[i];

		kprintf("  %-12s %s(h%d) <-> %s(h%d): %lu and %lu bytes queued, %lu dropped\n",
			ch->cfg->name, end_name(&ch->end[0]), ch->end[0].handle,
			end_name(&ch->end[1]), ch->end[1].handle,
			(unsigned long)ring_count(&ch->rx[0]),
			(unsigned long)ring_count(&ch->rx[1]), (unsigned long)ch->dropped);
	}
	return 0;
}
SHELL_COMMAND(bytechans, "bytechans", cmd_bytechans, "byte channels and their rings");
