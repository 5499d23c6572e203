# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests (cmocka). Each tests/unit/test_X.c has tests/unit/test_X.mk
# setting UNIT_SRCS_test_X (sources under test) and UNIT_LIBS_test_X.
UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/unit
UNIT_TESTS := $(patsubst $(UNIT_DIR)/%.c,%,$(wildcard $(UNIT_DIR)/test_*.c))
-include $(wildcard $(UNIT_DIR)/test_*.mk)

HOST_CC ?= gcc
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -DHOST_BUILD \
	-fsanitize=address,undefined -fno-omit-frame-pointer

$(UNIT_OUT)/%: $(UNIT_DIR)/%.c $(UNIT_DIR)/%.mk FORCE_UNIT_DEPS
	@mkdir -p $(dir $@)
	$(HOST_CC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_SRCS_$*) $(UNIT_LIBS_$*) -lcmocka

.PHONY: FORCE_UNIT_DEPS unit
FORCE_UNIT_DEPS:

unit: $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))
	@fail=0; for t in $^; do echo "== $$t"; $$t || fail=1; done; exit $$fail
