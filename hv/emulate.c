/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The slow path of privileged-instruction emulation: fetch the word at the
 * guest's PC through its own TLB, decode it (hv/decode.c) and run the
 * handler its operation names. Handlers return EMU_NEXT to step over the
 * instruction, EMU_JUMP when they set the PC themselves, or EMU_ILLEGAL.
 */
#include <errno.h>
#include <stddef.h>
#include "hv/emulate.h"
#include "hv/decode.h"
#include "hv/vcpu.h"
#include "hv/spr.h"
#include "hv/shadow.h"
#include "hv/tlbsync.h"
#include "kernel/ppc.h"
#include "kernel/trap.h"

enum { EMU_NEXT = 0, EMU_JUMP = 1, EMU_ILLEGAL = -1, EMU_PRIV = -2 };

/* An SPR access's errno: -EPERM is the privileged fault, anything else illegal. */
static int spr_result(int err)
{
	return !err ? EMU_NEXT : err == -EPERM ? EMU_PRIV : EMU_ILLEGAL;
}

typedef int (*emu_fn)(struct vcpu *v, const struct insn *in);

static int is_e500v2(const struct vcpu *v)
{
	return v->gtlb.geom->tlb1_entries == 16;
}

static int emu_mfmsr(struct vcpu *v, const struct insn *in)
{
	v->gpr[in->rt] = v->msr;
	return EMU_NEXT;
}

static int emu_mtmsr(struct vcpu *v, const struct insn *in)
{
	vcpu_set_msr(v, v->gpr[in->rs]);
	if (v->msr & MSR_WE)
		v->idle = 1; /* doze until an interrupt */
	return EMU_NEXT;
}

static int emu_wrtee(struct vcpu *v, const struct insn *in)
{
	vcpu_set_msr(v, (v->msr & ~MSR_EE) | (v->gpr[in->rs] & MSR_EE));
	return EMU_NEXT;
}

static int emu_wrteei(struct vcpu *v, const struct insn *in)
{
	vcpu_set_msr(v, (v->msr & ~MSR_EE) | (in->e ? MSR_EE : 0));
	return EMU_NEXT;
}

/* rfi and friends: the class's save/restore pair, as a table. */
static int emu_rfx(struct vcpu *v, const struct insn *in)
{
	static const struct { uint16_t srr0, srr1; uint8_t mc_only; } pairs[INSN_COUNT] = {
		[INSN_RFI] = { offsetof(struct vcpu, srr0), offsetof(struct vcpu, srr1), 0 },
		[INSN_RFCI] = { offsetof(struct vcpu, csrr0), offsetof(struct vcpu, csrr1), 0 },
		[INSN_RFMCI] = { offsetof(struct vcpu, mcsrr0), offsetof(struct vcpu, mcsrr1), 0 },
		[INSN_RFDI] = { offsetof(struct vcpu, dsrr0), offsetof(struct vcpu, dsrr1), 0 },
	};

	v->pc = *(uint32_t *)((char *)v + pairs[in->op].srr0) & ~3u;
	vcpu_set_msr(v, *(uint32_t *)((char *)v + pairs[in->op].srr1));
	return EMU_JUMP;
}

static int emu_mfspr(struct vcpu *v, const struct insn *in)
{
	return spr_result(spr_read(v, in->spr, &v->gpr[in->rt]));
}

static int emu_mtspr(struct vcpu *v, const struct insn *in)
{
	return spr_result(spr_write(v, in->spr, v->gpr[in->rs]));
}

static int emu_mfpmr(struct vcpu *v, const struct insn *in)
{
	v->gpr[in->rt] = v->pmr[in->pmr % VCPU_NR_PMR];
	return EMU_NEXT;
}

static int emu_mtpmr(struct vcpu *v, const struct insn *in)
{
	v->pmr[in->pmr % VCPU_NR_PMR] = v->gpr[in->rs];
	return EMU_NEXT;
}

static int emu_tlbwe(struct vcpu *v, const struct insn *in)
{
	struct gtlb_entry old;

	(void)in;
	if (gtlb_write(&v->gtlb, &v->mas, &old) < 0)
		return EMU_ILLEGAL;
	shadow_drop_entry(v, &old);
	return EMU_NEXT;
}

static int emu_tlbre(struct vcpu *v, const struct insn *in)
{
	(void)in;
	gtlb_read(&v->gtlb, &v->mas);
	return EMU_NEXT;
}

static int emu_tlbsx(struct vcpu *v, const struct insn *in)
{
	uint32_t ea;

	if (decode_ea(in, v->gpr, &ea))
		return EMU_ILLEGAL;
	gtlb_search(&v->gtlb, ea, &v->mas);
	return EMU_NEXT;
}

static void drop_cb(void *ctx, unsigned int tlb, unsigned int index,
		    const struct gtlb_entry *e)
{
	(void)tlb, (void)index;
	shadow_drop_entry(ctx, e);
}

