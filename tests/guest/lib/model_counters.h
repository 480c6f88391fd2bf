/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters of the software SGX model (boot parameter sgx_model), for tests
 * about the model itself; real SGX has none of them.
 */
#ifndef MODEL_COUNTERS_H
#define MODEL_COUNTERS_H

#include <stdbool.h>

#include "tap.h"

#define SGX_MODEL_SYSFS "/sys/kernel/sgx_model"

/* Whether this boot runs on the software model (sgx_model). */
bool sgx_model_present(void);

/*
 * A check that only the model can make, such as reading enclave contents
 * through a mapping from outside (real SGX shows 0xff bytes there): a SKIP
 * without the model, under the same name.
 */
#define model_only_check(pass, ...)                                        \
	(sgx_model_present() ? tap_check((pass), __VA_ARGS__)              \
			     : (tap_skip("needs the software model", __VA_ARGS__), true))

/*
 * Reads /sys/kernel/sgx_model/<name> (e.g. "epc_pages",
 * "epcm_valid_pages"); -1 with errno and a message if it cannot.
 */
long sgx_model_counter(const char *name);
/*
 * The count of the line "<name> <count>" in /sys/kernel/sgx_model/<file>
 * (e.g. "leaf_counts", "EINIT"); -1 with errno and a message if none.
 */
long sgx_model_named_count(const char *file, const char *name);

/*
 * Every "<name> <count>" line of one file of /sys/kernel/sgx_model
 * (leaf_counts, enclu_counts, injected) as read at one moment, so that
 * tests can take the counts before and after what they do.
 */
#define SGX_MODEL_MAX_COUNTS 32
struct sgx_model_counts {
	int n;
	char name[SGX_MODEL_MAX_COUNTS][24];
	long count[SGX_MODEL_MAX_COUNTS];
};

/* Reads /sys/kernel/sgx_model/<file>; -1 with errno and a message if it cannot. */
int sgx_model_counts_read(const char *file, struct sgx_model_counts *c);
/* The count of name in c; -1 if c has no such line. */
long sgx_model_count_of(const struct sgx_model_counts *c, const char *name);
/*
 * after - before for name; LONG_MIN, which fails any check, with a
 * diagnostic if either has no such line.
 */
long sgx_model_delta(const struct sgx_model_counts *before,
		     const struct sgx_model_counts *after, const char *name);
/* leaf_counts now, for checks of the ENCLS leaves; bails if unreadable. */
void sgx_model_leaves(struct sgx_model_counts *c);
/*
 * The model's valid EPC pages (epcm_valid_pages), read until they are back
 * at baseline or timeout_ms passed: the last reference to an enclave may go
 * a moment after the call that dropped it returns.  The last value read.
 */
long sgx_model_settled_valid(long baseline, int timeout_ms);

#endif
