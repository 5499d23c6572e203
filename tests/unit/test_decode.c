/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests for hv/decode.c: the trap-and-emulate instruction decoder.
 *
 * The instruction words below were produced by assembling the text in each
 * comment with `powerpc-linux-gnu-as -me500mc` (string ops, mfdcr/mtdcr with
 * -many: e500mc has neither) and reading them back with objdump. Words
 * marked "hand" were written as .long and checked with objdump -Many; the
 * invalid forms among them objdump -Me500mc refuses to disassemble.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/decode.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct dcase {
	uint32_t word;
	const char *text;
	struct insn exp;	/* raw is filled in from word */
};

#define OP(o, ...) { .op = INSN_##o, __VA_ARGS__ }

/* Privileged, system and cache instructions. */
static const struct dcase sys_cases[] = {
	{ 0x7c6000a6, "mfmsr r3", OP(MFMSR, .rt = 3) },
	{ 0x7c800124, "mtmsr r4", OP(MTMSR, .rs = 4) },
	{ 0x7ca00106, "wrtee r5", OP(WRTEE, .rs = 5) },
	{ 0x7c008146, "wrteei 1", OP(WRTEEI, .e = 1) },
	{ 0x7c000146, "wrteei 0", OP(WRTEEI, .e = 0) },
	{ 0x4c000064, "rfi", OP(RFI) },
	{ 0x4c000066, "rfci", OP(RFCI) },
	{ 0x4c00004c, "rfmci", OP(RFMCI) },
	{ 0x4c00004e, "rfdi", OP(RFDI) },
	{ 0x7c7042a6, "mfspr r3,272 (SPRG0)", OP(MFSPR, .rt = 3, .spr = 272) },
	{ 0x7c909ba6, "mtspr 624,r4 (MAS0)", OP(MTSPR, .rs = 4, .spr = 624) },
	{ 0x7c7f42a6, "mfspr r3,287 (PVR)", OP(MFSPR, .rt = 3, .spr = 287) },
	{ 0x7cb063a6, "mtspr 400,r5 (IVOR0)", OP(MTSPR, .rs = 5, .spr = 400) },
	{ 0x7c6342a6, "mfspr r3,259 (SPRG3 read)",
	  OP(MFSPR, .rt = 3, .spr = 259) },
	{ 0x7c6c42a6, "mftb r3 (= mfspr r3,268)",
	  OP(MFSPR, .rt = 3, .spr = 268) },
	{ 0x7c70629c, "mfpmr r3,400 (PMGC0)", OP(MFPMR, .rt = 3, .pmr = 400) },
	{ 0x7c90039c, "mtpmr 16,r4 (PMC0)", OP(MTPMR, .rs = 4, .pmr = 16) },
	{ 0x7c60029c, "mfpmr r3,0 (UPMC0)", OP(MFPMR, .rt = 3, .pmr = 0) },
	{ 0x7c0007a4, "tlbwe", OP(TLBWE) },
	{ 0x7c000764, "tlbre", OP(TLBRE) },
	{ 0x7c003f24, "tlbsx 0,r7", OP(TLBSX, .rb = 7, .indexed = 1) },
	{ 0x7c033f24, "tlbsx r3,r7",
	  OP(TLBSX, .ra = 3, .rb = 7, .indexed = 1) },
	{ 0x7c004624, "tlbivax 0,r8", OP(TLBIVAX, .rb = 8, .indexed = 1) },
	{ 0x7c00046c, "tlbsync", OP(TLBSYNC) },
	{ 0x7c000024, "tlbilxlpid (tlbilx 0,0,0)", OP(TLBILX, .indexed = 1) },
	{ 0x7c200024, "tlbilxpid (tlbilx 1,0,0)",
	  OP(TLBILX, .t = 1, .indexed = 1) },
	{ 0x7c642824, "tlbilxva r4,r5 (tlbilx 3,r4,r5)",
	  OP(TLBILX, .t = 3, .ra = 4, .rb = 5, .indexed = 1) },
	{ 0x7c0323ac, "dcbi r3,r4", OP(DCBI, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c00007c, "wait", OP(WAIT) },
	{ 0x7c00499c, "msgsnd r9", OP(MSGSND, .rb = 9) },
	{ 0x7c0051dc, "msgclr r10", OP(MSGCLR, .rb = 10) },
	{ 0x7c03214c, "dcbtls 0,r3,r4",
	  OP(DCBTLS, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c43210c, "dcbtstls 2,r3,r4",
	  OP(DCBTSTLS, .rt = 2, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c0323cc, "icbtls 0,r3,r4",
	  OP(ICBTLS, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c03230c, "dcblc 0,r3,r4",
	  OP(DCBLC, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c0321cc, "icblc 0,r3,r4",
	  OP(ICBLC, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x44000002, "sc", OP(SC, .lev = 0) },
	{ 0x44000022, "sc 1", OP(SC, .lev = 1) },
	{ 0x7c00021c, "ehpriv", OP(EHPRIV) },
	{ 0x7c634a86, "mfdcr r3,291", OP(MFDCR, .rt = 3, .spr = 291) },
	{ 0x7c9ffb86, "mtdcr 1023,r4", OP(MTDCR, .rs = 4, .spr = 1023) },
	{ 0x7c0327ec, "dcbz r3,r4", OP(DCBZ, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c0320ac, "dcbf r3,r4", OP(DCBF, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c03206c, "dcbst r3,r4",
	  OP(DCBST, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c0327ac, "icbi r3,r4", OP(ICBI, .ra = 3, .rb = 4, .indexed = 1) },
	{ 0x7c0006ac, "mbar", OP(MBAR) },
	{ 0x7c2006ac, "mbar 1", OP(MBAR, .rt = 1) },
	{ 0x7c0004ac, "msync", OP(MSYNC) },
	{ 0x4c00012c, "isync", OP(ISYNC) },
};

#define LD(...) OP(LOAD, __VA_ARGS__)
#define ST(...) OP(STORE, __VA_ARGS__)
#define X .indexed = 1
#define U .update = 1

/* Every load/store form. */
static const struct dcase mem_cases[] = {
	{ 0x80640008, "lwz r3,8(r4)", LD(.rt = 3, .ra = 4, .size = 4, .disp = 8) },
	{ 0x8464fff8, "lwzu r3,-8(r4)",
	  LD(.rt = 3, .ra = 4, .size = 4, U, .disp = -8) },
	{ 0x88a67fff, "lbz r5,32767(r6)",
	  LD(.rt = 5, .ra = 6, .size = 1, .disp = 32767) },
	{ 0x8ca68000, "lbzu r5,-32768(r6)",
	  LD(.rt = 5, .ra = 6, .size = 1, U, .disp = -32768) },
	{ 0x90e1000c, "stw r7,12(r1)", ST(.rs = 7, .ra = 1, .size = 4, .disp = 12) },
	{ 0x9421fff0, "stwu r1,-16(r1)",
	  ST(.rs = 1, .ra = 1, .size = 4, U, .disp = -16) },
	{ 0x99090001, "stb r8,1(r9)", ST(.rs = 8, .ra = 9, .size = 1, .disp = 1) },
	{ 0x9d09ffff, "stbu r8,-1(r9)",
	  ST(.rs = 8, .ra = 9, .size = 1, U, .disp = -1) },
	{ 0xa14b0002, "lhz r10,2(r11)",
	  LD(.rt = 10, .ra = 11, .size = 2, .disp = 2) },
	{ 0xa54b0004, "lhzu r10,4(r11)",
	  LD(.rt = 10, .ra = 11, .size = 2, U, .disp = 4) },
	{ 0xa98dfffe, "lha r12,-2(r13)",
	  LD(.rt = 12, .ra = 13, .size = 2, .sign = 1, .disp = -2) },
	{ 0xad8d0006, "lhau r12,6(r13)",
	  LD(.rt = 12, .ra = 13, .size = 2, .sign = 1, U, .disp = 6) },
	{ 0xb1cf0008, "sth r14,8(r15)",
	  ST(.rs = 14, .ra = 15, .size = 2, .disp = 8) },
	{ 0xb5cffff6, "sthu r14,-10(r15)",
	  ST(.rs = 14, .ra = 15, .size = 2, U, .disp = -10) },
	{ 0xbb81fff0, "lmw r28,-16(r1)", LD(.rt = 28, .ra = 1, .size = 4,
	  .multiple = 1, .count = 4, .disp = -16) },
	{ 0xbfa10008, "stmw r29,8(r1)", ST(.rs = 29, .ra = 1, .size = 4,
	  .multiple = 1, .count = 3, .disp = 8) },
	{ 0x7c64282e, "lwzx r3,r4,r5", LD(.rt = 3, .ra = 4, .rb = 5, .size = 4, X) },
	{ 0x7c64286e, "lwzux r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 4, X, U) },
	{ 0x7c6028ae, "lbzx r3,0,r5", LD(.rt = 3, .ra = 0, .rb = 5, .size = 1, X) },
	{ 0x7cc740ee, "lbzux r6,r7,r8",
	  LD(.rt = 6, .ra = 7, .rb = 8, .size = 1, X, U) },
	{ 0x7c64292e, "stwx r3,r4,r5", ST(.rs = 3, .ra = 4, .rb = 5, .size = 4, X) },
	{ 0x7c64296e, "stwux r3,r4,r5",
	  ST(.rs = 3, .ra = 4, .rb = 5, .size = 4, X, U) },
	{ 0x7c6429ae, "stbx r3,r4,r5", ST(.rs = 3, .ra = 4, .rb = 5, .size = 1, X) },
	{ 0x7c6429ee, "stbux r3,r4,r5",
	  ST(.rs = 3, .ra = 4, .rb = 5, .size = 1, X, U) },
	{ 0x7c642a2e, "lhzx r3,r4,r5", LD(.rt = 3, .ra = 4, .rb = 5, .size = 2, X) },
	{ 0x7c642a6e, "lhzux r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 2, X, U) },
	{ 0x7c642aae, "lhax r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 2, .sign = 1, X) },
	{ 0x7c642aee, "lhaux r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 2, .sign = 1, X, U) },
	{ 0x7c642b2e, "sthx r3,r4,r5", ST(.rs = 3, .ra = 4, .rb = 5, .size = 2, X) },
	{ 0x7c642b6e, "sthux r3,r4,r5",
	  ST(.rs = 3, .ra = 4, .rb = 5, .size = 2, X, U) },
	{ 0x7c642c2c, "lwbrx r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 4, X, .byterev = 1) },
	{ 0x7c642d2c, "stwbrx r3,r4,r5",
	  ST(.rs = 3, .ra = 4, .rb = 5, .size = 4, X, .byterev = 1) },
	{ 0x7c642e2c, "lhbrx r3,r4,r5",
	  LD(.rt = 3, .ra = 4, .rb = 5, .size = 2, X, .byterev = 1) },
	{ 0x7c642f2c, "sthbrx r3,r4,r5",
	  ST(.rs = 3, .ra = 4, .rb = 5, .size = 2, X, .byterev = 1) },
	{ 0x7ca344aa, "lswi r5,r3,8 (-many)", LD(.rt = 5, .ra = 3, .size = 1,
	  .string = 1, .count = 8) },
	{ 0x7ca304aa, "lswi r5,r3,32 (-many)", LD(.rt = 5, .ra = 3, .size = 1,
	  .string = 1, .count = 32) },
	{ 0x7ca3242a, "lswx r5,r3,r4 (-many)", LD(.rt = 5, .ra = 3, .rb = 4,
	  .size = 1, .string = 1, X) },
	{ 0x7ca33daa, "stswi r5,r3,7 (-many)", ST(.rs = 5, .ra = 3, .size = 1,
	  .string = 1, .count = 7) },
	{ 0x7ca3252a, "stswx r5,r3,r4 (-many)", ST(.rs = 5, .ra = 3, .rb = 4,
	  .size = 1, .string = 1, X) },
	{ 0xc0230004, "lfs f1,4(r3)",
	  LD(.rt = 1, .ra = 3, .size = 4, .fp = 1, .disp = 4) },
	{ 0xc423fffc, "lfsu f1,-4(r3)",
	  LD(.rt = 1, .ra = 3, .size = 4, .fp = 1, U, .disp = -4) },
	{ 0xc8230008, "lfd f1,8(r3)",
	  LD(.rt = 1, .ra = 3, .size = 8, .fp = 1, .disp = 8) },
	{ 0xcc43fff8, "lfdu f2,-8(r3)",
	  LD(.rt = 2, .ra = 3, .size = 8, .fp = 1, U, .disp = -8) },
	{ 0xd0230004, "stfs f1,4(r3)",
	  ST(.rs = 1, .ra = 3, .size = 4, .fp = 1, .disp = 4) },
	{ 0xd4230004, "stfsu f1,4(r3)",
	  ST(.rs = 1, .ra = 3, .size = 4, .fp = 1, U, .disp = 4) },
	{ 0xd8230008, "stfd f1,8(r3)",
	  ST(.rs = 1, .ra = 3, .size = 8, .fp = 1, .disp = 8) },
	{ 0xdc230008, "stfdu f1,8(r3)",
	  ST(.rs = 1, .ra = 3, .size = 8, .fp = 1, U, .disp = 8) },
	{ 0x7c23242e, "lfsx f1,r3,r4",
	  LD(.rt = 1, .ra = 3, .rb = 4, .size = 4, .fp = 1, X) },
	{ 0x7c23246e, "lfsux f1,r3,r4",
	  LD(.rt = 1, .ra = 3, .rb = 4, .size = 4, .fp = 1, X, U) },
	{ 0x7c2324ae, "lfdx f1,r3,r4",
	  LD(.rt = 1, .ra = 3, .rb = 4, .size = 8, .fp = 1, X) },
	{ 0x7c2324ee, "lfdux f1,r3,r4",
	  LD(.rt = 1, .ra = 3, .rb = 4, .size = 8, .fp = 1, X, U) },
	{ 0x7c23252e, "stfsx f1,r3,r4",
	  ST(.rs = 1, .ra = 3, .rb = 4, .size = 4, .fp = 1, X) },
	{ 0x7c23256e, "stfsux f1,r3,r4",
	  ST(.rs = 1, .ra = 3, .rb = 4, .size = 4, .fp = 1, X, U) },
	{ 0x7c2325ae, "stfdx f1,r3,r4",
	  ST(.rs = 1, .ra = 3, .rb = 4, .size = 8, .fp = 1, X) },
	{ 0x7c2325ee, "stfdux f1,r3,r4",
	  ST(.rs = 1, .ra = 3, .rb = 4, .size = 8, .fp = 1, X, U) },
};

#define FIELD(f)							\
	do {								\
		if ((long)got.f != (long)want->f) {			\
			print_error("%s (0x%08x): " #f " = %ld, want %ld\n", \
				    c->text, c->word, (long)got.f,	\
				    (long)want->f);			\
			bad = 1;					\
		}							\
	} while (0)

/* Decode c->word and compare every field against c->exp. */
static int check_case(const struct dcase *c)
{
	const struct insn *want = &c->exp;
	struct insn got;
	int bad = 0, ret;

	memset(&got, 0xa5, sizeof(got));	/* decode must clear it */
	ret = decode_insn(c->word, &got);
	if (ret != want->op) {
		print_error("%s (0x%08x): returned %d, want %d\n", c->text,
			    c->word, ret, want->op);
		bad = 1;
	}
	if (got.raw != c->word)
		bad = 1;
	FIELD(op); FIELD(rt); FIELD(ra); FIELD(rb); FIELD(e); FIELD(lev);
	FIELD(t); FIELD(spr); FIELD(pmr); FIELD(size); FIELD(sign);
	FIELD(update); FIELD(indexed); FIELD(byterev); FIELD(multiple);
	FIELD(string); FIELD(fp); FIELD(count); FIELD(disp);
	return bad;
}

static void run_cases(const struct dcase *cases, size_t n)
{
	int bad = 0;
	size_t k;

	for (k = 0; k < n; k++)
		bad |= check_case(&cases[k]);
	assert_int_equal(bad, 0);
}

static void test_system_ops(void **state)
{
	(void)state;
	run_cases(sys_cases, ARRAY_SIZE(sys_cases));
}

static void test_load_store_forms(void **state)
{
	(void)state;
	run_cases(mem_cases, ARRAY_SIZE(mem_cases));
}

/* Each op of the enum is exercised by at least one real instruction word. */
static void test_every_op_covered(void **state)
{
	int seen[INSN_COUNT] = { 0 };
	size_t k;
	int op;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(sys_cases); k++)
		seen[sys_cases[k].exp.op] = 1;
	for (k = 0; k < ARRAY_SIZE(mem_cases); k++)
		seen[mem_cases[k].exp.op] = 1;
	for (op = INSN_UNKNOWN + 1; op < INSN_COUNT; op++) {
		if (!seen[op])
			print_error("op %d (%s) has no test word\n", op,
				    decode_op_name(op));
		assert_true(seen[op]);
	}
}

static const struct {
	uint32_t word;
	const char *text;
} unknown_words[] = {
	{ 0x7c642a14, "add r3,r4,r5" },
	{ 0x48000000, "b ." },
	{ 0x7c642828, "lwarx r3,r4,r5" },
	{ 0x7c64292d, "stwcx. r3,r4,r5" },
	{ 0x7c6ff120, "mtcr r3" },
	{ 0x00000000, ".long 0" },
	{ 0x7c6000a7, "mfmsr. r3 (hand: Rc=1)" },
	{ 0x4c000065, "rfi with LK=1 (hand)" },
	{ 0x44000000, "opcode 17, bit 30 clear (hand: not sc)" },
	{ 0x44000003, "opcode 17, bits 30-31 = 11 (hand)" },
	{ 0x4e800020, "blr (opcode 19, XO 16)" },
	{ 0x4e800420, "bctr (opcode 19, XO 528: beyond the table)" },
	{ 0x7c0007fe, "dcbzep 0,r0 (external PID: not handled)" },
	{ 0xfc000000, "opcode 63 (hand)" },
	{ 0x10000000, "opcode 4 (SPE/AltiVec, hand)" },
};

static void test_unknown(void **state)
{
	struct insn i;
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(unknown_words); k++) {
		memset(&i, 0x5a, sizeof(i));
		if (decode_insn(unknown_words[k].word, &i) != -EINVAL)
			print_error("%s decoded\n", unknown_words[k].text);
		assert_int_equal(decode_insn(unknown_words[k].word, &i),
				 -EINVAL);
		assert_int_equal(i.op, INSN_UNKNOWN);
		assert_int_equal(i.raw, unknown_words[k].word);
		assert_int_equal(i.rt, 0);
		assert_int_equal(i.size, 0);
	}
}

/* EA of @word with a register file where gpr[n] = 0x1000 * n + n. */
static int ea_of(uint32_t word, uint32_t *ea)
{
	uint32_t gpr[32];
	struct insn i;
	int n;

	for (n = 0; n < 32; n++)
		gpr[n] = 0x1000u * (uint32_t)n + (uint32_t)n;
	if (decode_insn(word, &i) < 0)
		return -100;
	*ea = 0xdeadbeef;
	return decode_ea(&i, gpr, ea);
}

static void test_ea(void **state)
{
	uint32_t ea;

	(void)state;
	assert_int_equal(ea_of(0x80640008, &ea), 0);	/* lwz r3,8(r4) */
	assert_int_equal(ea, 0x4004u + 8);
	assert_int_equal(ea_of(0x8464fff8, &ea), 0);	/* lwzu r3,-8(r4) */
	assert_int_equal(ea, 0x4004u - 8);
	assert_int_equal(ea_of(0x8ca68000, &ea), 0);	/* lbzu r5,-32768(r6) */
	assert_int_equal(ea, 0x6006u - 32768u);
	assert_int_equal(ea_of(0x9421fff0, &ea), 0);	/* stwu r1,-16(r1) */
	assert_int_equal(ea, 0x1001u - 16);
	/* RA=0 means 0 (not gpr[0]) for non-update forms */
	assert_int_equal(ea_of(0x80600010, &ea), 0);	/* hand: lwz r3,16(0) */
	assert_int_equal(ea, 16);
	assert_int_equal(ea_of(0x8060fffc, &ea), 0);	/* hand: lwz r3,-4(0) */
	assert_int_equal(ea, 0xfffffffcu);
	assert_int_equal(ea_of(0x7c6028ae, &ea), 0);	/* lbzx r3,0,r5 */
	assert_int_equal(ea, 0x5005u);
	assert_int_equal(ea_of(0x7c64286e, &ea), 0);	/* lwzux r3,r4,r5 */
	assert_int_equal(ea, 0x4004u + 0x5005u);
	assert_int_equal(ea_of(0x7c642c2c, &ea), 0);	/* lwbrx r3,r4,r5 */
	assert_int_equal(ea, 0x9009u);
	assert_int_equal(ea_of(0xbb81fff0, &ea), 0);	/* lmw r28,-16(r1) */
	assert_int_equal(ea, 0x1001u - 16);
	assert_int_equal(ea_of(0x7ca344aa, &ea), 0);	/* lswi r5,r3,8 */
	assert_int_equal(ea, 0x3003u);
	assert_int_equal(ea_of(0x7ca3242a, &ea), 0);	/* lswx r5,r3,r4 */
	assert_int_equal(ea, 0x7007u);
	assert_int_equal(ea_of(0xcc43fff8, &ea), 0);	/* lfdu f2,-8(r3) */
	assert_int_equal(ea, 0x3003u - 8);
	assert_int_equal(ea_of(0x7c0327ec, &ea), 0);	/* dcbz r3,r4 */
	assert_int_equal(ea, 0x7007u);
	assert_int_equal(ea_of(0x7c003f24, &ea), 0);	/* tlbsx 0,r7 */
	assert_int_equal(ea, 0x7007u);
	assert_int_equal(ea_of(0x7c642824, &ea), 0);	/* tlbilxva r4,r5 */
	assert_int_equal(ea, 0x9009u);
	/* no memory operand */
	assert_int_equal(ea_of(0x7c6000a6, &ea), -EINVAL);	/* mfmsr r3 */
	assert_int_equal(ea, 0xdeadbeef);
	assert_int_equal(ea_of(0x7c7042a6, &ea), -EINVAL);	/* mfspr */
	assert_int_equal(ea_of(0x44000022, &ea), -EINVAL);	/* sc 1 */
}

static void test_invalid_forms(void **state)
{
	uint32_t ea;

	(void)state;
	/* decoded (so the emulator can name them) but no EA */
	assert_int_equal(ea_of(0x84600004, &ea), -EINVAL); /* lwzu r3,4(0) */
	assert_int_equal(ea_of(0x7c63286e, &ea), -EINVAL); /* lwzux r3,r3,r5 */
	assert_int_equal(ea_of(0x7c6028ee, &ea), -EINVAL); /* lbzux r3,0,r5 */
	assert_int_equal(ea_of(0x94600004, &ea), -EINVAL); /* stwu r3,4(0) */
	assert_int_equal(ea_of(0xac630002, &ea), -EINVAL); /* lhau r3,2(r3) */
	assert_int_equal(ea_of(0xcc200008, &ea), -EINVAL); /* lfdu f1,8(0) */
	assert_int_equal(ea_of(0xb8640000, &ea), -EINVAL); /* lmw r3,0(r4) */
	assert_int_equal(ea_of(0xb8000000, &ea), -EINVAL); /* lmw r0,0(0) */
	assert_int_equal(ea_of(0x7ca644aa, &ea), -EINVAL); /* lswi r5,r6,8 */
	assert_int_equal(ea_of(0x7fe044aa, &ea), -EINVAL); /* lswi r31,0,8 */
	assert_int_equal(ea_of(0x7ca534aa, &ea), -EINVAL); /* lswi r5,r5,6 */
	/* valid look-alikes */
	assert_int_equal(ea_of(0x94630004, &ea), 0);	/* stwu r3,4(r3) */
	assert_int_equal(ea, 0x3003u + 4);
	assert_int_equal(ea_of(0xcc230008, &ea), 0);	/* lfdu f1,8(r3) */
	assert_int_equal(ea_of(0xbb83fff0, &ea), 0);	/* lmw r28,-16(r3) */
	assert_int_equal(ea_of(0xbc640000, &ea), 0);	/* stmw r3,0(r4) */
	assert_int_equal(ea_of(0x7ca744aa, &ea), 0);	/* lswi r5,r7,8 */
	/* NULL/garbage */
	assert_int_equal(decode_ea(NULL, NULL, &ea), -EINVAL);
}

static void test_spr_privilege(void **state)
{
	static const struct { uint32_t spr; int priv; } sprs[] = {
		{ 1, 0 }, { 8, 0 }, { 9, 0 },		/* XER LR CTR */
		{ 22, 1 }, { 26, 1 }, { 27, 1 },	/* DEC SRR0 SRR1 */
		{ 48, 1 }, { 62, 1 }, { 63, 1 },	/* PID ESR IVPR */
		{ 256, 0 },				/* USPRG0 */
		{ 259, 0 }, { 260, 0 }, { 261, 0 },	/* SPRG3..7 reads */
		{ 262, 0 }, { 263, 0 },
		{ 268, 0 }, { 269, 0 },			/* TBL/TBU reads */
		{ 272, 1 }, { 275, 1 }, { 279, 1 },	/* SPRG0/3/7 */
		{ 284, 1 }, { 285, 1 },			/* TBL/TBU writes */
		{ 287, 1 }, { 400, 1 }, { 624, 1 },	/* PVR IVOR0 MAS0 */
		{ 512, 0 }, { 515, 0 }, { 516, 0 },	/* SPEFSCR L1CFG0/1 */
		{ 1008, 1 }, { 1010, 1 }, { 1023, 1 },	/* HID0 L1CSR0 SVR */
	};
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(sprs); k++) {
		if (decode_spr_is_privileged(sprs[k].spr) != sprs[k].priv)
			print_error("SPR %u\n", (unsigned)sprs[k].spr);
		assert_int_equal(decode_spr_is_privileged(sprs[k].spr),
				 sprs[k].priv);
	}
	assert_int_equal(decode_spr_is_privileged(1024), -EINVAL);
	assert_int_equal(decode_spr_is_privileged(0xffffffffu), -EINVAL);
}

static void test_names(void **state)
{
	int a, b;

	(void)state;
	for (a = 0; a < INSN_COUNT; a++) {
		assert_non_null(decode_op_name(a));
		assert_true(decode_op_name(a)[0] != '\0');
		for (b = a + 1; b < INSN_COUNT; b++)
			assert_string_not_equal(decode_op_name(a),
						decode_op_name(b));
	}
	assert_string_equal(decode_op_name(INSN_MTSPR), "mtspr");
	assert_string_equal(decode_op_name(INSN_UNKNOWN), "unknown");
	assert_string_equal(decode_op_name(-EINVAL), "unknown");
	assert_string_equal(decode_op_name(INSN_COUNT), "unknown");
}

/* Pseudo-random and structured sweeps: no crash, sane fields. */
static void check_sane(uint32_t w)
{
	uint32_t gpr[32] = { 0 }, ea;
	struct insn i;
	int r = decode_insn(w, &i);

	if (r < 0) {
		assert_int_equal(r, -EINVAL);
		assert_int_equal(i.op, INSN_UNKNOWN);
		return;
	}
	assert_true(r > INSN_UNKNOWN && r < INSN_COUNT);
	assert_int_equal(i.op, r);
	assert_true(i.rt < 32 && i.ra < 32 && i.rb < 32);
	assert_true(i.spr < 1024 && i.pmr < 1024 && i.t < 4 && i.e < 2);
	if (r == INSN_LOAD || r == INSN_STORE)
		assert_true(i.size == 1 || i.size == 2 || i.size == 4 ||
			    i.size == 8);
	r = decode_ea(&i, gpr, &ea);
	assert_true(r == 0 || r == -EINVAL);
}

static void test_sweep(void **state)
{
	uint32_t x = 0x12345678u, po, xo, k;

	(void)state;
	for (po = 0; po < 64; po++)
		for (xo = 0; xo < 2048; xo++)
			check_sane((po << 26) | (0x1fu << 21) | (3u << 16) |
				   (4u << 11) | xo);
	for (k = 0; k < (1u << 20); k++) {
		x = x * 1664525u + 1013904223u;
		check_sane(x);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_ops),
		cmocka_unit_test(test_load_store_forms),
		cmocka_unit_test(test_every_op_covered),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_ea),
		cmocka_unit_test(test_invalid_forms),
		cmocka_unit_test(test_spr_privilege),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
