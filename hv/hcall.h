/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercalls: the r0-magic sc of a guest kernel (see hv/guest_dt.h). */
#ifndef HV_HCALL_H
#define HV_HCALL_H

struct vcpu;

/** hcall_enabled() - 1 if @v's platform has a hypercall ABI, else 0. */
int hcall_enabled(const struct vcpu *v);
/** hcall_dispatch() - perform the hypercall in @v's r11/r3..r10 and write
 * the status to r3. No return value. */
void hcall_dispatch(struct vcpu *v);
#endif
