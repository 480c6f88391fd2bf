// SPDX-License-Identifier: GPL-2.0
/*
 * What ECREATE, EADD and EINIT accept, by the SDM's rules (vol. 3D, "SGX
 * Instruction References"), where user space reaches them through the
 * driver: the driver passes these fields to the leaf unchecked, a #GP of
 * ECREATE or EADD comes back as EIO from CREATE or ADD_PAGES, and any
 * EINIT error code as EPERM from INIT.  Each check states the SDM's rule,
 * not the model's behaviour, so it holds on SGX hardware too.
 *
 * - ECREATE: SIZE below 2^n for CPUID's n (64-bit and 32-bit), a
 *   canonical BASEADDR, a 32-bit enclave below 4 GiB, CONFIGID and
 *   CONFIGSVN only with KSS.
 * - EADD of a TCS: STATE, CSSA, AEP and FLAGS.DBGOPTIN are cleared before
 *   EEXTEND measures the page, so an enclave signed with them as 0
 *   initializes whatever its source page held.  The SSA fields are
 *   EENTER's to check, not EADD's; the reserved bytes are EADD's.
 * - EINIT: every reserved SIGSTRUCT byte must be 0, the unsigned ones
 *   after the body too; ISVFAMILYID needs KSS; ISVEXTPRODID does not.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "tap.h"

#define CPUID_SGX 0x12
#define NON_CANONICAL_BASE (1ull << 56)	/* not canonical with 48 or 57 bits */
#define FOUR_GIB (1ull << 32)

static EVP_PKEY *key;

/* Asked directly, as the SGX selftests do: leaf 0's maximum may be lower. */
static void cpuid_sgx(unsigned int subleaf, unsigned int r[4])
{
	__cpuid_count(CPUID_SGX, subleaf, r[0], r[1], r[2], r[3]);
}

/* The outcome of CREATE with this SECS: 0 or the errno. */
static int create_outcome(uint64_t size, uint64_t base, uint64_t attributes,
			  uint8_t config_id0, uint16_t config_svn)
{
	struct sgx_secs *secs = sgx_secs_alloc(size, base, 1, attributes, SGX_XFRM_LEGACY);
	int fd = open(SGX_DEVICE, O_RDWR);
	int outcome;

	if (!secs || fd < 0)
		tap_bail("SECS page or %s", SGX_DEVICE);
	secs->config_id[0] = config_id0;
	secs->config_svn = config_svn;
	outcome = sgx_ioc_create(fd, secs) ? errno : 0;
	close(fd);
	free(secs);
	return outcome;
}

static void check_ecreate(void)
{
	const uint64_t m64 = SGX_ATTR_MODE64BIT;
	unsigned int sgx0[4], sgx1[4];
	unsigned int max64, max32;

	cpuid_sgx(0, sgx0);
	cpuid_sgx(1, sgx1);
	max64 = (sgx0[3] >> 8) & 0xff;
	max32 = sgx0[3] & 0xff;
	tap_diag("CPUID: MaxEnclaveSize_64 %u, MaxEnclaveSize_Not64 %u", max64, max32);

	tap_expect_errno(create_outcome(1ull << (max64 - 1), 0, m64, 0, 0), 0,
			 "ECREATE 64-bit, SIZE 2^(MaxEnclaveSize_64 - 1): succeeds");
	tap_expect_errno(create_outcome(1ull << max64, 0, m64, 0, 0), EIO,
			 "ECREATE 64-bit, SIZE 2^MaxEnclaveSize_64: #GP (EIO)");
	tap_expect_errno(create_outcome(1ull << (max32 - 1), FOUR_GIB - (1ull << (max32 - 1)),
					0, 0, 0), 0,
			 "ECREATE 32-bit, SIZE 2^(MaxEnclaveSize_Not64 - 1) ending at 4 GiB: succeeds");
	tap_expect_errno(create_outcome(1ull << max32, 0, 0, 0, 0), EIO,
			 "ECREATE 32-bit, SIZE 2^MaxEnclaveSize_Not64: #GP (EIO)");
	tap_expect_errno(create_outcome(2 * SGX_PAGE_SIZE, FOUR_GIB, 0, 0, 0), EIO,
			 "ECREATE 32-bit, BASEADDR 4 GiB: #GP (EIO)");
	tap_expect_errno(create_outcome(2 * SGX_PAGE_SIZE, NON_CANONICAL_BASE, m64, 0, 0), EIO,
			 "ECREATE 64-bit, BASEADDR not canonical: #GP (EIO)");
	tap_expect_errno(create_outcome(2 * SGX_PAGE_SIZE, 0, m64, 1, 0), EIO,
			 "ECREATE with CONFIGID, without KSS: #GP (EIO)");
	tap_expect_errno(create_outcome(2 * SGX_PAGE_SIZE, 0, m64, 0, 1), EIO,
			 "ECREATE with CONFIGSVN, without KSS: #GP (EIO)");
	if (sgx1[0] & SGX_ATTR_KSS)
		tap_expect_errno(create_outcome(2 * SGX_PAGE_SIZE, 0, m64 | SGX_ATTR_KSS, 1, 1), 0,
				 "ECREATE with CONFIGID and CONFIGSVN, with KSS: succeeds");
	else
		tap_skip("the CPU has no KSS",
			 "ECREATE with CONFIGID and CONFIGSVN, with KSS: succeeds");
}

