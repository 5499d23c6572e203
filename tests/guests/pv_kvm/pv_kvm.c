/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A `kvm` partition's view of the hypervisor: KVM_HC_FEATURES, the magic
 * page and its semantics (state shared both ways, int_pending, critical),
 * the trap count dropping when MSR reads become magic-page loads, the
 * null hypercall, unknown calls, and a hypercall from user mode (which
 * must raise a privileged-instruction program interrupt).
 * Runs only inside a partition: natively there is no hypervisor.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

#define TOKEN(vendor, nr) (((uint32_t)(vendor) << 16) | (nr))
#define KVM 42
#define MAGIC_EA 0xfffff000u
#define SPR_DEC SPRN_DEC
#define SPR_TSR SPRN_TSR
#define SPR_TCR SPRN_TCR

struct kvm_shared {
	uint64_t scratch1, scratch2, scratch3, critical;
	uint64_t sprg0, sprg1, sprg2, sprg3, srr0, srr1, dar, msr;
	uint32_t dsisr, int_pending;
	uint32_t sr[16];
	uint32_t mas0, mas1;
	uint64_t mas7_3, mas2;
	uint32_t mas4, mas6, esr, pir;
	uint64_t sprg4, sprg5, sprg6, sprg7;
};

static volatile struct kvm_shared *const sh = (volatile struct kvm_shared *)MAGIC_EA;
static volatile int dec_taken, prog_taken;
static volatile uint32_t prog_esr;
static int failed;

static uint32_t hcall(uint32_t token, uint32_t a3, uint32_t a4, uint32_t *o4, uint32_t *o5)
{
	register uint32_t r3 __asm__("3") = a3;
	register uint32_t r4 __asm__("4") = a4;
	register uint32_t r5 __asm__("5") = 0;
	register uint32_t r11 __asm__("11") = token;

	__asm__ volatile("lis 0,0x4b56\n\tori 0,0,0x4d21\n\tsc"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r11)
			 : : "0", "6", "7", "8", "9", "10", "12", "ctr", "lr", "xer", "cr0",
			   "memory");
	if (o4)
		*o4 = r4;
	if (o5)
		*o5 = r5;
	return r3;
}

static uint32_t exits(void)
{
	uint32_t n;

	hcall(TOKEN(0, 1), 0, 0, &n, NULL);
	return n;
}

static void check(const char *what, int ok, uint32_t val)
{
	printf("pv_kvm: %s: %s (0x%08lx)\n", what, ok ? "ok" : "FAIL", (unsigned long)val);
	failed += !ok;
}

void guest_exception(int ivor, struct gframe *f)
{
	if (ivor == 10) { /* decrementer: acknowledge and stop it */
		mtspr(SPR_TSR, TSR_DIS);
		mtspr(SPR_TCR, 0);
		dec_taken++;
		return;
	}
	if (ivor == 6) { /* the hypercall from user mode */
		prog_taken++;
		prog_esr = f->esr;
		f->srr0 = f->gpr[31]; /* back to the supervisor label */
		f->srr1 &= ~MSR_PR;
		return;
	}
	printf("pv_kvm: unexpected exception %d at 0x%08lx\n", ivor, (unsigned long)f->srr0);
	guest_exit(100 + ivor);
}

static void calls(void)
{
	uint32_t r4 = 0, st;

	st = hcall(TOKEN(KVM, 3), 0, 0, &r4, NULL);
	check("KVM_HC_FEATURES reports the magic page", st == 0 && (r4 & 2), r4);
	check("null hypercall", hcall(TOKEN(0, 0), 0, 0, NULL, NULL) == 0, 0);
	st = hcall(TOKEN(KVM, 99), 0, 0, NULL, NULL);
	check("unknown KVM call is EV_UNIMPLEMENTED", st == 12, st);
	st = hcall(TOKEN(7, 1), 0, 0, NULL, NULL);
	check("unknown vendor is EV_UNIMPLEMENTED", st == 12, st);
	st = hcall(TOKEN(2, 5), 0, 0, NULL, NULL);
	check("Freescale call on a kvm platform is EV_UNIMPLEMENTED", st == 12, st);
}

