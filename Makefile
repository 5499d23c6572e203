# SPDX-License-Identifier: BSD-2-Clause
#
# Tessera top-level Makefile.
#   make [CPU=e500v2|e500mc]       build build/[CPU/]tessera.{elf,bin,uImage}
#   make <board>_<cpu>_defconfig   write $(BUILD)/.config from boards/<board>/
#   make menuconfig | savedefconfig
#   make run | run-direct [CPU=..] [SMP=N] [MEM=512]
#   make check                     unit + integration tests (both cores)
#   make size
# `make run` and `make check` install missing Debian packages first.

CPU ?=
BUILD ?= $(if $(CPU),build/$(CPU),build)
SMP ?= 2
MEM ?= 512
CROSS ?= powerpc-linux-gnu-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
SIZE := $(CROSS)size
PY := /usr/bin/python3
TESSERA_CACHE ?= $(HOME)/.cache/tessera
export TESSERA_CACHE
NEWLIB := build/newlib
LIBFDT_SRC := $(TESSERA_CACHE)/libfdt
UBOOT := /usr/lib/u-boot/qemu-ppce500/uboot.elf
Q ?= @

KCONFIG := $(BUILD)/.config
AUTOCONF := $(BUILD)/include/generated/autoconf.h
ASMOFF := $(BUILD)/include/generated/asm-offsets.h
DEFAULT_DEFCONFIG := boards/qemu_ppce500/qemu_ppce500_$(or $(CPU),e500mc)_defconfig

.DEFAULT_GOAL := all
.PHONY: all deps run run-demo run-direct check bench bench-linux size menuconfig savedefconfig clean \
	distclean images integration test-config

ifeq ($(filter %_defconfig menuconfig clean distclean deps,$(MAKECMDGOALS)),)
-include $(KCONFIG)
endif

ifeq ($(CONFIG_CPU_E500V2),y)
MCPU := -mcpu=8548
QEMU_CPU := e500v2
else
MCPU := -mcpu=e500mc
QEMU_CPU := e500mc
endif
QEMU := qemu-system-ppc

GCC_INC = $(shell $(CC) -print-file-name=include)
COMMON_FLAGS = $(MCPU) -msoft-float -nostdinc -isystem $(GCC_INC) \
	-isystem $(NEWLIB)/include \
	-U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix \
	-fno-pie -fno-pic -fno-stack-protector -mlong-double-64 -mbss-plt \
	-msdata=none -ffreestanding -fno-common -I. -I$(BUILD)/include \
	-I$(LIBFDT_SRC) -include $(AUTOCONF)
CFLAGS = $(COMMON_FLAGS) -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffunction-sections -fdata-sections -MMD -MP
ASFLAGS = $(COMMON_FLAGS) -Wa,-mregnames -g -MMD -MP
LIBFDT_CFLAGS = $(COMMON_FLAGS) -std=gnu11 -Os -g -Wall -Werror -Wno-sign-compare \
	-ffunction-sections -fdata-sections
LDFLAGS = $(MCPU) -msoft-float -nostdlib -nostartfiles -static -Wl,--gc-sections \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--build-id=none \
	-Wl,-Map,$(BUILD)/tessera.map

BOARD_DIR := boards/qemu_ppce500
SRCS_C := $(wildcard kernel/*.c drivers/*.c hv/*.c) $(BOARD_DIR)/board.c
SRCS_C := $(filter-out kernel/asm-offsets.c,$(SRCS_C))
SRCS_S := $(wildcard kernel/*.S drivers/*.S hv/*.S)
SRCS_S := $(filter-out kernel/tessera.lds.S,$(SRCS_S))
OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(SRCS_C)) $(patsubst %.S,$(BUILD)/obj/%.o,$(SRCS_S))
LIBFDT_NAMES := fdt fdt_ro fdt_wip fdt_sw fdt_rw fdt_strerror fdt_empty_tree \
	fdt_addresses fdt_overlay
LIBFDT_OBJS := $(patsubst %,$(BUILD)/libfdt/%.o,$(LIBFDT_NAMES))

ELF := $(BUILD)/tessera.elf
BIN := $(BUILD)/tessera.bin
UIMAGE := $(BUILD)/tessera.uImage
FIT := $(BUILD)/tessera.itb

# The partition configuration packed into the FIT, and where its images
# come from: image NAME is $(GUEST_OUT)/NAME.elf unless IMAGES="NAME=PATH ..."
# says otherwise.
CONFIG_TREE ?= dts/demo-two-guests.dts
GUEST_ARCH := $(if $(filter e500v2,$(QEMU_CPU)),203,206)
CFG_DTB := $(BUILD)/config.dtb
GUEST_OUT ?= build/guests
IMAGES ?=
DTC_FLAGS := -i dts -Wno-unit_address_vs_reg -Wno-simple_bus_reg

all: $(ELF) $(BIN) $(UIMAGE) $(FIT)

HOST_CC ?= gcc
include tools/tools.mk
-include tests/guests/guests.mk
-include tools/linux/linux.mk
ifeq ($(wildcard tests/guests/guests.mk),)
guests:
endif

deps:
	$(Q)tools/deps.sh

# ---- configuration ---------------------------------------------------------
$(KCONFIG):
	$(Q)mkdir -p $(BUILD)
	$(Q)KCONFIG_CONFIG=$@ $(PY) -m defconfig --kconfig Kconfig $(DEFAULT_DEFCONFIG) >/dev/null

%_defconfig:
	$(Q)f=$$(ls boards/*/$@ 2>/dev/null | head -n1); \
	if [ -z "$$f" ]; then echo "no such defconfig: $@" >&2; exit 1; fi; \
	mkdir -p $(BUILD); KCONFIG_CONFIG=$(KCONFIG) $(PY) -m defconfig --kconfig Kconfig $$f