static int emu_tlbivax(struct vcpu *v, const struct insn *in)
{
	uint32_t ea;

	if (decode_ea(in, v->gpr, &ea))
		return EMU_ILLEGAL;
	gtlb_invalidate_ea(&v->gtlb, ea, drop_cb, v);
	tlbsync_post(v, ea); /* broadcast, as the cores' TLBs see it */
	return EMU_NEXT;
}

static int emu_tlbsync(struct vcpu *v, const struct insn *in)
{
	(void)in;
	tlbsync_wait(v);
	return EMU_NEXT;
}

/* tlbilx (e500mc): T=3 one address (as tlbivax, both TLBs); T=0 all and
 * T=1 a PID: every non-IPROT entry, which T=1 may over-invalidate since
 * the TLB is a cache the guest cannot rely on keeping. */
static int emu_tlbilx(struct vcpu *v, const struct insn *in)
{
	uint32_t ea;

	if (is_e500v2(v) || in->t == 2)
		return EMU_ILLEGAL;
	if (in->t == 3) {
		if (decode_ea(in, v->gpr, &ea))
			return EMU_ILLEGAL;
		ea &= ~0xfffu;
		gtlb_invalidate_ea(&v->gtlb, ea, drop_cb, v);
		gtlb_invalidate_ea(&v->gtlb, ea | 0x8, drop_cb, v);
		return EMU_NEXT;
	}
	if (gtlb_flash(&v->gtlb, MMUCSR0_TLB0FI | MMUCSR0_TLB1FI, NULL, NULL))
		shadow_flush(v);
	return EMU_NEXT;
}

static int emu_nop(struct vcpu *v, const struct insn *in)
{
	(void)v, (void)in;
	return EMU_NEXT;
}

static int emu_mc_nop(struct vcpu *v, const struct insn *in)
{
	(void)in;
	return is_e500v2(v) ? EMU_ILLEGAL : EMU_NEXT;
}

static int emu_wait(struct vcpu *v, const struct insn *in)
{
	(void)in;
	if (is_e500v2(v))
		return EMU_ILLEGAL;
	v->idle = 1;
	return EMU_NEXT;
}

static const emu_fn handlers[INSN_COUNT] = {
	[INSN_MFMSR] = emu_mfmsr, [INSN_MTMSR] = emu_mtmsr,
	[INSN_WRTEE] = emu_wrtee, [INSN_WRTEEI] = emu_wrteei,
	[INSN_RFI] = emu_rfx, [INSN_RFCI] = emu_rfx, [INSN_RFMCI] = emu_rfx,
	[INSN_RFDI] = emu_rfx,
	[INSN_MFSPR] = emu_mfspr, [INSN_MTSPR] = emu_mtspr,
	[INSN_MFPMR] = emu_mfpmr, [INSN_MTPMR] = emu_mtpmr,
	[INSN_TLBWE] = emu_tlbwe, [INSN_TLBRE] = emu_tlbre, [INSN_TLBSX] = emu_tlbsx,
	[INSN_TLBIVAX] = emu_tlbivax, [INSN_TLBSYNC] = emu_tlbsync, [INSN_TLBILX] = emu_tlbilx,
	[INSN_DCBI] = emu_nop, [INSN_WAIT] = emu_wait,
	[INSN_MSGSND] = emu_mc_nop, [INSN_MSGCLR] = emu_mc_nop,
	[INSN_DCBTLS] = emu_nop, [INSN_DCBTSTLS] = emu_nop, [INSN_ICBTLS] = emu_nop,
	[INSN_DCBLC] = emu_nop, [INSN_ICBLC] = emu_nop,
};

void emulate_insn(struct vcpu *v)
{
	uint32_t word;
	struct insn in;
	emu_fn fn = NULL;
	int r;

	if (!shadow_fetch(v, v->pc, !!(v->msr & MSR_IS), &word) && decode_insn(word, &in) > 0)
		fn = handlers[in.op];
	r = fn ? fn(v, &in) : EMU_ILLEGAL;
	if (r == EMU_ILLEGAL || r == EMU_PRIV) {
		vcpu_reflect(v, IVOR_PROGRAM, r == EMU_PRIV ? ESR_PPR : ESR_PIL, 0, REFLECT_ESR);
		return;
	}
	if (r == EMU_NEXT)
		v->pc += 4;
	v->stats[VSTAT_EMUL]++;
}

int emulate_missing_insn(struct vcpu *v)
{
	uint32_t word;
	struct insn in;

	if (shadow_fetch(v, v->pc, !!(v->msr & MSR_IS), &word) ||
	    decode_insn(word, &in) != INSN_RFMCI)
		return 0;
	emu_rfx(v, &in);
	v->stats[VSTAT_EMUL]++;
	return 1;
}
