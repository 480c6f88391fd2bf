// SPDX-License-Identifier: GPL-2.0
#include "page_pattern.h"

#include <stdlib.h>

#include "mem_probe.h"
#include "sgx_arch.h"
#include "tap.h"

#define WORDS (SGX_PAGE_SIZE / 8)

/* The 64-bit word i of page p of enclave e: unique and never zero. */
static uint64_t pattern(unsigned int e, uint64_t p, size_t i)
{
	return 0x5347580000000000ull | (uint64_t)e << 32 | p << 12 | i;
}

uint64_t *page_pattern_alloc(unsigned int e, uint64_t pages)
{
	uint64_t *buf = malloc(pages * SGX_PAGE_SIZE), p;
	size_t i;

	if (!buf)
		tap_bail("buffer");
	for (p = 0; p < pages; p++)
		for (i = 0; i < WORDS; i++)
			buf[p * WORDS + i] = pattern(e, p, i);
	return buf;
}

uint64_t page_pattern_bad(page_pattern_reader read, const void *ctx,
			  unsigned int e, uint64_t pages)
{
	uint64_t page[WORDS], bad = 0, p;

	for (p = 0; p < pages; p++) {
		const char *why = "wrong contents";
		bool ok = read(ctx, p, page, &why);
		size_t i;

		for (i = 0; ok && i < WORDS; i++)
			ok = page[i] == pattern(e, p, i);
		if (!ok && bad++ < 3)
			tap_diag("enclave %u page %llu: %s", e,
				 (unsigned long long)p, why);
	}
	return bad;
}

bool page_pattern_read_mapping(const void *ctx, uint64_t p, void *buf,
			       const char **why)
{
	const volatile uint8_t *first = ctx;
	int sig;

	if (probe_copy(buf, first + p * SGX_PAGE_SIZE, SGX_PAGE_SIZE, &sig))
		return true;
	*why = "read faulted";
	return false;
}
