/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU blocks and stacks. */
#include <stdint.h>
#include "kernel/percpu.h"

#define LVL_STACK_SIZE 2048

struct percpu percpu_data[CONFIG_NR_CPUS];
uint8_t cpu_stacks[CONFIG_NR_CPUS][CONFIG_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t lvl_stacks[CONFIG_NR_CPUS][EXC_LVL_COUNT][LVL_STACK_SIZE]
	__attribute__((aligned(16)));

/**
 * percpu_init() - finish this CPU's block (start.S set SPRG0, the stack
 * and ->cpu): critical/machine-check/debug stacks and the hardware id.
 */
void percpu_init(void)
{
	struct percpu *pc = this_cpu();
	unsigned int l;

	for (l = 0; l < EXC_LVL_COUNT; l++)
		pc->lvl_stack_top[l] =
			(uint32_t)&lvl_stacks[pc->cpu][l][LVL_STACK_SIZE - 16];
	pc->pir = mfspr(SPRN_PIR);
}

/*
 * cpu_idle_wait: enable external interrupts and sleep until one arrives;
 * called with them disabled after checking for work. An interrupt taken
 * between the enable and the sleep instruction would leave the CPU asleep
 * with work pending, so trap_entry() steps SRR0 past cpu_idle_insn (and
 * clears MSR[WE]) when it interrupts exactly there.
 */
#ifdef CONFIG_CPU_HAS_WAIT
__asm__(".text\n"
	".globl cpu_idle_wait\n"
	"cpu_idle_wait:\n"
	"	wrteei	1\n"
	".globl cpu_idle_insn\n"
	"cpu_idle_insn:\n"
	"	wait\n"
	"	blr\n");
#else
__asm__(".text\n"
	".globl cpu_idle_wait\n"
	"cpu_idle_wait:\n"
	"	mfspr	3, " __stringify(SPRN_HID0) "\n"
	"	oris	3, 3, " __stringify(HID0_DOZE) "@h\n"
	"	mtspr	" __stringify(SPRN_HID0) ", 3\n"
	"	mfmsr	4\n"
	"	oris	4, 4, " __stringify(MSR_WE) "@h\n"
	"	ori	4, 4, " __stringify(MSR_EE) "\n"
	"	wrteei	1\n"
	".globl cpu_idle_insn\n"
	"cpu_idle_insn:\n"
	"	mtmsr	4\n"
	"	isync\n"
	"	blr\n");
#endif

/*
 * QEMU 7.2's e500v2 can lose the decrementer interrupt that should end a
 * doze (MSR[WE]): seen with TCR[DIE], TSR[DIS] and MSR[EE] all set and
 * the core still halted. External interrupts (IPIs, devices) do wake it.
 * So on e500v2 the core dozes only while no timer is armed; with one
 * armed it waits awake, interrupts on, until something happens.
 */
void cpu_idle(void)
{
#ifdef CONFIG_CPU_E500V2
	struct percpu *pc = this_cpu();

	if (pc->timers) {
		uint32_t seen = pc->nr_traps;

		irq_enable();
		while (pc->nr_traps == seen && !pc->work)
			;
		return;
	}
#endif
	cpu_idle_wait();
}
