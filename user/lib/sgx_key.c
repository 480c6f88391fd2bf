// SPDX-License-Identifier: GPL-2.0
/* SIGSTRUCT signing keys with OpenSSL 3 (see sgx_key.h). */
#include "sgx_key.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_file.h"

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

/*
 * A key whose private half does not match its modulus (one changed
 * base64 digit will do) passes sgx_key_check(), then signs SIGSTRUCTs
 * that EINIT refuses.  One signature over a constant, checked with the
 * public half, refuses it by name; a full RSA key check would cost a
 * hundred times more, in primality tests.
 */
static int check_pairwise(EVP_PKEY *key, const char *what)
{
	static const uint8_t msg[] = "sgx-lsm signing key pairwise test";
	uint8_t sig[SGX_MODULUS_BYTES];
	size_t len = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md &&
		 EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
		 EVP_DigestSign(md, sig, &len, msg, sizeof(msg)) == 1 &&
		 EVP_MD_CTX_reset(md) == 1 &&
		 EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
		 EVP_DigestVerify(md, sig, len, msg, sizeof(msg)) == 1;

	EVP_MD_CTX_free(md);
	ERR_clear_error();
	if (!ok)
		return sgx_fail(EINVAL, "%s: the RSA private key does not match its public modulus",
				what);
	return 0;
}

/*
 * OpenSSL's default pass-phrase callback prompts on the terminal, and
 * the tools run unattended: an encrypted key is refused instead.
 */
static int refuse_passphrase(char *buf, int size, int rwflag, void *asked)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	*(bool *)asked = true;
	return -1;
}

EVP_PKEY *sgx_key_parse(const void *pem, size_t len, const char *name)
{
	bool asked = false;
	EVP_PKEY *key;
	BIO *bio;

	if (len > SGX_KEY_MAX_FILE_SIZE) {
		sgx_fail(EFBIG, "%s: %zu bytes, more than a PEM key file's %u",
			 name, len, SGX_KEY_MAX_FILE_SIZE);
		return NULL;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	if (!bio) {
		sgx_fail(ENOMEM, "%s: memory BIO", name);
		return NULL;
	}
	key = PEM_read_bio_PrivateKey(bio, NULL, refuse_passphrase, &asked);
	BIO_free(bio);
	/* Else OpenSSL's queue carries this failure into later calls. */
	ERR_clear_error();
	if (!key) {
		if (asked)
			sgx_fail(EINVAL, "%s: encrypted private key; give an unencrypted PEM key",
				 name);
		else
			sgx_fail(EINVAL, "%s: not a PEM private key", name);
		return NULL;
	}
	if (sgx_key_check(key, name) || check_pairwise(key, name)) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

EVP_PKEY *sgx_key_load(const char *path)
{
	EVP_PKEY *key;
	uint8_t *pem;
	size_t len;

	if (sgx_file_read(path, "signing key", SGX_KEY_MAX_FILE_SIZE, &pem, &len))
		return NULL;
	key = sgx_key_parse(pem, len, path);
	OPENSSL_cleanse(pem, len);
	free(pem);
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
