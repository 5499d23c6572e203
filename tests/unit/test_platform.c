/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for hv/platform.c: the platform selection table. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hv/platform.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CROSS PLATFORM_FLAG_CROSS_ARCH

static int check(int host, uint16_t plat, uint16_t arch, uint8_t width,
		 uint32_t flags, const char **reason)
{
	struct platform_req req = {
		.platform = plat, .guest_arch = arch, .width = width,
		.flags = flags,
	};

	return platform_check((enum host_core)host, &req, reason);
}

static const uint16_t book_e_platforms[] = {
	PLATFORM_NONE, PLATFORM_KVM, PLATFORM_EPAPR,
};
static const uint16_t known_archs[] = { 203, 206, 207 };
static const uint8_t widths[] = { 32, 64 };

/*
 * The whole answer for well-formed requests on a Book-E platform:
 * expected[core][arch 203/206/207][width 32/64][CROSS_ARCH clear/set].
 */
enum { OK = PLATFORM_OK, FPU = PLATFORM_ERR_NEEDS_FPU,
       SPE = PLATFORM_ERR_NEEDS_SPE, XA = PLATFORM_ERR_NEEDS_CROSS,
       WIDE = PLATFORM_ERR_TOO_WIDE, NEWER = PLATFORM_ERR_NEWER_ISA };

static const int expected[CORE_COUNT][3][2][2] = {
	/*                 32 -/X     64 -/X  */
	[CORE_E500V2] = { { { OK, OK }, { WIDE, WIDE } },       /* 203 */
			  { { FPU, FPU }, { FPU, FPU } },       /* 206 */
			  { { FPU, FPU }, { FPU, FPU } } },     /* 207 */
	[CORE_E500MC] = { { { SPE, SPE }, { SPE, SPE } },
			  { { OK, OK }, { WIDE, WIDE } },
			  { { NEWER, NEWER }, { NEWER, NEWER } } },
	[CORE_E5500] = { { { SPE, SPE }, { SPE, SPE } },
			 { { XA, OK }, { OK, OK } },
			 { { NEWER, NEWER }, { NEWER, NEWER } } },
	[CORE_E6500] = { { { SPE, SPE }, { SPE, SPE } },
			 { { XA, OK }, { OK, OK } },
			 { { XA, OK }, { OK, OK } } },
};

static void test_expected_matrix(void **state)
{
	size_t p, a, w, x;
	int c;

	(void)state;
	for (c = 0; c < CORE_COUNT; c++)
		for (p = 0; p < ARRAY_SIZE(book_e_platforms); p++)
			for (a = 0; a < 3; a++)
				for (w = 0; w < 2; w++)
					for (x = 0; x < 2; x++)
						assert_int_equal(
							check(c, book_e_platforms[p],
							      known_archs[a], widths[w],
							      x ? CROSS : 0, NULL),
							expected[c][a][w][x]);
}

static void test_same_family_ok(void **state)
{
	static const struct { int core; uint16_t arch; uint8_t width; } same[] = {
		{ CORE_E500V2, 203, 32 }, { CORE_E500MC, 206, 32 },
		{ CORE_E5500, 206, 64 },  { CORE_E6500, 207, 64 },
		{ CORE_E6500, 206, 64 },
	};
	const char *why;
	size_t i, p;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(same); i++) {
		for (p = 0; p < ARRAY_SIZE(book_e_platforms); p++) {
			why = NULL;
			assert_int_equal(check(same[i].core, book_e_platforms[p],
					       same[i].arch, same[i].width, 0, &why),
					 PLATFORM_OK);
			assert_string_equal(why, "supported");
		}
	}
}

