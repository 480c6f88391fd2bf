// SPDX-License-Identifier: GPL-2.0
/*
 * sgx-bench-ranges: what one mprotect() of a whole enclave mapping costs
 * beside the same mprotect() of anonymous memory, as the range grows.
 * scripts/bench.sh prints the table.
 *
 * One enclave of MAX_PAGES RWX pages, unmeasured, added from untouched
 * anonymous memory and initialized.  For each N of 1, 16, 256, 4096, 65536
 * and 262144 pages up to MAX_PAGES: N pages of it are mapped PROT_READ and
 * never touched, and so are N pages of anonymous memory, aligned as the
 * enclave is so that both walk page tables of the same shape; each round lowers
 * the mapping to PROT_READ and raises it to RW (then RX) again.  Only the
 * raise is timed: lowering an enclave mapping is allowed without a check.
 *
 *   range_build_ns NS      ADD_PAGES of all pages and EINIT
 *   range N ENCL_RW ANON_RW ENCL_RX ANON_RX
 *                          median ns of one raise over ROUNDS rounds
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bench_time.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "sgx_sign.h"

static const unsigned long range_pages[] = { 1, 16, 256, 4096, 65536, 262144 };

/* Median ns of mprotect(prot) of [p, p + len), each from PROT_READ. */
static double time_raise(void *p, size_t len, int prot, double *samples,
			 int rounds)
{
	for (int r = 0; r < rounds; r++) {
		double t0;

		if (mprotect(p, len, PROT_READ))
			goto fail;
		t0 = bench_now_ns();
		if (mprotect(p, len, prot))
			goto fail;
		samples[r] = bench_now_ns() - t0;
	}
	return bench_median(samples, rounds);
fail:
	sgx_fail(errno, "mprotect(%s) of %zu bytes at %p", sgx_prot_str(prot),
		 len, p);
	return -1;
}

/* len bytes of untouched anonymous memory at a multiple of align. */
static void *map_anon_aligned(size_t len, size_t align)
{
	uint8_t *area = mmap(NULL, len + align, PROT_NONE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint8_t *p;

	if (area == MAP_FAILED)
		return MAP_FAILED;
	p = (uint8_t *)(((uintptr_t)area + align - 1) & ~(uintptr_t)(align - 1));
	return mmap(p, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		    MAP_FIXED, -1, 0);
}

/* The four figures for one range size. */
static int one_size(struct sgx_loaded *ld, unsigned long pages, int rounds)
{
	size_t len = pages * SGX_PAGE_SIZE;
	double *samples = calloc(rounds, sizeof(*samples));
	double encl_rw, anon_rw, encl_rx, anon_rx;
	void *anon;

	if (!samples)
		return sgx_fail(ENOMEM, "samples");
	if (mmap(ld->base, len, PROT_READ, MAP_SHARED | MAP_FIXED, ld->fd, 0) ==
	    MAP_FAILED) {
		free(samples);
		return sgx_fail(errno, "mmap of %lu enclave pages", pages);
	}
	anon = map_anon_aligned(len, ld->size);
	if (anon == MAP_FAILED) {
		free(samples);
		return sgx_fail(errno, "mmap of %lu anonymous pages", pages);
	}
	encl_rw = time_raise(ld->base, len, PROT_READ | PROT_WRITE, samples, rounds);
	anon_rw = time_raise(anon, len, PROT_READ | PROT_WRITE, samples, rounds);
	encl_rx = time_raise(ld->base, len, PROT_READ | PROT_EXEC, samples, rounds);
	anon_rx = time_raise(anon, len, PROT_READ | PROT_EXEC, samples, rounds);
	munmap(anon, len);
	free(samples);
	if (encl_rw < 0 || anon_rw < 0 || encl_rx < 0 || anon_rx < 0)
		return -1;
	printf("range %lu %.0f %.0f %.0f %.0f\n", pages, encl_rw, anon_rw,
	       encl_rx, anon_rx);
	fflush(stdout);
	return 0;
}

static unsigned long parse(const char *what, const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v == 0 || v > max) {
		fprintf(stderr, "sgx-bench-ranges: bad %s '%s' (1..%lu)\n", what, s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long max_pages = 262144, rounds = 15;
	struct sgx_load_opts o = { 0 };
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	double t0;
	size_t i;

	if (argc > 3 || (argc > 1 && !strcmp(argv[1], "--help"))) {
		fprintf(stderr, "usage: sgx-bench-ranges [MAX_PAGES [ROUNDS]]\n");
		return 2;
	}
	if (argc > 1)
		max_pages = parse("page count", argv[1], 1ul << 24);
	if (argc > 2)
		rounds = parse("round count", argv[2], 1000);

	o.key = sgx_key_load(SGX_SAMPLE_KEY);
	sgx_enclave_init(&encl);
	if (!o.key ||
	    sgx_enclave_add(&encl, 0, max_pages, SGX_SECINFO_TYPE(SGX_PT_REG) |
			    SGX_SECINFO_R | SGX_SECINFO_W | SGX_SECINFO_X,
			    SGX_RANGE_HEAP, NULL) ||
	    sgx_enclave_finish(&encl, 0))
		goto fail;
	encl.ranges[0].measured = false;	/* no EEXTEND of zeros */

	t0 = bench_now_ns();
	if (sgx_load_create(&encl, &ld) || sgx_load_add_all(&encl, &o, &ld) ||
	    sgx_load_init(&encl, &o, &ld))
		goto fail;
	printf("range_build_ns %.0f\n", bench_now_ns() - t0);
	fflush(stdout);

	for (i = 0; i < sizeof(range_pages) / sizeof(range_pages[0]); i++)
		if (range_pages[i] <= max_pages &&
		    one_size(&ld, range_pages[i], (int)rounds))
			goto fail;
	sgx_unload(&ld);
	sgx_enclave_free(&encl);
	EVP_PKEY_free(o.key);
	return 0;
fail:
	fprintf(stderr, "sgx-bench-ranges: %s\n", sgx_last_error());
	return 1;
}
