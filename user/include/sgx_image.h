/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enclave images: how an ELF file declares an enclave.
 *
 * An image is a static ELF64 x86-64 executable linked at address 0 (the
 * enclave base), e.g. with user/enclaves/enclave.lds:
 *
 *  - Every PT_LOAD segment becomes regular (PT_REG) pages at offset p_vaddr.
 *    p_vaddr must be page aligned, segments may not share a page, and the
 *    segment's p_flags give each of its pages its SECINFO permissions:
 *    PF_R -> R, PF_W -> W, PF_X -> X.  Bytes past p_filesz are zero.
 *
 *  - One PT_NOTE segment holds a note with name "SGXLSM" and type 1 whose
 *    descriptor is struct sgx_image_decl (five little-endian u32):
 *        version      1
 *        tcs_count    threads: each gets a TCS page and one SSA frame
 *        stack_pages  RW stack pages per thread
 *        heap_pages   RW heap pages, shared
 *        spare_pages  pages of enclave address space left without pages,
 *                     for the kernel to add at run time (SGX2 EAUG)
 *    Put the note in a loaded read-only segment, so that it is measured.
 *    The assembler form is in user/enclaves/sgxlsm_decl.h.
 *
 * Layout from the base: the segments; then, page aligned, the heap; then
 * per thread its stack, its TCS and its SSA frame; then the spare pages.
 * Enclave size is the smallest power of two holding all of it.  Every page
 * is measured.  A TCS enters at the ELF entry point (e_entry).
 */
#ifndef SGX_IMAGE_H
#define SGX_IMAGE_H

#include <stdint.h>

#include "sgx_enclave.h"

#define SGX_IMAGE_NOTE_NAME "SGXLSM"
#define SGX_IMAGE_NOTE_TYPE 1
#define SGX_IMAGE_DECL_VERSION 1
/*
 * The most pages an image may lay out (segments, heap, stacks, TCS, SSA;
 * spare pages are not laid out): 64 MiB.  The builder holds each page in
 * memory, and sgx_load() a copy of the largest range besides, which must
 * fit a 512 MB guest with its EPC.
 */
#define SGX_IMAGE_MAX_PAGES (1u << 14)
/* The largest image file the builder reads. */
#define SGX_IMAGE_MAX_FILE_SIZE (64u << 20)
/*
 * The largest enclave an image may span, spare pages included: 64 GiB,
 * the 64-bit MaxEnclaveSize the software model reports (CPUID leaf 0x12)
 * and the most sgx_enclave_add() takes in one range.
 */
#define SGX_IMAGE_MAX_ENCLAVE_SIZE (1ull << 36)
/* Threads (TCS pages) an image may declare. */
#define SGX_IMAGE_MAX_TCS 1024u

struct sgx_image_decl {
	uint32_t version;
	uint32_t tcs_count;
	uint32_t stack_pages;
	uint32_t heap_pages;
	uint32_t spare_pages;
};

/*
 * Reads the image at path and fills encl (initialised here) with its
 * layout.  decl, if not NULL, receives the declaration.  Fails with
 * ENOEXEC and a message naming the field at fault on a malformed image;
 * every size and offset is checked before any page is allocated.
 */
int sgx_image_load(const char *path, struct sgx_enclave *encl,
		   struct sgx_image_decl *decl);
/* The same from an image already in memory. */
int sgx_image_parse(const void *image, size_t len, const char *name,
		    struct sgx_enclave *encl, struct sgx_image_decl *decl);

#endif
