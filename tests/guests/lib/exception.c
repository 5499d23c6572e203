/* SPDX-License-Identifier: BSD-2-Clause */
/* Default exception hook and the checks on the layout crt0.S relies on. */
#include <assert.h>
#include <stddef.h>
#include "guest.h"

static_assert(offsetof(struct gframe, gpr) == GF_GPR(0), "gframe gpr");
static_assert(offsetof(struct gframe, cr) == GF_CR, "gframe cr");
static_assert(offsetof(struct gframe, lr) == GF_LR, "gframe lr");
static_assert(offsetof(struct gframe, ctr) == GF_CTR, "gframe ctr");
static_assert(offsetof(struct gframe, xer) == GF_XER, "gframe xer");
static_assert(offsetof(struct gframe, srr0) == GF_SRR0, "gframe srr0");
static_assert(offsetof(struct gframe, srr1) == GF_SRR1, "gframe srr1");
static_assert(offsetof(struct gframe, esr) == GF_ESR, "gframe esr");
static_assert(offsetof(struct gframe, dear) == GF_DEAR, "gframe dear");
static_assert(sizeof(struct gframe) == GF_SIZE, "gframe size");

/* Raw UART output: the exception may have hit inside stdio. */
__attribute__((weak)) void guest_exception(int ivor, struct gframe *f)
{
	guest_uart_puts("guest: unexpected exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at SRR0 ");
	guest_uart_hex(f->srr0);
	guest_uart_puts(" SRR1 ");
	guest_uart_hex(f->srr1);
	guest_uart_puts(" ESR ");
	guest_uart_hex(f->esr);
	guest_uart_puts(" DEAR ");
	guest_uart_hex(f->dear);
	guest_uart_puts("\n");
	guest_exit(128 + ivor);
}

void guest_unexpected(const char *who, int ivor, const struct gframe *f)
{
	guest_uart_puts(who);
	guest_uart_puts(": unexpected exception ");
	guest_uart_dec(ivor);
	guest_uart_puts(" at ");
	guest_uart_hex(f->srr0);
	guest_uart_puts("\n");
	guest_exit(100 + ivor);
}
