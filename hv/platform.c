/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Platform selection: decides whether a partition's requested platform,
 * guest_arch, width and flags can be emulated on the host core.
 *
 * The decision is data: three capability tables (host cores, guest
 * architectures, platforms) and one ordered rule table. platform_check()
 * looks the request up in the capability tables and returns the verdict of
 * the first rule whose predicate holds. Every reason handed out is static
 * storage (no per-call buffer), so concurrent callers are safe.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hv/platform.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- capability tables ------------------------------------------------ */

struct core_caps {
	const char *name;
	uint16_t isa;   /* newest ISA version implemented, decimal */
	uint8_t width;  /* widest mode: 32 or 64 */
	bool has_fpu;   /* classic (FPR-based) floating point */
	bool has_spe;   /* SPE / embedded floating point in GPRs */
	bool has_altivec;
};

static const struct core_caps cores[CORE_COUNT] = {
	[CORE_E500V2] = { .name = "e500v2", .isa = 203, .width = 32,
			  .has_spe = true },
	[CORE_E500MC] = { .name = "e500mc", .isa = 206, .width = 32,
			  .has_fpu = true },
	[CORE_E5500] = { .name = "e5500", .isa = 206, .width = 64,
			 .has_fpu = true },
	[CORE_E6500] = { .name = "e6500", .isa = 207, .width = 64,
			 .has_fpu = true, .has_altivec = true },
};

/* Guest architectures, indexed densely; .isa is the guest_arch number. */
enum arch_idx { ARCH_203, ARCH_206, ARCH_207, ARCH_COUNT };

struct arch_caps {
	uint16_t isa;
	bool needs_fpu;
	bool needs_spe;
	bool needs_altivec;
};

static const struct arch_caps archs[ARCH_COUNT] = {
	[ARCH_203] = { .isa = 203, .needs_spe = true },
	[ARCH_206] = { .isa = 206, .needs_fpu = true },
	[ARCH_207] = { .isa = 207, .needs_fpu = true, .needs_altivec = true },
};

struct plat_caps {
	const char *name;
	bool book_e_ok; /* the ABI can be offered on a Book-E core */
};

static const struct plat_caps platforms[PLATFORM_COUNT] = {
	[PLATFORM_NONE] = { .name = "none", .book_e_ok = true },
	[PLATFORM_KVM] = { .name = "kvm", .book_e_ok = true },
	[PLATFORM_SPAPR] = { .name = "spapr", .book_e_ok = false },
	[PLATFORM_EPAPR] = { .name = "epapr", .book_e_ok = true },
};

static const char *const verdict_strs[PLATFORM_ERR_COUNT] = {
	[PLATFORM_OK] = "supported",
	[PLATFORM_ERR_UNKNOWN_PLATFORM] =
		"unknown platform id (expected none, kvm, spapr or epapr)",
	[PLATFORM_ERR_UNKNOWN_ARCH] =
		"unknown guest_arch (expected 203, 206 or 207)",
	[PLATFORM_ERR_BAD_WIDTH] = "width must be 32 or 64",
	[PLATFORM_ERR_UNKNOWN_FLAGS] =
		"unknown flag bits (only CROSS_ARCH is defined)",
	[PLATFORM_ERR_BOOK3S_ONLY] = "PAPR is a Book3S server ABI",
	[PLATFORM_ERR_NEEDS_FPU] =
		"guest_arch needs a classic FPU, which the host lacks",
	[PLATFORM_ERR_NEEDS_SPE] = "guest_arch needs SPE, which the host lacks",
	[PLATFORM_ERR_NEEDS_CROSS] =
		"32-bit guest on a 64-bit host needs flag CROSS_ARCH",
	[PLATFORM_ERR_TOO_WIDE] = "64-bit guest cannot run on a 32-bit host",
	[PLATFORM_ERR_NEWER_ISA] = "guest_arch is newer than the host's ISA",
	[PLATFORM_ERR_UNKNOWN_HOST] = "unknown host core",
};

/* ---- per (host, guest_arch) reasons ----------------------------------- */

/*
 * Reasons that name the host and the guest_arch are built at compile time
 * by string-literal concatenation: one cell per (core, arch) pair. The core
 * names here must match cores[].name (the unit tests check that every such
 * reason contains host_core_name(host)).
 */
