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

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static char line[LINE_MAX];
static unsigned int len;

void shell_fault(void *arg)
{
	(void)arg;
	kprintf("cpu%u: test hook: reading unmapped address %08x\n", cpu_id(), FAULT_VA);
	(void)*(volatile uint32_t *)FAULT_VA;
	kprintf("cpu%u: fault hook returned?!\n", cpu_id());
}

static int cmd_help(int argc, char **argv);

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

static const struct command commands[] = {
	{ "help", cmd_help, "list commands" },
	{ "echo", cmd_echo, "echo ARGS: print the arguments" },
	{ "cpus", cmd_cpus, "state of every CPU" },
	{ "ipi", cmd_ipi, "ipi [CPU]: IPI a CPU and time the answer" },
#ifdef CONFIG_TEST_HOOKS
	{ "fault", cmd_fault, "fault [CPU]: deliberate bad access (test hook)" },
#endif
	{ "tlb", cmd_tlb, "the hypervisor's TLB1 entries" },
	{ "reset", cmd_reset, "reset the board" },
	{ "poweroff", cmd_poweroff, "power the board off" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cmd_help(int argc, char **argv)
{
	unsigned int i;

	(void)argc, (void)argv;
	for (i = 0; i < NCOMMANDS; i++)
		kprintf("  %-9s %s\n", commands[i].name, commands[i].help);
	return 0;
}

int shell_exec(char *s)
{
	char *argv[MAX_ARGS], *save = NULL;
	int argc = 0;
	unsigned int i;

	for (char *t = strtok_r(s, " \t", &save); t && argc < MAX_ARGS;
	     t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	if (!argc)
		return 0;
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].fn(argc, argv);
	kprintf("unknown command: %s (try help)\n", argv[0]);
	return -ENOENT;
}

void shell_prompt(void)
{
	kprintf("tessera> ");
}

void shell_input(int c)
{
	char ch = (char)c;

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
