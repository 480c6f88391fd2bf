// SPDX-License-Identifier: GPL-2.0
/*
 * sgx-bench-enclu: one EENTER and EEXIT round trip into an enclave beside
 * one plain system call.  scripts/bench.sh prints the ratio.
 *
 * The enclave is one code page that leaves at once, with EEXIT to the
 * address EENTER put in RCX, and one thread (TCS and SSA frame).  EENTER
 * is issued directly, so that the figure is ENCLU's own.  As in the vDSO,
 * the AEP is the ENCLU itself: after an asynchronous exit (the first entry
 * faults its code page in) RAX says ERESUME, and the same ENCLU resumes.
 *
 *   enclu_roundtrip_ns NS   median over ROUNDS batches of CALLS round trips
 *   syscall_ns NS           the same for getppid()
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_time.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "sgx_sign.h"

static const uint8_t exit_at_once[] = {
	0x48, 0x89, 0xcb,		/* mov %rcx, %rbx: EEXIT's target */
	0xb8, 0x04, 0x00, 0x00, 0x00,	/* mov $4, %eax: EEXIT */
	0x0f, 0x01, 0xd7,		/* enclu */
};

static void enter_and_exit(void *tcs)
{
	unsigned long leaf = 2, rbx = (unsigned long)tcs;	/* EENTER */

	__asm__ volatile("lea 1f(%%rip), %%rcx\n"
		     "1:\t.byte 0x0f, 0x01, 0xd7\n"	/* enclu; the AEP */
		     : "+a"(leaf), "+b"(rbx)
		     :
		     : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
		       "memory", "cc");
}

static int build(struct sgx_enclave *encl, struct sgx_loaded *ld)
{
	struct sgx_load_opts o = { .key = sgx_key_load(SGX_SAMPLE_KEY) };
	uint8_t code[SGX_PAGE_SIZE];
	int ret = -1;

	memset(code, 0xcc, sizeof(code));	/* int3 after the exit */
	memcpy(code, exit_at_once, sizeof(exit_at_once));
	sgx_enclave_init(encl);
	if (o.key &&
	    !sgx_enclave_add(encl, 0, 1, SGX_SECINFO_TYPE(SGX_PT_REG) |
			     SGX_SECINFO_R | SGX_SECINFO_X, SGX_RANGE_SEGMENT, code) &&
	    !sgx_enclave_add_thread(encl, SGX_PAGE_SIZE, 0, 0) &&
	    !sgx_enclave_finish(encl, 0) && !sgx_load(encl, &o, ld))
		ret = 0;
	EVP_PKEY_free(o.key);
	return ret;
}

static unsigned long parse(const char *what, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v == 0 || v > 1000000) {
		fprintf(stderr, "sgx-bench-enclu: bad %s '%s' (1..1000000)\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long rounds = 9, calls = 2000;
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	double *enclu, *sys;
	void *tcs;

	if (argc > 3 || (argc > 1 && !strcmp(argv[1], "--help"))) {
		fprintf(stderr, "usage: sgx-bench-enclu [ROUNDS [CALLS]]\n");
		return 2;
	}
	if (argc > 1)
		rounds = parse("round count", argv[1]);
	if (argc > 2)
		calls = parse("call count", argv[2]);
	enclu = calloc(rounds, sizeof(*enclu));
	sys = calloc(rounds, sizeof(*sys));
	if (!enclu || !sys || build(&encl, &ld)) {
		fprintf(stderr, "sgx-bench-enclu: %s\n",
			enclu && sys ? sgx_last_error() : "out of memory");
		return 1;
	}
	tcs = ld.base + SGX_PAGE_SIZE;

	for (unsigned long r = 0; r < rounds; r++) {
		double t0 = bench_now_ns();

		for (unsigned long i = 0; i < calls; i++)
			enter_and_exit(tcs);
		enclu[r] = (bench_now_ns() - t0) / calls;
		t0 = bench_now_ns();
		for (unsigned long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		sys[r] = (bench_now_ns() - t0) / calls;
	}
	printf("enclu_roundtrip_ns %.0f\n", bench_median(enclu, rounds));
	printf("syscall_ns %.0f\n", bench_median(sys, rounds));
	sgx_unload(&ld);
	sgx_enclave_free(&encl);
	return 0;
}
