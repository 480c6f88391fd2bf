// SPDX-License-Identifier: GPL-2.0
/*
 * EPC oversubscription: load enclaves holding more pages than the EPC has,
 * each page with its own pattern, then read every page back through the
 * mappings; the driver must have reclaimed (EWB) and reloaded (ELDU)
 * pages with their contents intact.  Meant for a small EPC (the suite
 * boots with sgx_model=4M); on a large EPC it runs at a small scale.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "page_pattern.h"
#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "model_counters.h"
#include "sgx_sample.h"
#include "tap.h"

#define PG 4096ul
#define DATA_PAGES 256ul	/* per enclave: 1 MiB + a thread */
#define MAX_ENCLAVES 16
#define LARGE_EPC 4096		/* pages; above this, do not oversubscribe */

static void build(struct sgx_enclave *encl, unsigned int e)
{
	uint64_t *buf = page_pattern_alloc(e, DATA_PAGES);

	sgx_enclave_init(encl);
	if (sgx_enclave_add(encl, 0, DATA_PAGES,
			    SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_W,
			    SGX_RANGE_HEAP, buf) ||
	    sgx_enclave_add_thread(encl, DATA_PAGES * PG, 0, 0) ||
	    sgx_enclave_finish(encl, 0))
		tap_bail("building enclave %u", e);
	free(buf);
}

int main(void)
{
	struct sgx_load_opts o = { 0 };
	struct sgx_enclave encl[MAX_ENCLAVES];
	struct sgx_loaded ld[MAX_ENCLAVES];
	struct sgx_sample s;
	long epc = sgx_model_counter("epc_pages"), valid;
	unsigned int n, e;
	uint64_t bad;

	if (epc <= 0)
		tap_bail("the model's EPC size");
	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	/* 1.5 times the EPC in data pages, or 2 enclaves on a large EPC. */
	n = epc > LARGE_EPC ? 2 : (unsigned int)((epc * 3 / 2 + DATA_PAGES - 1) / DATA_PAGES);
	if (n > MAX_ENCLAVES)
		n = MAX_ENCLAVES;
	if (epc > LARGE_EPC)
		tap_diag("EPC has %ld pages: not oversubscribing; the 'reclaim' suite boots sgx_model=4M", epc);
	tap_diag("EPC %ld pages; loading %u enclaves of %lu data pages", epc, n, DATA_PAGES);

	for (e = 0; e < n; e++) {
		build(&encl[e], e);
		if (sgx_load(&encl[e], &o, &ld[e]))
			tap_bail("loading enclave %u", e);
	}
	if (epc <= LARGE_EPC)
		tap_check(n * DATA_PAGES > (uint64_t)epc,
			  "enclaves hold %lu pages, more than the EPC's %ld",
			  n * DATA_PAGES, epc);
	valid = sgx_model_counter("epcm_valid_pages");
	tap_check(valid >= 0 && valid <= epc, "valid EPCM pages (%ld) never exceed the EPC (%ld)",
		  valid, epc);

	/* Twice over, so pages evicted by the first pass come back too. */
	for (e = 0; e < 2 * n; e++) {
		bad = page_pattern_bad(ld[e % n].base, e % n, DATA_PAGES);
		tap_check(bad == 0, "enclave %u, pass %u: all %lu pages read back intact (%llu bad)",
			  e % n, e / n + 1, DATA_PAGES, (unsigned long long)bad);
	}

	for (e = 0; e < n; e++) {
		sgx_unload(&ld[e]);
		sgx_enclave_free(&encl[e]);
	}
	sgx_sample_close(&s);
	return tap_done();
}
