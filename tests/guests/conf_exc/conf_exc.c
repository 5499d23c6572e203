/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance: every exception class a guest kernel takes synchronously,
 * each caught by guest_exception() and printed as IVOR, SRR0 relative to
 * the faulting label, SRR1 (without QEMU's extra program bits), ESR, DEAR
 * and the MSR the handler runs with. Before each case ESR is cleared and
 * DEAR set to a marker, so a register the interrupt leaves alone shows.
 *
 * Output is compared line by line with the same program run inside a
 * partition: print nothing that depends on timing or load addresses.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

enum {
	IVOR_MCHK = 1, IVOR_DSI = 2, IVOR_ISI = 3, IVOR_ALIGN = 5,
	IVOR_PROGRAM = 6, IVOR_FPU = 7, IVOR_SC = 8, IVOR_DTLB = 13,
	IVOR_ITLB = 14, IVOR_SPEU = 32,
};

#define NONE            (-1)      /* "no exception" for an expected IVOR */
#define DEAR_MARK       0x0000dea0u
/*
 * QEMU ORs its program-interrupt reason into SRR1: 0x100000 FP, 0x80000
 * illegal, 0x40000 privileged, 0x20000 trap. On Book-E those are MSR bits
 * (0x40000 WE, 0x20000 CE): returning with them would set MSR[CE] or [WE],
 * so the hook drops them, as hardware (SRR1 = MSR) never sets them here.
 */
#define SRR1_QEMU_EXTRA 0x001e0000u
#define TEST_PID        5
#define MAS4_TEST       0x00000104u /* TLBSELD 0, TSIZED 4 KiB, M */

/* Windows in TLB1 (entries 0 and 1 are the runtime's). */
#define VA_USER     0x10000000u /* user_page, user + supervisor r-x */
#define VA_RW       0x20000000u /* scratch, supervisor rw */
#define VA_RO       0x21000000u /* scratch, supervisor r */
#define VA_NONE     0x22000000u /* scratch, no access */
#define VA_NX       0x23000000u /* user_page, supervisor rw, no execute */
#define VA_CI       0x24000000u /* scratch, cache-inhibited + guarded */
#define VA_HOLE     0x30000000u /* PA 0x3_0000_0000: nothing there */
#define PA_HOLE     0x300000000ull
#define VA_UNMAPPED 0x80000000u

extern char t_sc_at[], t_illegal_at[], t_trap_at[], t_load_at[], t_store_at[];
extern char t_lwarx_at[], t_stwcx_at[], t_dcbz_at[], t_lfd_at[], t_spe_at[];
extern char user_page[], user_page_end[], user_return[];
extern char u_sc[], u_mfmsr[], u_mtspr[], u_load[];
void t_sc(void);
void t_illegal(void);
void t_trap(void);
uint32_t t_load(uint32_t va, uint32_t preset);
void t_store(uint32_t va, uint32_t value);
void t_lwarx(uint32_t va);
void t_stwcx(uint32_t va);
void t_dcbz(uint32_t va);
void t_lfd(uint32_t va);
void t_spe(void);
void t_jump(uint32_t target);
uint32_t enter_user(uint32_t pc, uint32_t r4);

static uint8_t scratch[4096] __attribute__((aligned(4096)));

/* The first exception of a case, as the hook saw it. */
static struct {
	int count, ivor;
	uint32_t srr0, srr1, esr, dear, msr;
	uint32_t mas0, mas1, mas2, mas6;
} seen;
static int failed;

/*
 * Resume: a user-mode fault goes back to the kernel (user_return), a
 * fetch fault returns to the caller of t_jump (LR), sc is already past,
 * anything else skips the faulting instruction.
 */
void guest_exception(int ivor, struct gframe *f)
{
	uint32_t mas0 = mfspr(SPRN_MAS0), mas1 = mfspr(SPRN_MAS1);
	uint32_t mas2 = mfspr(SPRN_MAS2), mas6 = mfspr(SPRN_MAS6);

	if (ivor == IVOR_PROGRAM)
		f->srr1 &= ~SRR1_QEMU_EXTRA;
	if (seen.count++ == 0) {
		seen.ivor = ivor;
		seen.srr0 = f->srr0;
		seen.srr1 = f->srr1;
		seen.esr = f->esr;
		seen.dear = f->dear;
		seen.msr = mfmsr();
		seen.mas0 = mas0;
		seen.mas1 = mas1;
		seen.mas2 = mas2;
		seen.mas6 = mas6;
	}
	if (seen.count > 4) {
		guest_uart_puts("conf_exc: exception loop, IVOR ");
		guest_uart_dec(ivor);
		guest_uart_puts(" at ");
		guest_uart_hex(f->srr0);
		guest_uart_puts("\n");
		guest_exit(99);
	}
	if (f->srr1 & MSR_PR) {
		f->srr0 = (uint32_t)user_return;
		f->srr1 &= ~MSR_PR;
	} else if (ivor == IVOR_ISI || ivor == IVOR_ITLB) {
		f->srr0 = f->lr;
	} else if (ivor != IVOR_SC) {
		f->srr0 += 4;
	}
}

static void arm(void)
{
	seen.count = 0;
	mtspr(SPRN_ESR, 0);
	mtspr(SPRN_DEAR, DEAR_MARK);
}

static void fail(const char *name, const char *what, uint32_t got, uint32_t want)
{
	failed++;
	printf("conf_exc: %s: FAIL %s 0x%08lx, want 0x%08lx\n", name, what,
	       (unsigned long)got, (unsigned long)want);
}

/*
 * Print what the hook saw, SRR0 as @label+offset when it lies in the
 * 4 KiB after @base, then check the IVOR, SRR0 and the ESR bits in
 * @esr_mask. A negative @ivor means no exception is expected.
 */
static void check(const char *name, int ivor, const char *label, uint32_t base,
		  uint32_t srr0, uint32_t esr_mask, uint32_t esr)
{
	if (seen.count == 0) {
		printf("conf_exc: %s: no exception\n", name);
		if (ivor != NONE)
			fail(name, "IVOR", (uint32_t)NONE, (uint32_t)ivor);
		return;
	}
	printf("conf_exc: %s: ivor %d srr0 ", name, seen.ivor);
	if (seen.srr0 - base < 0x1000)
		printf("%s+0x%lx", label, (unsigned long)(seen.srr0 - base));
	else
		printf("0x%08lx", (unsigned long)seen.srr0);
	printf(" srr1 0x%08lx esr 0x%08lx dear 0x%08lx msr 0x%08lx\n",
	       (unsigned long)seen.srr1, (unsigned long)seen.esr,
	       (unsigned long)seen.dear, (unsigned long)seen.msr);
	if (seen.count != 1)
		fail(name, "exceptions", (uint32_t)seen.count, 1);
	if (seen.ivor != ivor)
		fail(name, "IVOR", (uint32_t)seen.ivor, (uint32_t)ivor);
	else if (seen.srr0 != srr0)
		fail(name, "SRR0", seen.srr0, srr0);
	else if ((seen.esr & esr_mask) != esr)
		fail(name, "ESR", seen.esr & esr_mask, esr);
}

static void check_dear(const char *name, uint32_t dear)
{
	if (seen.count && seen.dear != dear)
		fail(name, "DEAR", seen.dear, dear);
}

static int is_e500v2(void)
{
	uint32_t v = mfspr(SPRN_PVR) >> 16;

	return v == 0x8020 || v == 0x8021;
}

#define AT(label) #label, (uint32_t)(label)

static void test_program(void)
{
	arm();
	t_sc();
	check("sc", IVOR_SC, AT(t_sc_at), (uint32_t)t_sc_at + 4, 0, 0);

	arm();
	t_illegal();
	check("illegal", IVOR_PROGRAM, AT(t_illegal_at), (uint32_t)t_illegal_at,
	      ESR_PIL | ESR_PPR | ESR_PTR, ESR_PIL);

	arm();
	t_trap();
	check("trap", IVOR_PROGRAM, AT(t_trap_at), (uint32_t)t_trap_at,
	      ESR_PIL | ESR_PPR | ESR_PTR, ESR_PTR);
}

/* The user alias of a label on user_page. */
static uint32_t uva(const char *p)
{
	return VA_USER + (uint32_t)(p - user_page);
}

static void test_user(void)
{
	uint32_t r3;

	arm();
	enter_user(uva(u_sc), 0);
	check("user sc", IVOR_SC, "u_sc", uva(u_sc), uva(u_sc) + 4, 0, 0);

	arm();
	enter_user(uva(u_mfmsr), 0);
	check("user mfmsr", IVOR_PROGRAM, "u_mfmsr", uva(u_mfmsr), uva(u_mfmsr),
	      ESR_PIL | ESR_PPR | ESR_PTR, ESR_PPR);

	arm();
	enter_user(uva(u_mtspr), 0);
	check("user mtspr srr0", IVOR_PROGRAM, "u_mtspr", uva(u_mtspr),
	      uva(u_mtspr), ESR_PIL | ESR_PPR | ESR_PTR, ESR_PPR);

	/* A user-readable page reads; the sc after the load comes back. */
	arm();
	r3 = enter_user(uva(u_load), VA_USER);
	check("user load r-x page", IVOR_SC, "u_load", uva(u_load),
	      uva(u_load) + 8, 0, 0);
	if (r3 != *(uint32_t *)user_page)
		fail("user load r-x page", "value", r3, *(uint32_t *)user_page);

	arm();
	enter_user(uva(u_load), VA_RW);
	check("user load supervisor page", IVOR_DSI, "u_load", uva(u_load),
	      uva(u_load), ESR_ST, 0);
	check_dear("user load supervisor page", VA_RW);
}

static void test_fp_spe(void)
{
	int v2 = is_e500v2();

	/* e500mc has a classic FPU; e500v2 has none (lfd is illegal there). */
	arm();
	t_lfd(VA_RW);
	if (v2)
		check("lfd msr.fp=0", IVOR_PROGRAM, AT(t_lfd_at), (uint32_t)t_lfd_at,
		      ESR_PIL, ESR_PIL);
	else
		check("lfd msr.fp=0", IVOR_FPU, AT(t_lfd_at), (uint32_t)t_lfd_at, 0, 0);
	if (!v2) {
		mtmsr(mfmsr() | MSR_FP);
		arm();
		t_lfd(VA_RW);
		mtmsr(mfmsr() & ~MSR_FP);
		check("lfd msr.fp=1", NONE, AT(t_lfd_at), 0, 0, 0);
	}

	/* SPE: e500v2 only; on e500mc the opcode is illegal. */
	arm();
	t_spe();
	if (v2)
		check("spe msr.spe=0", IVOR_SPEU, AT(t_spe_at), (uint32_t)t_spe_at, 0, 0);
	else
		check("spe msr.spe=0", IVOR_PROGRAM, AT(t_spe_at), (uint32_t)t_spe_at,
		      ESR_PIL, ESR_PIL);
	if (v2) {
		mtmsr(mfmsr() | MSR_SPE);
		arm();
		t_spe();
		mtmsr(mfmsr() & ~MSR_SPE);
		check("spe msr.spe=1", NONE, AT(t_spe_at), 0, 0, 0);
	}
}

static void test_alignment(void)
{
	arm();
	t_lwarx(VA_RW + 2);
	check("lwarx unaligned", IVOR_ALIGN, AT(t_lwarx_at), (uint32_t)t_lwarx_at, 0, 0);
	check_dear("lwarx unaligned", VA_RW + 2);

	/*
	 * Real e500 raises alignment for an unaligned stwcx. and for dcbz to
	 * W=1 or I=1 storage; QEMU 7.2 does neither (and a partition's guest
	 * instructions run on the same QEMU).
	 */
	arm();
	t_stwcx(VA_RW + 2);
	check("stwcx unaligned", NONE, AT(t_stwcx_at), 0, 0, 0);

	arm();
	t_dcbz(VA_CI);
	check("dcbz cache-inhibited", NONE, AT(t_dcbz_at), 0, 0, 0);
}

static void test_storage(void)
{
	arm();
	t_store(VA_RO + 8, 1);
	check("store read-only page", IVOR_DSI, AT(t_store_at), (uint32_t)t_store_at,
	      ESR_ST, ESR_ST);
	check_dear("store read-only page", VA_RO + 8);

	arm();
	t_load(VA_RO + 8, 0);
	check("load read-only page", NONE, AT(t_load_at), 0, 0, 0);

	arm();
	t_load(VA_NONE + 12, 0);
	check("load no-access page", IVOR_DSI, AT(t_load_at), (uint32_t)t_load_at,
	      ESR_ST, 0);
	check_dear("load no-access page", VA_NONE + 12);

	arm();
	t_jump(VA_NX);
	check("jump no-execute page", IVOR_ISI, "va_nx", VA_NX, VA_NX, 0, 0);
}

static void print_mas(const char *name)
{
	if (seen.count)
		printf("conf_exc: %s: mas0 0x%08lx mas1 0x%08lx mas2 0x%08lx mas6 0x%08lx\n",
		       name, (unsigned long)seen.mas0, (unsigned long)seen.mas1,
		       (unsigned long)seen.mas2, (unsigned long)seen.mas6);
}

/* TLB misses with a non-zero PID and known MAS4 defaults. */
static void test_tlb_miss(void)
{
	mtspr(SPRN_MAS4, MAS4_TEST);
	mtspr(SPRN_PID, TEST_PID);
	isync();

	arm();
	t_load(VA_UNMAPPED + 0x10, 0);
	check("dtlb miss load", IVOR_DTLB, AT(t_load_at), (uint32_t)t_load_at,
	      ESR_ST, 0);
	check_dear("dtlb miss load", VA_UNMAPPED + 0x10);
	print_mas("dtlb miss load");

	arm();
	t_store(VA_UNMAPPED + 0x2014, 0);
	check("dtlb miss store", IVOR_DTLB, AT(t_store_at), (uint32_t)t_store_at,
	      ESR_ST, ESR_ST);
	check_dear("dtlb miss store", VA_UNMAPPED + 0x2014);
	print_mas("dtlb miss store");

	arm();
	t_jump(VA_UNMAPPED + 0x5000);
	check("itlb miss", IVOR_ITLB, "va_unmapped", VA_UNMAPPED,
	      VA_UNMAPPED + 0x5000, 0, 0);
	print_mas("itlb miss");

	mtspr(SPRN_PID, 0);
	isync();
}

/*
 * Nothing answers at PA 0x3_0000_0000. QEMU 7.2 ignores the access (reads
 * 0); a real e500 core, and a vCPU, take a machine check (bus error). Both
 * are accepted; the line printed tells which happened.
 */
static void hole_check(const char *name, const char *label, uint32_t at)
{
	if (seen.count == 0)
		printf("conf_exc: %s: no exception\n", name);
	else
		check(name, IVOR_MCHK, label, at, at, 0, 0);
}

static void test_hole(void)
{
	uint32_t v;

	arm();
	v = t_load(VA_HOLE + 0x40, 0x5a5a5a5a);
	hole_check("load unassigned pa", AT(t_load_at));
	printf("conf_exc: load unassigned pa: value 0x%08lx\n", (unsigned long)v);

	arm();
	t_store(VA_HOLE + 0x40, 0x12345678);
	hole_check("store unassigned pa", AT(t_store_at));
}

static void map_windows(void)
{
	uint32_t up = (uint32_t)user_page, sp = (uint32_t)scratch;

	guest_tlb1_map(2, VA_USER, up, 2, 0, MAS3_UX | MAS3_UR | MAS3_SX | MAS3_SR);
	guest_tlb1_map(3, VA_RW, sp, 2, 0, MAS3_SR | MAS3_SW);
	guest_tlb1_map(4, VA_RO, sp, 2, 0, MAS3_SR);
	guest_tlb1_map(5, VA_NONE, sp, 2, 0, 0);
	guest_tlb1_map(6, VA_NX, up, 2, 0, MAS3_SR | MAS3_SW);
	guest_tlb1_map(7, VA_CI, sp, 2, MAS2_I | MAS2_G, MAS3_SR | MAS3_SW);
	guest_tlb1_map(8, VA_HOLE, PA_HOLE, 2, MAS2_I | MAS2_G, MAS3_SR | MAS3_SW);
}

int main(void *fdt)
{
	(void)fdt;
	printf("conf_exc: on %s\n", guest_cpu_name());
	if ((uint32_t)(user_page_end - user_page) != 4096) {
		printf("conf_exc: user page is not one 4 KiB page\n");
		return 1;
	}
	map_windows();
	test_program();
	test_user();
	test_fp_spe();
	test_alignment();
	test_storage();
	test_tlb_miss();
	test_hole();
	printf("conf_exc: done, %d failed\n", failed);
	return failed;
}
