/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual 16550 backed by the hypervisor console. Output is collected per
 * partition and printed a line at a time behind the partition's name, so
 * several partitions can share the hypervisor's UART legibly.
 * Also the forwarder for a dedicated UART that shares its 4 KiB page with
 * a device the partition does not own: accesses reach the real registers,
 * but only inside the device's own register block.
 */
#include <errno.h>
#include <string.h>
#include "hv/mmio.h"
#include "hv/vcpu.h"
#include "hv/vuart.h"
#include "hv/vmpic.h"
#include "hv/partition.h"
#include "kernel/console.h"
#include "kernel/ppc.h"

enum { THR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE_TEMT 0x60
#define IER_RDI 0x01      /* received data available */
#define IER_THRI 0x02     /* transmitter holding register empty */
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_FIFO 0xc0     /* FIFOs enabled (FCR[0]) */
#define FCR_FIFO 0x01
#define FCR_CLEAR_RX 0x02
#define MCR_LOOP 0x10     /* loopback: what is sent is received */

static struct partition *volatile focus;

static void flush_line(struct partition *p)
{
	kprintf("[%s] %.*s\n", p->cfg->name, (int)p->vuart.len, p->vuart.line);
	p->vuart.len = 0;
}

static void put(struct partition *p, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		flush_line(p);
		return;
	}
	p->vuart.line[p->vuart.len++] = c;
	if (p->vuart.len == sizeof(p->vuart.line))
		flush_line(p);
}

static uint32_t rx_count(const struct vuart_state *u)
{
	return u->rx_head - u->rx_tail;
}

/*
 * The interrupt output of a 16550 is a level (the board's MPIC source for
 * it is level-sensitive). Transmission is instant: THR is empty
 * again right after a write, and the THRE interrupt stays latched until
 * the guest reads it in IIR (or writes THR, which latches it again).
 */
static void update_irq(struct partition *p)
{
	struct vuart_state *u = &p->vuart;
	uint8_t level = ((u->reg[IER] & IER_RDI) && rx_count(u)) ||
			((u->reg[IER] & IER_THRI) && u->thre_ip);

	if (level != u->level && u->irq >= 0)
		vmpic_set_line(p, (unsigned int)u->irq, level);
	u->level = level;
}

/* One received byte, dropped when the ring is full (an overrun). */
static void rx_push(struct vuart_state *u, char c)
{
	if (rx_count(u) >= VUART_RX)
		return;
	u->rx[u->rx_head % VUART_RX] = c;
	__asm__ volatile("sync" ::: "memory"); /* the byte before the index */
	u->rx_head++;
}

static uint32_t read_iir(struct vuart_state *u)
{
	uint32_t fifo = (u->fcr & FCR_FIFO) ? IIR_FIFO : 0;

	if ((u->reg[IER] & IER_RDI) && rx_count(u))
		return fifo | IIR_RDI;
	if ((u->reg[IER] & IER_THRI) && u->thre_ip) {
		u->thre_ip = 0; /* reading it as the source clears it */
		return fifo | IIR_THRI;
	}
	return fifo | IIR_NONE;
}

static uint32_t read_rbr(struct vuart_state *u)
{
	uint32_t c;

	if (!rx_count(u))
		return 0;
	c = (uint8_t)u->rx[u->rx_tail % VUART_RX];
	__asm__ volatile("sync" ::: "memory"); /* read before giving the slot back */
	u->rx_tail++;
	return c;
}

static uint32_t reg_read(struct vuart_state *u, uint32_t off)
{
	if ((u->reg[LCR] & LCR_DLAB) && off <= IER)
		return u->div[off];
	switch (off) {
	case THR:
		return read_rbr(u);
	case IIR:
		return read_iir(u);
	case LSR:
		return LSR_THRE_TEMT | (rx_count(u) ? LSR_DR : 0);
	case MSR:
		return 0xb0; /* DCD, DSR, CTS */
	default:
		return u->reg[off];
	}
}

static int vuart_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	(void)ctx;
	if (size != 1 || off > SCR)
		return -EINVAL;
	*val = reg_read(&v->part->vuart, off);
	update_irq(v->part);
	return 0;
}

static void reg_write(struct partition *p, uint32_t off, uint8_t val)
{
	struct vuart_state *u = &p->vuart;

	if ((u->reg[LCR] & LCR_DLAB) && off <= IER) {
		u->div[off] = val;
	} else if (off == THR) {
		if (u->reg[MCR] & MCR_LOOP)
			rx_push(u, (char)val); /* Linux sizes the FIFO this way */
		else
			put(p, (char)val);
		u->thre_ip = 1;
	} else if (off == IER) {
		/* Enabling THRE interrupts with THR empty raises one at once. */
		if ((val & IER_THRI) && !(u->reg[IER] & IER_THRI))
			u->thre_ip = 1;
		u->reg[IER] = val & 0x0f;
	} else if (off == IIR) {
		u->fcr = val;
		if (val & FCR_CLEAR_RX)
			u->rx_tail = u->rx_head;
	} else if (off != LSR && off != MSR) {
		u->reg[off] = val;
	}
}

static int vuart_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	(void)ctx;
	if (size != 1 || off > SCR)
		return -EINVAL;
	reg_write(v->part, off, (uint8_t)val);
	update_irq(v->part);
	return 0;
}

int vuart_focus(const char *name)
{
	unsigned int i;

	for (i = 0; i < partition_count(); i++) {
		struct partition *p = partition_get(i);

		if (p && p->cfg->console == CONFIG_CONSOLE_HV && !strcmp(p->cfg->name, name)) {
			kprintf("console: input goes to %s's UART; Ctrl-] gives it back\n", name);
			focus = p;
			return 0;
		}
	}
	return -ENOENT;
}

int vuart_console_release(void)
{
	int had = focus != NULL;

	focus = NULL;
	return had;
}

int vuart_console_input(int c)
{
	struct partition *p = focus;
	struct vuart_state *u;

	if (!p)
		return 0;
	u = &p->vuart;
	rx_push(u, (char)c);
	if (p->state == PART_RUNNING)
		update_irq(p);
	return 1;
}

const struct vdev_ops vuart_ops = { "uart", vuart_read, vuart_write };

/* ctx: the hypervisor's mapping of the real block; the region is its size. */
static int fwd_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	volatile uint8_t *p = (volatile uint8_t *)ctx + off;

	(void)v;
	if (size == 1)
		*val = in_8(p);
	else if (size == 4)
		*val = in_be32(p);
	else
		return -EINVAL;
	return 0;
}

static int fwd_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	volatile uint8_t *p = (volatile uint8_t *)ctx + off;

	(void)v;
	if (size == 1)
		out_8(p, (uint8_t)val);
	else if (size == 4)
		out_be32(p, val);
	else
		return -EINVAL;
	return 0;
}

const struct vdev_ops vforward_ops = { "forward", fwd_read, fwd_write };
