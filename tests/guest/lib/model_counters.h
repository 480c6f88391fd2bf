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
 * The model's valid EPC pages (epcm_valid_pages), read until they are back
 * at baseline or timeout_ms passed: the last reference to an enclave may go
 * a moment after the call that dropped it returns.  The last value read.
 */
long sgx_model_settled_valid(long baseline, int timeout_ms);

#endif
