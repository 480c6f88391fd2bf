// SPDX-License-Identifier: GPL-2.0
/*
 * EINIT accepts exactly the SIGSTRUCT whose MRENCLAVE and signature match:
 * a wrong MRENCLAVE, a bad signature, or pages added without the measured
 * EEXTENDs make INIT fail with EPERM.  A successful INIT of the builder's
 * SIGSTRUCT is the proof that the builder's MRENCLAVE equals the one the
 * (model) CPU computed from ECREATE/EADD/EEXTEND.
 */
#include <errno.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_image.h"
#include "sgx_load.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "tap.h"


static struct sgx_sample s;

/* Full load with these options; 0 or the errno of the step that failed. */
static int load_with(struct sgx_load_opts o, const struct sgx_enclave *e)
{
	struct sgx_loaded ld;
	int err = 0;

	o.key = s.key;
	if (sgx_load(e, &o, &ld))
		err = errno;
	else
		sgx_unload(&ld);
	return err;
}

static void check_load(struct sgx_load_opts o, const struct sgx_enclave *e,
		       int want, const char *what)
{
	int got = load_with(o, e);

	/* The library's message says which step failed, if one did. */
	if (!tap_expect_errno(got, want, "%s", what) && got)
		tap_diag("%s", sgx_last_error());
}

/* Pages added without SGX_PAGE_MEASURE, and measured that way. */
static void check_unmeasured(void)
{
	struct sgx_enclave e;
	size_t i;

	if (sgx_image_load(SGX_SAMPLE_IMAGE, &e, NULL))
		tap_bail("sample enclave");
	for (i = 0; i < e.nranges; i++)
		if (e.ranges[i].kind == SGX_RANGE_HEAP)
			e.ranges[i].measured = false;
	check_load((struct sgx_load_opts){ 0 }, &e, 0,
		   "heap added without EEXTEND, measured without it: INIT succeeds (builder and model agree on EADD-only pages)");
	sgx_enclave_free(&e);
}

/* A failed INIT leaves the enclave uninitialised: a good one may follow. */
static void check_retry(void)
{
	struct sgx_load_opts o = { .key = s.key, .corrupt_signature = true };
	struct sgx_loaded ld;
	int err;

	if (sgx_load_create(&s.encl, &ld) || sgx_load_add_all(&s.encl, &o, &ld))
		tap_bail("building the sample");
	err = sgx_load_init(&s.encl, &o, &ld) ? errno : 0;
	tap_check(err == EPERM, "corrupted signature: INIT fails with EPERM");
	o.corrupt_signature = false;
	err = sgx_load_init(&s.encl, &o, &ld) ? errno : 0;
	tap_check(err == 0, "after a refused SIGSTRUCT, INIT with the right one succeeds");
	if (err)
		tap_diag("%s", sgx_last_error());
	sgx_unload(&ld);
}

int main(void)
{
	struct sgx_load_opts o = { 0 };
	uint8_t mre[32];
	char hex[65];

	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	if (sgx_measure(&s.encl, mre))
		tap_bail("measuring");
	tap_diag("builder's MRENCLAVE %s", sgx_hex(mre, 32, hex));

	check_load(o, &s.encl, 0,
		   "builder's MRENCLAVE and signature: INIT succeeds, so the builder's MRENCLAVE equals the model's");
	o.alter_mrenclave = true;
	check_load(o, &s.encl, EPERM, "SIGSTRUCT with one MRENCLAVE bit flipped (re-signed): INIT fails with EPERM");
	o.alter_mrenclave = false;
	o.corrupt_signature = true;
	check_load(o, &s.encl, EPERM, "SIGSTRUCT with one signature bit flipped: INIT fails with EPERM");
	o.corrupt_signature = false;
	o.skip_measure = true;
	check_load(o, &s.encl, EPERM, "pages added without EEXTEND but signed as measured: INIT fails with EPERM");
	o.skip_measure = false;
	check_unmeasured();
	check_retry();

	sgx_sample_close(&s);
	return tap_done();
}
