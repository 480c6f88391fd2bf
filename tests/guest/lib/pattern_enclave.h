/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enclaves of data pages that carry their own pattern (page_pattern.h),
 * for the tests of the software model: data_pages measured RW- pages
 * holding enclave e's pattern, then unmeasured_pages RW- pages (EADD
 * without EEXTEND), then one thread (TCS + SSA).  Set-up that must
 * succeed: both bail on failure.
 */
#ifndef PATTERN_ENCLAVE_H
#define PATTERN_ENCLAVE_H

#include <stdbool.h>
#include <stdint.h>

#include "sgx_enclave.h"
#include "sgx_load.h"

void pattern_enclave_build(struct sgx_enclave *encl, unsigned int e,
			   uint64_t data_pages, uint64_t unmeasured_pages,
			   bool debug);
/* sgx_load() signed with key; what names the enclave if it fails. */
void pattern_enclave_load(const struct sgx_enclave *encl, EVP_PKEY *key,
			  struct sgx_loaded *ld, const char *what);

#endif
