/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enclave data pages that each carry their own pattern, so that a test can
 * tell after eviction and reload whether every page came back intact.
 */
#ifndef PAGE_PATTERN_H
#define PAGE_PATTERN_H

#include <stdint.h>

/*
 * A malloc'd buffer of pages data pages, page p of it holding the pattern
 * of page p of enclave e; bails if out of memory.
 */
uint64_t *page_pattern_alloc(unsigned int e, uint64_t pages);
/*
 * Pages of [base, base + pages) that do not read back enclave e's pattern;
 * the first few are told in diagnostics.
 */
uint64_t page_pattern_bad(const uint8_t *base, unsigned int e, uint64_t pages);

#endif
