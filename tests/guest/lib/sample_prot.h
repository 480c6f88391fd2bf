/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sample enclave as the protection tests (mmap_prot, mprotect_prot)
 * use it: loaded, with its text, rodata, two data pages and RWX page
 * one right after the other, so that ranges can span pages of different
 * maxima.
 */
#ifndef SAMPLE_PROT_H
#define SAMPLE_PROT_H

#include <sys/mman.h>

#include "sgx_load.h"
#include "sgx_sample.h"

#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

/* Opens and loads the sample enclave; bails if it is laid out otherwise. */
void sample_prot_load(struct sgx_sample *s, struct sgx_loaded *ld);

/* The sample's pages a case starts at. */
enum sample_page { SAMPLE_TEXT, SAMPLE_RODATA, SAMPLE_DATA, SAMPLE_RWX, SAMPLE_TCS };

/*
 * One row of a protection test's table: pages pages from a sample page
 * asked for prot; want is the errno expected, 0 if allowed.
 */
struct prot_case {
	enum sample_page page;
	unsigned int pages;
	int prot;
	int want;
	const char *what;
};

/*
 * The cases mmap_prot and mprotect_prot both run: single pages and ranges
 * spanning pages of different maxima, where the weakest page rules.
 */
extern const struct prot_case sample_prot_cases[];
extern const size_t sample_prot_ncases;

/* The enclave offset of a sample page. */
uint64_t sample_page_offset(const struct sgx_sample *s, enum sample_page page);
/* "EACCES" for a refusal, "allowed" for 0: the end of a case's name. */
const char *prot_case_want_str(const struct prot_case *c);

#endif
