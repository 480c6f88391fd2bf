/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sample enclave: one page of each kind of protection, so tests and the
 * demo see every case.  Entry returns with ENCLU[EEXIT]; nothing here needs
 * to run for the builder and kernel tests.
 *   .text   1 page  R-X     .rodata 1 page  R--
 *   .data   2 pages RW-     .rwx    1 page  RWX
 * Declared: 1 thread, 2 stack pages, 2 heap pages, 8 spare pages for EAUG.
 */
#include "sgxlsm_decl.h"

	SGXLSM_DECLARE 1, 2, 2, 8

	.text
	.globl enclave_entry
enclave_entry:
	mov $4, %eax		/* EEXIT, back to the address in RBX */
	enclu
	ud2

	.section .rodata
	.globl greeting
greeting:
	.asciz "hello from the sample enclave"

	.data
	.globl counter
counter:
	.quad 0x5347584c534d0001
	.balign 4096
second_data_page:
	.quad 0x5347584c534d0002

	.section .rwx, "awx"
jit_area:
	ret
	.fill 4095, 1, 0xcc
