// SPDX-License-Identifier: GPL-2.0
/* SIGSTRUCT construction and RSA signing with OpenSSL 3. */
#include "sgx_sign.h"

#include <errno.h>
#include <stdbool.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <string.h>
#include <time.h>

#include "sgx_error.h"

static const uint8_t sigstruct_header[16] = {
	0x06, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t sigstruct_header2[16] = {
	0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

static uint32_t bcd(unsigned int v, int digits)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < digits; i++, v /= 10)
		r |= (v % 10) << (4 * i);
	return r;
}

int sgx_sigstruct_make(struct sgx_sigstruct *sig,
		       const struct sgx_enclave *encl,
		       const uint8_t mrenclave[32], EVP_PKEY *key)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(sig, 0, sizeof(*sig));
	memcpy(sig->header, sigstruct_header, sizeof(sig->header));
	memcpy(sig->header2, sigstruct_header2, sizeof(sig->header2));
	sig->vendor = 0;
	gmtime_r(&now, &tm);
	sig->date = bcd(tm.tm_year + 1900, 4) << 16 | bcd(tm.tm_mon + 1, 2) << 8 |
		    bcd(tm.tm_mday, 2);
	sig->attributes = encl->attributes;
	sig->attributes_mask = ~0ull;
	sig->xfrm = encl->xfrm;
	sig->xfrm_mask = ~0ull;
	memcpy(sig->enclave_hash, mrenclave, 32);
	return sgx_sigstruct_sign(sig, key);
}

/* The 256 signed bytes: the header part and the body part. */
static void signed_bytes(const struct sgx_sigstruct *sig, uint8_t out[256])
{
	const uint8_t *p = (const uint8_t *)sig;

	memcpy(out, p + SGX_SIGSTRUCT_SIGNED1_OFF, SGX_SIGSTRUCT_SIGNED1_LEN);
	memcpy(out + SGX_SIGSTRUCT_SIGNED1_LEN, p + SGX_SIGSTRUCT_SIGNED2_OFF,
	       SGX_SIGSTRUCT_SIGNED2_LEN);
}

static void reverse(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static int store_le(uint8_t *dst, const BIGNUM *v)
{
	return BN_bn2lebinpad(v, dst, SGX_MODULUS_BYTES) == SGX_MODULUS_BYTES ? 0 : -1;
}

/*
 * Q1 = floor(S^2 / M), Q2 = floor((S^3 - Q1 * S * M) / M), little-endian,
 * of the big-endian signature S and the little-endian modulus M.
 */
static int compute_q1_q2(const uint8_t *s_be, const uint8_t *m_le, uint8_t *q1_le,
			 uint8_t *q2_le)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *s = BN_bin2bn(s_be, SGX_MODULUS_BYTES, NULL);
	BIGNUM *m = BN_lebin2bn(m_le, SGX_MODULUS_BYTES, NULL);
	BIGNUM *q1 = BN_new(), *q2 = BN_new();
	BIGNUM *t = BN_new(), *u = BN_new(), *rem = BN_new();
	int ok = ctx && s && m && q1 && q2 && t && u && rem &&
		 BN_sqr(t, s, ctx) && BN_div(q1, rem, t, m, ctx) &&
		 BN_mul(u, rem, s, ctx) &&	/* S^3 - Q1*S*M = rem * S */
		 BN_div(q2, NULL, u, m, ctx) &&
		 !store_le(q1_le, q1) && !store_le(q2_le, q2);

	BN_free(s);
	BN_free(m);
	BN_free(q1);
	BN_free(q2);
	BN_free(t);
	BN_free(u);
	BN_free(rem);
	BN_CTX_free(ctx);
	return ok ? 0 : -1;
}

int sgx_sigstruct_sign(struct sgx_sigstruct *sig, EVP_PKEY *key)
{
	uint8_t msg[256], sig_be[SGX_MODULUS_BYTES];
	size_t sig_len = sizeof(sig_be);
	BIGNUM *n = NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ret = -1;

	if (sgx_key_check(key, "signing key"))
		goto out;
	if (!md ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    store_le(sig->modulus, n)) {
		sgx_fail(EIO, "cannot read the RSA modulus");
		goto out;
	}
	sig->exponent = 3;
	signed_bytes(sig, msg);
	if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(md, sig_be, &sig_len, msg, sizeof(msg)) != 1 ||
	    sig_len != SGX_MODULUS_BYTES) {
		sgx_fail(EIO, "RSA signing of the SIGSTRUCT failed");
		goto out;
	}
	reverse(sig->signature, sig_be, sizeof(sig_be));
	if (compute_q1_q2(sig_be, sig->modulus, sig->q1, sig->q2)) {
		sgx_fail(EIO, "computing SIGSTRUCT Q1/Q2 failed");
		goto out;
	}
	ret = 0;
