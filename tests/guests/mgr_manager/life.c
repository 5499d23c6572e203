/* SPDX-License-Identifier: BSD-2-Clause */
/* Stop, start, restart, set-platform, vCPUs, and the calls with no device. */
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "mgr.h"

enum { PLAT_NONE = 0, PLAT_KVM = 1, PLAT_SPAPR = 2 };

static char text[128];

static uint32_t call1(uint32_t nr, uint32_t a3)
{
	return hc(FSL(nr), a3, 0, 0, 0, NULL);
}

static uint32_t set_platform(uint32_t plat, uint32_t arch, uint32_t flags, uint32_t *verdict)
{
	return hc(FSL(FH_SET_PLATFORM), M.target, plat, arch, flags, verdict);
}

static void state_irq(uint32_t before, const char *what)
{
	uint64_t end = guest_timebase() + ms_to_tb(500);

	if (!M.irq_ok)
		return;
	while (M.irqs == before && guest_timebase() < end)
		delay_ms(1);
	check(M.irqs > before, what, "%lu interrupts", (unsigned long)M.irqs);
}

void test_life(void)
{
	uint32_t st = 9, irqs = M.irqs, stamp;

	expect(hc(FSL(FH_GET_STATUS), 99, 0, 0, 0, NULL), EV_EINVAL, "get-status of a bad handle");
	check(hc(FSL(FH_GET_STATUS), SELF, 0, 0, 0, &st) == EV_SUCCESS && st == ST_RUNNING,
	      "get-status of the caller", "%lu", (unsigned long)st);
	expect(call1(FH_STOP, M.target), EV_SUCCESS, "stop");
	check(hc(FSL(FH_GET_STATUS), M.target, 0, 0, 0, &st) == EV_SUCCESS && st == ST_STOPPED,
	      "stopped after stop", "status %lu", (unsigned long)st);
	state_irq(irqs, "state-change interrupt on stop");
	expect(call1(FH_STOP, M.target), EV_INVALID_STATE, "stop a stopped partition");
	expect(call1(FH_RESTART, M.target), EV_INVALID_STATE, "restart a stopped partition");
	expect(hc(FSL(FH_GET_CORE_STATE), M.target, 0, 0, 0, NULL), EV_INVALID_STATE,
	       "core state of a stopped partition");
	expect(call1(FH_STOP_DMA, M.target), EV_SUCCESS, "stop-dma of a stopped partition");
	irqs = M.irqs;
	stamp = target_stamp();
	/* Its image is still in memory, entry 0: the same program runs again. */
	expect(hc(FSL(FH_START), M.target, 0, 0, 0, NULL), EV_SUCCESS, "start without load");
	check(wait_status(M.target, ST_RUNNING, 2000) && wait_started(stamp, 3000),
	      "running after start", NULL);
	state_irq(irqs, "state-change interrupt on start");
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_INVALID_STATE,
	       "start a running partition");
	expect(call1(FH_STOP_DMA, M.target), EV_INVALID_STATE, "stop-dma of a running partition");
	stamp = target_stamp();
	expect(call1(FH_RESTART, M.target), EV_SUCCESS, "restart");
	check(wait_started(stamp, 3000) && wait_status(M.target, ST_RUNNING, 2000),
	      "running after restart", NULL);
}

static void hypervisor_compat(const char *want, const char *what)
{
	struct regs g = { .r = { [3] = M.target, [5] = (uint32_t)"/hypervisor",
				 [7] = (uint32_t)"compatible", [9] = (uint32_t)text,
				 [10] = sizeof(text) } };
	uint32_t st = hcall(FSL(FH_GET_DTPROP), &g);

	if (want)
		check(st == EV_SUCCESS && !strcmp(text, want), what, "status %lu, '%s'",
		      (unsigned long)st, st ? "" : text);
	else
		expect(st, EV_ENOENT, what);
}

