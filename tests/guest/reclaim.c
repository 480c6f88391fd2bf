// SPDX-License-Identifier: GPL-2.0
/*
 * EPC oversubscription: load enclaves holding more pages than the EPC has,
 * each page with its own pattern, then have each enclave copy every page
 * out (the ops enclave's OPS_READ_PAGE); the driver must have reclaimed
 * (EWB) and reloaded (ELDU) pages with their contents intact.  Meant for a
 * small EPC (the suite boots with sgx_model=4M); on a large EPC it runs at
 * a small scale.
 *
 * It reads the contents through the enclave and the EPC size from the
 * driver's sysfs, so it is correct on SGX hardware too; only the check of
 * the model's valid-page counter needs the model, and is skipped without
 * it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "ops_enclave.h"
#include "page_pattern.h"
#include "sgx_arch.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define DATA_PAGES 256ul	/* per enclave: 1 MiB + the ops pages */
#define MAX_ENCLAVES 16
#define LARGE_EPC 4096		/* pages; above this, do not oversubscribe */
/* The driver's EPC size (upstream sysfs, one node in the guest). */
#define NODE0_SGX "/sys/devices/system/node/node0/x86/sgx_total_bytes"

static long epc_pages(void)
{
	FILE *f = fopen(NODE0_SGX, "r");
	long bytes = -1;

	if (!f)
		tap_bail("cannot open " NODE0_SGX);
	if (fscanf(f, "%ld", &bytes) != 1)
		bytes = -1;
	fclose(f);
	return bytes / (long)SGX_PAGE_SIZE;
}

static void build(struct sgx_enclave *encl, unsigned int e)
{
	uint64_t *buf = page_pattern_alloc(e, DATA_PAGES);

	ops_enclave_layout_data(encl, DATA_PAGES, buf);
	free(buf);
}

/*
 * Reads data page p through the enclave itself: what real SGX allows.
 * The page is faulted in from outside first, as real SGX also allows
 * (reading 0xff bytes): the driver reloads it (ELDU) the same way, while a
 * fault inside the enclave costs the model far more, since then pages are
 * written back while a thread is in an enclave of this process.
 */
static bool read_in_enclave(const void *ctx, uint64_t p, void *buf,
			    const char **why)
{
	const struct sgx_loaded *ld = ctx;
	uint8_t *page = ld->base + (OPS_PAGES + p) * SGX_PAGE_SIZE;
	uint8_t byte;

	if (!probe_read(page, &byte, NULL)) {
		*why = "faulting it in from outside failed";
		return false;
	}
	ops_enclave_read_page(ld->base + OPS_TCS * SGX_PAGE_SIZE, page, buf);
	return true;
}

int main(void)
{
	struct sgx_load_opts o = { 0 };
	struct sgx_enclave encl[MAX_ENCLAVES];
	struct sgx_loaded ld[MAX_ENCLAVES];
	struct sgx_sample s;
	long epc = epc_pages(), valid;
	unsigned int n, e;
	uint64_t bad;

	if (epc <= 0)
		tap_bail("the EPC size");
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
	if (epc <= LARGE_EPC && !tap_check(n * DATA_PAGES > (uint64_t)epc,
					   "the enclaves hold more pages than the EPC has"))
		tap_diag("%lu pages, EPC %ld", n * DATA_PAGES, epc);
	valid = sgx_model_counter("epcm_valid_pages");
	if (valid < 0)
		tap_skip("no software model: real SGX has no such counter",
			 "valid EPCM pages never exceed the EPC");
	else if (!tap_check(valid <= epc, "valid EPCM pages never exceed the EPC"))
		tap_diag("%ld valid, EPC %ld", valid, epc);

	/* Twice over, so pages evicted by the first pass come back too. */
	for (e = 0; e < 2 * n; e++) {
		bad = page_pattern_bad(read_in_enclave, &ld[e % n], e % n, DATA_PAGES);
		tap_expect_eq(bad, 0, "enclave %u, pass %u: every page reads back intact in the enclave",
			      e % n, e / n + 1);
	}

	for (e = 0; e < n; e++) {
		sgx_unload(&ld[e]);
		sgx_enclave_free(&encl[e]);
	}
	sgx_sample_close(&s);
	return tap_done();
}
