/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instruction decoder: tables, not switches.
 *
 * The primary opcode (bits 0-5) indexes primary[]; opcodes 19 and 31 have
 * their own extended-opcode tables indexed by XO (bits 21-30). An entry names
 * the op, the instruction form (which selects a field extractor) and, for
 * loads and stores, the access size and flags. Encodings and XO values are
 * from the Power ISA (Book-E / 2.06 Book III-E) and the e500 core manuals;
 * the unit test checks them against words produced by GNU as -me500mc.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "hv/decode.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(INSN_COUNT <= 256, "ops must fit decode_entry.op");

/* ---- instruction fields (IBM bit numbering: bit 0 is the MSB) ---------- */

#define PO(x)	((x) >> 26)		/* bits 0-5 */
#define F_RT(x)	(((x) >> 21) & 0x1f)	/* bits 6-10 */
#define F_RA(x)	(((x) >> 16) & 0x1f)	/* bits 11-15 */
#define F_RB(x)	(((x) >> 11) & 0x1f)	/* bits 16-20 */
#define XO(x)	(((x) >> 1) & 0x3ff)	/* bits 21-30 */
#define RC(x)	((x) & 1)		/* bit 31: Rc / LK */

/* ---- table entries ----------------------------------------------------- */

enum decode_form {
	FORM_NONE,	/* no operands: rfi, tlbwe, isync... */
	FORM_D,		/* RT, D(RA) */
	FORM_X,		/* RT, RA, RB */
	FORM_SPR,	/* RT, split SPR/DCR field */
	FORM_PMR,	/* RT, split PMRN field */
	FORM_WRTEEI,	/* E */
	FORM_SC,	/* LEV */
	FORM_TLBILX,	/* T, RA, RB */
	FORM_NB,	/* RT, RA, NB (lswi/stswi) */
	FORM_COUNT
};

#define DF_SIGN		0x01u
#define DF_UPDATE	0x02u
#define DF_INDEXED	0x04u
#define DF_BYTEREV	0x08u
#define DF_MULTIPLE	0x10u
#define DF_STRING	0x20u
#define DF_FP		0x40u

struct decode_entry {
	uint8_t op;	/* enum insn_op; INSN_UNKNOWN = empty slot */
	uint8_t form;	/* enum decode_form */
	uint8_t size;	/* loads/stores: bytes per access */
	uint8_t flags;	/* DF_* */
};

#define E(o, f)		{ .op = (o), .form = (f) }
#define MEM(o, f, sz, fl) { .op = (o), .form = (f), .size = (sz), .flags = (fl) }
#define LD(sz, fl)	MEM(INSN_LOAD, FORM_D, sz, fl)
#define ST(sz, fl)	MEM(INSN_STORE, FORM_D, sz, fl)
#define LDX(sz, fl)	MEM(INSN_LOAD, FORM_X, sz, (fl) | DF_INDEXED)
#define STX(sz, fl)	MEM(INSN_STORE, FORM_X, sz, (fl) | DF_INDEXED)
#define XEA(o)		MEM(o, FORM_X, 0, DF_INDEXED)

#define U DF_UPDATE
#define FP DF_FP

/* D-form loads/stores and sc, by primary opcode. */
static const struct decode_entry primary[64] = {
	[17] = E(INSN_SC, FORM_SC),
	[32] = LD(4, 0),		/* lwz */
	[33] = LD(4, U),		/* lwzu */
	[34] = LD(1, 0),		/* lbz */
	[35] = LD(1, U),		/* lbzu */
	[36] = ST(4, 0),		/* stw */
	[37] = ST(4, U),		/* stwu */
	[38] = ST(1, 0),		/* stb */
	[39] = ST(1, U),		/* stbu */
	[40] = LD(2, 0),		/* lhz */
	[41] = LD(2, U),		/* lhzu */
	[42] = LD(2, DF_SIGN),		/* lha */
	[43] = LD(2, DF_SIGN | U),	/* lhau */
	[44] = ST(2, 0),		/* sth */
	[45] = ST(2, U),		/* sthu */
	[46] = LD(4, DF_MULTIPLE),	/* lmw */
	[47] = ST(4, DF_MULTIPLE),	/* stmw */
	[48] = LD(4, FP),		/* lfs */
	[49] = LD(4, FP | U),		/* lfsu */
	[50] = LD(8, FP),		/* lfd */
	[51] = LD(8, FP | U),		/* lfdu */
	[52] = ST(4, FP),		/* stfs */
	[53] = ST(4, FP | U),		/* stfsu */
	[54] = ST(8, FP),		/* stfd */
	[55] = ST(8, FP | U),		/* stfdu */
};

