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
#include "hv/partition.h"
#include "kernel/console.h"
#include "kernel/ppc.h"

enum { THR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define LCR_DLAB 0x80
#define LSR_THRE_TEMT 0x60
#define IIR_NONE 0x01

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

static int vuart_read(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t *val)
{
	struct vuart_state *u = &v->part->vuart;
	static const uint8_t fixed[8] = { [IIR] = IIR_NONE, [LSR] = LSR_THRE_TEMT, [MSR] = 0xb0 };

	(void)ctx;
	if (size != 1 || off > SCR)
		return -EINVAL;
	*val = (off == LCR || off == IER || off == MCR || off == SCR) ? u->reg[off] : fixed[off];
	if ((u->reg[LCR] & LCR_DLAB) && off <= IER)
		*val = u->div[off];
	return 0;
}

static int vuart_write(struct vcpu *v, void *ctx, uint32_t off, unsigned int size, uint32_t val)
{
	struct vuart_state *u = &v->part->vuart;

	(void)ctx;
	if (size != 1 || off > SCR)
		return -EINVAL;
	if ((u->reg[LCR] & LCR_DLAB) && off <= IER)
		u->div[off] = (uint8_t)val;
	else if (off == THR)
		put(v->part, (char)val);
	else
		u->reg[off] = (uint8_t)val;
	return 0;
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
