/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf_spr: SPR conformance. For every supervisor SPR of the core: its
 * value, a write and the read-back ("spr NAME was X w Y r Z"), with any
 * exception an access raises; SPRs the core lacks and an undefined SPR;
 * SPRG3-7 read through their user numbers from user mode; the timers
 * (DEC, TSR write-one-to-clear, timebase writes) and a few PMRs. Values
 * in hex, nothing timing-dependent. Run natively and in a partition, the
 * output must be the same (see tests/conformance/).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest.h"

#define IVOR_PROGRAM 6
#define IVOR_SYSCALL 8

#define V2 0x1      /* exists on e500v2 */
#define MC 0x2      /* exists on e500mc */
#define BOTH (V2 | MC)
#define RESTORE 0x4 /* write the old value back at once */

struct stub {
	uint32_t n;
	uint32_t (*rd)(void);
	void (*wr)(uint32_t);
};
extern const struct stub spr_table[], spr_table_end[], pmr_table[], pmr_table_end[];
void user_call(void (*fn)(uint32_t *), uint32_t *arg);
void user_sprg(uint32_t *out);
extern const char user_sprg_mtspr[];

struct spr_test {
	const char *name;
	uint16_t n, flags;
	uint32_t val;
};

#define IVOR(i, f) { "IVOR" #i, (i) < 32 ? 400 + (i) : 528 + (i) - 32, (f) | RESTORE, ~0u }
static const struct spr_test tests[] = {
	{ "ESR", 62, BOTH, ~0u }, { "DEAR", 61, BOTH, ~0u },
	{ "MCSR", 572, BOTH, ~0u }, { "MCAR", 573, BOTH, ~0u },
	{ "SRR0", 26, BOTH, ~0u }, { "SRR1", 27, BOTH, ~0u },
	{ "CSRR0", 58, BOTH, ~0u }, { "CSRR1", 59, BOTH, ~0u },
	{ "MCSRR0", 570, BOTH, ~0u }, { "MCSRR1", 571, BOTH, ~0u },
	{ "DSRR0", 574, BOTH, ~0u }, { "DSRR1", 575, BOTH, ~0u },
	{ "SPRG0", 272, BOTH, 0x5a5a0110 }, { "SPRG1", 273, BOTH, 0x5a5a0111 },
	{ "SPRG2", 274, BOTH, 0x5a5a0112 }, { "SPRG3", 275, BOTH, 0x5a5a0113 },
	{ "SPRG4", 276, BOTH, 0x5a5a0114 }, { "SPRG5", 277, BOTH, 0x5a5a0115 },
	{ "SPRG6", 278, BOTH, 0x5a5a0116 }, { "SPRG7", 279, BOTH, 0x5a5a0117 },
	{ "IVPR", 63, BOTH | RESTORE, ~0u },
	IVOR(0, BOTH), IVOR(1, BOTH), IVOR(2, BOTH), IVOR(3, BOTH), IVOR(4, BOTH),
	IVOR(5, BOTH), IVOR(6, BOTH), IVOR(7, BOTH), IVOR(8, BOTH), IVOR(9, BOTH),
	IVOR(10, BOTH), IVOR(11, BOTH), IVOR(12, BOTH), IVOR(13, BOTH), IVOR(14, BOTH),
	IVOR(15, BOTH), IVOR(32, V2), IVOR(33, V2), IVOR(34, V2), IVOR(35, BOTH),
	IVOR(36, MC), IVOR(37, MC),
	{ "PID", 48, BOTH | RESTORE, ~0u },
	{ "PID1", 633, V2 | RESTORE, ~0u }, { "PID2", 634, V2 | RESTORE, ~0u },
	{ "MAS0", 624, BOTH, ~0u }, { "MAS1", 625, BOTH, ~0u },
	{ "MAS2", 626, BOTH, ~0u }, { "MAS3", 627, BOTH, ~0u },
	{ "MAS4", 628, BOTH | RESTORE, ~0u }, { "MAS6", 630, BOTH, ~0u },
	{ "MAS7", 944, BOTH, ~0u },
	{ "MMUCSR0", 1012, BOTH, MMUCSR0_TLB0FI }, /* never TLB1FI: the image */
	{ "MMUCFG", 1015, BOTH, ~0u },
	{ "TLB0CFG", 688, BOTH, ~0u }, { "TLB1CFG", 689, BOTH, ~0u },
	/* WP = FP = 3 (2^60 ticks), ARE; never WRC (watchdog reset). */
	{ "TCR", 340, BOTH | RESTORE, 0xc3400000 },
	{ "TSR", 336, BOTH, ~0u }, { "DECAR", 54, BOTH, ~0u },
	{ "PIR", 286, BOTH | RESTORE, ~0u }, { "PVR", 287, BOTH, ~0u },
	{ "SVR", 1023, BOTH, ~0u },
	{ "HID0", 1008, BOTH | RESTORE, 0x80004000 }, { "HID1", 1009, BOTH | RESTORE, ~0u },
	/* CPE|CLFC|CFI|CE: the flash bits read back 0; then every bit. */
	{ "L1CSR0", 1010, BOTH | RESTORE, 0x00010103 }, { "L1CSR1", 1011, BOTH | RESTORE, 0x00010103 },
	{ "L1CSR0/~0", 1010, BOTH | RESTORE, ~0u }, { "L1CSR1/~0", 1011, BOTH | RESTORE, ~0u },
	{ "BUCSR", 1013, BOTH | RESTORE, ~0u },
	{ "L2CSR0", 1017, MC | RESTORE, 0x00200400 }, { "L2CSR1", 1018, MC | RESTORE, ~0u },
	/* DBCR0: IDM only (RST would reset the board). */
	{ "DBCR0", 308, BOTH | RESTORE, 0x40000000 },
	{ "DBCR1", 309, BOTH | RESTORE, ~0u }, { "DBCR2", 310, BOTH | RESTORE, ~0u },
	{ "DBSR", 304, BOTH, ~0u },
	{ "IAC1", 312, BOTH, ~0u }, { "IAC2", 313, BOTH, ~0u },
	{ "DAC1", 316, BOTH, ~0u }, { "DAC2", 317, BOTH, ~0u },
	{ "undefined-1000", 1000, BOTH, 0x12345678 },
	{ "SPRG3-user", 259, BOTH, 0x5a5a0203 },
};