static void refused(uint32_t plat, uint32_t arch, uint32_t flags, uint32_t verdict,
		    const char *what)
{
	uint32_t v = 0xff, st = set_platform(plat, arch, flags, &v);

	check(st == EV_EINVAL && v == verdict, what, "status %lu, verdict %lu, want %lu",
	      (unsigned long)st, (unsigned long)v, (unsigned long)verdict);
}

void test_platform(void)
{
	uint32_t v = 0xff, stamp;

	expect(set_platform(PLAT_KVM, M.guest_arch, 0, NULL), EV_INVALID_STATE,
	       "set-platform of a running partition");
	expect(call1(FH_STOP, M.target), EV_SUCCESS, "stop");
	check(set_platform(PLAT_KVM, M.guest_arch, 0, &v) == EV_SUCCESS && v == 0,
	      "set-platform kvm", "verdict %lu", (unsigned long)v);
	stamp = target_stamp();
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS, "start as kvm");
	check(wait_status(M.target, ST_RUNNING, 2000) && wait_started(stamp, 3000),
	      "running as kvm", NULL);
	hypervisor_compat("linux,kvm", "its tree: /hypervisor compatible linux,kvm");
	stamp = target_stamp();
	expect(call1(FH_RESTART, M.target), EV_SUCCESS, "restart as kvm");
	check(wait_started(stamp, 3000) && wait_status(M.target, ST_RUNNING, 2000),
	      "running after restart", NULL);
	expect(call1(FH_STOP, M.target), EV_SUCCESS, "stop");
	printf("mgr: set-platform none/%lu: expecting verdict %lu\n", (unsigned long)M.bad_arch,
	       (unsigned long)M.bad_verdict);
	refused(PLAT_NONE, M.bad_arch, 0, M.bad_verdict, "set-platform refused for the core");
	refused(9, M.guest_arch, 0, 1, "set-platform of an unknown platform");
	refused(PLAT_SPAPR, M.guest_arch, 0, 5, "set-platform spapr on Book-E");
	refused(PLAT_NONE, M.guest_arch | 64u << 16, 0, 9, "set-platform 64-bit on a 32-bit core");
	refused(PLAT_NONE, M.guest_arch, 0x10, 4, "set-platform with unknown flags");
	refused(PLAT_NONE, 300, 0, 2, "set-platform of an unknown guest_arch");
	expect(hc(FSL(FH_SET_PLATFORM), 99, 0, M.guest_arch, 0, NULL), EV_EINVAL,
	       "set-platform of a bad handle");
	check(set_platform(PLAT_NONE, M.guest_arch, 0, &v) == EV_SUCCESS && v == 0,
	      "set-platform none", "verdict %lu", (unsigned long)v);
	stamp = target_stamp();
	expect(hc(FSL(FH_START), M.target, 0, 1, 0, NULL), EV_SUCCESS, "start as none");
	check(wait_status(M.target, ST_RUNNING, 2000) && wait_started(stamp, 3000),
	      "running as none", NULL);
	hypervisor_compat(NULL, "its tree: no /hypervisor");
}

/* Sleep in ENTER_NAP until the decrementer wakes this vCPU, ~1 ms on. */
static void nap(void)
{
	uint32_t decs = M.decs, st;
	uint64_t t0 = guest_timebase(), dt;

	mtspr(SPRN_TSR, TSR_DIS);
	mtspr(SPRN_TCR, mfspr(SPRN_TCR) | TCR_DIE);
	__asm__ volatile("wrteei 1" ::: "memory");
	st = nap_until_dec((uint32_t)ms_to_tb(1));
	dt = guest_timebase() - t0;
	mtspr(SPRN_TCR, mfspr(SPRN_TCR) & ~TCR_DIE);
	if (!M.irq_ok)
		__asm__ volatile("wrteei 0" ::: "memory");
	/* 0xffffffff: the decrementer came before the call could nap. */
	check((st == EV_SUCCESS || st == 0xffffffffu) && M.decs == decs + 1 && dt >= ms_to_tb(1),
	      "enter-nap until the decrementer", "status %lu, %lu interrupts, %lu us",
	      (unsigned long)st, (unsigned long)(M.decs - decs),
	      (unsigned long)(dt * 1000 / ms_to_tb(1)));
}

