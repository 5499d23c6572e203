/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ePAPR hv-pic hypercalls from one epapr partition (dts/epapr-hcall.dts
 * with this image): INT_SET/GET_CONFIG, INT_SET/GET_MASK, INT_IACK,
 * INT_EOI, SEND_IPI and SET/GET_TASK_PRIORITY, each with its success and
 * every error code, then a self-IPI delivered through the hv-pic. Prints
 * one line per check and "hc_pic: done, N failed", then idles (an epapr
 * partition has no power-off). Runs only inside a partition.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "guest.h"
#include "../hc_lib/hcall.h"

#define EV_EINVAL 8
#define IPI0 256      /* the hv-pic's first IPI source */
#define BAD_IRQ 264   /* past the IPIs and timers */

static int failed;
static volatile int ext_count;
static volatile uint32_t last_vector;

static void check(const char *what, int ok, uint32_t got)
{
	printf("hc_pic: %s: %s", what, ok ? "ok" : "FAIL");
	if (!ok) {
		failed++;
		printf(" (got 0x%lx)", (unsigned long)got);
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
	printf("hc_pic: unexpected exception %d at %08lx\n", ivor, (unsigned long)f->srr0);
	guest_exit(100 + ivor);
}

static uint32_t call4(uint32_t nr, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6,
		      struct hc_regs *out)
{
	struct hc_regs r = { 0 };

	/* r.r[0] is r3, r.r[1] r4 ... */
	r.r[0] = a3, r.r[1] = a4, r.r[2] = a5, r.r[3] = a6;
	hc_call(HC_EPAPR(nr), &r);
	if (out)
		*out = r;
	return r.r[0];
}

static void config_calls(void)
{
	struct hc_regs r;
	uint32_t st;

	check("set_config", call4(4, 42, 3, 9, 0, NULL) == 0, 0);
	st = call4(5, 42, 0, 0, 0, &r);
	check("get_config reads it back", st == 0 && r.r[1] == 3 && r.r[2] == 9 && r.r[3] == 0,
	      r.r[1] << 16 | r.r[2] << 8 | r.r[3]);
	check("set_config: bad irq", call4(4, BAD_IRQ, 3, 9, 0, NULL) == EV_EINVAL, 0);
	check("set_config: priority 16", call4(4, 42, 3, 16, 0, NULL) == EV_EINVAL, 0);
	check("set_config: config 4", call4(4, 42, 4, 9, 0, NULL) == EV_EINVAL, 0);
	check("set_config: no such cpu", call4(4, 42, 3, 9, 7, NULL) == EV_EINVAL, 0);
	check("get_config: bad irq", call4(5, BAD_IRQ, 0, 0, 0, NULL) == EV_EINVAL, 0);
}

static void mask_calls(void)
{
	struct hc_regs r;
	uint32_t st;

	check("set_mask 1", call4(6, 42, 1, 0, 0, NULL) == 0, 0);
	st = call4(7, 42, 0, 0, 0, &r);
	check("get_mask reads 1", st == 0 && r.r[1] == 1, r.r[1]);
	check("set_mask 0", call4(6, 42, 0, 0, 0, NULL) == 0, 0);
	st = call4(7, 42, 0, 0, 0, &r);
	check("get_mask reads 0", st == 0 && r.r[1] == 0, r.r[1]);
	check("set_mask 2", call4(6, 42, 2, 0, 0, NULL) == EV_EINVAL, 0);
	check("set_mask: bad irq", call4(6, BAD_IRQ, 1, 0, 0, NULL) == EV_EINVAL, 0);
	check("get_mask: bad irq", call4(7, BAD_IRQ, 0, 0, 0, NULL) == EV_EINVAL, 0);
	call4(6, 42, 1, 0, 0, NULL);
}

static void ack_and_priority_calls(void)
{
	struct hc_regs r;
	uint32_t st;

	st = call4(9, 0, 0, 0, 0, &r);
	check("iack with nothing pending: 0xffff", st == 0 && r.r[1] == 0xffff, r.r[1]);
	check("iack: r3 not 0", call4(9, 1, 0, 0, 0, NULL) == EV_EINVAL, 0);
	check("eoi", call4(10, 42, 0, 0, 0, NULL) == 0, 0);
	check("eoi: bad irq", call4(10, BAD_IRQ, 0, 0, 0, NULL) == EV_EINVAL, 0);
	check("set_task_priority 5", call4(12, 5, 0, 0, 0, NULL) == 0, 0);
	st = call4(13, 0, 0, 0, 0, &r);
	check("get_task_priority reads 5", st == 0 && r.r[1] == 5, r.r[1]);
	check("set_task_priority 16", call4(12, 16, 0, 0, 0, NULL) == EV_EINVAL, 0);
	call4(12, 0, 0, 0, 0, NULL);
}

static void ipi_calls(void)
{
	uint64_t end;

	check("send_ipi: empty mask", call4(11, 0, 0, 0, 0, NULL) == EV_EINVAL, 0);
	check("send_ipi: no such vcpu", call4(11, 2, 0, 0, 0, NULL) == EV_EINVAL, 0);
	check("ipi source configured", call4(4, IPI0, 0, 10, 0, NULL) == 0 &&
	      call4(6, IPI0, 0, 0, 0, NULL) == 0, 0);
	__asm__ volatile("wrteei 1" ::: "memory");
	check("send_ipi to itself", call4(11, 1, 0, 0, 0, NULL) == 0, 0);
	end = guest_timebase() + 40000000; /* 100 ms */
	while (!ext_count && guest_timebase() < end)
		;
	check("the IPI arrives through the hv-pic", ext_count == 1 && last_vector == IPI0,
	      last_vector);
	__asm__ volatile("wrteei 0" ::: "memory");
}

int main(void *fdt)
{
	hc_init(fdt);
	hc_pic_init(fdt);
	config_calls();
	mask_calls();
	ack_and_priority_calls();
	ipi_calls();
	printf("hc_pic: done, %d failed\n", failed);
	for (;;)
		;
	return 0;
}
