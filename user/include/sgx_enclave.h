/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An enclave's layout and contents, independent of where it is loaded:
 * a list of page ranges, each with its offset from the enclave base, its
 * SECINFO flags (type and R/W/X), its bytes and whether it is measured.
 * MRENCLAVE depends only on this (offsets, never addresses).
 *
 * Enclave images (see sgx_image.h) are turned into one of these; tests may
 * also build one by hand with sgx_enclave_add().
 */
#ifndef SGX_ENCLAVE_H
#define SGX_ENCLAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sgx_range_kind {
	SGX_RANGE_SEGMENT,	/* an ELF PT_LOAD segment */
	SGX_RANGE_HEAP,
	SGX_RANGE_STACK,
	SGX_RANGE_TCS,
	SGX_RANGE_SSA,
};

struct sgx_range {
	uint64_t offset;	/* from the enclave base, page aligned */
	uint64_t pages;
	uint64_t secinfo_flags;	/* SGX_SECINFO_TYPE(pt) | R/W/X */
	enum sgx_range_kind kind;
	bool measured;
	uint8_t *data;		/* pages * 4096 bytes, owned */
};

struct sgx_enclave {
	uint64_t size;		/* power of two; 0 = computed by finish */
	uint32_t ssa_frame_pages;
	uint64_t attributes;	/* SECS.ATTRIBUTES.FLAGS (INIT clear) */
	uint64_t xfrm;
	size_t nranges;
	struct sgx_range *ranges;
};

/* An empty 64-bit enclave with one-page SSA frames. */
void sgx_enclave_init(struct sgx_enclave *encl);
/*
 * Appends a range of pages; data (pages * 4096 bytes) is copied, NULL means
 * zero-filled.  Fails with EINVAL on a misaligned offset, zero pages, or an
 * overlap with an existing range.
 */
int sgx_enclave_add(struct sgx_enclave *encl, uint64_t offset, uint64_t pages,
		    uint64_t secinfo_flags, enum sgx_range_kind kind,
		    const void *data);
/*
 * Adds one thread at offset: a TCS page entering at entry, then its SSA
 * frame (RW); FS/GS bases point at fs_base.  Takes 1 + ssa_frame_pages.
 */
int sgx_enclave_add_thread(struct sgx_enclave *encl, uint64_t offset,
			   uint64_t entry, uint64_t fs_base);
/* The end of the highest range, in bytes from the base. */
uint64_t sgx_enclave_end(const struct sgx_enclave *encl);
/*
 * Sorts the ranges and sets size to the smallest power of two (at least two
 * pages) holding end + extra_bytes, unless size was set by hand.
 */
int sgx_enclave_finish(struct sgx_enclave *encl, uint64_t extra_bytes);
void sgx_enclave_free(struct sgx_enclave *encl);
/* The range holding the page at offset, or NULL. */
const struct sgx_range *sgx_enclave_range_at(const struct sgx_enclave *encl,
					     uint64_t offset);
/* The first range of this kind whose SECINFO flags equal flags, or NULL. */
const struct sgx_range *sgx_enclave_find(const struct sgx_enclave *encl,
					 enum sgx_range_kind kind,
					 uint64_t secinfo_flags);
/* "R-X", "RW-", "TCS": for messages. */
const char *sgx_perm_str(uint64_t secinfo_flags);
const char *sgx_range_kind_str(enum sgx_range_kind kind);

#endif