void test_vcpus(void)
{
	uint32_t st, state = 9, nmis = M.nmis, taken;
	uint64_t end;

	st = hc(FSL(FH_GET_CORE_STATE), M.target, 0, 0, 0, &state);
	check(st == EV_SUCCESS && state <= 1, "core state of the target", "status %lu, state %lu",
	      (unsigned long)st, (unsigned long)state);
	st = hc(FSL(FH_GET_CORE_STATE), SELF, 0, 0, 0, &state);
	check(st == EV_SUCCESS && state == 0, "core state of the caller", "status %lu, state %lu",
	      (unsigned long)st, (unsigned long)state);
	expect(hc(FSL(FH_GET_CORE_STATE), M.target, 1, 0, 0, NULL), EV_EINVAL,
	       "core state of a vCPU it lacks");
	taken = peek_target(NMI_COUNT);
	expect(hc(FSL(FH_SEND_NMI), 0x80000001u, M.target, 0, 0, NULL), EV_SUCCESS,
	       "NMI to the target");
	for (end = guest_timebase() + ms_to_tb(2000);
	     peek_target(NMI_COUNT) == taken && guest_timebase() < end;)
		delay_ms(2);
	check(peek_target(NMI_COUNT) == taken + 1, "  ... the target took it", NULL);
	expect(hc(FSL(FH_SEND_NMI), 0x80000002u, M.target, 0, 0, NULL), EV_EINVAL,
	       "NMI to a vCPU it lacks");
	expect(hc(FSL(FH_SEND_NMI), 0x80000001u, 99, 0, 0, NULL), EV_EINVAL,
	       "NMI to a bad handle");
	expect(hc(FSL(FH_SEND_NMI), 1, 0, 0, 0, NULL), EV_SUCCESS, "NMI to itself");
	check(M.nmis == nmis + 1, "  ... taken as a machine check", "%lu", (unsigned long)M.nmis);
	nap();
	expect(hc(FSL(FH_ENTER_NAP), M.target, 0, 0, 0, NULL), EV_EINVAL,
	       "enter-nap of another partition");
	expect(hc(FSL(FH_EXIT_NAP), SELF, 0, 0, 0, NULL), EV_SUCCESS, "exit-nap of itself");
	expect(hc(FSL(FH_EXIT_NAP), M.target, 0, 0, 0, NULL), EV_EINVAL,
	       "exit-nap of another partition");
}

void test_misc(void)
{
	static uint8_t rec[128] __attribute__((aligned(8)));
	struct regs g = { .r = { [3] = 0, [4] = sizeof(rec), [6] = (uint32_t)rec } };

	expect(hcall(FSL(FH_ERR_GET_INFO), &g), EV_ENOENT, "err-get-info: own queue empty");
	g.r[3] = 1, g.r[4] = sizeof(rec), g.r[6] = (uint32_t)rec;
	expect(hcall(FSL(FH_ERR_GET_INFO), &g), EV_ENOENT, "err-get-info: global queue empty");
	g.r[3] = 2, g.r[4] = sizeof(rec), g.r[6] = (uint32_t)rec;
	expect(hcall(FSL(FH_ERR_GET_INFO), &g), EV_EINVAL, "err-get-info: no queue 2");
	expect(call1(FH_DMA_ENABLE, 0), EV_EINVAL, "dma-enable: no LIODN");
	expect(call1(FH_DMA_DISABLE, 0), EV_EINVAL, "dma-disable: no LIODN");
	expect(call1(FH_GET_MSIR, 0), EV_EINVAL, "vmpic-get-msir: no MSI");
	expect(call1(FH_CLAIM_DEVICE, 0), EV_EINVAL, "claim-device: nothing claimable");
	expect(call1(FH_STOP_DMA, 99), EV_EINVAL, "stop-dma of a bad handle");
	expect(call1(40, 0), EV_UNIMPLEMENTED, "unknown management call 40");
}
