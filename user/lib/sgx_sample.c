// SPDX-License-Identifier: GPL-2.0
#include "sgx_sample.h"

#include <errno.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_image.h"
#include "sgx_sign.h"

static int find(const struct sgx_sample *s, enum sgx_range_kind kind,
		uint64_t flags, uint64_t min_pages, uint64_t *off)
{
	const struct sgx_range *r = sgx_enclave_find(&s->encl, kind, flags);

	if (!r || r->pages < min_pages)
		return sgx_fail(ENOEXEC, "%s: no %s %s range of %llu pages",
				SGX_SAMPLE_IMAGE, sgx_range_kind_str(kind),
				sgx_perm_str(flags), (unsigned long long)min_pages);
	*off = r->offset;
	return 0;
}

int sgx_sample_open(struct sgx_sample *s)
{
	const uint64_t reg = SGX_SECINFO_TYPE(SGX_PT_REG);
	const uint64_t r = SGX_SECINFO_R, w = SGX_SECINFO_W, x = SGX_SECINFO_X;

	memset(s, 0, sizeof(*s));
	if (sgx_image_load(SGX_SAMPLE_IMAGE, &s->encl, NULL))
		return -1;
	s->key = sgx_key_load(SGX_SAMPLE_KEY);
	if (!s->key ||
	    find(s, SGX_RANGE_SEGMENT, reg | r | x, 1, &s->text) ||
	    find(s, SGX_RANGE_SEGMENT, reg | r, 1, &s->rodata) ||
	    find(s, SGX_RANGE_SEGMENT, reg | r | w, 2, &s->data) ||
	    find(s, SGX_RANGE_SEGMENT, reg | r | w | x, 1, &s->rwx) ||
	    find(s, SGX_RANGE_TCS, SGX_SECINFO_TYPE(SGX_PT_TCS), 1, &s->tcs)) {
		sgx_sample_close(s);
		return -1;
	}
	s->hole = sgx_enclave_end(&s->encl);
	if (s->hole >= s->encl.size) {
		sgx_sample_close(s);
		return sgx_fail(ENOEXEC, "%s declares no spare pages", SGX_SAMPLE_IMAGE);
	}
	return 0;
}

void sgx_sample_close(struct sgx_sample *s)
{
	sgx_enclave_free(&s->encl);
	EVP_PKEY_free(s->key);
	s->key = NULL;
}
