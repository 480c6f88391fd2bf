/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enclave layouts for the stress test, made from the seed before any
 * worker starts: random runs of R, RW, RX, RWX and TCS pages with holes
 * for run-time (EAUG) pages, measured and signed once, so that workers
 * can EINIT any number of copies without OpenSSL.
 *
 * Every regular page starts with a 'ret' (PROBE_RET) and carries its own
 * page index at STRESS_ID_OFF, so that a probe may call any added page and
 * can tell which page a mapping really shows.  A TCS starts with a 'ret'
 * too, in its STATE field, which EADD leaves alone.
 */
#ifndef STRESS_TMPL_H
#define STRESS_TMPL_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdint.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "stress_rng.h"

#define STRESS_MAX_PAGES 64u
#define STRESS_ID_OFF 8u

struct stress_tmpl {
	struct sgx_enclave encl;	/* ranges sorted by offset */
	struct sgx_sigstruct sig;	/* signs encl's MRENCLAVE */
	uint64_t pages;			/* encl.size in pages */
	bool debug;			/* SGX_ATTR_DEBUG */
};

/*
 * A random layout of 16, 32 or 64 pages drawn from rng, signed with key;
 * -1 with a message (sgx_last_error()) on failure.
 */
int stress_tmpl_make(struct stress_tmpl *t, struct stress_rng *rng,
		     EVP_PKEY *key);
void stress_tmpl_free(struct stress_tmpl *t);

/* A regular page: 'ret', its index at STRESS_ID_OFF, then zeros. */
void stress_page_fill(uint8_t *page, uint64_t index);
/* A valid TCS starting with 'ret', its SSA frame at ssa_offset. */
void stress_tcs_fill(uint8_t *page, uint64_t ssa_offset);
/* The page index that the 8 bytes at STRESS_ID_OFF tell, or -1. */
int64_t stress_page_id(const uint8_t id[8]);

#endif
