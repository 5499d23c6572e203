/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance: a passed-through device's own interrupt. The I2C
 * controller at CCSR + 0x3000 (MPIC source 43, level) addresses the RTC
 * at 0x68; each completed byte sets I2CSR[MIF], which with I2CCR[MIEN]
 * raises the interrupt until the handler clears MIF. Taken through the
 * MPIC with IACK/EOI: once per byte, with the vector the program gave
 * source 43; EOI before clearing MIF takes it again (a level still up).
 * In a partition the controller is the partition's (devices = <&i2c0>)
 * and source 43 reaches it through the vMPIC.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"
#include "mpic.h"

#define IVOR_EXT 4

#define I2C ((volatile uint8_t *)(GUEST_CCSR_VA + 0x3000))
enum { I2CADR = 0x00, I2CFDR = 0x04, I2CCR = 0x08, I2CSR = 0x0c, I2CDR = 0x10 };
#define CCR_MEN  0x80
#define CCR_MIEN 0x40
#define CCR_MSTA 0x20
#define CCR_MTX  0x10
#define CSR_MCF  0x80
#define CSR_MIF  0x02
#define CSR_RXAK 0x01

#define I2C_SRC  43
#define VEC_I2C  0x2b
#define RTC_ADDR 0x68
#define TB_MS    400000u

static volatile unsigned int nirq, bad_vec, late_clear, eoi_first;
static volatile uint32_t sr_seen;
static int failed;

void guest_exception(int ivor, struct gframe *f)
{
	uint32_t vec;

	if (ivor != IVOR_EXT)
		guest_unexpected("conf_i2c", ivor, f);
	vec = rd(IACK);
	nirq++;
	bad_vec += vec != VEC_I2C;
	sr_seen = in_8(I2C + I2CSR);
	if (eoi_first) {
		/* EOI with the level still up: the MPIC takes it again. */
		eoi_first = 0;
		late_clear = 1;
		wr(EOI, 0);
		return;
	}
	out_8(I2C + I2CSR, 0); /* MIF off: the line falls */
	wr(EOI, 0);
}

static void result(const char *what, int ok)
{
	failed += !ok;
	printf("conf_i2c: %s: %s\n", what, ok ? "ok" : "FAIL");
}

static void wait_irqs(unsigned int n)
{
	uint64_t end = guest_timebase() + 400u * TB_MS;

	while (nirq < n && guest_timebase() < end)
		;
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_i2c: on %s\n", guest_cpu_name());
	wr(GCR, GCR_MIXED);
	wr(SRC_IVPR(I2C_SRC), IVPR_PRI(8) | VEC_I2C);
	wr(SRC_IDR(I2C_SRC), 1);
	wr(CTPR, 0);
	out_8(I2C + I2CCR, CCR_MEN | CCR_MIEN);
	out_8(I2C + I2CCR, CCR_MEN | CCR_MIEN | CCR_MSTA | CCR_MTX);
	printf("conf_i2c: status before 0x%02x\n", in_8(I2C + I2CSR) & ~CSR_RXAK & 0xff);

	/* The address byte, interrupts held by MSR[EE]: taken at wrteei 1. */
	out_8(I2C + I2CDR, RTC_ADDR << 1);
	printf("conf_i2c: after the address byte, status 0x%02x\n", in_8(I2C + I2CSR));
	irq_enable();
	wait_irqs(1);
	irq_disable();
	printf("conf_i2c: address byte: %u interrupt(s), status in handler 0x%02x\n", nirq,
	       (unsigned int)sr_seen);

	/* A data byte (the RTC's register pointer), EOI before MIF is cleared:
	 * the same source comes back once more. */
	nirq = 0;
	eoi_first = 1;
	irq_enable();
	out_8(I2C + I2CDR, 0x00);
	wait_irqs(2);
	irq_disable();
	printf("conf_i2c: data byte, EOI first: %u interrupt(s), status in handler 0x%02x\n",
	       nirq, (unsigned int)sr_seen);
	result("every interrupt: vector 0x2b", !bad_vec);
	result("taken again while the level was up", late_clear && nirq == 2);

	out_8(I2C + I2CCR, CCR_MEN);	/* stop */
	out_8(I2C + I2CCR, 0);
	wr(SRC_IVPR(I2C_SRC), IVPR_MSK | IVPR_PRI(8) | VEC_I2C);
	printf("conf_i2c: status after 0x%02x\n", in_8(I2C + I2CSR));
	printf("conf_i2c: done, %d failed\n", failed);
	return failed;
}
