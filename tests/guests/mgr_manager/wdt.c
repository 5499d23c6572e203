/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The managed partition's watchdog: with bootargs "watchdog" mgr_target
 * arms its Book-E watchdog with TCR[WRC] set and never services it. At the
 * third expiry the hypervisor applies the target's restart policy (stop),
 * raises the manager's watchdog doorbell and queues a "watchdog" error
 * record. The manager then brings the target back as it was.
 */
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "mgr.h"

static int wait_wdt_irq(uint32_t before, uint32_t ms)
{
	uint64_t end = guest_timebase() + ms_to_tb(ms);

	while (M.wdt_irqs == before && guest_timebase() < end)
		delay_ms(2);
	return M.wdt_irqs != before;
}

/* The oldest record of queue 1 (the partitions this one manages). */
static void check_record(void)
{
	static struct { char domain[16], error[16], partition[32], reason[48];
			uint32_t pc, restarts, reserved[2]; } rec __attribute__((aligned(8)));
	struct regs g = { .r = { [3] = 1, [4] = sizeof(rec), [6] = (uint32_t)&rec } };
	uint32_t st;

	_Static_assert(sizeof(rec) == 128, "FH_ERR_GET_INFO record");
	st = hcall(FSL(FH_ERR_GET_INFO), &g);
	check(st == EV_SUCCESS && !strcmp(rec.error, "watchdog") &&
	      !strcmp(rec.partition, "target"), "err-get-info: a watchdog record of the target",
	      "status %lu, '%s' of '%s': '%s'", (unsigned long)st, st ? "" : rec.error,
	      st ? "" : rec.partition, st ? "" : rec.reason);
	g.r[3] = 1, g.r[4] = sizeof(rec), g.r[6] = (uint32_t)&rec;
	expect(hcall(FSL(FH_ERR_GET_INFO), &g), EV_ENOENT, "err-get-info: then empty");
}

void test_watchdog(void)
{
	uint32_t wdts = M.wdt_irqs, stamp;

	check(M.wdt_irq >= 0, "watchdog doorbell in the tree", "irq %d", M.wdt_irq);
	expect(setprop(M.target, "/chosen", "bootargs", "watchdog", 9), EV_SUCCESS,
	       "set-dtprop bootargs 'watchdog'");
	expect(hc(FSL(FH_STOP), M.target, 0, 0, 0, NULL), EV_SUCCESS, "stop");
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS,
	       "start with its watchdog armed");
	check(wait_wdt_irq(wdts, 3000), "watchdog doorbell", "%lu interrupts",
	      (unsigned long)(M.wdt_irqs - wdts));
	check(wait_status(M.target, ST_STOPPED, 2000),
	      "the target stopped (restart-policy stop)", NULL);
	check_record();
	expect(setprop(M.target, "/chosen", "bootargs", "managed", 8), EV_SUCCESS,
	       "set-dtprop bootargs 'managed'");
	stamp = target_stamp();
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS, "start again");
	check(wait_status(M.target, ST_RUNNING, 2000) && wait_started(stamp, 3000),
	      "running again, no watchdog", NULL);
	delay_ms(50); /* several of the old watchdog periods */
	check(M.wdt_irqs == wdts + 1, "  ... and no further watchdog doorbell", "%lu",
	      (unsigned long)(M.wdt_irqs - wdts));
}
