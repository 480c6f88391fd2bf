// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: the driver's paths for what hardware does and the model
 * never would, run by the model's fault injection (boot parameter
 * sgx_model_inject=EINIT:N,EWB:M, see the model's encls.c):
 *
 * - EINIT failing with SGX_UNMASKED_EVENT (an interrupt arrived): the
 *   driver retries, and the enclave initialises;
 * - EWB failing with SGX_NOT_TRACKED (a CPU may still be in the enclave):
 *   the driver runs ETRACK and retries, then kicks CPUs out with IPIs and
 *   retries again. The reclaim test, run before this one in the same boot
 *   on a small EPC, checks that every page came back intact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_counters.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

/* N of "LEAF:N" in sgx_model_inject= on the kernel command line, or 0. */
static unsigned long injected_per_page(const char *leaf)
{
	char cmdline[4096], *p;
	FILE *f = fopen("/proc/cmdline", "r");
	size_t len = strlen(leaf);

	if (!f || !fgets(cmdline, sizeof(cmdline), f))
		tap_bail("reading /proc/cmdline");
	fclose(f);
	p = strstr(cmdline, "sgx_model_inject=");
	while (p && (p = strstr(p, leaf)))
		if (p[len] == ':' && (p[-1] == '=' || p[-1] == ','))
			return strtoul(p + len + 1, NULL, 0);
		else
			p += len;
	return 0;
}

static void check_einit(void)
{
	unsigned long n = injected_per_page("EINIT");
	long count0, inj0, count1, inj1;
	struct sgx_sample s;
	struct sgx_loaded ld;
	struct sgx_load_opts o;
	int err;

	if (sgx_sample_open(&s))
		tap_bail("opening the sample enclave");
	o = (struct sgx_load_opts){ .key = s.key };
	count0 = sgx_model_named_count("leaf_counts", "EINIT");
	inj0 = sgx_model_named_count("injected", "EINIT");
	err = sgx_load(&s.encl, &o, &ld) ? errno : 0;
	count1 = sgx_model_named_count("leaf_counts", "EINIT");
	inj1 = sgx_model_named_count("injected", "EINIT");
	tap_check(n > 0, "the boot injects SGX_UNMASKED_EVENT into EINIT");
	tap_expect_errno(err, 0, "EINIT interrupted by unmasked events: the driver retries and INIT succeeds");
	tap_expect_eq(inj1 - inj0, (long)n, "each interrupted EINIT was injected once");
	tap_expect_eq(count1 - count0, (long)n + 1, "the driver issued EINIT once more than it was interrupted");
	if (!err)
		sgx_unload(&ld);
	sgx_sample_close(&s);
}

static void check_ewb(void)
{
	unsigned long n = injected_per_page("EWB");
	long count = sgx_model_named_count("leaf_counts", "EWB");
	long inj = sgx_model_named_count("injected", "EWB");

	tap_check(n == 2, "the boot makes every EWB fail twice with SGX_NOT_TRACKED");
	tap_check(count > inj && inj > 0, "pages were written back under the injected failures");
	/* Each page: NOT_TRACKED, ETRACK, NOT_TRACKED, IPIs, then written. */
	tap_expect_eq(inj, (count - inj) * (long)n,
		      "every EWB went through the driver's ETRACK and IPI retries");
}

int main(void)
{
	check_einit();
	check_ewb();
	return tap_done();
}
