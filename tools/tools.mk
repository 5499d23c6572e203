# SPDX-License-Identifier: BSD-2-Clause
# Host tools. Included by the top-level Makefile (which sets BUILD and
# HOST_CC); also usable alone: make -f tools/tools.mk BUILD=build
BUILD ?= build
HOST_CC ?= gcc

# The config parser, shared with the hypervisor build (which adds
# hv/platform.c itself).
HV_CONFIG_SRCS := hv/config.c hv/config_part.c hv/config_check.c

CFGCHECK := $(BUILD)/tools/tessera-cfgcheck
CFGCHECK_SRCS := tools/cfgcheck.c $(HV_CONFIG_SRCS) hv/platform.c
CFGCHECK_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -DHOST_BUILD

# Don't steal the including Makefile's default goal.
_tools_saved_goal := $(.DEFAULT_GOAL)

.PHONY: tools
tools: $(CFGCHECK)

$(CFGCHECK): $(CFGCHECK_SRCS) hv/config.h hv/platform.h tools/tools.mk
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CFGCHECK_CFLAGS) -o $@ $(CFGCHECK_SRCS) -lfdt

ifeq ($(_tools_saved_goal),)
ifeq ($(words $(MAKEFILE_LIST)),1)
.DEFAULT_GOAL := tools
else
.DEFAULT_GOAL :=
endif
else
.DEFAULT_GOAL := $(_tools_saved_goal)
endif