out:
	EVP_MD_CTX_free(md);
	BN_free(n);
	return ret;
}

static EVP_PKEY *public_key_of(const struct sgx_sigstruct *sig)
{
	uint8_t e[4];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;

	/* OSSL_PARAM integers are native-endian: little-endian, as stored. */
	memcpy(e, &sig->exponent, 4);
	params[0] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_N,
					    (uint8_t *)sig->modulus, SGX_MODULUS_BYTES);
	params[1] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_RSA_E, e, 4);
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/*
 * The fixed fields EINIT checks before any arithmetic (SDM 3D, EINIT;
 * the model does the same): a SIGSTRUCT failing them is refused by name,
 * and no RSA key is built from its modulus.
 */
static bool all_zero(const uint8_t *bytes, size_t n)
{
	while (n--)
		if (*bytes++)
			return false;
	return true;
}

/* EINIT's first checks, each SGX_INVALID_SIG_STRUCT on hardware. */
static int check_fixed_fields(const struct sgx_sigstruct *sig)
{
	uint8_t header[sizeof(sig->header)];

	/* The top bit of HEADER's last byte marks a debug signer. */
	memcpy(header, sig->header, sizeof(header));
	header[15] &= 0x7f;
	if (memcmp(header, sigstruct_header, sizeof(header)))
		return sgx_fail(EBADMSG, "SIGSTRUCT HEADER is not the SDM's constant");
	if (memcmp(sig->header2, sigstruct_header2, sizeof(sig->header2)))
		return sgx_fail(EBADMSG, "SIGSTRUCT HEADER2 is not the SDM's constant");
	if (sig->vendor != 0 && sig->vendor != 0x8086)
		return sgx_fail(EBADMSG, "SIGSTRUCT VENDOR %#x is neither 0 nor 0x8086",
				sig->vendor);
	if (sig->exponent != 3)
		return sgx_fail(EBADMSG, "SIGSTRUCT EXPONENT is %u; SGX requires 3",
				sig->exponent);
	if (!all_zero(sig->reserved1, sizeof(sig->reserved1)) ||
	    !all_zero(sig->reserved2, sizeof(sig->reserved2)) ||
	    !all_zero(sig->reserved3, sizeof(sig->reserved3)) ||
	    !all_zero(sig->reserved4, sizeof(sig->reserved4)))
		return sgx_fail(EBADMSG, "SIGSTRUCT has a reserved byte that is not 0");
	return 0;
}

int sgx_sigstruct_verify(const struct sgx_sigstruct *sig)
{
	uint8_t msg[256], sig_be[SGX_MODULUS_BYTES];
	uint8_t q1[SGX_MODULUS_BYTES], q2[SGX_MODULUS_BYTES];
	EVP_PKEY *key;
	EVP_MD_CTX *md;
	int ret = -1;

	if (check_fixed_fields(sig))
		return -1;
	key = public_key_of(sig);
	md = EVP_MD_CTX_new();
	if (!key || !md) {
		sgx_fail(EBADMSG, "SIGSTRUCT modulus/exponent is not an RSA key");
		goto out;
	}
	signed_bytes(sig, msg);
	reverse(sig_be, sig->signature, sizeof(sig_be));
	if (EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestVerify(md, sig_be, sizeof(sig_be), msg, sizeof(msg)) != 1) {
		sgx_fail(EBADMSG, "SIGSTRUCT signature does not verify");
		goto out;
	}
	if (compute_q1_q2(sig_be, sig->modulus, q1, q2) ||
	    memcmp(q1, sig->q1, sizeof(q1)) || memcmp(q2, sig->q2, sizeof(q2))) {
		sgx_fail(EBADMSG, "SIGSTRUCT Q1/Q2 do not match the signature");
		goto out;
	}
	ret = 0;
out:
	/* Else OpenSSL's queue carries this failure into later calls. */
	ERR_clear_error();
	EVP_PKEY_free(key);
	EVP_MD_CTX_free(md);
	return ret;
}

int sgx_mrsigner(const struct sgx_sigstruct *sig, uint8_t mrsigner[32])
{
	unsigned int len = 0;

	if (EVP_Digest(sig->modulus, SGX_MODULUS_BYTES, mrsigner, &len,
		       EVP_sha256(), NULL) != 1 || len != 32)
		return sgx_fail(EIO, "SHA-256 of the modulus failed");
	return 0;
}
