/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exercises the guest runtime's exception path: a system call, a trap and
 * a DTLB miss must each reach guest_exception() with the right IVOR, SRR0
 * and syndrome, and the stub must resume with the state the hook left.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

#define IVOR_PROGRAM 6
#define IVOR_SYSCALL 8
#define IVOR_DTLB    13
#define SC_MAGIC     0x5c5c0001u
#define SC_REPLY     0x600dcafeu
/* Nothing maps this: TLB1[0] covers the image, TLB1[1] CCSR. */
#define UNMAPPED_VA  0x80000000u

static struct {
	int count, ivor;
	uint32_t srr0, esr, dear, r3;
} seen;
static int failed;

void guest_exception(int ivor, struct gframe *f)
{
	seen.count++;
	seen.ivor = ivor;
	seen.srr0 = f->srr0;
	seen.esr = f->esr;
	seen.dear = f->dear;
	seen.r3 = f->gpr[3];
	if (ivor == IVOR_SYSCALL)
		f->gpr[3] = SC_REPLY; /* SRR0 already points past sc */
	else if (ivor == IVOR_PROGRAM || ivor == IVOR_DTLB)
		f->srr0 += 4;
	else {
		guest_uart_puts("selftest: unexpected exception ");
		guest_uart_dec(ivor);
		guest_uart_puts(" at SRR0 ");
		guest_uart_hex(f->srr0);
		guest_uart_puts("\n");
		guest_exit(100 + ivor);
	}
}

/*
 * One line per check. The first wrong item is reported, e.g.
 * "selftest: sc: FAIL SRR0 0x00000100, want 0x00000104".
 */
static char why[96];

static int want(const char *item, uint32_t got, uint32_t exp)
{
	if (why[0] || got == exp)
		return got == exp;
	snprintf(why, sizeof(why), "%s 0x%08lx, want 0x%08lx", item,
		 (unsigned long)got, (unsigned long)exp);
	return 0;
}

static void report(const char *what)
{
	if (why[0]) {
		failed++;
		printf("selftest: %s: FAIL %s\n", what, why);
	} else {
		printf("selftest: %s: ok\n", what);
	}
}

static void expect(int ivor, uint32_t srr0)
{
	want("exceptions", (uint32_t)seen.count, 1);
	want("IVOR", (uint32_t)seen.ivor, (uint32_t)ivor);
	want("SRR0", seen.srr0, srr0);
}

static void reset(void)
{
	seen.count = 0;
	why[0] = '\0';
}

/* sc: SRR0 is the next instruction; GPRs travel both ways via the frame. */
static void test_sc(void)
{
	register uint32_t r3 __asm__("r3") = SC_MAGIC;
	uint32_t insn, reply;

	reset();
	__asm__ volatile("lis %1,1f@ha; addi %1,%1,1f@l\n1: sc"
			 : "+r"(r3), "=&b"(insn) : : "memory");
	reply = r3; /* r3 itself does not survive calls */
	expect(IVOR_SYSCALL, insn + 4);
	want("r3 seen by hook", seen.r3, SC_MAGIC);
	want("r3 after return", reply, SC_REPLY);
	report("sc");
}

static void test_trap(void)
{
	uint32_t insn;

	reset();
	__asm__ volatile("lis %0,1f@ha; addi %0,%0,1f@l\n1: tw 31,0,0"
			 : "=&b"(insn) : : "memory");
	expect(IVOR_PROGRAM, insn);
	want("ESR[PTR]", seen.esr & ESR_PTR, ESR_PTR);
	report("trap");
}

static void test_dtlb(void)
{
	uint32_t insn, v = 0x1234;

	reset();
	__asm__ volatile("lis %1,1f@ha; addi %1,%1,1f@l\n1: lwz %0,0(%2)"
			 : "+r"(v), "=&b"(insn) : "b"(UNMAPPED_VA) : "memory");
	expect(IVOR_DTLB, insn);
	want("DEAR", seen.dear, UNMAPPED_VA);
	want("load target", v, 0x1234);
	report("dtlb miss");
}

int main(void *fdt)
{
	(void)fdt;
	printf("selftest: on %s\n", guest_cpu_name());
	test_sc();
	test_trap();
	test_dtlb();
	printf("selftest: done, %d failed\n", failed);
	return failed;
}
