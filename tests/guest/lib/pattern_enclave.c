// SPDX-License-Identifier: GPL-2.0
#include "pattern_enclave.h"

#include <stdlib.h>

#include "page_pattern.h"
#include "sgx_arch.h"
#include "tap.h"

void pattern_enclave_build(struct sgx_enclave *encl, unsigned int e,
			   uint64_t data_pages, uint64_t unmeasured_pages,
			   bool debug)
{
	const uint64_t rw = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_W;
	uint64_t *buf = page_pattern_alloc(e, data_pages), off;

	sgx_enclave_init(encl);
	if (debug)
		encl->attributes |= SGX_ATTR_DEBUG;
	if (sgx_enclave_add(encl, 0, data_pages, rw, SGX_RANGE_HEAP, buf))
		tap_bail("building enclave %u", e);
	off = data_pages * SGX_PAGE_SIZE;
	if (unmeasured_pages) {
		if (sgx_enclave_add(encl, off, unmeasured_pages, rw, SGX_RANGE_HEAP, NULL))
			tap_bail("building enclave %u", e);
		encl->ranges[encl->nranges - 1].measured = false;
		off += unmeasured_pages * SGX_PAGE_SIZE;
	}
	if (sgx_enclave_add_thread(encl, off, 0, 0) || sgx_enclave_finish(encl, 0))
		tap_bail("building enclave %u", e);
	free(buf);
}

void pattern_enclave_load(const struct sgx_enclave *encl, EVP_PKEY *key,
			  struct sgx_loaded *ld, const char *what)
{
	struct sgx_load_opts o = { .key = key };

	if (sgx_load(encl, &o, ld))
		tap_bail("loading %s", what);
}