#define ARCH_ROW(t, c) \
	{ [ARCH_203] = t(c, "203"), [ARCH_206] = t(c, "206"), \
	  [ARCH_207] = t(c, "207") }
#define REASONS(t) \
	{ [CORE_E500V2] = ARCH_ROW(t, "e500v2"), \
	  [CORE_E500MC] = ARCH_ROW(t, "e500mc"), \
	  [CORE_E5500] = ARCH_ROW(t, "e5500"), \
	  [CORE_E6500] = ARCH_ROW(t, "e6500") }

typedef const char *const reason_matrix[CORE_COUNT][ARCH_COUNT];

/* Only e500v2 lacks a classic FPU, and it has SPE instead. */
#define T_FPU(c, a) "guest_arch " a " needs a classic FPU; " c " has only SPE"
#define T_SPE(c, a) "guest_arch " a " needs SPE, which " c " lacks"
#define T_ALTIVEC(c, a) \
	"guest_arch " a " is a newer ISA and needs AltiVec, which " c " lacks"
#define T_WIDE(c, a) "64-bit guest_arch " a " cannot run on 32-bit " c
#define T_NEWER(c, a) "guest_arch " a " is newer than the ISA of " c
#define T_CROSS(c, a) \
	"32-bit guest_arch " a " on 64-bit " c " needs flag CROSS_ARCH"

static reason_matrix why_fpu = REASONS(T_FPU);
static reason_matrix why_spe = REASONS(T_SPE);
static reason_matrix why_altivec = REASONS(T_ALTIVEC);
static reason_matrix why_wide = REASONS(T_WIDE);
static reason_matrix why_newer = REASONS(T_NEWER);
static reason_matrix why_cross = REASONS(T_CROSS);

/* ---- rules ------------------------------------------------------------ */

/* A request after lookup; a NULL pointer means "not in the table". */
struct ctx {
	const struct platform_req *req;
	const struct core_caps *core;
	const struct arch_caps *arch;
	const struct plat_caps *plat;
	unsigned int core_i;
	unsigned int arch_i;
};

static bool no_host(const struct ctx *x) { return !x->core; }
static bool no_plat(const struct ctx *x) { return !x->plat; }
static bool no_arch(const struct ctx *x) { return !x->arch; }

static bool bad_width(const struct ctx *x)
{
	return x->req->width != 32 && x->req->width != 64;
}

static bool bad_flags(const struct ctx *x)
{
	return (x->req->flags & ~PLATFORM_FLAGS_KNOWN) != 0;
}

static bool book3s_only(const struct ctx *x) { return !x->plat->book_e_ok; }

static bool lacks_fpu(const struct ctx *x)
{
	return x->arch->needs_fpu && !x->core->has_fpu;
}

static bool lacks_spe(const struct ctx *x)
{
	return x->arch->needs_spe && !x->core->has_spe;
}

static bool lacks_altivec(const struct ctx *x)
{
	return x->arch->needs_altivec && !x->core->has_altivec;
}

static bool too_wide(const struct ctx *x)
{
	return x->req->width > x->core->width;
}

static bool newer_isa(const struct ctx *x)
{
	return x->arch->isa > x->core->isa;
}

static bool needs_cross(const struct ctx *x)
{
	return x->req->width < x->core->width &&
	       !(x->req->flags & PLATFORM_FLAG_CROSS_ARCH);
}

static bool always(const struct ctx *x)
{
	(void)x;
	return true;
}

struct rule {
	bool (*holds)(const struct ctx *x);
	enum platform_verdict verdict;
	reason_matrix *why; /* per (host, arch) reason; NULL: verdict_strs */
};

