/* SPDX-License-Identifier: BSD-2-Clause */
/* Secondary CPU release (spin table), IPIs and cross-CPU calls. */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdint.h>

typedef void (*smp_call_fn)(void *arg);

/** smp_init() - install the IPI handlers. Returns 0. */
int smp_init(void);
/** smp_start_cpu() - release CPU @cpu and wait up to 1 s for it to come
 * online. Returns 0, -ENODEV (no spin table), -ENOMEM or -ETIMEDOUT. */
int smp_start_cpu(unsigned int cpu);
/** smp_ping() - IPI @cpu and wait up to 1 s for it to answer.
 * Returns the round trip in timebase ticks, or -ETIMEDOUT / -EINVAL. */
long smp_ping(unsigned int cpu);
/** smp_call() - run @fn(@arg) on @cpu from its IPI handler, without
 * waiting for it. Returns 0, -EBUSY (a call is pending) or -EINVAL. */
int smp_call(unsigned int cpu, smp_call_fn fn, void *arg);
/** smp_run() - run @fn(@arg) on @cpu from its idle loop (thread context,
 * so @fn may never return). Returns 0 or -EINVAL / -EBUSY. */
int smp_run(unsigned int cpu, smp_call_fn fn, void *arg);
/** smp_online_mask() - bit n set when CPU n is online. */
uint32_t smp_online_mask(void);
/** smp_idle_loop() - the idle loop of a secondary CPU. No return. */
void smp_idle_loop(void) __attribute__((noreturn));
#endif
