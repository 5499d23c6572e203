/* SPDX-License-Identifier: BSD-2-Clause */
/* Preprocessed with autoconf.h. The vectors must sit in IVPR's 64 KiB. */
#include "generated/autoconf.h"

OUTPUT_ARCH(powerpc:common)
ENTRY(_start)

SECTIONS
{
	. = CONFIG_LOAD_ADDR;
	_image_start = .;
	.text : {
		KEEP(*(.text.boot))
		. = ALIGN(256);
		KEEP(*(.text.vectors))
		*(.text .text.*)
	}
	.rodata : {
		*(.rodata .rodata.* .got2)
		. = ALIGN(4);
		__shell_cmds_start = .;
		KEEP(*(.shell_cmds))
		__shell_cmds_end = .;
	}
	.data : ALIGN(16) {
		*(.data .data.* .sdata .sdata.* .got .got.plt)
	}
	_edata = .;
	.bss (NOLOAD) : ALIGN(64) {
		__bss_start = .;
		*(.sbss .sbss.* .bss .bss.* COMMON)
		. = ALIGN(64);
		__bss_end = .;
	}
	. = ALIGN(4096);
	_end = .;
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
ASSERT(exc_vectors_end - (exc_vectors_start & 0xffff0000) <= 0x10000,
       "exception vectors must lie within 64 KiB of IVPR")