/* A one-thread enclave with one data page, and its TCS for editing. */
static struct sgx_tcs *thread_enclave(struct sgx_enclave *encl, uint64_t attributes)
{
	const uint64_t rw = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_W;
	const struct sgx_range *r;

	sgx_enclave_init(encl);
	encl->attributes |= attributes;
	if (sgx_enclave_add(encl, 0, 1, rw, SGX_RANGE_HEAP, NULL) ||
	    sgx_enclave_add_thread(encl, SGX_PAGE_SIZE, 0, 0) ||
	    sgx_enclave_finish(encl, 0))
		tap_bail("building a one-thread enclave: %s", sgx_last_error());
	r = sgx_enclave_range_at(encl, SGX_PAGE_SIZE);
	return (struct sgx_tcs *)r->data;
}

/* ECREATE and EADD of every page: 0 or the errno. */
static int add_outcome(const struct sgx_enclave *encl, struct sgx_loaded *ld)
{
	struct sgx_load_opts o = { .key = key };

	if (sgx_load_create(encl, ld))
		tap_bail("ECREATE: %s", sgx_last_error());
	return sgx_load_add_all(encl, &o, ld) ? errno : 0;
}

static void sign(const struct sgx_enclave *encl, struct sgx_sigstruct *sig)
{
	uint8_t mrenclave[32];

	if (sgx_measure(encl, mrenclave) || sgx_sigstruct_make(sig, encl, mrenclave, key))
		tap_bail("signing: %s", sgx_last_error());
}

static void check_eadd_tcs(void)
{
	struct sgx_sigstruct *sig = aligned_alloc(SGX_PAGE_SIZE, SGX_PAGE_SIZE);
	struct sgx_enclave plain, busy, odd;
	uint8_t mr_plain[32], mr_busy[32];
	struct sgx_tcs *tcs;
	struct sgx_loaded ld;

	thread_enclave(&plain, 0);
	tcs = thread_enclave(&busy, 0);
	tcs->state = 1;
	tcs->cssa = 1;
	tcs->aep = 0x1000;
	tcs->flags |= SGX_TCS_DBGOPTIN;
	if (sgx_measure(&plain, mr_plain) || sgx_measure(&busy, mr_busy))
		tap_bail("measuring: %s", sgx_last_error());
	tap_check(!memcmp(mr_plain, mr_busy, sizeof(mr_plain)),
		  "the builder measures a TCS's STATE, CSSA, AEP and DBGOPTIN as 0");

	/* Signed from the enclave whose fields really are 0: not the builder's word. */
	tap_expect_errno(add_outcome(&busy, &ld), 0,
			 "EADD of a TCS with STATE, CSSA, AEP and DBGOPTIN set: succeeds");
	sign(&plain, sig);
	tap_check_errno(sgx_ioc_init(ld.fd, sig), 0,
			"EINIT of it, signed with those fields as 0: succeeds");
	sgx_unload(&ld);

	tcs = thread_enclave(&odd, 0);
	tcs->nssa = 0;
	tap_expect_errno(add_outcome(&odd, &ld), 0, "EADD of a TCS with NSSA 0: succeeds");
	sgx_unload(&ld);
	tcs->nssa = 1;
	tcs->ossa += 8;
	tap_expect_errno(add_outcome(&odd, &ld), 0,
			 "EADD of a TCS with OSSA not page aligned: succeeds");
	sgx_unload(&ld);
	tcs->ossa -= 8;
	tcs->reserved[0] = 1;
	tap_expect_errno(add_outcome(&odd, &ld), EIO,
			 "EADD of a TCS with a reserved byte set: #GP (EIO)");
	sgx_unload(&ld);

	sgx_enclave_free(&plain);
	sgx_enclave_free(&busy);
	sgx_enclave_free(&odd);
	free(sig);
}

