/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The register frame every non-fast exception path builds on the stack.
 * Its layout is generated into asm-offsets.h for kernel/exceptions.S.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

/* Exit codes equal the IVOR numbers. */
enum ivor {
	IVOR_CRITICAL = 0, IVOR_MCHECK = 1, IVOR_DSI = 2, IVOR_ISI = 3,
	IVOR_EXTERNAL = 4, IVOR_ALIGN = 5, IVOR_PROGRAM = 6, IVOR_FPUNAVAIL = 7,
	IVOR_SYSCALL = 8, IVOR_APUNAVAIL = 9, IVOR_DECR = 10, IVOR_FIT = 11,
	IVOR_WATCHDOG = 12, IVOR_DTLB = 13, IVOR_ITLB = 14, IVOR_DEBUG = 15,
	IVOR_SPEUNAVAIL = 32, IVOR_SPEFPDATA = 33, IVOR_SPEFPROUND = 34,
	IVOR_PERFMON = 35, IVOR_DOORBELL = 36, IVOR_DOORBELL_CRIT = 37,
	IVOR_COUNT = 38
};

struct trap_frame {
	uint32_t backchain; /* ABI: the interrupted r1 */
	uint32_t lrsave;    /* ABI: callee's LR save slot */
	uint32_t gpr[32];
	uint32_t srr0, srr1, cr, lr, ctr, xer, esr, dear;
	uint32_t exc;       /* IVOR number */
	uint32_t pad[5];
};

_Static_assert(sizeof(struct trap_frame) % 16 == 0, "stack alignment");

typedef void (*trap_handler_fn)(struct trap_frame *tf);

/**
 * trap_set_handler() - route exception @ivor (base level) to @fn.
 * Returns 0, or -EINVAL for an out-of-range @ivor.
 */
int trap_set_handler(unsigned int ivor, trap_handler_fn fn);

/** trap_name() - human name of IVOR @ivor ("DSI", ...). Never NULL. */
const char *trap_name(unsigned int ivor);

/** trap_fatal() - dump @tf decoded on the console and halt this CPU. No return. */
void trap_fatal(struct trap_frame *tf) __attribute__((noreturn));

/** cpu_halt() - stop this CPU for good (interrupts off). No return. */
void cpu_halt(void) __attribute__((noreturn));

/* Called from exceptions.S. */
void trap_entry(struct trap_frame *tf);
#endif
