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
 *   on a small EPC, checks that every page came back intact;
 * - EMODPR and EMODT failing with SGX_EPC_PAGE_CONFLICT (an enclave thread
 *   works on the page): the driver stops RESTRICT_PERMISSIONS or
 *   MODIFY_TYPES there and reports the code and the bytes done, and user
 *   space retries from there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_counters.h"
#include "sgx_ioctl.h"
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

/* Opens the sample enclave and loads it: 0, or the errno of the load. */
static int load_sample(struct sgx_sample *s, struct sgx_loaded *ld)
{
	struct sgx_load_opts o;

	if (sgx_sample_open(s))
		tap_bail("opening the sample enclave");
	o = (struct sgx_load_opts){ .key = s->key };
	return sgx_load(&s->encl, &o, ld) ? errno : 0;
}

static void check_einit(void)
{
	unsigned long n = injected_per_page("EINIT");
	long count0, inj0, count1, inj1;
	struct sgx_sample s;
	struct sgx_loaded ld;
	int err;

	count0 = sgx_model_named_count("leaf_counts", "EINIT");
	inj0 = sgx_model_named_count("injected", "EINIT");
	err = load_sample(&s, &ld);
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

/*
 * EWB's count and injected count, read when the reclaimer has stopped
 * changing them: the two files are read one after the other.
 */
static void ewb_counts(long *count, long *inj)
{
	long again_count, again_inj;
	int tries;

	for (tries = 0; tries < 100; tries++) {
		*count = sgx_model_named_count("leaf_counts", "EWB");
		*inj = sgx_model_named_count("injected", "EWB");
		usleep(100 * 1000);
		again_count = sgx_model_named_count("leaf_counts", "EWB");
		again_inj = sgx_model_named_count("injected", "EWB");
		if (again_count == *count && again_inj == *inj)
			return;
	}
	tap_diag("EWB counts still changing after %d tries", tries);
}

static void check_ewb(void)
{
	unsigned long n = injected_per_page("EWB");
	long count, inj;

	ewb_counts(&count, &inj);

	tap_check(n == 2, "the boot makes every EWB fail twice with SGX_NOT_TRACKED");
	tap_check(count > inj && inj > 0, "pages were written back under the injected failures");
	/* Each page: NOT_TRACKED, ETRACK, NOT_TRACKED, IPIs, then written. */
	tap_expect_eq(inj, (count - inj) * (long)n,
		      "every EWB went through the driver's ETRACK and IPI retries");
}

enum sgx2_ioctl { RESTRICT, MODIFY };

/*
 * One SGX2 ioctl over @pages pages from @offset, retried from where each
 * call stopped on SGX_EPC_PAGE_CONFLICT; the number of calls it took.
 */
static unsigned int retry_on_conflict(int fd, enum sgx2_ioctl which, uint64_t offset,
				      unsigned int pages, bool *other_failure)
{
	uint64_t end = offset + pages * (uint64_t)SGX_PAGE_SIZE, result, count;
	unsigned int calls = 0;
	int ret;

	*other_failure = false;
	while (offset < end && calls <= 2 * pages) {
		result = count = 0;
		calls++;
		if (which == RESTRICT)
			ret = sgx_ioc_restrict_permissions(fd, offset, end - offset,
							   SGX_SECINFO_R, &result, &count);
		else
			ret = sgx_ioc_modify_types(fd, offset, end - offset, SGX_PT_TRIM,
						   &result, &count);
		if (ret && (errno != EFAULT || result != SGX_ERR_EPC_PAGE_CONFLICT)) {
			tap_diag("call %u: errno %s, result %llu", calls,
				 tap_errno_name(errno), (unsigned long long)result);
			*other_failure = true;
			break;
		}
		offset += count;
		if (!ret)
			break;
	}
	return calls;
}

static void check_conflict(void)
{
	unsigned long n = injected_per_page("EMODPR"), m = injected_per_page("EMODT");
	struct sgx_sample s;
	struct sgx_loaded ld;
	unsigned int calls;
	bool other;

	if (load_sample(&s, &ld))
		tap_bail("loading the sample enclave");
	tap_check(n == 1 && m == 1,
		  "the boot makes EMODPR and EMODT conflict once on every page");
	/* Each page conflicts once: the first call stops at once, each retry one page on. */
	calls = retry_on_conflict(ld.fd, RESTRICT, s.data, 2, &other);
	tap_check(!other, "RESTRICT_PERMISSIONS under EPC page conflicts: EFAULT with result SGX_EPC_PAGE_CONFLICT");
	tap_expect_eq(calls, 3, "RESTRICT_PERMISSIONS: retrying from the count returned finishes, one conflict per page");
	calls = retry_on_conflict(ld.fd, MODIFY, s.data, 2, &other);
	tap_check(!other, "MODIFY_TYPES under EPC page conflicts: EFAULT with result SGX_EPC_PAGE_CONFLICT");
	tap_expect_eq(calls, 3, "MODIFY_TYPES: retrying from the count returned finishes, one conflict per page");
	sgx_unload(&ld);
	sgx_sample_close(&s);
}

int main(void)
{
	check_einit();
	check_ewb();
	check_conflict();
	return tap_done();
}