static void magic_page(void)
{
	uint32_t r4 = 0, st, e0, e1, i, msr = mfmsr(), sum = 0;

	e0 = exits();
	for (i = 0; i < 1000; i++)
		sum += mfmsr();
	e1 = exits();
	check("1000 trapping mfmsr exit 1000 times", e1 - e0 >= 1000, e1 - e0);
	/* The EA's low bits carry flags: Linux sets MAGIC_PAGE_FLAG_NOT_MAPPED_NX. */
	st = hcall(TOKEN(KVM, 4), MAGIC_EA, MAGIC_EA | 1, &r4, NULL);
	check("KVM_HC_PPC_MAP_MAGIC_PAGE (EA with Linux's NX flag)", st == 0 && (r4 & 2), r4);
	check("page msr equals mfmsr", (uint32_t)sh->msr == msr, (uint32_t)sh->msr);
	e0 = exits();
	for (i = 0; i < 1000; i++)
		sum += (uint32_t)sh->msr;
	e1 = exits();
	check("1000 magic-page msr loads exit at most twice", e1 - e0 <= 2, e1 - e0);
	sh->sprg0 = 0x1234;
	check("sprg0 stored in the page reads back by mfspr", mfspr(272) == 0x1234, mfspr(272));
	mtspr(273, 0x5678);
	check("mtspr sprg1 shows in the page", (uint32_t)sh->sprg1 == 0x5678, (uint32_t)sh->sprg1);
	check("pir in the page", sh->pir == 0, sh->pir);
	(void)sum;
}

static void pending_and_critical(void)
{
	register uint32_t r1 __asm__("1");
	uint64_t end;

	sh->msr &= ~(uint64_t)MSR_EE; /* EE off without a trap */
	mtspr(SPR_TCR, TCR_DIE);
	mtspr(SPR_DEC, 4000);
	/* Any exit lets the hypervisor publish int_pending: poll with a
	 * trapping instruction, for up to 20 ms of timebase. */
	end = guest_timebase() + 8000000;
	while (guest_timebase() < end && !sh->int_pending)
		(void)mfmsr();
	check("int_pending set while EE is off", sh->int_pending == 1 && !dec_taken,
	      sh->int_pending);
	sh->critical = r1;
	sh->msr |= MSR_EE;
	(void)mfmsr();
	check("no delivery while critical == r1", dec_taken == 0, dec_taken);
	sh->critical = 0;
	(void)mfmsr();
	check("delivered once critical is cleared", dec_taken == 1, dec_taken);
}

/* sc with the hypercall r0 from user mode: a privileged-instruction
 * program interrupt, as on E.HV hardware; r31 holds where to come back. */
static void user_hcall(void)
{
	__asm__ volatile(
		"	lis	31, 1f@ha\n"
		"	addi	31, 31, 1f@l\n"
		"	lis	3, 2f@ha\n"
		"	addi	3, 3, 2f@l\n"
		"	mtspr	26, 3\n"
		"	mfmsr	3\n"
		"	ori	3, 3, 0x4000\n"
		"	mtspr	27, 3\n"
		"	rfi\n"
		"2:	lis	0, 0x4b56\n"
		"	ori	0, 0, 0x4d21\n"
		"	li	11, 0\n"
		"	sc\n"
		"	b	.\n"
		"1:\n" ::: "0", "3", "11", "31", "memory");
	check("hypercall from user mode: program interrupt with ESR[PPR]",
	      prog_taken == 1 && (prog_esr & 0x04000000), prog_esr);
}

int main(void *fdt)
{
	(void)fdt;
	calls();
	magic_page();
	pending_and_critical();
	user_hcall();
	printf("pv_kvm: done, %d failed\n", failed);
	return failed;
}
