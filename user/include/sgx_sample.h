/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's sample enclave (user/enclaves/sample.S, built by
 * mk/enclaves.mk into /data) and where its pages are, found from its
 * layout rather than hard-coded, for tests and the demo.
 */
#ifndef SGX_SAMPLE_H
#define SGX_SAMPLE_H

#include <openssl/evp.h>

#include "sgx_enclave.h"

#define SGX_SAMPLE_IMAGE "/data/sample.elf"
#define SGX_SAMPLE_KEY "/data/signing-key.pem"

struct sgx_sample {
	struct sgx_enclave encl;
	EVP_PKEY *key;
	/* Offsets of one page of each declared protection. */
	uint64_t text;		/* R-X */
	uint64_t rodata;	/* R-- */
	uint64_t data;		/* RW-, two pages */
	uint64_t rwx;		/* RWX */
	uint64_t tcs;
	uint64_t hole;		/* first page past the last added page */
};

/* Reads the image and key; -1 with a message if either is missing. */
int sgx_sample_open(struct sgx_sample *s);
void sgx_sample_close(struct sgx_sample *s);

#endif
