/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Paravirtual microbenchmarks, for tools/bench.py: what a guest kernel's
 * hypercalls cost. Runs only inside a partition (natively there is no
 * hypervisor); the device tree's /hypervisor compatible picks the set:
 *
 *   "linux,kvm" (dts/bench-kvm.dts): null-hcall (token 0) and its base,
 *     mfmsr-trap before the magic page is mapped, magic-msr (the page's
 *     msr field loaded) after, and insn-base (one plain instruction);
 *   "epapr" (dts/bench-epapr.dts): bytechan (16 bytes sent on one end of
 *     the loopback channel "loop", received back on the other),
 *     iack-eoi (EV_INT_IACK + EV_INT_EOI with nothing pending) and its base.
 *
 * Each prints "bench: <name> <ticks> <iterations>" like tests/guests/bench
 * (empty-loop first), then "bench: done". The kvm partition powers off;
 * an epapr one has no power-off, so it prints "guest: exit <n>" itself and
 * spins until tools/bench.py ends QEMU.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest.h"
#include "../bench/bench_lib.h"
#include "../hc_lib/hcall.h"

#define N_OP      1000
#define MAGIC_EA  0xfffff000u
#define MSR_LOW   (MAGIC_EA + 88 + 4) /* struct kvm_shared's u64 msr, low word */

uint32_t pv_empty(uint32_t n);
uint32_t pv_nop(uint32_t n);
uint32_t pv_null_hcall(uint32_t n);
uint32_t pv_null_hcall_base(uint32_t n);
uint32_t pv_mfmsr(uint32_t n);
uint32_t pv_magic_msr(uint32_t n, uint32_t va);
uint32_t pv_iack_eoi(uint32_t n, uint32_t *vec);
uint32_t pv_iack_eoi_base(uint32_t n, uint32_t *vec);
uint32_t pv_bytechan(uint32_t n, uint32_t tx, uint32_t rx, uint32_t *out);


void guest_exception(int ivor, struct gframe *f)
{
	printf("bench: FAIL exception %d at SRR0 0x%08lx SRR1 0x%08lx ESR 0x%08lx\n", ivor,
	       (unsigned long)f->srr0, (unsigned long)f->srr1, (unsigned long)f->esr);
	guest_exit(100 + ivor);
}

/* A hypercall with the r0 magic: r3, r4 in; status back, *o4 = r4. */
static uint32_t hcall(uint32_t token, uint32_t a3, uint32_t a4, uint32_t *o4)
{
	register uint32_t r3 __asm__("3") = a3;
	register uint32_t r4 __asm__("4") = a4;
	register uint32_t r11 __asm__("11") = token;

	__asm__ volatile("lis 0,0x4b56\n\tori 0,0,0x4d21\n\tsc"
			 : "+r"(r3), "+r"(r4), "+r"(r11)
			 : : "0", "5", "6", "7", "8", "9", "10", "12", "ctr", "lr", "xer", "cr0",
			   "memory");
	if (o4)
		*o4 = r4;
	return r3;
}

static void kvm_benchmarks(void)
{
	uint32_t st, r4 = 0, t, msr;

	run("insn-base", pv_nop, N_OP);
	st = hcall(HC_TOKEN(0, 0), 0, 0, NULL);
	if (st)
		fail("null hypercall status", st, 0);
	run("null-hcall", pv_null_hcall, N_OP);
	run("null-hcall-base", pv_null_hcall_base, N_OP);
	run("mfmsr-trap", pv_mfmsr, N_OP);
	st = hcall(HC_TOKEN(42, 4), MAGIC_EA, MAGIC_EA, &r4);
	if (st || !(r4 & 2)) {
		fail("KVM_HC_PPC_MAP_MAGIC_PAGE status", st, 0);
		return;
	}
	msr = mfmsr();
	if (*(volatile uint32_t *)MSR_LOW != msr)
		fail("magic page msr", *(volatile uint32_t *)MSR_LOW, msr);
	pv_magic_msr(N_WARM, MSR_LOW);
	t = pv_magic_msr(N_OP, MSR_LOW);
	report("magic-msr", t, N_OP);
}

static void epapr_benchmarks(const void *fdt)
{
	struct hc_handle a, b;
	uint32_t out[3], vec = 0, t, want;

	if (hc_find(fdt, "epapr,hv-byte-channel", "loop", 0, &a) ||
	    hc_find(fdt, "epapr,hv-byte-channel", "loop", 1, &b)) {
		fail("loopback channel \"loop\" in the tree", 0, 1);
		return;
	}
	pv_bytechan(N_WARM, a.handle, b.handle, out);
	t = pv_bytechan(N_OP, a.handle, b.handle, out);
	if (out[0] != 16 * N_OP)
		fail("bytechan bytes sent", out[0], 16 * N_OP);
	if (out[1] != 16 * N_OP)
		fail("bytechan bytes received", out[1], 16 * N_OP);
	want = N_OP * (0x01230000u + 0xcdef0000u);
	if (out[2] != want)
		fail("bytechan data", out[2], want);
	report("bytechan", t, N_OP);

	pv_iack_eoi(N_WARM, &vec);
	t = pv_iack_eoi(N_OP, &vec);
	if (vec != HC_SPURIOUS)
		fail("EV_INT_IACK vector", vec, HC_SPURIOUS);
	report("iack-eoi", t, N_OP);
	pv_iack_eoi_base(N_WARM, &vec);
	report("iack-eoi-base", pv_iack_eoi_base(N_OP, &vec), N_OP);
}

/* 1 if /hypervisor's compatible list has an entry containing @word. */
static int hv_compatible(const void *fdt, const char *word)
{
	int hv = fdt_path_offset(fdt, "/hypervisor"), len, i;
	const char *p = hv >= 0 ? fdt_getprop(fdt, hv, "compatible", &len) : NULL;

	for (i = 0; p && i < len; i += strlen(p + i) + 1)
		if (strstr(p + i, word))
			return 1;
	return 0;
}

int main(void *fdt)
{
	int kvm = hv_compatible(fdt, "linux,kvm"), epapr = !kvm && hv_compatible(fdt, "epapr");

	printf("bench: core %s, %s partition\n", guest_cpu_name(),
	       kvm ? "kvm" : epapr ? "epapr" : "unknown");
	run("empty-loop", pv_empty, N_OP);
	if (kvm)
		kvm_benchmarks();
	else if (epapr)
		epapr_benchmarks(fdt);
	else
		fail("/hypervisor compatible: linux,kvm or epapr", 0, 1);
	printf("bench: done\n");
	if (!epapr)
		return bench_failed;
	/* No power-off on an epapr platform: say so, and wait to be ended. */
	fflush(stdout);
	guest_uart_puts("guest: exit ");
	guest_uart_dec(bench_failed);
	guest_uart_puts("\n");
	for (;;)
		;
}
