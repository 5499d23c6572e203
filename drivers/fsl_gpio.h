/* SPDX-License-Identifier: BSD-2-Clause */
/* Freescale/QorIQ GPIO block (pin 0 is the most significant bit). */
#ifndef DRIVERS_FSL_GPIO_H
#define DRIVERS_FSL_GPIO_H
/** fsl_gpio_set() - drive output @pin to @value. Returns 0 or -EINVAL. */
int fsl_gpio_set(volatile void *base, unsigned int pin, int value);
#endif
