/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Emulated MMIO: the guest's load or store to an emulated device page
 * missed in the TLB (such pages are never mapped). Decode it, perform it
 * on the device model and step over it.
 */
#include <errno.h>
#include "hv/mmio.h"
#include "hv/decode.h"
#include "hv/vcpu.h"
#include "hv/shadow.h"
#include "kernel/ppc.h"
#include "kernel/trap.h"

#define MCSR_BUS_RAERR 0x00000020u
#define MCSR_BUS_WAERR 0x00000010u

static uint32_t swap(uint32_t v, unsigned int size)
{
	return size == 4 ? __builtin_bswap32(v) : size == 2 ? __builtin_bswap16((uint16_t)v) : v;
}

static void bus_error(struct vcpu *v, uint64_t gpa, int store)
{
	v->mcsr = store ? MCSR_BUS_WAERR : MCSR_BUS_RAERR;
	v->mcar = (uint32_t)gpa;
	vcpu_reflect(v, IVOR_MCHECK, 0, 0, 0);
}

void mmio_emulate(struct vcpu *v, const struct gpa_region *r, uint64_t gpa, uint32_t ea)
{
	uint32_t off = (uint32_t)(gpa - r->gpa_lo), val, check, word;
	struct insn in = { .op = INSN_UNKNOWN };
	int store;

	if (shadow_fetch(v, v->pc, !!(v->msr & MSR_IS), &word) || decode_insn(word, &in) < 0 || (in.op != INSN_LOAD && in.op != INSN_STORE) ||
	    in.multiple || in.string || in.fp || in.size > 4 || decode_ea(&in, v->gpr, &check) ||
	    check != ea) {
		bus_error(v, gpa, in.op == INSN_STORE);
		return;
	}
	store = in.op == INSN_STORE;
	if (store) {
		val = v->gpr[in.rs] & (in.size == 4 ? ~0u : (1u << (8 * in.size)) - 1);
		if (r->ops->write(v, r->ctx, off, in.size, in.byterev ? swap(val, in.size) : val))
			return bus_error(v, gpa, 1);
	} else {
		if (r->ops->read(v, r->ctx, off, in.size, &val))
			return bus_error(v, gpa, 0);
		if (in.byterev)
			val = swap(val, in.size);
		if (in.sign && in.size == 2)
			val = (uint32_t)(int32_t)(int16_t)val;
		v->gpr[in.rt] = val;
	}
	if (in.update)
		v->gpr[in.ra] = ea;
	v->pc += 4;
	v->stats[VSTAT_MMIO]++;
}
