/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SGXLSM declaration note (format: user/include/sgx_image.h), for
 * enclave sources in assembler and in C.  Use once per image:
 *	assembler:  SGXLSM_DECLARE tcs_count, stack_pages, heap_pages, spare_pages
 *	C:          SGXLSM_DECLARE(tcs_count, stack_pages, heap_pages, spare_pages);
 */
#ifdef __ASSEMBLER__
.macro SGXLSM_DECLARE tcs, stack, heap, spare
	.pushsection .note.sgxlsm, "a", @note
	.balign 4
	.long 7			/* n_namesz: "SGXLSM\0" */
	.long 20		/* n_descsz */
	.long 1			/* n_type */
	.asciz "SGXLSM"
	.balign 4
	.long 1			/* version */
	.long \tcs
	.long \stack
	.long \heap
	.long \spare
	.popsection
.endm
#else
struct sgxlsm_note {
	unsigned int namesz, descsz, type;
	char name[8];		/* "SGXLSM\0", padded to 4 */
	unsigned int version, tcs, stack, heap, spare;
};
#define SGXLSM_DECLARE(t, st, h, sp)                                         \
	__attribute__((section(".note.sgxlsm"), used, aligned(4)))           \
	static const struct sgxlsm_note sgxlsm_note = {                      \
		7, 20, 1, "SGXLSM", 1, (t), (st), (h), (sp)                  \
	}
#endif
