/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/shell.h"
#include "kernel/console.h"
#include "kernel/board.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/tlb.h"
#include "kernel/irq.h"
#include "kernel/devtree.h"

#define LINE_MAX 128
#define MAX_ARGS 8
/* Nothing is ever mapped here: below the I/O window, above any RAM map. */
#define FAULT_VA 0x6ffff000u

extern const struct shell_command __shell_cmds_start[], __shell_cmds_end[];

static char line[LINE_MAX];
static unsigned int len;

void shell_fault(void *arg)
{
	(void)arg;
	kprintf("cpu%u: test hook: reading unmapped address %08x\n", cpu_id(), FAULT_VA);
	(void)*(volatile uint32_t *)FAULT_VA;
	kprintf("cpu%u: fault hook returned?!\n", cpu_id());
}

static int cmd_echo(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		kprintf("%s%s", argv[i], i + 1 < argc ? " " : "");
	kprintf("\n");
	return 0;
}

static int cmd_cpus(int argc, char **argv)
{
	static const char *const st[] = { "offline", "online", "halted" };
	unsigned int i;

	(void)argc, (void)argv;
	for (i = 0; i < hw.ncpus && i < CONFIG_NR_CPUS; i++)
		kprintf("cpu%u: %s, %lu interrupts\n", i, st[percpu_data[i].state % 3],
			(unsigned long)percpu_data[i].nr_traps);
	return 0;
}

static int cmd_ipi(int argc, char **argv)
{
	unsigned int cpu = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 1;
	long t = smp_ping(cpu);

	if (t < 0)
		kprintf("ipi: cpu%u did not answer (%ld)\n", cpu, t);
	else
		kprintf("ipi: cpu%u answered in %ld ticks\n", cpu, t);
	return 0;
}

static int cmd_fault(int argc, char **argv)
{
	unsigned int cpu = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : cpu_id();

	if (cpu == cpu_id()) {
		shell_fault(NULL);
		return 0;
	}
	if (smp_call(cpu, shell_fault, NULL))
		kprintf("fault: cpu%u is not online\n", cpu);
	return 0;
}

static int cmd_tlb(int argc, char **argv)
{
	(void)argc, (void)argv;
	tlb_hv_dump();
	return 0;
}

static int cmd_reset(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf("resetting\n");
	board_reset();
	return -EIO;
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc, (void)argv;
	kprintf("powering off\n");
	board_poweroff();
	return -EIO;
}

SHELL_COMMAND(echo, "echo", cmd_echo, "echo ARGS: print the arguments");
SHELL_COMMAND(cpus, "cpus", cmd_cpus, "state of every CPU");
SHELL_COMMAND(ipi, "ipi", cmd_ipi, "ipi [CPU]: IPI a CPU and time the answer");
#ifdef CONFIG_TEST_HOOKS
SHELL_COMMAND(fault, "fault", cmd_fault, "fault [CPU]: deliberate bad access (test hook)");
#endif
SHELL_COMMAND(tlb, "tlb", cmd_tlb, "the hypervisor's TLB1 entries");
SHELL_COMMAND(reset, "reset", cmd_reset, "reset the board");
SHELL_COMMAND(poweroff, "poweroff", cmd_poweroff, "power the board off");

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;

	(void)argc, (void)argv;
	for (c = __shell_cmds_start; c < __shell_cmds_end; c++)
		kprintf("  %-9s %s\n", c->name, c->help);
	return 0;
}
SHELL_COMMAND(help, "help", cmd_help, "list commands");

int shell_exec(char *s)
{
	char *argv[MAX_ARGS], *save = NULL;
	int argc = 0;
	const struct shell_command *c;

	for (char *t = strtok_r(s, " \t", &save); t && argc < MAX_ARGS;
	     t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	if (!argc)
		return 0;
	for (c = __shell_cmds_start; c < __shell_cmds_end; c++)
		if (!strcmp(argv[0], c->name))
			return c->fn(argc, argv);
	kprintf("unknown command: %s (try help)\n", argv[0]);
	return -ENOENT;
}

void shell_prompt(void)
{
	kprintf("tessera> ");
}

static int (*input_filter)(int c);

void shell_set_input_filter(int (*fn)(int c))
{
	input_filter = fn;
}

void shell_input(int c)
{
	char ch = (char)c;

	if (input_filter && input_filter(c))
		return;
	if (c == '\r' || c == '\n') {
		kprintf("\n");
		line[len] = '\0';
		len = 0;
		shell_exec(line);
		shell_prompt();
	} else if (c == 0x7f || c == '\b') {
		if (len) {
			len--;
			console_write("\b \b", 3);
		}
	} else if (c >= ' ' && len < LINE_MAX - 1) {
		line[len++] = ch;
		console_write(&ch, 1);
	}
}