/* Opcode 19, XL-form: the return-from-interrupt family and isync. */
static const struct decode_entry xl19[] = {
	[38] = E(INSN_RFMCI, FORM_NONE),
	[39] = E(INSN_RFDI, FORM_NONE),
	[50] = E(INSN_RFI, FORM_NONE),
	[51] = E(INSN_RFCI, FORM_NONE),
	[150] = E(INSN_ISYNC, FORM_NONE),
};

/* Opcode 31, X- and XFX-form. */
static const struct decode_entry x31[] = {
	[18] = MEM(INSN_TLBILX, FORM_TLBILX, 0, DF_INDEXED),
	[23] = LDX(4, 0),		/* lwzx */
	[54] = XEA(INSN_DCBST),
	[55] = LDX(4, U),		/* lwzux */
	[62] = E(INSN_WAIT, FORM_NONE),
	[83] = E(INSN_MFMSR, FORM_X),
	[86] = XEA(INSN_DCBF),
	[87] = LDX(1, 0),		/* lbzx */
	[119] = LDX(1, U),		/* lbzux */
	[131] = E(INSN_WRTEE, FORM_X),
	[134] = XEA(INSN_DCBTSTLS),
	[146] = E(INSN_MTMSR, FORM_X),
	[151] = STX(4, 0),		/* stwx */
	[163] = E(INSN_WRTEEI, FORM_WRTEEI),
	[166] = XEA(INSN_DCBTLS),
	[183] = STX(4, U),		/* stwux */
	[206] = E(INSN_MSGSND, FORM_X),
	[215] = STX(1, 0),		/* stbx */
	[230] = XEA(INSN_ICBLC),
	[238] = E(INSN_MSGCLR, FORM_X),
	[247] = STX(1, U),		/* stbux */
	[270] = E(INSN_EHPRIV, FORM_NONE),
	[279] = LDX(2, 0),		/* lhzx */
	[311] = LDX(2, U),		/* lhzux */
	[323] = E(INSN_MFDCR, FORM_SPR),
	[334] = E(INSN_MFPMR, FORM_PMR),
	[339] = E(INSN_MFSPR, FORM_SPR),
	[343] = LDX(2, DF_SIGN),	/* lhax */
	[375] = LDX(2, DF_SIGN | U),	/* lhaux */
	[390] = XEA(INSN_DCBLC),
	[407] = STX(2, 0),		/* sthx */
	[439] = STX(2, U),		/* sthux */
	[451] = E(INSN_MTDCR, FORM_SPR),
	[462] = E(INSN_MTPMR, FORM_PMR),
	[467] = E(INSN_MTSPR, FORM_SPR),
	[470] = XEA(INSN_DCBI),
	[486] = XEA(INSN_ICBTLS),
	[533] = LDX(1, DF_STRING),	/* lswx */
	[534] = LDX(4, DF_BYTEREV),	/* lwbrx */
	[535] = LDX(4, FP),		/* lfsx */
	[566] = E(INSN_TLBSYNC, FORM_NONE),
	[567] = LDX(4, FP | U),		/* lfsux */
	[597] = MEM(INSN_LOAD, FORM_NB, 1, DF_STRING),	/* lswi */
	[598] = E(INSN_MSYNC, FORM_NONE),
	[599] = LDX(8, FP),		/* lfdx */
	[631] = LDX(8, FP | U),		/* lfdux */
	[661] = STX(1, DF_STRING),	/* stswx */
	[662] = STX(4, DF_BYTEREV),	/* stwbrx */
	[663] = STX(4, FP),		/* stfsx */
	[695] = STX(4, FP | U),		/* stfsux */
	[725] = MEM(INSN_STORE, FORM_NB, 1, DF_STRING),	/* stswi */
	[727] = STX(8, FP),		/* stfdx */
	[759] = STX(8, FP | U),		/* stfdux */
	[786] = XEA(INSN_TLBIVAX),
	[790] = LDX(2, DF_BYTEREV),	/* lhbrx */
	[854] = E(INSN_MBAR, FORM_X),
	[914] = XEA(INSN_TLBSX),
	[918] = STX(2, DF_BYTEREV),	/* sthbrx */
	[946] = E(INSN_TLBRE, FORM_NONE),
	[978] = E(INSN_TLBWE, FORM_NONE),
	[982] = XEA(INSN_ICBI),
	[1014] = XEA(INSN_DCBZ),
};

/* Primary opcodes whose meaning is in an extended-opcode table. */
struct xo_space {
	const struct decode_entry *tab;
	uint32_t len;
};