static void test_cross_arch(void **state)
{
	static const struct { int core; uint16_t arch; } c32on64[] = {
		{ CORE_E5500, 206 }, { CORE_E6500, 206 }, { CORE_E6500, 207 },
	};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(c32on64); i++) {
		assert_int_equal(check(c32on64[i].core, PLATFORM_KVM,
				       c32on64[i].arch, 32, 0, &why),
				 PLATFORM_ERR_NEEDS_CROSS);
		assert_non_null(strstr(why, host_core_name(c32on64[i].core)));
		assert_non_null(strstr(why, "CROSS_ARCH"));
		assert_int_equal(check(c32on64[i].core, PLATFORM_KVM,
				       c32on64[i].arch, 32, CROSS, &why),
				 PLATFORM_OK);
	}
	assert_int_equal(check(CORE_E5500, PLATFORM_NONE, 206, 32, 0, &why),
			 PLATFORM_ERR_NEEDS_CROSS);
	assert_string_equal(why,
			    "32-bit guest_arch 206 on 64-bit e5500 needs flag CROSS_ARCH");
}

/* CROSS_ARCH on a guest that already matches the host is accepted. */
static void test_cross_arch_on_matching_guest(void **state)
{
	(void)state;
	assert_int_equal(check(CORE_E500V2, PLATFORM_NONE, 203, 32, CROSS, NULL),
			 PLATFORM_OK);
	assert_int_equal(check(CORE_E500MC, PLATFORM_EPAPR, 206, 32, CROSS, NULL),
			 PLATFORM_OK);
	assert_int_equal(check(CORE_E5500, PLATFORM_KVM, 206, 64, CROSS, NULL),
			 PLATFORM_OK);
	assert_int_equal(check(CORE_E6500, PLATFORM_KVM, 207, 64, CROSS, NULL),
			 PLATFORM_OK);
}

/* ... but it never excuses a missing unit or a too-wide guest. */
static void test_cross_arch_does_not_excuse(void **state)
{
	(void)state;
	assert_int_equal(check(CORE_E500MC, PLATFORM_NONE, 203, 32, CROSS, NULL),
			 PLATFORM_ERR_NEEDS_SPE);
	assert_int_equal(check(CORE_E500V2, PLATFORM_NONE, 206, 32, CROSS, NULL),
			 PLATFORM_ERR_NEEDS_FPU);
	assert_int_equal(check(CORE_E500MC, PLATFORM_NONE, 206, 64, CROSS, NULL),
			 PLATFORM_ERR_TOO_WIDE);
	assert_int_equal(check(CORE_E5500, PLATFORM_NONE, 207, 64, CROSS, NULL),
			 PLATFORM_ERR_NEWER_ISA);
}

static void test_too_wide(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(check(CORE_E500MC, PLATFORM_NONE, 206, 64, 0, &why),
			 PLATFORM_ERR_TOO_WIDE);
	assert_string_equal(why, "64-bit guest_arch 206 cannot run on 32-bit e500mc");
	assert_int_equal(check(CORE_E500V2, PLATFORM_EPAPR, 203, 64, 0, &why),
			 PLATFORM_ERR_TOO_WIDE);
	assert_non_null(strstr(why, "e500v2"));
}

static void test_needs_fpu(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(check(CORE_E500V2, PLATFORM_NONE, 206, 32, 0, &why),
			 PLATFORM_ERR_NEEDS_FPU);
	assert_string_equal(why,
			    "guest_arch 206 needs a classic FPU; e500v2 has only SPE");
	assert_int_equal(check(CORE_E500V2, PLATFORM_KVM, 207, 32, 0, &why),
			 PLATFORM_ERR_NEEDS_FPU);
	assert_string_equal(why,
			    "guest_arch 207 needs a classic FPU; e500v2 has only SPE");
	/* A missing FPU outranks the width mismatch. */
	assert_int_equal(check(CORE_E500V2, PLATFORM_KVM, 206, 64, 0, NULL),
			 PLATFORM_ERR_NEEDS_FPU);
}

static void test_needs_spe(void **state)
{
	static const char *const want[CORE_COUNT] = {
		[CORE_E500MC] = "guest_arch 203 needs SPE, which e500mc lacks",
		[CORE_E5500] = "guest_arch 203 needs SPE, which e5500 lacks",
		[CORE_E6500] = "guest_arch 203 needs SPE, which e6500 lacks",
	};
	const char *why;
	size_t w;
	int c;

	(void)state;
	for (c = CORE_E500MC; c < CORE_COUNT; c++) {
		for (w = 0; w < ARRAY_SIZE(widths); w++) {
			assert_int_equal(check(c, PLATFORM_EPAPR, 203, widths[w],
					       0, &why),
					 PLATFORM_ERR_NEEDS_SPE);
			assert_string_equal(why, want[c]);
		}
	}
}

