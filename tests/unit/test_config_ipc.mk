# SPDX-License-Identifier: BSD-2-Clause
UNIT_SRCS_test_config_ipc := hv/config.c hv/config_part.c hv/config_check.c \
	hv/platform.c
UNIT_LIBS_test_config_ipc := -lfdt
