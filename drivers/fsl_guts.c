/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdint.h>
#include "kernel/ppc.h"
#include "drivers/fsl_guts.h"

#define RSTCR 0xb0
#define RSTCR_HRESET_REQ 0x2

void fsl_guts_reset(volatile void *base)
{
	out_be32((volatile uint8_t *)base + RSTCR, RSTCR_HRESET_REQ);
}
