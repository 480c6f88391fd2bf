// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: the software SGX model's EWB and ELDU under the unmodified
 * driver, counted by the model (/sys/kernel/sgx_model/leaf_counts) and
 * read back through the mappings, which only the model shows.
 *
 * A victim enclave is loaded, then fillers that need more pages than the
 * EPC has while the victim is left alone: the reclaimer evicts every page
 * of the victim and then its SECS (EWB, EWB.SECS), and touching the victim
 * brings them back (ELDU.SECS, ELDU), contents intact.
 *
 * Needs a small EPC, which tests/suites boots it with (sgx_model=4M, the
 * 'reclaim' boot); on a larger one it fails at once, as it could not evict.
 * The same on SGX hardware, with the enclave's own reads, is reclaim's.
 */
#include <stdint.h>

#include "model_counters.h"
#include "page_pattern.h"
#include "pattern_enclave.h"
#include "sgx_key.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define SMALL_EPC 4096		/* pages; up to this, oversubscribe it */
#define FILL_PAGES 256ul	/* data pages per filler enclave */
#define MAX_FILL 18
#define VICTIM_PAGES 32ul
#define VICTIM 1000u		/* the victim's pattern; the fillers' are 0, 1, ... */

int main(void)
{
	struct sgx_enclave victim, fill[MAX_FILL];
	struct sgx_loaded vld, fld[MAX_FILL];
	struct sgx_model_counts l0, l1, l2, l3;
	uint64_t bad_v, bad_f = 0;
	unsigned int nfill, e;
	EVP_PKEY *key;
	long epc;

	epc = sgx_model_counter("epc_pages");
	if (epc <= 0)
		tap_bail("the model's EPC size (boot with sgx_model=4M)");
	if (epc > SMALL_EPC) {
		tap_diag("the model has %ld EPC pages", epc);
		tap_bail("the EPC is too large to oversubscribe (boot with sgx_model=4M)");
	}
	nfill = (unsigned int)(epc / FILL_PAGES + 2);
	if (nfill > MAX_FILL)
		nfill = MAX_FILL;
	key = sgx_key_load(SGX_SAMPLE_KEY);
	if (!key)
		tap_bail("signing key %s", SGX_SAMPLE_KEY);
	tap_diag("EPC %ld pages: loading a %lu-page victim, then %u fillers of %lu pages without touching it",
		 epc, VICTIM_PAGES, nfill, FILL_PAGES);

	sgx_model_leaves(&l0);
	pattern_enclave_build(&victim, VICTIM, VICTIM_PAGES, 0, false);
	pattern_enclave_load(&victim, key, &vld, "the victim enclave");
	for (e = 0; e < nfill; e++) {
		pattern_enclave_build(&fill[e], e, FILL_PAGES, 0, false);
		pattern_enclave_load(&fill[e], key, &fld[e], "a filler enclave");
	}
	sgx_model_leaves(&l1);
	bad_v = page_pattern_bad(page_pattern_read_mapping, vld.base, VICTIM, VICTIM_PAGES);
	sgx_model_leaves(&l2);
	for (e = 0; e < nfill; e++)
		bad_f += page_pattern_bad(page_pattern_read_mapping, fld[e].base, e,
					  FILL_PAGES);
	sgx_model_leaves(&l3);

	tap_expect_eq(bad_v, 0, "victim: all its data pages read back intact");
	tap_expect_eq(bad_f, 0, "fillers: all their data pages read back intact");
	tap_diag("EWB +%ld, EWB.SECS +%ld, then ELDU.SECS +%ld, ELDU +%ld, then ELDU +%ld",
		 sgx_model_delta(&l0, &l1, "EWB"), sgx_model_delta(&l0, &l1, "EWB.SECS"),
		 sgx_model_delta(&l1, &l2, "ELDU.SECS"), sgx_model_delta(&l1, &l2, "ELDU"),
		 sgx_model_delta(&l2, &l3, "ELDU"));
	tap_check(VICTIM_PAGES + nfill * FILL_PAGES > (uint64_t)epc,
		  "the enclaves hold more data pages than the EPC has");
	tap_check(sgx_model_delta(&l0, &l1, "EWB") > 0,
		  "loading the fillers evicted pages (EWB)");
	tap_check(sgx_model_delta(&l0, &l1, "EWB.SECS") > 0,
		  "loading the fillers wrote SECS pages back (EWB.SECS)");
	tap_check(sgx_model_delta(&l1, &l2, "ELDU.SECS") > 0,
		  "touching the victim reloaded its SECS (ELDU.SECS)");
	tap_check(sgx_model_delta(&l1, &l2, "ELDU") >= (long)VICTIM_PAGES + 1,
		  "touching the victim reloaded each page and the SECS (ELDU)");
	tap_check(sgx_model_delta(&l2, &l3, "ELDU") > 0,
		  "reading the fillers back reloaded evicted pages (ELDU)");

	sgx_unload(&vld);
	sgx_enclave_free(&victim);
	for (e = 0; e < nfill; e++) {
		sgx_unload(&fld[e]);
		sgx_enclave_free(&fill[e]);
	}
	EVP_PKEY_free(key);
	return tap_done();
}