/*
 * Evaluated in order; the first rule that holds decides.
 *
 * 1. Malformed input (host, platform, arch, width, flags, in that order),
 *    so that the later rules may rely on every lookup having succeeded.
 * 2. The ABI: spapr is a Book3S server ABI and is refused on any Book-E core
 *    whatever the other fields say.
 * 3. Missing execution units (FPU, SPE, AltiVec) before width and ISA: a
 *    missing unit is what the guest trips over first and cannot be worked
 *    around by changing width or flags, so it is the most useful reason.
 *    Thus 206/64 on e500v2 is NEEDS_FPU and 207/64 on e500mc is NEWER_ISA.
 * 4. Width: a 64-bit guest on a 32-bit core is TOO_WIDE; a guest ISA newer
 *    than the core's is NEWER_ISA (unreachable with today's tables, since
 *    the only newer-ISA case, 207 without AltiVec, is caught above).
 * 5. CROSS_ARCH: a 32-bit guest on a 64-bit core is emulated only if the
 *    partition sets the flag, i.e. agrees that the guest is never run in
 *    supervisor mode. The flag is a permission, not a requirement: when the
 *    guest already matches the host (203/32 on e500v2, 206/64 on e5500, ...)
 *    it is accepted and changes nothing, since trap-and-emulate never runs a
 *    guest in supervisor mode anyway. It never excuses a missing unit, a
 *    too-wide guest or a newer ISA.
 */
static const struct rule rules[] = {
	{ no_host, PLATFORM_ERR_UNKNOWN_HOST, NULL },
	{ no_plat, PLATFORM_ERR_UNKNOWN_PLATFORM, NULL },
	{ no_arch, PLATFORM_ERR_UNKNOWN_ARCH, NULL },
	{ bad_width, PLATFORM_ERR_BAD_WIDTH, NULL },
	{ bad_flags, PLATFORM_ERR_UNKNOWN_FLAGS, NULL },
	{ book3s_only, PLATFORM_ERR_BOOK3S_ONLY, NULL },
	{ lacks_fpu, PLATFORM_ERR_NEEDS_FPU, &why_fpu },
	{ lacks_spe, PLATFORM_ERR_NEEDS_SPE, &why_spe },
	{ lacks_altivec, PLATFORM_ERR_NEWER_ISA, &why_altivec },
	{ too_wide, PLATFORM_ERR_TOO_WIDE, &why_wide },
	{ newer_isa, PLATFORM_ERR_NEWER_ISA, &why_newer },
	{ needs_cross, PLATFORM_ERR_NEEDS_CROSS, &why_cross },
	{ always, PLATFORM_OK, NULL },
};

/* ---- platform_check --------------------------------------------------- */

static void lookup(struct ctx *x, enum host_core host,
		   const struct platform_req *req)
{
	unsigned int i;

	memset(x, 0, sizeof(*x));
	x->req = req;
	if ((unsigned int)host < CORE_COUNT) {
		x->core_i = (unsigned int)host;
		x->core = &cores[x->core_i];
	}
	if (req->platform < PLATFORM_COUNT)
		x->plat = &platforms[req->platform];
	for (i = 0; i < ARCH_COUNT; i++) {
		if (archs[i].isa == req->guest_arch) {
			x->arch_i = i;
			x->arch = &archs[i];
		}
	}
}

int platform_check(enum host_core host, const struct platform_req *req,
		   const char **reason)
{
	const struct rule *r = &rules[ARRAY_SIZE(rules) - 1];
	struct ctx x;
	const char *why;
	size_t i;

	if (!req) {
		if (reason)
			*reason = "no platform request";
		return PLATFORM_ERR_UNKNOWN_PLATFORM;
	}
	lookup(&x, host, req);
	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		if (rules[i].holds(&x)) {
			r = &rules[i];
			break;
		}
	}
	why = r->why ? (*r->why)[x.core_i][x.arch_i] : NULL;
	if (reason)
		*reason = why ? why : platform_verdict_str(r->verdict);
	return r->verdict;
}

/* ---- names ------------------------------------------------------------ */

const char *platform_verdict_str(int v)
{
	if (v < 0 || v >= PLATFORM_ERR_COUNT || !verdict_strs[v])
		return "unknown verdict";
	return verdict_strs[v];
}

int platform_from_name(const char *name)
{
	int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < PLATFORM_COUNT; i++)
		if (strcmp(platforms[i].name, name) == 0)
			return i;
	return -EINVAL;
}

const char *platform_name(int id)
{
	if (id < 0 || id >= PLATFORM_COUNT)
		return "?";
	return platforms[id].name;
}

const char *host_core_name(int core)
{
	if (core < 0 || core >= CORE_COUNT)
		return "?";
	return cores[core].name;
}

int host_core_from_name(const char *name)
{
	int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < CORE_COUNT; i++)
		if (strcmp(cores[i].name, name) == 0)
			return i;
	return -EINVAL;
}