static const struct xo_space xo_spaces[64] = {
	[19] = { xl19, ARRAY_SIZE(xl19) },
	[31] = { x31, ARRAY_SIZE(x31) },
};

/* ---- per-op facts: name, and whether it has a memory operand ----------- */

struct op_info {
	const char *name;
	uint8_t has_ea;
};

static const struct op_info op_info[INSN_COUNT] = {
	[INSN_UNKNOWN] = { "unknown", 0 },
	[INSN_LOAD] = { "load", 1 },	[INSN_STORE] = { "store", 1 },
	[INSN_MFMSR] = { "mfmsr", 0 },	[INSN_MTMSR] = { "mtmsr", 0 },
	[INSN_WRTEE] = { "wrtee", 0 },	[INSN_WRTEEI] = { "wrteei", 0 },
	[INSN_RFI] = { "rfi", 0 },	[INSN_RFCI] = { "rfci", 0 },
	[INSN_RFMCI] = { "rfmci", 0 },	[INSN_RFDI] = { "rfdi", 0 },
	[INSN_MFSPR] = { "mfspr", 0 },	[INSN_MTSPR] = { "mtspr", 0 },
	[INSN_MFPMR] = { "mfpmr", 0 },	[INSN_MTPMR] = { "mtpmr", 0 },
	[INSN_TLBWE] = { "tlbwe", 0 },	[INSN_TLBRE] = { "tlbre", 0 },
	[INSN_TLBSX] = { "tlbsx", 1 },	[INSN_TLBIVAX] = { "tlbivax", 1 },
	[INSN_TLBSYNC] = { "tlbsync", 0 }, [INSN_TLBILX] = { "tlbilx", 1 },
	[INSN_DCBI] = { "dcbi", 1 },	[INSN_WAIT] = { "wait", 0 },
	[INSN_MSGSND] = { "msgsnd", 0 }, [INSN_MSGCLR] = { "msgclr", 0 },
	[INSN_DCBTLS] = { "dcbtls", 1 }, [INSN_DCBTSTLS] = { "dcbtstls", 1 },
	[INSN_ICBTLS] = { "icbtls", 1 }, [INSN_DCBLC] = { "dcblc", 1 },
	[INSN_ICBLC] = { "icblc", 1 },	[INSN_DCBZ] = { "dcbz", 1 },
	[INSN_DCBF] = { "dcbf", 1 },	[INSN_DCBST] = { "dcbst", 1 },
	[INSN_ICBI] = { "icbi", 1 },	[INSN_SC] = { "sc", 0 },
	[INSN_EHPRIV] = { "ehpriv", 0 }, [INSN_MFDCR] = { "mfdcr", 0 },
	[INSN_MTDCR] = { "mtdcr", 0 },	[INSN_MBAR] = { "mbar", 0 },
	[INSN_MSYNC] = { "msync", 0 },	[INSN_ISYNC] = { "isync", 0 },
};

/* ---- field extractors, one per form ------------------------------------ */

/* SPR, DCRN and PMRN fields are stored halves swapped: n = f[5:9]||f[0:4]. */
static uint16_t unsplit(uint32_t insn)
{
	uint32_t f = (insn >> 11) & 0x3ff;

	return (uint16_t)(((f & 0x1f) << 5) | (f >> 5));
}

static int ext_none(uint32_t insn, struct insn *o)
{
	(void)insn;
	(void)o;
	return 0;
}

static int ext_d(uint32_t insn, struct insn *o)
{
	o->rt = F_RT(insn);
	o->ra = F_RA(insn);
	o->disp = (int32_t)(int16_t)(insn & 0xffff);
	return 0;
}

static int ext_x(uint32_t insn, struct insn *o)
{
	o->rt = F_RT(insn);
	o->ra = F_RA(insn);
	o->rb = F_RB(insn);
	return 0;
}

static int ext_spr(uint32_t insn, struct insn *o)
{
	o->rt = F_RT(insn);
	o->spr = unsplit(insn);
	return 0;
}

static int ext_pmr(uint32_t insn, struct insn *o)
{
	o->rt = F_RT(insn);
	o->pmr = unsplit(insn);
	return 0;
}

static int ext_wrteei(uint32_t insn, struct insn *o)
{
	o->e = (insn >> 15) & 1;	/* bit 16 */
	return 0;
}

/* sc: bit 30 must be 1 and bit 31 0 (other patterns are not sc). */
static int ext_sc(uint32_t insn, struct insn *o)
{
	if ((insn & 3) != 2)
		return -EINVAL;
	o->lev = (insn >> 5) & 0x7f;	/* bits 20-26 */
	return 0;
}

