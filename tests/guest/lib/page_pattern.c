// SPDX-License-Identifier: GPL-2.0
#include "page_pattern.h"

#include <stdbool.h>
#include <stdlib.h>

#include "mem_probe.h"
#include "tap.h"

#define PG 4096ul

/* The 64-bit word i of page p of enclave e: unique and never zero. */
static uint64_t pattern(unsigned int e, uint64_t p, size_t i)
{
	return 0x5347580000000000ull | (uint64_t)e << 32 | p << 12 | i;
}

uint64_t *page_pattern_alloc(unsigned int e, uint64_t pages)
{
	uint64_t *buf = malloc(pages * PG), p;
	size_t i;

	if (!buf)
		tap_bail("buffer");
	for (p = 0; p < pages; p++)
		for (i = 0; i < PG / 8; i++)
			buf[p * PG / 8 + i] = pattern(e, p, i);
	return buf;
}

uint64_t page_pattern_bad(const uint8_t *base, unsigned int e, uint64_t pages)
{
	uint64_t page[PG / 8], bad = 0, p;
	int sig;

	for (p = 0; p < pages; p++) {
		bool ok = probe_copy(page, base + p * PG, PG, &sig);
		size_t i;

		for (i = 0; ok && i < PG / 8; i++)
			ok = page[i] == pattern(e, p, i);
		if (!ok && bad++ < 3)
			tap_diag("enclave %u page %llu: %s", e, (unsigned long long)p,
				 sig ? "read faulted" : "wrong contents");
	}
	return bad;
}
