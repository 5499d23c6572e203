/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The board's MPIC (CCSR + 0x40000) as the guest programs drive it: the
 * registers they use, CPU 0's private block, and 32-bit accessors.
 */
#ifndef GUEST_MPIC_H
#define GUEST_MPIC_H

#include <stdint.h>
#include "guest.h"

#define MPIC ((volatile uint8_t *)(GUEST_CCSR_VA + 0x40000))
#define GCR         0x01020
#define SRC_IVPR(n) (0x10000 + 0x20 * (n))
#define SRC_IDR(n)  (0x10010 + 0x20 * (n))
#define CTPR        0x20080 /* CPU 0's */
#define IACK        0x200a0
#define EOI         0x200b0
#define GCR_MIXED   0x20000000u
#define IVPR_MSK    0x80000000u
#define IVPR_PRI(p) ((uint32_t)(p) << 16)

#define UART_SRC 42   /* the board's 16550, and the vector the programs give it */
#define VEC_UART 0x2a

static inline uint32_t rd(uint32_t off) { return in_be32(MPIC + off); }
static inline void wr(uint32_t off, uint32_t v) { out_be32(MPIC + off, v); }
#endif
