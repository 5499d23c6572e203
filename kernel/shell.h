/* SPDX-License-Identifier: BSD-2-Clause */
/* The console monitor: line input with echo, and a table of commands. */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

struct shell_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

/* Register a monitor command from any file: it lands in .shell_cmds. */
#define SHELL_COMMAND(id, cmd, func, text)                                  \
	static const struct shell_command shell_cmd_##id                   \
		__attribute__((used, section(".shell_cmds"), aligned(4))) = {    \
			.name = cmd, .fn = func, .help = text }

/** shell_input() - feed one input character (echoes it), unless the input
 * filter takes it. */
void shell_input(int c);
/**
 * shell_set_input_filter() - have @fn see every input character first: it
 * returns 1 when it took the character (a partition's console has the
 * focus), 0 to leave it to the monitor. No return value.
 */
void shell_set_input_filter(int (*fn)(int c));
/** shell_prompt() - print the prompt. */
void shell_prompt(void);
/** shell_exec() - run one command line. Returns 0, or -ENOENT for an
 * unknown command (after printing a message). */
int shell_exec(char *line);
/** shell_fault() - the test hook: a deliberate access to unmapped memory
 * on this CPU. Never returns (the dump halts the CPU). */
void shell_fault(void *arg);
#endif
