/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iso_attack: a guest that tries to get out of its partition. Shared
 * declarations of its parts: the fault recorder (attack.c), the probes
 * and vector templates (probe.S) and one file per family of attempts.
 */
#ifndef ISO_H
#define ISO_H

#include <stdint.h>
#include "guest.h"

#define IVOR_MCHECK   1
#define IVOR_DSI      2
#define IVOR_ISI      3
#define IVOR_PROGRAM  6
#define IVOR_SYSCALL  8
#define IVOR_DTLB     13
#define IVOR_ITLB     14

/* TLB1 slots the attempts use (0 and 1 are the runtime's). */
#define ESEL_PROBE    2   /* the window of attempt 1 and 2 */
#define ESEL_SPIN     3   /* the spin table page */
#define ESEL_VEC      4   /* the vector page of attempt 3 */
#define ESEL_CTX      5   /* attempt 5's own pages */
#define ESEL_CTX2     6

#define PROBE_VA      0x50000000u
#define TSIZE_4K      2
#define TSIZE_64K     6
#define TSIZE_1M      10
#define TSIZE_256M    18
#define PERM_SUP      (MAS3_SR | MAS3_SW | MAS3_SX)
#define PERM_ALL      (PERM_SUP | MAS3_UR | MAS3_UW | MAS3_UX)

/* The neighbour's fill pattern (tests/guests/iso_neigh): every 16 bytes
 * NB_MAGIC0, NB_MAGIC1, its guest-physical address, its complement. */
#define NB_MAGIC0     0x6e656967u
#define NB_MAGIC1     0x68626f72u

/** struct iso_fault - the first exception a probe raised. */
struct iso_fault {
	int ivor;
	uint32_t srr0, srr1;
	uint32_t esr, dear; /* MCSR, MCAR for a machine check */
};

/* attack.c: arm the hook, run one access, read back what happened. */
void iso_arm(uint32_t exec_target);
int iso_disarm(struct iso_fault *f);       /* returns the fault count */
extern volatile int iso_user_active;        /* sc from user mode returns */

/** enum iso_status - how one attempt ended. */
enum iso_status { ISO_OK, ISO_ESCAPED, ISO_UNEXPECTED };
void iso_report(enum iso_status st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *iso_fault_str(const struct iso_fault *f, int n);

/* probe.S */
uint32_t iso_ld32(uint32_t va);
void iso_st32(uint32_t va, uint32_t val);
uint32_t iso_ld8(uint32_t va);
void iso_st8(uint32_t va, uint32_t val);
uint32_t iso_ld32_ds1(uint32_t va);        /* with MSR[DS] = 1 */
void iso_exec(uint32_t va);                /* bctrl to va */
uint32_t iso_call(uint32_t va);            /* the same, returning r3 */
uint32_t iso_user_ld32(uint32_t va);       /* lwz at guest user level */
uint32_t iso_trig_sc(uint32_t *srr0);
uint32_t iso_trig_trap(uint32_t *srr0);
uint32_t iso_trig_dtlb(uint32_t va, uint32_t *srr0);
void iso_bad_r1(uint32_t r1, uint32_t mmio_va, uint32_t fresh_va, int sc);
uint32_t iso_hcall(uint32_t token);
void iso_msgsnd(uint32_t rb);
extern const uint32_t iso_tmpl_sc[], iso_tmpl_sc_end[];
extern const uint32_t iso_tmpl_skip[], iso_tmpl_skip_end[];
extern uint8_t iso_landing[], iso_landing_end[];
extern uint8_t _end[];

/* The attempts; each returns the number of escapes it saw. */
int iso_attempt_map(void);       /* 1: tlbwe outside the partition */
int iso_attempt_hvmem(void);     /* 2: write "hypervisor memory" */
int iso_attempt_ivpr(void);      /* 3: IVPR/IVORs at hypervisor code */
int iso_attempt_devices(void);   /* 4: the neighbour's UART, the MPIC */
int iso_attempt_contexts(void);  /* 5: PID/MAS games */
int iso_attempt_spin(void);      /* 6: the spin table */

/* Helpers of the attempts (attack.c). */
void iso_map(unsigned int esel, uint32_t va, uint64_t gpa, unsigned int tsize,
	     uint32_t wimge, uint32_t perm);
void iso_unmap(unsigned int esel);
void iso_sync_icache(uint32_t va, uint32_t len);
void iso_delay_ms(uint32_t ms);
#endif
