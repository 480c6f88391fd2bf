// SPDX-License-Identifier: GPL-2.0
/* Building the page-range list of an enclave (see sgx_enclave.h). */
#include "sgx_enclave.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"

void sgx_enclave_init(struct sgx_enclave *encl)
{
	memset(encl, 0, sizeof(*encl));
	encl->ssa_frame_pages = 1;
	encl->attributes = SGX_ATTR_MODE64BIT;
	encl->xfrm = SGX_XFRM_LEGACY;
}

static bool ranges_overlap(const struct sgx_range *r, uint64_t off,
			   uint64_t pages)
{
	uint64_t end = off + pages * SGX_PAGE_SIZE;
	uint64_t r_end = r->offset + r->pages * SGX_PAGE_SIZE;

	return off < r_end && r->offset < end;
}

int sgx_enclave_add(struct sgx_enclave *encl, uint64_t offset, uint64_t pages,
		    uint64_t secinfo_flags, enum sgx_range_kind kind,
		    const void *data)
{
	struct sgx_range *r;
	size_t i;

	if (offset % SGX_PAGE_SIZE)
		return sgx_fail(EINVAL, "range offset %#llx is not page aligned",
				(unsigned long long)offset);
	if (!pages || pages > (1ull << 36) / SGX_PAGE_SIZE)
		return sgx_fail(EINVAL, "range at %#llx has %llu pages",
				(unsigned long long)offset,
				(unsigned long long)pages);
	/* Range ends are computed as offset + bytes everywhere: keep them exact. */
	if (offset > UINT64_MAX - pages * SGX_PAGE_SIZE)
		return sgx_fail(EINVAL, "range at %#llx of %llu pages ends past 2^64",
				(unsigned long long)offset,
				(unsigned long long)pages);
	for (i = 0; i < encl->nranges; i++)
		if (ranges_overlap(&encl->ranges[i], offset, pages))
			return sgx_fail(EINVAL,
					"range at %#llx overlaps the %s range at %#llx",
					(unsigned long long)offset,
					sgx_range_kind_str(encl->ranges[i].kind),
					(unsigned long long)encl->ranges[i].offset);

	r = realloc(encl->ranges, (encl->nranges + 1) * sizeof(*r));
	if (!r)
		return sgx_fail(ENOMEM, "range list");
	encl->ranges = r;
	r = &encl->ranges[encl->nranges];
	r->data = calloc(pages, SGX_PAGE_SIZE);
	if (!r->data)
		return sgx_fail(ENOMEM, "%llu pages of range data",
				(unsigned long long)pages);
	if (data)
		memcpy(r->data, data, pages * SGX_PAGE_SIZE);
	r->offset = offset;
	r->pages = pages;
	r->secinfo_flags = secinfo_flags;
	r->kind = kind;
	r->measured = true;
	encl->nranges++;
	return 0;
}

int sgx_enclave_add_thread(struct sgx_enclave *encl, uint64_t offset,
			   uint64_t entry, uint64_t fs_base)
{
	struct sgx_tcs tcs;

	memset(&tcs, 0, sizeof(tcs));
	tcs.ossa = offset + SGX_PAGE_SIZE;
	tcs.nssa = 1;
	tcs.oentry = entry;
	tcs.ofsbase = fs_base;
	tcs.ogsbase = fs_base;
	/* Ignored in 64-bit mode, but EADD wants the low 12 bits set. */
	tcs.fslimit = 0xffffffff;
	tcs.gslimit = 0xffffffff;
	if (sgx_enclave_add(encl, offset, 1, SGX_SECINFO_TYPE(SGX_PT_TCS),
			    SGX_RANGE_TCS, &tcs))
		return -1;
	return sgx_enclave_add(encl, offset + SGX_PAGE_SIZE, encl->ssa_frame_pages,
			       SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R |
				       SGX_SECINFO_W,
			       SGX_RANGE_SSA, NULL);
}

uint64_t sgx_enclave_end(const struct sgx_enclave *encl)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < encl->nranges; i++) {
		uint64_t e = encl->ranges[i].offset +
			     encl->ranges[i].pages * SGX_PAGE_SIZE;
		if (e > end)
			end = e;
	}
	return end;
}

static int by_offset(const void *a, const void *b)
{
	const struct sgx_range *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int sgx_enclave_finish(struct sgx_enclave *encl, uint64_t extra_bytes)
{
	uint64_t end = sgx_enclave_end(encl), need = end + extra_bytes;
	uint64_t size = 2 * SGX_PAGE_SIZE;

	if (!encl->nranges)
		return sgx_fail(EINVAL, "enclave has no pages");
	if (extra_bytes > UINT64_MAX - end)
		return sgx_fail(EFBIG, "enclave end %#llx + %#llx spare bytes passes 2^64",
				(unsigned long long)end,
				(unsigned long long)extra_bytes);
	qsort(encl->ranges, encl->nranges, sizeof(*encl->ranges), by_offset);
	if (encl->size) {
		if (encl->size & (encl->size - 1) || encl->size < need)
			return sgx_fail(EINVAL,
					"enclave size %#llx is not a power of two >= %#llx",
					(unsigned long long)encl->size,
					(unsigned long long)need);
		return 0;
	}
	while (size < need) {
		if (size >= (1ull << 47))
			return sgx_fail(EFBIG, "enclave needs %#llx bytes",
					(unsigned long long)need);
		size <<= 1;
	}
	encl->size = size;
	return 0;
}

void sgx_enclave_free(struct sgx_enclave *encl)
{
	size_t i;

	for (i = 0; i < encl->nranges; i++)
		free(encl->ranges[i].data);
	free(encl->ranges);
	encl->ranges = NULL;
	encl->nranges = 0;
}

const struct sgx_range *sgx_enclave_range_at(const struct sgx_enclave *encl,
					     uint64_t offset)
{
	size_t i;

	for (i = 0; i < encl->nranges; i++)
		if (ranges_overlap(&encl->ranges[i],
				   offset & ~(uint64_t)(SGX_PAGE_SIZE - 1), 1))
			return &encl->ranges[i];
	return NULL;
}

const struct sgx_range *sgx_enclave_find(const struct sgx_enclave *encl,
					 enum sgx_range_kind kind,
					 uint64_t secinfo_flags)
{
	size_t i;

	for (i = 0; i < encl->nranges; i++)
		if (encl->ranges[i].kind == kind &&
		    encl->ranges[i].secinfo_flags == secinfo_flags)
			return &encl->ranges[i];
	return NULL;
}

const char *sgx_perm_str(uint64_t flags)
{
	static const char *const perms[8] = {
		"---", "R--", "-W-", "RW-", "--X", "R-X", "-WX", "RWX",
	};

	if ((flags & SGX_SECINFO_TYPE_MASK) == SGX_SECINFO_TYPE(SGX_PT_TCS))
		return "TCS";
	return perms[flags & SGX_SECINFO_PERM_MASK];
}

const char *sgx_range_kind_str(enum sgx_range_kind kind)
{
	switch (kind) {
	case SGX_RANGE_SEGMENT: return "segment";
	case SGX_RANGE_HEAP: return "heap";
	case SGX_RANGE_STACK: return "stack";
	case SGX_RANGE_TCS: return "tcs";
	case SGX_RANGE_SSA: return "ssa";
	}
	return "?";
}
