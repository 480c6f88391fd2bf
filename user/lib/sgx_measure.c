// SPDX-License-Identifier: GPL-2.0
/* MRENCLAVE computation; the record formats are the SDM's. */
#include "sgx_measure.h"

#include <errno.h>
#include <openssl/evp.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"

#define EEXTEND_CHUNK 256u

struct record {
	uint8_t bytes[64];
};

static struct record record_of(const char *tag, uint64_t a, uint64_t b)
{
	struct record r;

	/* Tags are at most 8 bytes, zero padded: "ECREATE\0", "EADD\0\0\0\0". */
	memset(&r, 0, sizeof(r));
	memcpy(r.bytes, tag, strlen(tag));
	memcpy(r.bytes + 8, &a, 8);
	memcpy(r.bytes + 16, &b, 8);
	return r;
}

static int update(EVP_MD_CTX *ctx, const void *p, size_t n)
{
	return EVP_DigestUpdate(ctx, p, n) == 1 ? 0 : -1;
}

/* ECREATE: tag, SSAFRAMESIZE (u32) and SIZE (u64) packed, rest zero. */
static int measure_ecreate(EVP_MD_CTX *ctx, const struct sgx_enclave *encl)
{
	struct record r = record_of("ECREATE", 0, 0);
	uint32_t ssa = encl->ssa_frame_pages;

	memcpy(r.bytes + 8, &ssa, 4);
	memcpy(r.bytes + 12, &encl->size, 8);
	memset(r.bytes + 20, 0, 4);
	return update(ctx, &r, sizeof(r));
}

static bool is_tcs(uint64_t secinfo_flags)
{
	return (secinfo_flags & SGX_SECINFO_TYPE_MASK) ==
	       SGX_SECINFO_TYPE(SGX_PT_TCS);
}

/*
 * EADD: tag, page offset, the first 48 bytes of SECINFO.  EADD clears a
 * TCS's R, W and X before it measures the SECINFO.
 */
static int measure_eadd(EVP_MD_CTX *ctx, uint64_t offset, uint64_t flags)
{
	struct record r;

	if (is_tcs(flags))
		flags &= ~SGX_SECINFO_PERM_MASK;
	r = record_of("EADD", offset, flags);
	return update(ctx, &r, sizeof(r));
}

/*
 * EEXTEND measures the page in the EPC, where EADD has cleared a TCS's
 * STATE, CSSA, AEP and FLAGS.DBGOPTIN whatever the source page held.
 */
static int measure_page_contents(EVP_MD_CTX *ctx, uint64_t offset,
				 const uint8_t *source, uint64_t secinfo_flags)
{
	struct sgx_tcs tcs;
	const uint8_t *page = source;
	unsigned int c;

	if (is_tcs(secinfo_flags)) {
		memcpy(&tcs, source, sizeof(tcs));
		tcs.state = 0;
		tcs.cssa = 0;
		tcs.aep = 0;
		tcs.flags &= ~SGX_TCS_DBGOPTIN;
		page = (const uint8_t *)&tcs;
	}

	for (c = 0; c < SGX_PAGE_SIZE; c += EEXTEND_CHUNK) {
		struct record r = record_of("EEXTEND", offset + c, 0);

		if (update(ctx, &r, sizeof(r)) ||
		    update(ctx, page + c, EEXTEND_CHUNK))
			return -1;
	}
	return 0;
}

int sgx_measure(const struct sgx_enclave *encl, uint8_t mrenclave[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	size_t i;
	uint64_t p;
	int ret = -1;

	if (!ctx)
		return sgx_fail(ENOMEM, "SHA-256 context");
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    measure_ecreate(ctx, encl))
		goto out;
	for (i = 0; i < encl->nranges; i++) {
		const struct sgx_range *r = &encl->ranges[i];

		for (p = 0; p < r->pages; p++) {
			uint64_t off = r->offset + p * SGX_PAGE_SIZE;

			if (measure_eadd(ctx, off, r->secinfo_flags))
				goto out;
			if (r->measured &&
			    measure_page_contents(ctx, off,
						  r->data + p * SGX_PAGE_SIZE,
						  r->secinfo_flags))
				goto out;
		}
	}
	if (EVP_DigestFinal_ex(ctx, mrenclave, &len) == 1 && len == 32)
		ret = 0;
out:
	EVP_MD_CTX_free(ctx);
	if (ret)
		sgx_fail(EIO, "SHA-256 of the enclave measurement failed");
	return ret;
}

char *sgx_hex(const uint8_t *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}