static struct { int ivor; uint32_t srr0, esr; } evs[8];
static int nev, failed, core;

/* Program interrupts are stepped over, sc from user mode returns to
 * supervisor mode; both are logged. */
void guest_exception(int ivor, struct gframe *f)
{
	if (nev < 8) {
		evs[nev].ivor = ivor;
		evs[nev].srr0 = f->srr0;
		evs[nev].esr = f->esr;
	}
	nev++;
	if (ivor == IVOR_SYSCALL && (f->srr1 & MSR_PR)) {
		f->srr1 &= ~MSR_PR;
	} else if (ivor == IVOR_PROGRAM) {
		f->srr0 += 4;
	} else {
		guest_unexpected("conf_spr", ivor, f);
	}
}

/* " [6:ESR]" for each exception logged since @from, or "". The lines
 * stay under 120 characters, the hypervisor console's line length. */
static const char *exc_text(char *buf, int size, int from)
{
	int i, len = 0;

	buf[0] = '\0';
	for (i = from; i < nev && i < 8 && len < size; i++)
		len += snprintf(buf + len, size - len, " [%d:0x%08lx]",
				evs[i].ivor, (unsigned long)evs[i].esr);
	return buf;
}

static const struct stub *find(const struct stub *t, const struct stub *end, uint32_t n)
{
	for (; t < end; t++)
		if (t->n == n)
			return t;
	return NULL;
}

/* was / w / r of one register; an absent one is only read. */
static void test_one(const char *kind, const struct spr_test *t, const struct stub *s)
{
	char e0[64], e1[64], e2[64];
	uint32_t was, got = 0;
	int present = (t->flags & core) != 0, mark;

	nev = 0;
	was = s->rd();
	exc_text(e0, sizeof(e0), 0);
	if (!present) {
		printf("conf_spr: %s %s (absent) r 0x%08lx%s\n", kind, t->name,
		       (unsigned long)was, e0);
		return;
	}
	mark = nev;
	s->wr(t->val);
	exc_text(e1, sizeof(e1), mark);
	mark = nev;
	got = s->rd();
	exc_text(e2, sizeof(e2), mark);
	if (t->flags & RESTORE)
		s->wr(was);
	printf("conf_spr: %s %s was 0x%08lx%s w 0x%08lx%s r 0x%08lx%s\n", kind, t->name,
	       (unsigned long)was, e0, (unsigned long)t->val, e1, (unsigned long)got, e2);
	if (kind[0] == 's' && t->n >= 272 && t->n <= 279 && got != t->val) {
		failed++;
		printf("conf_spr: %s: FAIL\n", t->name);
	}
}