menuconfig: | $(KCONFIG)
	$(Q)KCONFIG_CONFIG=$(KCONFIG) $(PY) -m menuconfig Kconfig

savedefconfig: $(KCONFIG)
	$(Q)KCONFIG_CONFIG=$(KCONFIG) $(PY) -m savedefconfig --kconfig Kconfig --out $(BUILD)/defconfig
	@echo "wrote $(BUILD)/defconfig"

$(AUTOCONF): $(KCONFIG) Kconfig $(wildcard boards/*/Kconfig.board)
	$(Q)mkdir -p $(dir $@)
	$(Q)KCONFIG_CONFIG=$(KCONFIG) $(PY) -m olddefconfig Kconfig >/dev/null
	$(Q)KCONFIG_CONFIG=$(KCONFIG) $(PY) -m genconfig Kconfig --header-path $@

# ---- third-party pieces (built once, cached) -------------------------------
$(NEWLIB)/.stamp: tools/build-newlib.sh
	$(Q)tools/build-newlib.sh $(NEWLIB)

$(LIBFDT_SRC)/libfdt.h:
	$(Q)tools/fetch-libfdt.sh $(LIBFDT_SRC) >/dev/null

# Objects depend on the flags they were built with: a change (-Os to -O2,
# say) rebuilds them rather than mixing old and new code.
FLAGS_STAMP := $(BUILD)/flags.stamp
$(FLAGS_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(CFLAGS) | $(ASFLAGS) | $(LIBFDT_CFLAGS) | $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CFLAGS) | $(ASFLAGS) | $(LIBFDT_CFLAGS) | $(LDFLAGS)' > $@

PREREQS := $(AUTOCONF) $(NEWLIB)/.stamp $(LIBFDT_SRC)/libfdt.h $(FLAGS_STAMP)

# ---- generated struct offsets ----------------------------------------------
# Its dependencies (every header of every struct it measures) come from the
# compiler, like any object's: a struct change must regenerate the offsets.
$(ASMOFF): kernel/asm-offsets.c $(PREREQS)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -MF $(BUILD)/asm-offsets.d -MT $@ -S -o $(BUILD)/asm-offsets.s $<
	$(Q){ echo "/* Generated from kernel/asm-offsets.c: do not edit. */"; \
	  sed -n 's/^[[:space:]]*->\([A-Za-z0-9_]*\) \(-\{0,1\}[0-9][0-9]*\).*/#define \1 \2/p' \
	  $(BUILD)/asm-offsets.s; } > $@

# ---- compile and link ------------------------------------------------------
$(BUILD)/obj/%.o: %.c $(PREREQS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.S $(PREREQS) $(ASMOFF)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(ASFLAGS) -c -o $@ $<

$(BUILD)/libfdt/%.o: $(LIBFDT_SRC)/%.c $(PREREQS)
	@mkdir -p $(dir $@)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(CC) $(LIBFDT_CFLAGS) -c -o $@ $<

$(BUILD)/tessera.lds: kernel/tessera.lds.S $(AUTOCONF)
	$(Q)$(CC) -E -P -undef -x c -I$(BUILD)/include -I. $< -o $@

$(ELF): $(OBJS) $(LIBFDT_OBJS) $(BUILD)/tessera.lds
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -T $(BUILD)/tessera.lds -o $@ $(OBJS) $(LIBFDT_OBJS) \
		-L$(NEWLIB)/lib -lc -lm -lgcc

$(BIN): $(ELF)
	$(Q)$(OBJCOPY) -O binary $< $@

$(UIMAGE): $(BIN)
	$(Q)entry=$$($(CROSS)nm $(ELF) | awk '$$3=="_start"{print $$1}'); \
	load=$$(printf '%08x' $$(( $(CONFIG_LOAD_ADDR) ))); \
	mkimage -A powerpc -O linux -T kernel -C none -a $$load -e $$entry \
		-n "Tessera $(CONFIG_VERSION) $(QEMU_CPU)" -d $< $@ >/dev/null
	@echo "  IMAGE   $@"

$(CFG_DTB): $(CONFIG_TREE) $(wildcard dts/*.dtsi) FORCE
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -nostdinc -undef -x assembler-with-cpp -Idts -DGUEST_ARCH=$(GUEST_ARCH) \
		$(CONFIG_TREE) | dtc -I dts -O dtb $(DTC_FLAGS) -o $@.tmp -
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# Image NAME=PATH pairs for the configuration's images.
image_args = $(foreach n,$(shell tools/config-images.sh $(CFG_DTB)),\
	$(or $(filter $(n)=%,$(IMAGES)),$(n)=$(GUEST_OUT)/$(n).elf))

# Validate at build time with the same parser the hypervisor uses; refused
# partitions are reported (the hypervisor refuses them again at boot), an
# unusable tree stops the build.
$(FIT): $(BIN) $(CFG_DTB) $(CFGCHECK) guests tools/mkfit.sh
	$(Q)$(CFGCHECK) --core $(QEMU_CPU) --strict-images \
		$(addprefix --image ,$(image_args)) $(CFG_DTB) > $(BUILD)/cfgcheck.txt; \
	rc=$$?; cat $(BUILD)/cfgcheck.txt; \
	if [ $$rc -ge 2 ]; then exit 1; fi; \
	if [ $$rc -eq 1 ]; then echo "  CHECK   $(CONFIG_TREE): some partitions will be refused"; fi
	$(Q)entry=$$($(CROSS)nm $(ELF) | awk '$$3=="_start"{print $$1}'); \
	tools/mkfit.sh $@ $(BIN) $$(( $(CONFIG_LOAD_ADDR) )) 0x$$entry $(CFG_DTB) \
		$$(( $(CONFIG_HV_CONFIG_ADDR) )) $(image_args)
	@echo "  FIT     $@ ($(CONFIG_TREE))"

.PHONY: FORCE
FORCE:

size: $(ELF)
	$(Q)$(SIZE) $(ELF)

-include $(OBJS:.o=.d) $(BUILD)/asm-offsets.d

# ---- running ---------------------------------------------------------------
# serial0 is the hypervisor's console; serial1 (a UART a configuration may
# give a partition) goes to $(BUILD)/serial1.log.
QEMU_ARGS = -M ppce500 -cpu $(QEMU_CPU) -smp $(SMP) -m $(MEM) -nographic \
	-serial mon:stdio -serial file:$(BUILD)/serial1.log
# `make run`: two Linux partitions side by side (dts/linux-pair.dts, the
# kernel from `make linux`), built in $(BUILD)/run, booted through U-Boot.
# `make run-demo`: the bare-metal demo of CONFIG_TREE.
RUN_TREE ?= dts/linux-pair.dts
RUN_MEM ?= 1024
run: deps
	$(Q)$(MAKE) --no-print-directory linux-$(QEMU_CPU)
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/run CONFIG_TREE=$(RUN_TREE) \
		IMAGES=linux=build/linux/$(QEMU_CPU).elf all
	$(QEMU) $(subst -m $(MEM),-m $(RUN_MEM),$(QEMU_ARGS)) -bios $(UBOOT) \
		-kernel $(BUILD)/run/tessera.itb

run-demo: deps all
	$(QEMU) $(QEMU_ARGS) -bios $(UBOOT) -kernel $(FIT)

run-direct: deps all
	$(QEMU) $(QEMU_ARGS) -kernel $(ELF) $$(cat $(FIT).loaders) \
		$(if $(APPEND),-append "$(APPEND)")

# ---- tests -----------------------------------------------------------------
include tests/unit/unit.mk

images:
	$(Q)$(MAKE) --no-print-directory CPU=e500mc all
	$(Q)$(MAKE) --no-print-directory CPU=e500v2 all

integration: images
	$(Q)$(PY) -m pytest -v tests/integration

# Every pytest suite that exists; the host tool comes from the e500mc build.
PYTEST_SUITES = $(wildcard tests/integration tests/config tests/partitions tests/conformance \
	tests/pv tests/hypercalls tests/manager tests/isolation tests/linux)
check: deps
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory images
	$(Q)$(MAKE) --no-print-directory linux
	$(Q)TESSERA_CFGCHECK=$(CURDIR)/build/e500mc/tools/tessera-cfgcheck \
		$(PY) -m pytest -v $(PYTEST_SUITES)

# Guest microbenchmarks under -icount: native against a `none` partition,
# then Linux natively against Linux in `none` and `kvm` partitions.
bench: deps
	$(Q)$(PY) tools/bench.py $(if $(CPU),--cpu $(CPU))
	$(Q)$(PY) tools/bench_linux.py $(if $(CPU),--cpu $(CPU))

bench-linux: deps
	$(Q)$(PY) tools/bench_linux.py $(if $(CPU),--cpu $(CPU))

clean:
	rm -rf $(BUILD)/obj $(BUILD)/libfdt $(BUILD)/tessera.* $(BUILD)/include

distclean:
	rm -rf build
