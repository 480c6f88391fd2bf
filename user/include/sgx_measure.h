/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MRENCLAVE as the CPU computes it (Intel SDM 3D, "ECREATE", "EADD",
 * "EEXTEND"): SHA-256 over 64-byte records, one for ECREATE, one per EADD
 * and, per measured page, sixteen EEXTEND records each followed by the
 * 256 bytes it covers.
 */
#ifndef SGX_MEASURE_H
#define SGX_MEASURE_H

#include <stdint.h>

#include "sgx_enclave.h"

/* Computes encl's MRENCLAVE, in ADD order (ranges sorted by offset). */
int sgx_measure(const struct sgx_enclave *encl, uint8_t mrenclave[32]);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
char *sgx_hex(const uint8_t *bytes, size_t n, char *out);

#endif
