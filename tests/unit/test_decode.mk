# SPDX-License-Identifier: BSD-2-Clause
UNIT_SRCS_test_decode := hv/decode.c
