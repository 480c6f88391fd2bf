// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: signing-key files (sgx_key_parse(), what
 * sgx_key_load() does with a file's bytes).  A key it accepts must sign a
 * SIGSTRUCT that verifies, as enclave-build does with it next.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "sgx_sign.h"

static void check_signs(EVP_PKEY *key)
{
	struct sgx_sigstruct sig;
	struct sgx_enclave encl;
	const uint8_t mrenclave[32] = { 1 };

	sgx_enclave_init(&encl);
	if (sgx_sigstruct_make(&sig, &encl, mrenclave, key)) {
		fuzz_check_refusal(errno, EIO);
		return;
	}
	fuzz_assert(!sgx_sigstruct_verify(&sig),
		    "an accepted key signed a SIGSTRUCT that fails: %s",
		    sgx_last_error());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	EVP_PKEY *key = sgx_key_parse(data, size, "fuzz");

	if (!key) {
		fuzz_check_refusal(errno, size > SGX_KEY_MAX_FILE_SIZE ? EFBIG : EINVAL);
		return 0;
	}
	check_signs(key);
	EVP_PKEY_free(key);
	return 0;
}
