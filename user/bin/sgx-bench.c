// SPDX-License-Identifier: GPL-2.0
/*
 * sgx-bench: the two costs the enclave LSM hooks could add, measured in the
 * guest.  scripts/bench.sh runs it under two boots of the same kernel (LSM
 * policy loaded, and SELinux not loaded) and prints the ratios.
 *
 *   eadd_pages_per_sec  SGX_IOC_ENCLAVE_ADD_PAGES of PAGES executable pages
 *                       from anonymous memory, unmeasured (the hook runs
 *                       once per page), median over ROUNDS enclaves
 *   mprotect_ns         one mprotect() of an enclave range between R and RX,
 *                       median over ROUNDS batches of CALLS calls
 *   file_mprotect_ns    the same on a shared mapping of an ordinary tmpfs
 *                       file: what mprotect() costs with or without an LSM
 *                       when no enclave is involved, to tell the enclave
 *                       hooks' share from the LSM's usual mprotect() checks
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench_time.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"

#define MPROTECT_PAGES 16

static unsigned long parse_count(const char *what, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v == 0 || v > 1UL << 20) {
		fprintf(stderr, "sgx-bench: bad %s '%s' (1..%lu)\n", what, s, 1UL << 20);
		exit(2);
	}
	return v;
}

/* Average cost of one mprotect() toggling len bytes at p between R and RX. */
static double time_mprotect(void *p, size_t len, unsigned long calls)
{
	double t0 = bench_now_ns();

	for (unsigned long i = 0; i < calls; i++) {
		int prot = i % 2 ? PROT_READ : PROT_READ | PROT_EXEC;

		if (mprotect(p, len, prot)) {
			sgx_fail(errno, "mprotect(%s) of %zu bytes at %p",
				 sgx_prot_str(prot), len, p);
			return -1;
		}
	}
	return (bench_now_ns() - t0) / calls;
}

/* The same mprotect() loop on a shared mapping of a plain tmpfs file. */
static int file_round(unsigned long calls, double *mprotect_ns)
{
	size_t len = MPROTECT_PAGES * SGX_PAGE_SIZE;
	char path[] = "/tmp/sgx-bench-XXXXXX";
	void *p;
	int fd = mkstemp(path);

	if (fd < 0)
		return sgx_fail(errno, "cannot create %s", path);
	unlink(path);
	if (ftruncate(fd, len)) {
		close(fd);
		return sgx_fail(errno, "cannot size %s", path);
	}
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return sgx_fail(errno, "cannot map %s", path);
	*mprotect_ns = time_mprotect(p, len, calls);
	munmap(p, len);
	return *mprotect_ns < 0 ? -1 : 0;
}

/* One enclave: time ADD_PAGES of all pages, then the mprotect() calls. */
static int one_round(const void *src, unsigned long pages, unsigned long calls,
		     double *eadd_rate, double *mprotect_ns)
{
	struct sgx_secinfo secinfo = {
		.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_X,
	};
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	uint64_t count = 0;
	size_t len = MPROTECT_PAGES * SGX_PAGE_SIZE;
	double t0;
	int ret = -1;

	sgx_enclave_init(&encl);
	encl.size = SGX_PAGE_SIZE;
	while (encl.size < pages * SGX_PAGE_SIZE)
		encl.size <<= 1;
	if (sgx_load_create(&encl, &ld))
		goto out;

	t0 = bench_now_ns();
	if (sgx_ioc_add_pages(ld.fd, src, 0, pages * SGX_PAGE_SIZE, &secinfo, 0, &count)) {
		sgx_fail(errno, "ADD_PAGES of %lu pages stopped after %llu bytes",
			 pages, (unsigned long long)count);
		goto out;
	}
	*eadd_rate = pages / ((bench_now_ns() - t0) / 1e9);

	if (mmap(ld.base, len, PROT_READ, MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED) {
		sgx_fail(errno, "mmap of the enclave's first %d pages", MPROTECT_PAGES);
		goto out;
	}
	*mprotect_ns = time_mprotect(ld.base, len, calls);
	if (*mprotect_ns >= 0)
		ret = 0;
out:
	sgx_unload(&ld);
	sgx_enclave_free(&encl);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long pages = 256, rounds = 9, calls = 2000;
	double *rate, *lat, *file_lat;
	void *src;

	if (argc > 4 || (argc > 1 && !strcmp(argv[1], "--help"))) {
		fprintf(stderr, "usage: sgx-bench [PAGES [ROUNDS [CALLS]]]\n");
		return 2;
	}
	if (argc > 1)
		pages = parse_count("page count", argv[1]);
	if (argc > 2)
		rounds = parse_count("round count", argv[2]);
	if (argc > 3)
		calls = parse_count("call count", argv[3]);
	if (pages < MPROTECT_PAGES) {
		fprintf(stderr, "sgx-bench: need at least %d pages\n", MPROTECT_PAGES);
		return 2;
	}

	src = mmap(NULL, pages * SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	rate = calloc(rounds, sizeof(*rate));
	lat = calloc(rounds, sizeof(*lat));
	file_lat = calloc(rounds, sizeof(*file_lat));
	if (src == MAP_FAILED || !rate || !lat || !file_lat) {
		perror("sgx-bench: memory");
		return 1;
	}
	memset(src, 0xc3, pages * SGX_PAGE_SIZE);	/* ret, ret, ... */

	for (unsigned long r = 0; r < rounds; r++) {
		if (one_round(src, pages, calls, &rate[r], &lat[r]) ||
		    file_round(calls, &file_lat[r])) {
			fprintf(stderr, "sgx-bench: %s\n", sgx_last_error());
			return 1;
		}
	}
	printf("eadd_pages_per_sec %.0f\n", bench_median(rate, rounds));
	printf("mprotect_ns %.0f\n", bench_median(lat, rounds));
	printf("file_mprotect_ns %.0f\n", bench_median(file_lat, rounds));
	return 0;
}
