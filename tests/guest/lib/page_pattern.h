/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enclave data pages that each carry their own pattern, so that a test can
 * tell after eviction and reload whether every page came back intact.
 */
#ifndef PAGE_PATTERN_H
#define PAGE_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A malloc'd buffer of pages data pages, page p of it holding the pattern
 * of page p of enclave e; bails if out of memory.
 */
uint64_t *page_pattern_alloc(unsigned int e, uint64_t pages);

/*
 * Reads data page p of an enclave into buf (4096 bytes); false, with a
 * reason, if it could not.
 */
typedef bool (*page_pattern_reader)(const void *ctx, uint64_t p, void *buf,
				    const char **why);

/*
 * Pages of an enclave's pages data pages, read with read(ctx, ...), that do
 * not hold enclave e's pattern; the first few are told in diagnostics.
 */
uint64_t page_pattern_bad(page_pattern_reader read, const void *ctx,
			  unsigned int e, uint64_t pages);

/*
 * A reader through the mapping, ctx the first data page's address.  Only
 * the software model shows enclave contents this way: on real SGX a read
 * from outside the enclave sees 0xff bytes.
 */
bool page_pattern_read_mapping(const void *ctx, uint64_t p, void *buf,
			       const char **why);

#endif