enum sig_edit { SIGNED, UNSIGNED };

/* INIT with one byte of a good SIGSTRUCT set, re-signed if it is signed. */
static int init_with_byte(int fd, const struct sgx_sigstruct *good, uint8_t *byte_in_copy,
			  struct sgx_sigstruct *copy, enum sig_edit edit)
{
	*byte_in_copy = 1;
	if (edit == SIGNED && sgx_sigstruct_sign(copy, key))
		tap_bail("re-signing: %s", sgx_last_error());
	errno = 0;
	if (sgx_ioc_init(fd, copy) == 0)
		return 0;
	*copy = *good;
	return errno;
}

static void check_einit(void)
{
	struct sgx_sigstruct *good = aligned_alloc(SGX_PAGE_SIZE, SGX_PAGE_SIZE);
	struct sgx_sigstruct *bad = aligned_alloc(SGX_PAGE_SIZE, SGX_PAGE_SIZE);
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	unsigned int sgx1[4];

	thread_enclave(&encl, 0);
	if (add_outcome(&encl, &ld))
		tap_bail("building the enclave: %s", sgx_last_error());
	sign(&encl, good);
	*bad = *good;
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->reserved1[83], bad, SIGNED), EPERM,
			 "EINIT, a reserved header byte set: SGX_INVALID_SIG_STRUCT (EPERM)");
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->reserved2[0], bad, SIGNED), EPERM,
			 "EINIT, a reserved byte after MISCMASK set: SGX_INVALID_SIG_STRUCT (EPERM)");
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->reserved3[0], bad, SIGNED), EPERM,
			 "EINIT, a reserved byte after ENCLAVEHASH set: SGX_INVALID_SIG_STRUCT (EPERM)");
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->reserved4[11], bad, UNSIGNED), EPERM,
			 "EINIT, an unsigned reserved byte after the body set: SGX_INVALID_SIG_STRUCT (EPERM)");
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->isv_family_id[0], bad, SIGNED), EPERM,
			 "EINIT, ISVFAMILYID without KSS: SGX_INVALID_SIG_STRUCT (EPERM)");
	tap_expect_errno(init_with_byte(ld.fd, good, &bad->isv_ext_prod_id[0], bad, SIGNED), 0,
			 "EINIT, ISVEXTPRODID without KSS: succeeds");
	sgx_unload(&ld);
	sgx_enclave_free(&encl);

	cpuid_sgx(1, sgx1);
	if (sgx1[0] & SGX_ATTR_KSS) {
		thread_enclave(&encl, SGX_ATTR_KSS);
		if (add_outcome(&encl, &ld))
			tap_bail("building the KSS enclave: %s", sgx_last_error());
		sign(&encl, good);
		*bad = *good;
		tap_expect_errno(init_with_byte(ld.fd, good, &bad->isv_family_id[0], bad, SIGNED), 0,
				 "EINIT, ISVFAMILYID with KSS: succeeds");
		sgx_unload(&ld);
		sgx_enclave_free(&encl);
	} else {
		tap_skip("the CPU has no KSS", "EINIT, ISVFAMILYID with KSS: succeeds");
	}
	free(good);
	free(bad);
}

int main(void)
{
	struct sgx_sample s;

	if (sgx_sample_open(&s))
		tap_bail("signing key: %s", sgx_last_error());
	key = s.key;
	check_ecreate();
	check_eadd_tcs();
	check_einit();
	sgx_sample_close(&s);
	return tap_done();
}
