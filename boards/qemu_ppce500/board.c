/* SPDX-License-Identifier: BSD-2-Clause */
/* QEMU ppce500: power-off through the GPIO, reset through GUTS. */
#include <errno.h>
#include "kernel/board.h"
#include "kernel/devtree.h"
#include "kernel/console.h"
#include "kernel/tlb.h"
#include "drivers/fsl_gpio.h"
#include "drivers/fsl_guts.h"

static volatile void *gpio, *guts;

const char *board_name(void)
{
	return "QEMU ppce500";
}

int board_init(void)
{
	if (hw.gpio_phys)
		gpio = ioremap(hw.gpio_phys, 0x1000);
	if (hw.guts_phys)
		guts = ioremap(hw.guts_phys, 0x1000);
	return (gpio || !hw.gpio_phys) && (guts || !hw.guts_phys) ? 0 : -ENOMEM;
}

void board_poweroff(void)
{
	if (gpio)
		fsl_gpio_set(gpio, hw.poweroff_pin, 1);
}

void board_reset(void)
{
	if (guts)
		fsl_guts_reset(guts);
}

void board_describe(void)
{
	if (gpio)
		kprintf("  power-off: gpio @ %llx pin %d\n",
			(unsigned long long)hw.gpio_phys, hw.poweroff_pin);
	if (guts)
		kprintf("  reset: guts @ %llx\n", (unsigned long long)hw.guts_phys);
}
