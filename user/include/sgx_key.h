/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGSTRUCT signing keys: RSA-3072 with public exponent 3, as SGX
 * requires, in PEM files.
 */
#ifndef SGX_KEY_H
#define SGX_KEY_H

#include <openssl/evp.h>
#include <stddef.h>

/* A PEM RSA-3072 private key is about 2.5 KB; larger files are refused. */
#define SGX_KEY_MAX_FILE_SIZE (64u << 10)

/*
 * Loads an unencrypted PEM private key from a regular file.  EINVAL, with
 * a message naming the file and the fault, unless it is RSA-3072 with
 * e = 3 whose private half matches its modulus.
 */
EVP_PKEY *sgx_key_load(const char *path);
/* The same from PEM text in memory; name is for messages. */
EVP_PKEY *sgx_key_parse(const void *pem, size_t len, const char *name);
/* Generates a fresh RSA-3072, e = 3 key (slow under emulation). */
EVP_PKEY *sgx_key_generate(void);
/* Writes the key as an unencrypted PKCS#8 PEM file, mode 0600. */
int sgx_key_save(EVP_PKEY *key, const char *path);
/* 0 if key is RSA-3072 with e = 3; else EINVAL, naming what (the key). */
int sgx_key_check(EVP_PKEY *key, const char *what);

#endif
