/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest runtime ("board support") for the small bare-metal test programs in
 * tests/guests/. The same binary runs natively on QEMU's ppce500 board and
 * inside a Tessera partition, where every privileged instruction used here
 * (mtspr, tlbwe, rfi, ...) is trapped and emulated by the hypervisor.
 *
 * Usable from assembly (only the constants) and from C.
 */
#ifndef GUEST_H
#define GUEST_H

/*
 * SPR numbers, MSR/ESR/MAS bits, mfspr/mtspr, mfmsr/mtmsr, in_8/out_be32...
 * Its sync() helper would clash with newlib's unistd.h sync(): keep it
 * under another name so guests may include both.
 */
#define sync kernel_ppc_sync
#include "kernel/ppc.h"
#undef sync

/* The CCSR window crt0 maps in TLB1 entry 1 (PA 0xF_E000_0000, 1 MiB, I+G). */
#define GUEST_CCSR_VA     0xE0000000
#define GUEST_CCSR_PA_HI  0xF
#define GUEST_CCSR_ESEL   1
#define GUEST_UART0       (GUEST_CCSR_VA + 0x4500)
#define GUEST_GPIO        (GUEST_CCSR_VA + 0xFF000)

#define GUEST_STACK_SIZE  (32 * 1024)
#define GUEST_HEAP_SIZE   (256 * 1024)

/*
 * struct gframe layout, shared with crt0.S (checked by static_assert in
 * exception.c). srr0/srr1 hold the save/restore pair of the interrupt's
 * class: SRR0/1, CSRR0/1 (critical input, watchdog, debug, critical
 * doorbell) or MCSRR0/1 (machine check). esr/dear hold ESR and DEAR, or
 * MCSR and MCAR for a machine check.
 */
#define GF_GPR(n)  ((n) * 4)
#define GF_CR      128
#define GF_LR      132
#define GF_CTR     136
#define GF_XER     140
#define GF_SRR0    144
#define GF_SRR1    148
#define GF_ESR     152
#define GF_DEAR    156
#define GF_SIZE    160

#ifndef __ASSEMBLER__
#include <stdint.h>

/** struct gframe - interrupted state saved by the vector stubs in crt0.S. */
struct gframe {
	uint32_t gpr[32];
	uint32_t cr, lr, ctr, xer;
	uint32_t srr0, srr1;
	uint32_t esr, dear;
};

/**
 * guest_exception() - C hook every vector calls with the IVOR number and
 * the saved state. On return the stub restores @f (changes included, e.g.
 * f->srr0 += 4 to skip the faulting instruction) and returns with
 * rfi/rfci/rfmci. The weak default prints the exception and exits.
 */
void guest_exception(int ivor, struct gframe *f);
/**
 * guest_unexpected() - for a guest_exception() hook that met an exception
 * it does not expect: print "@who: unexpected exception IVOR at SRR0"
 * (raw UART: it may have hit inside stdio) and exit with 100 + @ivor.
 */
void guest_unexpected(const char *who, int ivor, const struct gframe *f)
	__attribute__((noreturn));

/** guest_exit() - print "guest: exit @code", power QEMU off. Never returns. */
void guest_exit(int code) __attribute__((noreturn));

/** guest_poweroff() - drive GPIO pin 0 (QEMU exits). Spins if that fails. */
void guest_poweroff(void) __attribute__((noreturn));

/** guest_uart_putc() - polled write of one byte to UART0. */
void guest_uart_putc(char c);

/** guest_uart_getc() - polled read of UART0: a byte, or -1 if none waits. */
int guest_uart_getc(void);

/** guest_uart_puts() - write a string, "\n" becomes "\r\n". */
void guest_uart_puts(const char *s);

/** guest_uart_hex() - write @v as 0x%08x without going through stdio. */
void guest_uart_hex(uint32_t v);

/** guest_uart_dec() - write @v as a signed decimal without stdio. */
void guest_uart_dec(int v);

/** guest_cpu_name() - core name from the PVR ("e500v2", ...) or "unknown". */
const char *guest_cpu_name(void);

