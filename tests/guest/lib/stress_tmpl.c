// SPDX-License-Identifier: GPL-2.0
#include "stress_tmpl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mem_probe.h"
#include "sgx_error.h"
#include "sgx_measure.h"
#include "sgx_sign.h"

#define ID_MAGIC 0x5354524553530000ull	/* "\0\0SSERTS" | index */

void stress_page_fill(uint8_t *page, uint64_t index)
{
	uint64_t id = ID_MAGIC | index;

	memset(page, 0, SGX_PAGE_SIZE);
	page[0] = PROBE_RET;
	memcpy(page + STRESS_ID_OFF, &id, sizeof(id));
}

void stress_tcs_fill(uint8_t *page, uint64_t ssa_offset)
{
	struct sgx_tcs tcs;

	memset(&tcs, 0, sizeof(tcs));
	tcs.state = PROBE_RET;
	tcs.ossa = ssa_offset;
	tcs.nssa = 1;
	/* Ignored in 64-bit mode, but EADD wants the low 12 bits set. */
	tcs.fslimit = 0xffffffff;
	tcs.gslimit = 0xffffffff;
	memcpy(page, &tcs, sizeof(tcs));
}

int64_t stress_page_id(const uint8_t id[8])
{
	uint64_t v;

	memcpy(&v, id, sizeof(v));
	return (v & ~0xffffull) == ID_MAGIC ? (int64_t)(v & 0xffff) : -1;
}

/* n regular pages from page first on, with permissions perm. */
static int add_run(struct sgx_enclave *e, uint64_t first, uint64_t n,
		   uint64_t perm, enum sgx_range_kind kind)
{
	uint8_t *data = malloc(n * SGX_PAGE_SIZE);
	uint64_t i;
	int ret;

	if (!data)
		return sgx_fail(ENOMEM, "template pages");
	for (i = 0; i < n; i++)
		stress_page_fill(data + i * SGX_PAGE_SIZE, first + i);
	ret = sgx_enclave_add(e, first * SGX_PAGE_SIZE, n, SGX_SECINFO_TYPE(SGX_PT_REG) | perm,
			      kind, data);
	free(data);
	return ret;
}

/* A TCS at page, its SSA frame (RW) right after it. */
static int add_tcs(struct sgx_enclave *e, uint64_t page)
{
	uint8_t tcs[SGX_PAGE_SIZE];

	memset(tcs, 0, sizeof(tcs));
	stress_tcs_fill(tcs, (page + 1) * SGX_PAGE_SIZE);
	if (sgx_enclave_add(e, page * SGX_PAGE_SIZE, 1, SGX_SECINFO_TYPE(SGX_PT_TCS),
			    SGX_RANGE_TCS, tcs))
		return -1;
	return add_run(e, page + 1, 1, SGX_SECINFO_R | SGX_SECINFO_W, SGX_RANGE_SSA);
}

/*
 * One run of pages at page p: a hole, or pages of one kind.  Returns its
 * length in pages, or 0 on failure.
 */
static uint64_t add_some(struct sgx_enclave *e, struct stress_rng *rng,
			 uint64_t p, uint64_t pages)
{
	static const uint64_t perms[] = {
		SGX_SECINFO_R,
		SGX_SECINFO_R | SGX_SECINFO_W,
		SGX_SECINFO_R | SGX_SECINFO_X,
		SGX_SECINFO_R | SGX_SECINFO_W | SGX_SECINFO_X,
	};
	uint64_t n = 1 + stress_rng_below(rng, 4), pick = stress_rng_below(rng, 8);

	if (n > pages - p)
		n = pages - p;
	if (pick < 3)
		return n;
	if (pick == 7) {
		if (p + 2 > pages)
			return 1;
		return add_tcs(e, p) ? 0 : 2;
	}
	return add_run(e, p, n, perms[pick - 3], SGX_RANGE_SEGMENT) ? 0 : n;
}

static int lay_out(struct sgx_enclave *e, struct stress_rng *rng, uint64_t pages)
{
	uint64_t p, n;

	do {
		sgx_enclave_free(e);
		for (p = 0; p < pages; p += n) {
			n = add_some(e, rng, p, pages);
			if (!n)
				return -1;
		}
	} while (!e->nranges);
	return 0;
}

int stress_tmpl_make(struct stress_tmpl *t, struct stress_rng *rng,
		     EVP_PKEY *key)
{
	uint8_t mrenclave[32];

	memset(t, 0, sizeof(*t));
	sgx_enclave_init(&t->encl);
	t->pages = STRESS_MAX_PAGES >> stress_rng_below(rng, 3);
	t->debug = stress_rng_below(rng, 2);
	if (t->debug)
		t->encl.attributes |= SGX_ATTR_DEBUG;
	t->encl.size = t->pages * SGX_PAGE_SIZE;
	if (lay_out(&t->encl, rng, t->pages) || sgx_enclave_finish(&t->encl, 0) ||
	    sgx_measure(&t->encl, mrenclave) ||
	    sgx_sigstruct_make(&t->sig, &t->encl, mrenclave, key)) {
		stress_tmpl_free(t);
		return -1;
	}
	return 0;
}

void stress_tmpl_free(struct stress_tmpl *t)
{
	sgx_enclave_free(&t->encl);
}