static int ext_tlbilx(uint32_t insn, struct insn *o)
{
	o->t = F_RT(insn) & 3;		/* bits 9-10 */
	o->ra = F_RA(insn);
	o->rb = F_RB(insn);
	return 0;
}

static int ext_nb(uint32_t insn, struct insn *o)
{
	uint8_t nb = F_RB(insn);

	o->rt = F_RT(insn);
	o->ra = F_RA(insn);
	o->count = nb ? nb : 32;
	return 0;
}

static int (*const extract[FORM_COUNT])(uint32_t, struct insn *) = {
	[FORM_NONE] = ext_none,
	[FORM_D] = ext_d,
	[FORM_X] = ext_x,
	[FORM_SPR] = ext_spr,
	[FORM_PMR] = ext_pmr,
	[FORM_WRTEEI] = ext_wrteei,
	[FORM_SC] = ext_sc,
	[FORM_TLBILX] = ext_tlbilx,
	[FORM_NB] = ext_nb,
};

/* ---- decoding ---------------------------------------------------------- */

/* The table entry for @insn, or NULL. */
static const struct decode_entry *lookup(uint32_t insn)
{
	const struct xo_space *s = &xo_spaces[PO(insn)];
	uint32_t xo = XO(insn);

	if (!s->tab)
		return &primary[PO(insn)];
	/* Rc=1 / LK=1 is an invalid form for every op in these tables. */
	if (RC(insn) || xo >= s->len)
		return NULL;
	return &s->tab[xo];
}

static void apply_flags(const struct decode_entry *d, struct insn *o)
{
	o->size = d->size;
	o->sign = !!(d->flags & DF_SIGN);
	o->update = !!(d->flags & DF_UPDATE);
	o->indexed = !!(d->flags & DF_INDEXED);
	o->byterev = !!(d->flags & DF_BYTEREV);
	o->multiple = !!(d->flags & DF_MULTIPLE);
	o->string = !!(d->flags & DF_STRING);
	o->fp = !!(d->flags & DF_FP);
	if (o->multiple)
		o->count = (uint8_t)(32 - o->rt);
}

int decode_insn(uint32_t insn, struct insn *out)
{
	const struct decode_entry *d = lookup(insn);

	memset(out, 0, sizeof(*out));
	out->raw = insn;
	out->op = INSN_UNKNOWN;
	if (!d || d->op == INSN_UNKNOWN || d->form >= FORM_COUNT)
		return -EINVAL;
	if (extract[d->form](insn, out) < 0) {
		memset(out, 0, sizeof(*out));
		out->raw = insn;
		return -EINVAL;
	}
	apply_flags(d, out);
	out->op = d->op;
	return out->op;
}

/* ---- effective address ------------------------------------------------- */

/* Whether register @r is among the @nb bytes lswi loads from @rt up (mod 32). */
static int string_loads_reg(const struct insn *i, unsigned int r)
{
	unsigned int nregs = (i->count + 3u) / 4u;

	return ((r - i->rt) & 31u) < nregs;
}

/* Invalid forms the ISA defines for loads/stores; 1 if @i is one. */
static int invalid_form(const struct insn *i)
{
	int load = i->op == INSN_LOAD;

	if (i->update && i->ra == 0)
		return 1;
	if (i->update && load && !i->fp && i->ra == i->rt)
		return 1;
	if (i->multiple && load && i->ra >= i->rt)
		return 1;
	if (i->string && load && !i->indexed && string_loads_reg(i, i->ra))
		return 1;
	return 0;
}

int decode_ea(const struct insn *i, const uint32_t gpr[32], uint32_t *ea)
{
	uint32_t base, off;

	if (!i || i->op <= INSN_UNKNOWN || i->op >= INSN_COUNT ||
	    !op_info[i->op].has_ea || i->ra > 31 || i->rb > 31)
		return -EINVAL;
	if (invalid_form(i))
		return -EINVAL;
	/* Update forms use (RA) itself; RA=0 was refused above. */
	base = i->ra ? gpr[i->ra] : 0;
	if (i->indexed)
		off = gpr[i->rb];
	else if (i->string)
		off = 0;			/* lswi/stswi: EA = (RA|0) */
	else
		off = (uint32_t)i->disp;
	*ea = base + off;
	return 0;
}

/* ---- diagnostics and SPR classification -------------------------------- */

const char *decode_op_name(int op)
{
	if (op < 0 || op >= INSN_COUNT || !op_info[op].name)
		return "unknown";
	return op_info[op].name;
}

int decode_spr_is_privileged(uint32_t spr)
{
	if (spr > 1023)
		return -EINVAL;
	return (spr & 0x10) ? 1 : 0;
}
