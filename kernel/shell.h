/* SPDX-License-Identifier: BSD-2-Clause */
/* The console monitor: line input with echo, and a table of commands. */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

/** shell_input() - feed one input character (echoes it). */
void shell_input(int c);
/** shell_prompt() - print the prompt. */
void shell_prompt(void);
/** shell_exec() - run one command line. Returns 0, or -ENOENT for an
 * unknown command (after printing a message). */
int shell_exec(char *line);
/** shell_fault() - the test hook: a deliberate access to unmapped memory
 * on this CPU. Never returns (the dump halts the CPU). */
void shell_fault(void *arg);
#endif
