// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the enclave image parser (sgx_image.h) and the
 * measurement of what it lays out.  Beyond the sanitizers, it checks the
 * parser's promises: a refusal is ENOEXEC with a message, and an accepted
 * image lays out no more than SGX_IMAGE_MAX_PAGES, all inside an enclave
 * of at most SGX_IMAGE_MAX_ENCLAVE_SIZE, with every TCS entering
 * executable pages.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "sgx_arch.h"
#include "sgx_image.h"
#include "sgx_measure.h"

static void check_entry(const struct sgx_enclave *e, const struct sgx_range *r)
{
	const struct sgx_tcs *tcs = (const struct sgx_tcs *)r->data;
	const struct sgx_range *code = sgx_enclave_range_at(e, tcs->oentry);

	fuzz_assert(code && code->secinfo_flags & SGX_SECINFO_X,
		    "TCS at %#llx enters %#llx, not executable pages",
		    (unsigned long long)r->offset,
		    (unsigned long long)tcs->oentry);
}

static void check_layout(const struct sgx_enclave *e)
{
	uint64_t pages = 0;
	size_t i;

	fuzz_assert(e->size && !(e->size & (e->size - 1)) &&
		    e->size <= SGX_IMAGE_MAX_ENCLAVE_SIZE,
		    "enclave size %#llx", (unsigned long long)e->size);
	for (i = 0; i < e->nranges; i++) {
		const struct sgx_range *r = &e->ranges[i];

		fuzz_assert(r->offset < e->size &&
			    r->pages <= (e->size - r->offset) / SGX_PAGE_SIZE,
			    "range at %#llx (%llu pages) outside the enclave",
			    (unsigned long long)r->offset,
			    (unsigned long long)r->pages);
		pages += r->pages;
		if (r->kind == SGX_RANGE_TCS)
			check_entry(e, r);
	}
	fuzz_assert(pages <= SGX_IMAGE_MAX_PAGES, "%llu pages laid out",
		    (unsigned long long)pages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sgx_image_decl decl;
	struct sgx_enclave encl;
	uint8_t mrenclave[32];

	if (sgx_image_parse(data, size, "fuzz", &encl, &decl)) {
		fuzz_check_refusal(errno, ENOEXEC);
		return 0;
	}
	check_layout(&encl);
	fuzz_assert(!sgx_measure(&encl, mrenclave), "measure: %s",
		    sgx_last_error());
	sgx_enclave_free(&encl);
	return 0;
}
