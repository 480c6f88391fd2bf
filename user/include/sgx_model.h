/* SPDX-License-Identifier: GPL-2.0 */
/* Counters of the software SGX model (boot parameter sgx_model). */
#ifndef SGX_MODEL_H
#define SGX_MODEL_H

#define SGX_MODEL_SYSFS "/sys/kernel/sgx_model"

/*
 * Reads /sys/kernel/sgx_model/<name> (e.g. "epc_pages",
 * "epcm_valid_pages"); -1 with errno and a message if it cannot.
 */
long sgx_model_read(const char *name);

#endif
