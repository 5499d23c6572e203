# SPDX-License-Identifier: BSD-2-Clause
#
# Linux guest kernels (included from the top Makefile):
#   make linux                  both kernels: build/linux/{e500mc,e500v2}/vmlinux
#                               and build/linux/<cpu>.elf (stripped, a partition image)
#   make linux-e500mc | linux-e500v2
#   make linux-native           boot each kernel without the hypervisor under
#                               -icount and keep the log in build/linux/<cpu>-native.log
# tools/build-linux.sh does the work and rebuilds only what changed (a no-op
# run takes about a second), so these targets are always run.

LINUX_OUT ?= build/linux
LINUX_CPUS := e500mc e500v2
LINUX_ICOUNT := -icount shift=0,sleep=off -seed 1

.PHONY: linux $(addprefix linux-,$(LINUX_CPUS)) linux-native linux-clean

linux:
	$(Q)LINUX_OUT=$(LINUX_OUT) tools/build-linux.sh all

$(addprefix linux-,$(LINUX_CPUS)):
	$(Q)LINUX_OUT=$(LINUX_OUT) tools/build-linux.sh $(patsubst linux-%,%,$@)

linux-native: linux
	$(Q)for c in $(LINUX_CPUS); do \
		timeout 600 qemu-system-ppc -M ppce500 -cpu $$c -m 512 -nographic \
			-serial mon:stdio $(LINUX_ICOUNT) -kernel $(LINUX_OUT)/$$c/vmlinux \
			</dev/null >$(LINUX_OUT)/$$c-native.log 2>&1; \
		echo "== $$c (native, icount)"; \
		grep '^tessera-init:' $(LINUX_OUT)/$$c-native.log || \
			{ tail -n 20 $(LINUX_OUT)/$$c-native.log; exit 1; }; \
	done

linux-clean:
	rm -rf $(LINUX_OUT)
