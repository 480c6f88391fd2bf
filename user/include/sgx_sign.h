/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGSTRUCT signing (Intel SDM 3D, "SIGSTRUCT"): RSA-3072 with public
 * exponent 3, PKCS#1 v1.5 over SHA-256 of bytes 0..127 and 900..1027;
 * modulus, signature, Q1 and Q2 stored little-endian.  MRSIGNER is the
 * SHA-256 of the little-endian modulus.
 */
#ifndef SGX_SIGN_H
#define SGX_SIGN_H

#include <openssl/evp.h>
#include <stdint.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_key.h"

/*
 * Fills sig for encl (attributes, XFRM, masks) with the given MRENCLAVE,
 * today's date, vendor 0, and signs it with key.
 */
int sgx_sigstruct_make(struct sgx_sigstruct *sig,
		       const struct sgx_enclave *encl,
		       const uint8_t mrenclave[32], EVP_PKEY *key);
/* (Re)computes modulus, exponent, signature, Q1 and Q2 over sig's body. */
int sgx_sigstruct_sign(struct sgx_sigstruct *sig, EVP_PKEY *key);
/*
 * Checks sig as EINIT does: HEADER, HEADER2, VENDOR, EXPONENT and the
 * reserved bytes, then the signature against its own modulus, and Q1/Q2;
 * 0 if good, -1 with EBADMSG and a message naming the bad field.  sig may
 * come from outside.
 */
int sgx_sigstruct_verify(const struct sgx_sigstruct *sig);
/* MRSIGNER: SHA-256 of the modulus field. */
int sgx_mrsigner(const struct sgx_sigstruct *sig, uint8_t mrsigner[32]);

#endif