/** guest_fdt_bootargs() - /chosen/bootargs of @fdt; "" if absent or bad. */
const char *guest_fdt_bootargs(const void *fdt);

/**
 * guest_fdt_memory() - base and size of the first /memory range.
 * Returns 0, or a negative libfdt error code.
 */
int guest_fdt_memory(const void *fdt, uint64_t *base, uint64_t *size);

/** guest_timebase() - the 64-bit timebase (400 MHz on QEMU ppce500). */
static inline uint64_t guest_timebase(void)
{
	uint32_t hi, lo, hi2;

	do { /* re-read if TBL carried into TBU between the halves */
		hi = mfspr(SPRN_TBRU);
		lo = mfspr(SPRN_TBRL);
		hi2 = mfspr(SPRN_TBRU);
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

/** struct guest_tlb - one TLB entry as its MAS registers. */
struct guest_tlb {
	uint32_t mas0, mas1, mas2, mas3, mas7;
};

/** guest_tlb_write() - load the MAS registers from @e and tlbwe. */
static inline void guest_tlb_write(const struct guest_tlb *e)
{
	mtspr(SPRN_MAS0, e->mas0);
	mtspr(SPRN_MAS1, e->mas1);
	mtspr(SPRN_MAS2, e->mas2);
	mtspr(SPRN_MAS3, e->mas3);
	mtspr(SPRN_MAS7, e->mas7);
	__asm__ volatile("isync; tlbwe; isync" ::: "memory");
}

/**
 * guest_tlb1_map() - TLB1 entry @esel: @va -> 36-bit @pa, 2^@tsize KiB
 * (even @tsize only on e500mc), MAS2 attribute bits @wimge, MAS3
 * permission bits @perm, TID 0, TS 0.
 */
static inline void guest_tlb1_map(unsigned int esel, uint32_t va, uint64_t pa,
				  unsigned int tsize, uint32_t wimge, uint32_t perm)
{
	struct guest_tlb e = {
		.mas0 = MAS0_TLBSEL1 | MAS0_ESEL(esel),
		.mas1 = MAS1_VALID | MAS1_TSIZE(tsize),
		.mas2 = (va & 0xfffff000) | (wimge & 0x1f),
		.mas3 = ((uint32_t)pa & 0xfffff000) | (perm & 0x3f),
		.mas7 = (uint32_t)(pa >> 32) & 0xf,
	};
	guest_tlb_write(&e);
}

/** guest_tlb1_read() - tlbre of TLB1 entry @esel into @e. */
static inline void guest_tlb1_read(unsigned int esel, struct guest_tlb *e)
{
	mtspr(SPRN_MAS0, MAS0_TLBSEL1 | MAS0_ESEL(esel));
	__asm__ volatile("isync; tlbre; isync" ::: "memory");
	e->mas0 = mfspr(SPRN_MAS0);
	e->mas1 = mfspr(SPRN_MAS1);
	e->mas2 = mfspr(SPRN_MAS2);
	e->mas3 = mfspr(SPRN_MAS3);
	e->mas7 = mfspr(SPRN_MAS7);
}

/**
 * guest_tlb_search() - tlbsx for @va in address space 0 with @pid. Returns
 * 1 and fills @e when an entry (TLB0 or TLB1) translates it, else 0.
 */
static inline int guest_tlb_search(uint32_t va, unsigned int pid, struct guest_tlb *e)
{
	mtspr(SPRN_MAS6, (pid & 0x3fff) << 16);
	__asm__ volatile("isync; tlbsx 0,%0; isync" : : "r"(va) : "memory");
	e->mas0 = mfspr(SPRN_MAS0);
	e->mas1 = mfspr(SPRN_MAS1);
	e->mas2 = mfspr(SPRN_MAS2);
	e->mas3 = mfspr(SPRN_MAS3);
	e->mas7 = mfspr(SPRN_MAS7);
	return (e->mas1 & MAS1_VALID) != 0;
}
#endif /* !__ASSEMBLER__ */
#endif
