/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exception dispatch for the slow path and the fatal-exception dump.
 * Unexpected exceptions print a decoded dump and halt only the CPU that
 * took them; the other CPUs keep running.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include "kernel/ppc.h"
#include "kernel/trap.h"
#include "kernel/percpu.h"
#include "kernel/console.h"

static trap_handler_fn handlers[IVOR_COUNT];

static const char *const names[IVOR_COUNT] = {
	[IVOR_CRITICAL] = "critical input",
	[IVOR_MCHECK] = "machine check",
	[IVOR_DSI] = "data storage (DSI)",
	[IVOR_ISI] = "instruction storage (ISI)",
	[IVOR_EXTERNAL] = "external input",
	[IVOR_ALIGN] = "alignment",
	[IVOR_PROGRAM] = "program",
	[IVOR_FPUNAVAIL] = "floating-point unavailable",
	[IVOR_SYSCALL] = "system call",
	[IVOR_APUNAVAIL] = "auxiliary processor unavailable",
	[IVOR_DECR] = "decrementer",
	[IVOR_FIT] = "fixed-interval timer",
	[IVOR_WATCHDOG] = "watchdog timer",
	[IVOR_DTLB] = "data TLB miss",
	[IVOR_ITLB] = "instruction TLB miss",
	[IVOR_DEBUG] = "debug",
	[IVOR_SPEUNAVAIL] = "SPE unavailable",
	[IVOR_SPEFPDATA] = "SPE floating-point data",
	[IVOR_SPEFPROUND] = "SPE floating-point round",
	[IVOR_PERFMON] = "performance monitor",
	[IVOR_DOORBELL] = "processor doorbell",
	[IVOR_DOORBELL_CRIT] = "processor doorbell critical",
};

struct bitname {
	uint32_t bit;
	const char *name;
};

static const struct bitname msr_bits[] = {
	{ MSR_GS, "GS" }, { MSR_SPE, "SPE" }, { MSR_WE, "WE" }, { MSR_CE, "CE" },
	{ MSR_EE, "EE" }, { MSR_PR, "PR" }, { MSR_FP, "FP" }, { MSR_ME, "ME" },
	{ MSR_DE, "DE" }, { MSR_IS, "IS" }, { MSR_DS, "DS" }, { 0, NULL },
};

static const struct bitname esr_bits[] = {
	{ ESR_PIL, "PIL" }, { ESR_PPR, "PPR" }, { ESR_PTR, "PTR" }, { ESR_FP, "FP" },
	{ ESR_ST, "ST" }, { ESR_AP, "AP" }, { ESR_PUO, "PUO" }, { ESR_BO, "BO" },
	{ ESR_PIE, "PIE" }, { ESR_SPV, "SPV" }, { ESR_EPID, "EPID" }, { 0, NULL },
};

int trap_set_handler(unsigned int ivor, trap_handler_fn fn)
{
	if (ivor >= IVOR_COUNT)
		return -EINVAL;
	handlers[ivor] = fn;
	return 0;
}

const char *trap_name(unsigned int ivor)
{
	return (ivor < IVOR_COUNT && names[ivor]) ? names[ivor] : "unknown";
}

/* Instructions allowed to fault, and where they continue when they do. */
extern char guest_fetch_insn[], guest_fetch_fail[];

static const struct fixup {
	const char *insn, *resume;
} fixups[] = {
	{ guest_fetch_insn, guest_fetch_fail },
};

static int fixup(struct trap_frame *tf)
{
	unsigned int i;

	if (tf->exc != IVOR_DTLB && tf->exc != IVOR_DSI)
		return 0;
	for (i = 0; i < sizeof(fixups) / sizeof(fixups[0]); i++)
		if (tf->srr0 == (uint32_t)fixups[i].insn) {
			tf->srr0 = (uint32_t)fixups[i].resume;
			return 1;
		}
	return 0;
}

void trap_entry(struct trap_frame *tf)
{
	trap_handler_fn fn = tf->exc < IVOR_COUNT ? handlers[tf->exc] : NULL;

	if (fixup(tf))
		return;
	this_cpu()->nr_traps++;
	/* Never return into a doze, nor into a sleep whose wake-up this
	 * interrupt already was (see cpu_idle_wait). */
	tf->srr1 &= ~MSR_WE;
	if (tf->srr0 == (uint32_t)cpu_idle_insn)
		tf->srr0 += 4;
	if (!fn)
		trap_fatal(tf);
	fn(tf);
}

static void decode(char *buf, size_t n, uint32_t v, const struct bitname *b)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; b->name && used + 6 < n; b++)
		if (v & b->bit)
			used += sniprintf(buf + used, n - used, "%s%s", used ? " " : "", b->name);
}

void trap_fatal(struct trap_frame *tf)
{
	char msr[64], esr[64];
	int i;

	console_panic_mode();
	decode(msr, sizeof(msr), tf->srr1, msr_bits);
	decode(esr, sizeof(esr), tf->esr, esr_bits);
	kprintf("\n*** CPU %u: unexpected exception %lu (%s) ***\n", cpu_id(),
		(unsigned long)tf->exc, trap_name(tf->exc));
	kprintf("  SRR0 %08lx  SRR1 %08lx [%s]\n", (unsigned long)tf->srr0,
		(unsigned long)tf->srr1, msr);
	kprintf("  ESR  %08lx [%s]  DEAR %08lx\n", (unsigned long)tf->esr, esr,
		(unsigned long)tf->dear);
	kprintf("  LR   %08lx  CTR  %08lx  CR %08lx  XER %08lx\n", (unsigned long)tf->lr,
		(unsigned long)tf->ctr, (unsigned long)tf->cr, (unsigned long)tf->xer);
	for (i = 0; i < 32; i += 4)
		kprintf("  r%-2d %08lx %08lx %08lx %08lx\n", i, (unsigned long)tf->gpr[i],
			(unsigned long)tf->gpr[i + 1], (unsigned long)tf->gpr[i + 2],
			(unsigned long)tf->gpr[i + 3]);
	kprintf("*** CPU %u halted ***\n", cpu_id());
	cpu_halt();
}

void cpu_halt(void)
{
	irq_disable();
	this_cpu()->state = CPU_HALTED;
	for (;;) {
#ifdef CONFIG_CPU_HAS_WAIT
		/* With EE off, wait never wakes: the core stays stopped. */
		__asm__ volatile("wait" ::: "memory");
#endif
	}
}