static void test_altivec(void **state)
{
	const char *why;
	size_t w;

	(void)state;
	for (w = 0; w < ARRAY_SIZE(widths); w++) {
		assert_int_equal(check(CORE_E500MC, PLATFORM_NONE, 207,
				       widths[w], CROSS, &why),
				 PLATFORM_ERR_NEWER_ISA);
		assert_non_null(strstr(why, "AltiVec"));
		assert_non_null(strstr(why, "e500mc"));
		assert_int_equal(check(CORE_E5500, PLATFORM_NONE, 207,
				       widths[w], CROSS, &why),
				 PLATFORM_ERR_NEWER_ISA);
		assert_non_null(strstr(why, "e5500"));
		assert_non_null(strstr(why, "207"));
	}
	assert_int_equal(check(CORE_E6500, PLATFORM_NONE, 207, 64, 0, NULL),
			 PLATFORM_OK);
	assert_int_equal(check(CORE_E6500, PLATFORM_EPAPR, 207, 32, CROSS, NULL),
			 PLATFORM_OK);
}

static void test_spapr_everywhere(void **state)
{
	const char *why;
	size_t a, w;
	int c;
	uint32_t f;

	(void)state;
	for (c = 0; c < CORE_COUNT; c++)
		for (a = 0; a < ARRAY_SIZE(known_archs); a++)
			for (w = 0; w < ARRAY_SIZE(widths); w++)
				for (f = 0; f <= CROSS; f++) {
					why = NULL;
					assert_int_equal(
						check(c, PLATFORM_SPAPR, known_archs[a],
						      widths[w], f, &why),
						PLATFORM_ERR_BOOK3S_ONLY);
					assert_string_equal(
						why, "PAPR is a Book3S server ABI");
				}
}

static void test_unknown_platform(void **state)
{
	static const uint16_t bad[] = { PLATFORM_COUNT, 5, 42, 0xffff };
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check(CORE_E500MC, bad[i], 206, 32, 0, &why),
				 PLATFORM_ERR_UNKNOWN_PLATFORM);
		assert_string_equal(why, platform_verdict_str(
						 PLATFORM_ERR_UNKNOWN_PLATFORM));
	}
}

static void test_unknown_arch(void **state)
{
	static const uint16_t bad[] = { 0, 1, 202, 204, 205, 208, 300, 0xffff };
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check(CORE_E6500, PLATFORM_KVM, bad[i], 64, 0, &why),
				 PLATFORM_ERR_UNKNOWN_ARCH);
		assert_non_null(strstr(why, "guest_arch"));
	}
}

static void test_bad_width(void **state)
{
	static const uint8_t bad[] = { 0, 8, 16, 31, 33, 63, 65, 128, 255 };
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check(CORE_E5500, PLATFORM_NONE, 206, bad[i], 0,
				       &why),
				 PLATFORM_ERR_BAD_WIDTH);
		assert_non_null(strstr(why, "width"));
	}
}

static void test_unknown_flags(void **state)
{
	static const uint32_t bad[] = { 0x2, 0x3, 0x80000000u, 0xffffffffu };
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check(CORE_E500V2, PLATFORM_NONE, 203, 32, bad[i],
				       &why),
				 PLATFORM_ERR_UNKNOWN_FLAGS);
		assert_non_null(strstr(why, "flag"));
	}
}

static void test_unknown_host(void **state)
{
	static const int bad[] = { CORE_COUNT, 99, -1 };
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(check(bad[i], PLATFORM_NONE, 203, 32, 0, &why),
				 PLATFORM_ERR_UNKNOWN_HOST);
		assert_string_equal(why, "unknown host core");
	}
}

