/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdint.h>
#include "kernel/ppc.h"
#include "drivers/fsl_gpio.h"

#define GPDIR 0x0
#define GPDAT 0x8

int fsl_gpio_set(volatile void *base, unsigned int pin, int value)
{
	volatile uint8_t *b = base;
	uint32_t bit;

	if (pin > 31)
		return -EINVAL;
	bit = 0x80000000u >> pin;
	out_be32(b + GPDIR, in_be32(b + GPDIR) | bit);
	out_be32(b + GPDAT, value ? (in_be32(b + GPDAT) | bit) : (in_be32(b + GPDAT) & ~bit));
	return 0;
}
