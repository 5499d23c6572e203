/* SPDX-License-Identifier: BSD-2-Clause */
/* Freescale global utilities: the reset control register. */
#ifndef DRIVERS_FSL_GUTS_H
#define DRIVERS_FSL_GUTS_H
/** fsl_guts_reset() - request a hard reset through RSTCR. Returns on failure only. */
void fsl_guts_reset(volatile void *base);
#endif