/* Malformed input is reported in a fixed order, before the ABI check. */
static void test_precedence(void **state)
{
	(void)state;
	assert_int_equal(check(CORE_COUNT, 99, 300, 7, 0x10, NULL),
			 PLATFORM_ERR_UNKNOWN_HOST);
	assert_int_equal(check(CORE_E500V2, 99, 300, 7, 0x10, NULL),
			 PLATFORM_ERR_UNKNOWN_PLATFORM);
	assert_int_equal(check(CORE_E500V2, PLATFORM_SPAPR, 300, 7, 0x10, NULL),
			 PLATFORM_ERR_UNKNOWN_ARCH);
	assert_int_equal(check(CORE_E500V2, PLATFORM_SPAPR, 206, 7, 0x10, NULL),
			 PLATFORM_ERR_BAD_WIDTH);
	assert_int_equal(check(CORE_E500V2, PLATFORM_SPAPR, 206, 64, 0x10, NULL),
			 PLATFORM_ERR_UNKNOWN_FLAGS);
	assert_int_equal(check(CORE_E500V2, PLATFORM_SPAPR, 206, 64, 0, NULL),
			 PLATFORM_ERR_BOOK3S_ONLY);
	assert_int_equal(check(CORE_E500V2, PLATFORM_NONE, 206, 64, 0, NULL),
			 PLATFORM_ERR_NEEDS_FPU);
}

static void test_null_reason_and_req(void **state)
{
	struct platform_req req = { .platform = PLATFORM_KVM, .guest_arch = 206,
				    .width = 64 };
	const char *why = NULL;

	(void)state;
	assert_int_equal(platform_check(CORE_E5500, &req, NULL), PLATFORM_OK);
	req.width = 32;
	assert_int_equal(platform_check(CORE_E5500, &req, NULL),
			 PLATFORM_ERR_NEEDS_CROSS);
	assert_int_equal(platform_check(CORE_E5500, NULL, NULL),
			 PLATFORM_ERR_UNKNOWN_PLATFORM);
	assert_int_not_equal(platform_check(CORE_E5500, NULL, &why), PLATFORM_OK);
	assert_non_null(why);
}

static void check_reason_shape(int v, const char *why, int host, uint16_t arch)
{
	char digits[8];

	assert_true(v >= 0 && v < PLATFORM_ERR_COUNT);
	assert_non_null(why);
	assert_true(why[0] != '\0');
	assert_null(strchr(why, '\n'));
	assert_string_not_equal(platform_verdict_str(v), "unknown verdict");
	if (v == PLATFORM_OK)
		assert_string_equal(why, "supported");
	else
		assert_string_not_equal(why, "supported");
	/* Hardware refusals name the host and the guest_arch. */
	if (v >= PLATFORM_ERR_NEEDS_FPU && v <= PLATFORM_ERR_NEWER_ISA) {
		assert_non_null(strstr(why, host_core_name(host)));
		digits[0] = (char)('0' + arch / 100);
		digits[1] = (char)('0' + arch / 10 % 10);
		digits[2] = (char)('0' + arch % 10);
		digits[3] = '\0';
		assert_non_null(strstr(why, digits));
	}
}

/* Every core x platform x arch x width x flags, valid or not. */
static void test_sweep(void **state)
{
	static const uint16_t arch[] = { 0, 203, 205, 206, 207, 300 };
	static const uint8_t width[] = { 0, 32, 33, 64, 128 };
	static const uint32_t flags[] = { 0, CROSS, 0x2, 0x3, 0xffffffffu };
	const char *why, *why2;
	size_t a, w, f;
	int c, p, v;

	(void)state;
	for (c = -1; c <= CORE_COUNT; c++)
		for (p = 0; p <= PLATFORM_COUNT; p++)
			for (a = 0; a < ARRAY_SIZE(arch); a++)
				for (w = 0; w < ARRAY_SIZE(width); w++)
					for (f = 0; f < ARRAY_SIZE(flags); f++) {
						why = why2 = NULL;
						v = check(c, (uint16_t)p, arch[a],
							  width[w], flags[f], &why);
						check_reason_shape(v, why, c, arch[a]);
						assert_int_equal(
							check(c, (uint16_t)p, arch[a],
							      width[w], flags[f],
							      &why2), v);
						assert_ptr_equal(why, why2);
						assert_int_equal(
							check(c, (uint16_t)p, arch[a],
							      width[w], flags[f],
							      NULL), v);
					}
}

