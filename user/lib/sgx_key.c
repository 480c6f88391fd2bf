// SPDX-License-Identifier: GPL-2.0
/* SIGSTRUCT signing keys with OpenSSL 3 (see sgx_key.h). */
#include "sgx_key.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <unistd.h>

#include "sgx_error.h"

int sgx_key_check(EVP_PKEY *key, const char *what)
{
	BIGNUM *e = NULL;
	int ok;

	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
		return sgx_fail(EINVAL, "%s: not an RSA key", what);
	if (EVP_PKEY_get_bits(key) != 3072)
		return sgx_fail(EINVAL, "%s: RSA key has %d bits, SGX needs 3072",
				what, EVP_PKEY_get_bits(key));
	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e))
		return sgx_fail(EINVAL, "%s: RSA key without public exponent", what);
	ok = BN_is_word(e, 3);
	BN_free(e);
	if (!ok)
		return sgx_fail(EINVAL, "%s: RSA public exponent is not 3", what);
	return 0;
}

EVP_PKEY *sgx_key_load(const char *path)
{
	EVP_PKEY *key;
	FILE *f = fopen(path, "r");

	if (!f) {
		sgx_fail(errno, "cannot open signing key %s", path);
		return NULL;
	}
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!key) {
		sgx_fail(EINVAL, "%s: not a PEM private key", path);
		return NULL;
	}
	if (sgx_key_check(key, path)) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

EVP_PKEY *sgx_key_generate(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *e = BN_new();
	EVP_PKEY *key = NULL;

	if (!ctx || !e || !BN_set_word(e, 3) || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 3072) != 1 ||
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) != 1 ||
	    EVP_PKEY_generate(ctx, &key) != 1) {
		sgx_fail(EIO, "RSA-3072 key generation failed");
		key = NULL;
	}
	BN_free(e);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

int sgx_key_save(EVP_PKEY *key, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;
	int ok;

	if (fd < 0)
		return sgx_fail(errno, "cannot create key file %s", path);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return sgx_fail(errno, "%s", path);
	}
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	if (fclose(f) || !ok)
		return sgx_fail(EIO, "cannot write key file %s", path);
	return 0;
}
