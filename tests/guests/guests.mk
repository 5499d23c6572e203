# SPDX-License-Identifier: BSD-2-Clause
#
# Guest test programs: every directory tests/guests/<name>/ (except lib/)
# with .c/.S files becomes $(GUEST_OUT)/<name>.elf and .bin, linked at
# address 0 with the runtime in tests/guests/lib/, libfdt, newlib and libgcc.
# Included from the top Makefile, or standalone from the top of the tree:
#   make -f tests/guests/guests.mk [GUEST_OUT=build/guests] [guests]
#   make -f tests/guests/guests.mk guests-clean
# One integer-only 8548 build serves e500v2 and e500mc.

GUEST_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# Standalone when this file is the first makefile make read.
GUEST_STANDALONE := $(filter $(lastword $(MAKEFILE_LIST)),$(firstword $(MAKEFILE_LIST)))

GUEST_OUT ?= build/guests
CROSS ?= powerpc-linux-gnu-
NEWLIB ?= build/newlib
TESSERA_CACHE ?= $(HOME)/.cache/tessera
LIBFDT_SRC ?= $(TESSERA_CACHE)/libfdt
Q ?= @

GUEST_CC := $(CROSS)gcc
GUEST_AR := $(CROSS)ar
GUEST_OBJCOPY := $(CROSS)objcopy
# Evaluated once, on first use.
GUEST_GCC_INC = $(eval GUEST_GCC_INC := $$(shell $(GUEST_CC) -print-file-name=include))$(GUEST_GCC_INC)

GUEST_COMMON = -mcpu=8548 -msoft-float -nostdinc -isystem $(GUEST_GCC_INC) \
	-isystem $(NEWLIB)/include \
	-U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix \
	-fno-pie -fno-pic -fno-stack-protector -mlong-double-64 -mbss-plt \
	-msdata=none -ffreestanding -fno-common -I. -I$(GUEST_DIR)/lib \
	-I$(LIBFDT_SRC)
GUEST_CFLAGS = $(GUEST_COMMON) -std=gnu11 -Os -g -Wall -Wextra -Werror \
	-ffunction-sections -fdata-sections -MMD -MP
GUEST_ASFLAGS = $(GUEST_COMMON) -Wa,-mregnames -g -MMD -MP
GUEST_LIBFDT_CFLAGS = $(GUEST_COMMON) -std=gnu11 -Os -g -Wall -Werror \
	-Wno-sign-compare -ffunction-sections -fdata-sections
GUEST_LDS := $(GUEST_DIR)/lib/guest.lds
GUEST_LDFLAGS = -mcpu=8548 -msoft-float -nostdlib -nostartfiles -static \
	-Wl,--gc-sections -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none -T $(GUEST_LDS)

# Sources -> objects under $(GUEST_OUT)/obj/ mirroring tests/guests/.
guest_objs = $(patsubst $(GUEST_DIR)/%,$(GUEST_OUT)/obj/%.o,$(basename \
	$(sort $(wildcard $(GUEST_DIR)/$(1)/*.c $(GUEST_DIR)/$(1)/*.S))))

GUEST_NAMES := $(filter-out lib,$(patsubst $(GUEST_DIR)/%/,%,$(sort $(dir \
	$(wildcard $(GUEST_DIR)/*/*.c $(GUEST_DIR)/*/*.S)))))
GUEST_LIB_OBJS := $(call guest_objs,lib)
GUEST_LIBFDT_NAMES := fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_strerror \
	fdt_empty_tree fdt_addresses fdt_overlay
GUEST_LIBFDT_OBJS := $(patsubst %,$(GUEST_OUT)/obj/libfdt/%.o,$(GUEST_LIBFDT_NAMES))
GUEST_LIBFDT := $(GUEST_OUT)/libfdt.a
GUEST_PREREQS := $(NEWLIB)/.stamp $(LIBFDT_SRC)/libfdt.h

GUEST_ELFS := $(patsubst %,$(GUEST_OUT)/%.elf,$(GUEST_NAMES))
GUEST_BINS := $(GUEST_ELFS:.elf=.bin)

.PHONY: guests guests-clean
guests: $(GUEST_ELFS) $(GUEST_BINS)

guests-clean:
	rm -rf $(GUEST_OUT)

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.c | $(GUEST_PREREQS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_OUT)/obj/%.o: $(GUEST_DIR)/%.S | $(GUEST_PREREQS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(GUEST_CC) $(GUEST_ASFLAGS) -c -o $@ $<

$(GUEST_OUT)/obj/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(GUEST_PREREQS)
	@mkdir -p $(dir $@)
	@echo "  CC      libfdt/$*.c (guests)"
	$(Q)$(GUEST_CC) $(GUEST_LIBFDT_CFLAGS) -c -o $@ $<

$(GUEST_LIBFDT): $(GUEST_LIBFDT_OBJS)
	$(Q)rm -f $@
	$(Q)$(GUEST_AR) rcs $@ $^

define GUEST_PROGRAM
$(GUEST_OUT)/$(1).elf: $(call guest_objs,$(1)) $(GUEST_LIB_OBJS) $(GUEST_LIBFDT) $(GUEST_LDS)
	@echo "  LD      $$@"
	$(Q)$(GUEST_CC) $(GUEST_LDFLAGS) -Wl,-Map,$(GUEST_OUT)/$(1).map -o $$@ \
		$(call guest_objs,$(1)) $(GUEST_LIB_OBJS) $(GUEST_LIBFDT) \
		-L$(NEWLIB)/lib -lc -lgcc
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call GUEST_PROGRAM,$(g))))

$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	$(Q)$(GUEST_OBJCOPY) -O binary $< $@

# The top Makefile has these rules; standalone use needs its own.
ifneq ($(GUEST_STANDALONE),)
$(NEWLIB)/.stamp: tools/build-newlib.sh
	$(Q)tools/build-newlib.sh $(NEWLIB)

$(LIBFDT_SRC)/libfdt.h:
	$(Q)tools/fetch-libfdt.sh $(LIBFDT_SRC) >/dev/null
endif

-include $(patsubst %.o,%.d,$(GUEST_LIB_OBJS) \
	$(foreach g,$(GUEST_NAMES),$(call guest_objs,$(g))))