static void test_verdict_str(void **state)
{
	int v, u;

	(void)state;
	assert_string_equal(platform_verdict_str(PLATFORM_OK), "supported");
	assert_string_equal(platform_verdict_str(PLATFORM_ERR_BOOK3S_ONLY),
			    "PAPR is a Book3S server ABI");
	for (v = 0; v < PLATFORM_ERR_COUNT; v++) {
		assert_non_null(platform_verdict_str(v));
		assert_true(platform_verdict_str(v)[0] != '\0');
		assert_null(strchr(platform_verdict_str(v), '\n'));
		assert_string_not_equal(platform_verdict_str(v), "unknown verdict");
		for (u = 0; u < v; u++)
			assert_string_not_equal(platform_verdict_str(u),
						platform_verdict_str(v));
	}
	assert_string_equal(platform_verdict_str(-1), "unknown verdict");
	assert_string_equal(platform_verdict_str(PLATFORM_ERR_COUNT),
			    "unknown verdict");
	assert_string_equal(platform_verdict_str(1000), "unknown verdict");
}

static void test_platform_names(void **state)
{
	static const char *const names[PLATFORM_COUNT] = {
		[PLATFORM_NONE] = "none", [PLATFORM_KVM] = "kvm",
		[PLATFORM_SPAPR] = "spapr", [PLATFORM_EPAPR] = "epapr",
	};
	static const char *const bad[] = { "", "NONE", "kvm ", "papr", "?" };
	size_t i;
	int id;

	(void)state;
	for (id = 0; id < PLATFORM_COUNT; id++) {
		assert_string_equal(platform_name(id), names[id]);
		assert_int_equal(platform_from_name(names[id]), id);
		assert_int_equal(platform_from_name(platform_name(id)), id);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(platform_from_name(bad[i]), -EINVAL);
	assert_int_equal(platform_from_name(NULL), -EINVAL);
	assert_string_equal(platform_name(-1), "?");
	assert_string_equal(platform_name(PLATFORM_COUNT), "?");
}

static void test_core_names(void **state)
{
	static const char *const names[CORE_COUNT] = {
		[CORE_E500V2] = "e500v2", [CORE_E500MC] = "e500mc",
		[CORE_E5500] = "e5500", [CORE_E6500] = "e6500",
	};
	static const char *const bad[] = { "", "e500", "e500v1", "E500MC",
					   "e5500 ", "?" };
	size_t i;
	int c;

	(void)state;
	for (c = 0; c < CORE_COUNT; c++) {
		assert_string_equal(host_core_name(c), names[c]);
		assert_int_equal(host_core_from_name(names[c]), c);
		assert_int_equal(host_core_from_name(host_core_name(c)), c);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(host_core_from_name(bad[i]), -EINVAL);
	assert_int_equal(host_core_from_name(NULL), -EINVAL);
	assert_string_equal(host_core_name(-1), "?");
	assert_string_equal(host_core_name(CORE_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected_matrix),
		cmocka_unit_test(test_same_family_ok),
		cmocka_unit_test(test_cross_arch),
		cmocka_unit_test(test_cross_arch_on_matching_guest),
		cmocka_unit_test(test_cross_arch_does_not_excuse),
		cmocka_unit_test(test_too_wide),
		cmocka_unit_test(test_needs_fpu),
		cmocka_unit_test(test_needs_spe),
		cmocka_unit_test(test_altivec),
		cmocka_unit_test(test_spapr_everywhere),
		cmocka_unit_test(test_unknown_platform),
		cmocka_unit_test(test_unknown_arch),
		cmocka_unit_test(test_bad_width),
		cmocka_unit_test(test_unknown_flags),
		cmocka_unit_test(test_unknown_host),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_null_reason_and_req),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_verdict_str),
		cmocka_unit_test(test_platform_names),
		cmocka_unit_test(test_core_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
