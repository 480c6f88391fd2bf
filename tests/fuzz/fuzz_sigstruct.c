// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a SIGSTRUCT from outside (sgx_sigstruct_verify(),
 * sgx_mrsigner()), e.g. one enclave-build --sigstruct wrote.  Input
 * shorter than 1808 bytes is zero-padded, longer is cut.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "sgx_sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sgx_sigstruct sig;
	uint8_t mrsigner[32];

	memset(&sig, 0, sizeof(sig));
	memcpy(&sig, data, size < sizeof(sig) ? size : sizeof(sig));
	fuzz_assert(!sgx_mrsigner(&sig, mrsigner), "mrsigner: %s",
		    sgx_last_error());
	if (sgx_sigstruct_verify(&sig))
		fuzz_check_refusal(errno, EBADMSG);
	return 0;
}
