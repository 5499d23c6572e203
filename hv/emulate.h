/* SPDX-License-Identifier: BSD-2-Clause */
/* Privileged-instruction emulation, table driven by enum insn_op. */
#ifndef HV_EMULATE_H
#define HV_EMULATE_H

struct vcpu;

/**
 * emulate_insn() - emulate the privileged instruction at the guest's PC
 * (it trapped from the guest's supervisor mode). Advances the PC, or
 * raises what hardware would (illegal-instruction program interrupt for
 * an instruction this core lacks). No return value.
 */
void emulate_insn(struct vcpu *v);
/**
 * emulate_missing_insn() - the instruction at the guest's PC was illegal
 * on the host core: emulate it if the virtual core has it (rfmci on QEMU's
 * e500v2). Returns 1 if emulated, 0 if it is illegal for the guest too.
 */
int emulate_missing_insn(struct vcpu *v);
#endif
