/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instruction decoder for trap-and-emulate.
 *
 * Guest kernels run with MSR[PR]=1, so every privileged instruction they
 * issue arrives as a program interrupt (ESR[PPR]) and every load/store to an
 * emulated device arrives as a data storage interrupt. decode_insn() turns
 * the trapping instruction word into a struct insn the emulator dispatches
 * on. Pure C with no target dependencies: it builds for the hypervisor and
 * for the host unit tests alike.
 */
#ifndef HV_DECODE_H
#define HV_DECODE_H

#include <stdint.h>

/*
 * Every instruction the hypervisor emulates or must recognise.
 * INSN_UNKNOWN (0) is never returned by decode_insn(); it marks empty slots
 * in the decode tables and the op of a failed decode.
 */
enum insn_op {
	INSN_UNKNOWN = 0,
	INSN_LOAD,	/* all integer/FP loads incl. lmw, lswi, byte-reversed */
	INSN_STORE,	/* all integer/FP stores incl. stmw, stswi */
	INSN_MFMSR,
	INSN_MTMSR,
	INSN_WRTEE,
	INSN_WRTEEI,
	INSN_RFI,
	INSN_RFCI,
	INSN_RFMCI,
	INSN_RFDI,
	INSN_MFSPR,
	INSN_MTSPR,
	INSN_MFPMR,
	INSN_MTPMR,
	INSN_TLBWE,
	INSN_TLBRE,
	INSN_TLBSX,
	INSN_TLBIVAX,
	INSN_TLBSYNC,
	INSN_TLBILX,	/* e500mc */
	INSN_DCBI,
	INSN_WAIT,	/* e500mc */
	INSN_MSGSND,	/* e500mc */
	INSN_MSGCLR,	/* e500mc */
	INSN_DCBTLS,	/* cache locking: rt holds CT */
	INSN_DCBTSTLS,
	INSN_ICBTLS,
	INSN_DCBLC,
	INSN_ICBLC,
	INSN_DCBZ,	/* cache ops a guest may aim at MMIO */
	INSN_DCBF,
	INSN_DCBST,
	INSN_ICBI,
	INSN_SC,
	INSN_EHPRIV,	/* illegal on QEMU's e500: recognised to be refused */
	INSN_MFDCR,	/* no DCRs on e500: recognised to be refused */
	INSN_MTDCR,
	INSN_MBAR,	/* rt holds MO */
	INSN_MSYNC,
	INSN_ISYNC,
	INSN_COUNT
};

/*
 * A decoded instruction. Fields an instruction does not have are 0.
 * Flags are 0 or 1.
 */
struct insn {
	uint32_t raw;		/* the instruction word */
	int op;			/* enum insn_op */
	union {
		uint8_t rt;	/* RT / FRT; CT (cache locking); MO (mbar) */
		uint8_t rs;	/* RS / FRS (stores, mtmsr, wrtee, mtspr) */
	};
	uint8_t ra;
	uint8_t rb;
	uint8_t e;		/* wrteei: the E bit */
	uint8_t lev;		/* sc: LEV (1 = hypercall) */
	uint8_t t;		/* tlbilx: T (0 all, 1 PID, 3 address) */
	uint16_t spr;		/* SPR, un-split; DCRN for mfdcr/mtdcr */
	uint16_t pmr;		/* PMRN, un-split (mfpmr/mtpmr) */
	/* loads and stores */
	uint8_t size;		/* bytes per access: 1, 2, 4 or 8 */
	uint8_t sign;		/* sign-extend (lha, lhau, lhax, lhaux) */
	uint8_t update;		/* write EA back to RA (lwzu, lwzux, ...) */
	uint8_t indexed;	/* EA = (RA|0) + (RB); also cache/TLB ops */
	uint8_t byterev;	/* lwbrx, lhbrx, stwbrx, sthbrx */
	uint8_t multiple;	/* lmw/stmw: count registers from rt */
	uint8_t string;		/* lswi/lswx/stswi/stswx: count bytes */
	uint8_t fp;		/* rt is an FPR; size 4 = single (convert) */
	uint8_t count;		/* lmw/stmw: 32 - rt; lswi/stswi: NB (0->32);
				 * lswx/stswx: 0 (the count is in XER) */
	int32_t disp;		/* D-form displacement, sign-extended */
};

/**
 * decode_insn() - decode instruction word @insn into @out.
 * Driven by tables: primary opcode, then the opcode-31 (X/XFX) or
 * opcode-19 (XL) extended-opcode table. Rc/LK=1 on any of those is refused.
 * Returns the enum insn_op (> 0), or -EINVAL if @insn is no instruction
 * the hypervisor handles (then out->op is INSN_UNKNOWN). @out is always
 * fully written (raw set, unused fields 0).
 */
int decode_insn(uint32_t insn, struct insn *out);

/**
 * decode_ea() - effective address of the memory operand of @i, using the
 * guest registers @gpr: loads/stores, cache ops, tlbsx/tlbivax/tlbilx.
 * RA=0 reads as 0 except in update forms. Invalid forms are refused:
 * update with RA=0, integer load with update and RA=RT, lmw with RA in
 * RT..31, lswi with RA among the registers it loads. (lswx's register
 * range depends on XER and is left to the caller.)
 * Returns 0 and sets *ea, or -EINVAL (no memory operand / invalid form).
 */
int decode_ea(const struct insn *i, const uint32_t gpr[32], uint32_t *ea);

/**
 * decode_op_name() - mnemonic-like name of enum insn_op @op, for
 * diagnostics. Returns a static string; "unknown" for out-of-range values.
 */
const char *decode_op_name(int op);

/**
 * decode_spr_is_privileged() - whether SPR number @spr (un-split, 0..1023)
 * is privileged. Power ISA rule: privileged iff bit 0x10 of the SPR number
 * (spr0 of the instruction's split field) is set. So SPRG3..7 user reads
 * (259..263), TBL/TBU reads (268/269), SPEFSCR (512) and L1CFG0/1 are not
 * privileged and never trap: the hypervisor must keep the real registers
 * loaded with guest values. PMR numbers follow the same rule for mfpmr.
 * Returns 1 if privileged, 0 if not, -EINVAL if @spr > 1023.
 */
int decode_spr_is_privileged(uint32_t spr);

#endif /* HV_DECODE_H */