static void test_table(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const struct stub *s = find(spr_table, spr_table_end, tests[i].n);

		if (s)
			test_one("spr", &tests[i], s);
		else
			printf("conf_spr: %s: no stub FAIL\n", tests[i].name), failed++;
	}
}

static void test_pmr(void)
{
	static const struct spr_test pmrs[] = {
		{ "UPMC0", 0, BOTH, 0x00001234 }, { "PMC0", 16, BOTH, 0x00005678 },
		{ "PMC1", 17, BOTH, 0x00009abc }, { "PMLCa0", 144, BOTH, 0x00000000 },
		{ "PMLCb0", 272, BOTH, 0x00000000 }, { "UPMGC0", 384, BOTH, 0x00000000 },
		{ "PMGC0", 400, BOTH, 0x00000000 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(pmrs) / sizeof(pmrs[0]); i++)
		test_one("pmr", &pmrs[i], find(pmr_table, pmr_table_end, pmrs[i].n));
}

/* SPRG3-7 written in supervisor mode, read back by user numbers 259-263. */
static void test_user(void)
{
	static const char *const names[] = { "SPRG3", "SPRG4", "SPRG5", "SPRG6", "SPRG7",
					     "undefined-1000", "UPMC0" };
	uint32_t out[7], i;

	mtspr(SPRN_SPRG3, 0x0e5e0003);
	mtspr(SPRN_SPRG4, 0x0e5e0004);
	mtspr(SPRN_SPRG5, 0x0e5e0005);
	mtspr(SPRN_SPRG6, 0x0e5e0006);
	mtspr(SPRN_SPRG7, 0x0e5e0007);
	nev = 0;
	user_call(user_sprg, out);
	for (i = 0; i < 7; i++) {
		printf("conf_spr: user read %s r 0x%08lx\n", names[i], (unsigned long)out[i]);
		if (i < 5 && out[i] != 0x0e5e0003 + i) {
			failed++;
			printf("conf_spr: user read %s: FAIL\n", names[i]);
		}
	}
	for (i = 0; i < (uint32_t)nev && i < 8; i++)
		printf("conf_spr: user mode: ivor %d at %+ld esr 0x%08lx\n", evs[i].ivor,
		       (long)(evs[i].srr0 - (uint32_t)user_sprg_mtspr), (unsigned long)evs[i].esr);
}

static const char *sign(uint32_t v)
{
	return v == 0 ? "zero" : (int32_t)v < 0 ? "negative" : "positive";
}

/* DEC counts down and sets TSR[DIS] (TCR[DIE] = 0: no interrupt). QEMU
 * raises DIS from a host timer, which may lag the timebase: poll for it. */
static void test_timers(void)
{
	uint64_t t0;
	uint32_t d1, d2, tsr1 = 0, tsr2;

	mtspr(SPRN_TCR, 0);
	mtspr(SPRN_TSR, ~0u);
	mtspr(SPRN_DEC, 400000000); /* 1 s */
	d1 = mfspr(SPRN_DEC);
	mtspr(SPRN_DEC, 400000); /* 1 ms */
	t0 = guest_timebase();
	while (guest_timebase() - t0 < 800000) /* 2 ms */
		;
	d2 = mfspr(SPRN_DEC);
	while (!(tsr1 & TSR_DIS) && guest_timebase() - t0 < 400000000) /* 1 s */
		tsr1 = mfspr(SPRN_TSR);
	mtspr(SPRN_TSR, TSR_DIS);
	tsr2 = mfspr(SPRN_TSR);
	printf("conf_spr: dec while counting: %s\n", sign(d1));
	printf("conf_spr: dec after expiry: %s\n", sign(d2));
	printf("conf_spr: tsr after expiry 0x%08lx, after w1c DIS 0x%08lx\n",
	       (unsigned long)tsr1, (unsigned long)tsr2);
	failed += !(tsr1 & TSR_DIS) || (tsr2 & TSR_DIS);

	/* Timebase writes: TBU is what was written (TBL from 0 cannot carry). */
	mtspr(SPRN_TBWL, 0);
	mtspr(SPRN_TBWU, 0x00001234);
	printf("conf_spr: tbu after tbwu 0x1234: 0x%08lx\n", (unsigned long)mfspr(SPRN_TBRU));
}

int main(void *fdt)
{
	uint32_t pvr = mfspr(SPRN_PVR) >> 16;

	(void)fdt;
	core = pvr == 0x8020 || pvr == 0x8021 ? V2 : MC;
	printf("conf_spr: on %s\n", guest_cpu_name());
	test_table();
	test_pmr();
	test_user();
	test_timers();
	printf("conf_spr: done, %d failed\n", failed);
	return failed;
}
