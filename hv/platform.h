/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Platform selection: the KVM_PPC_SET_PLATFORM model applied per partition.
 *
 * A partition asks for a platform (guest ABI), an ISA version, a width and
 * flags; platform_check() answers "supported" or refuses with a one-line
 * reason. The decision is table driven (hv/platform.c). This header is pure
 * C with no target dependencies so the host tools and unit tests share it.
 */
#ifndef HV_PLATFORM_H
#define HV_PLATFORM_H

#include <stdint.h>

/* Numeric values follow the KVM_PPC_SET_PLATFORM proposal where one exists. */
enum platform_id {
	PLATFORM_NONE = 0,  /* bare metal, fully emulated (incl. an MPIC) */
	PLATFORM_KVM = 1,   /* none + KVM paravirtual interface (magic page) */
	PLATFORM_SPAPR = 2, /* IBM server PAPR: a Book3S ABI */
	PLATFORM_EPAPR = 3, /* ePAPR 1.1 hypervisor ABI + Freescale calls */
	PLATFORM_COUNT
};

/* Host core families this hypervisor runs on. */
enum host_core {
	CORE_E500V2 = 0, /* Book-E ISA 2.03 + SPE, 32-bit, no classic FPU */
	CORE_E500MC,     /* ISA 2.06, 32-bit, classic FPU */
	CORE_E5500,      /* ISA 2.06, 64-bit, classic FPU */
	CORE_E6500,      /* ISA 2.06/2.07 + AltiVec, 64-bit */
	CORE_COUNT
};

/* Flags, as in the proposal. */
#define PLATFORM_FLAG_CROSS_ARCH 0x1u
#define PLATFORM_FLAGS_KNOWN PLATFORM_FLAG_CROSS_ARCH

/* What a partition asks for. */
struct platform_req {
	uint16_t platform;   /* enum platform_id */
	uint16_t guest_arch; /* ISA version in decimal: 203, 206, 207 */
	uint8_t width;       /* 32 or 64 */
	uint32_t flags;      /* PLATFORM_FLAG_* */
};

/* Why a request was refused; 0 means supported. Stable numbers: they are
 * also returned by the run-time set-platform management call. */
enum platform_verdict {
	PLATFORM_OK = 0,
	PLATFORM_ERR_UNKNOWN_PLATFORM = 1,
	PLATFORM_ERR_UNKNOWN_ARCH = 2,
	PLATFORM_ERR_BAD_WIDTH = 3,
	PLATFORM_ERR_UNKNOWN_FLAGS = 4,
	PLATFORM_ERR_BOOK3S_ONLY = 5,   /* spapr on Book-E */
	PLATFORM_ERR_NEEDS_FPU = 6,     /* classic FPU guest on e500v2 */
	PLATFORM_ERR_NEEDS_SPE = 7,     /* SPE guest on e500mc and later */
	PLATFORM_ERR_NEEDS_CROSS = 8,   /* 32-bit guest on 64-bit host w/o flag */
	PLATFORM_ERR_TOO_WIDE = 9,      /* 64-bit guest on a 32-bit host */
	PLATFORM_ERR_NEWER_ISA = 10,    /* guest ISA newer than the host's */
	PLATFORM_ERR_UNKNOWN_HOST = 11,
	PLATFORM_ERR_COUNT
};

/**
 * platform_check() - decide whether @req can be emulated on @host.
 * Returns PLATFORM_OK (0) when supported, otherwise a positive
 * enum platform_verdict; *reason (if non-NULL) is set to a one-line,
 * human-readable reason (never NULL, "supported" on success).
 */
int platform_check(enum host_core host, const struct platform_req *req,
		   const char **reason);

/**
 * platform_verdict_str() - the one-line reason for verdict @v.
 * Returns a static string; "unknown verdict" for out-of-range values.
 */
const char *platform_verdict_str(int v);

/**
 * platform_from_name() - parse a platform name ("none", "kvm", "spapr",
 * "epapr"). Returns the enum platform_id, or -EINVAL if unknown.
 */
int platform_from_name(const char *name);

/**
 * platform_name() - the config-tree name of platform @id.
 * Returns a static string, "?" for unknown ids.
 */
const char *platform_name(int id);

/**
 * host_core_name() - "e500v2", "e500mc", "e5500", "e6500".
 * Returns a static string, "?" for unknown cores.
 */
const char *host_core_name(int core);

/**
 * host_core_from_name() - parse a core name as above.
 * Returns the enum host_core, or -EINVAL.
 */
int host_core_from_name(const char *name);

#endif
