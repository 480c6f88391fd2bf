/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGSTRUCT signing keys: RSA-3072 with public exponent 3, as SGX
 * requires, in PEM files.
 */
#ifndef SGX_KEY_H
#define SGX_KEY_H

#include <openssl/evp.h>

/* Loads a PEM private key; EINVAL unless RSA-3072 with e = 3. */
EVP_PKEY *sgx_key_load(const char *path);
/* Generates a fresh RSA-3072, e = 3 key (slow under emulation). */
EVP_PKEY *sgx_key_generate(void);
/* Writes the key as an unencrypted PKCS#8 PEM file, mode 0600. */
int sgx_key_save(EVP_PKEY *key, const char *path);
/* 0 if key is RSA-3072 with e = 3; else EINVAL, naming what (the key). */
int sgx_key_check(EVP_PKEY *key, const char *what);

#endif
