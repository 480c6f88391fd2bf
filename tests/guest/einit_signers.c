// SPDX-License-Identifier: GPL-2.0
/*
 * Two signers initialise enclaves at the same time, one on each CPU.
 *
 * Before each EINIT the driver writes the signer's hash to the launch
 * control MSRs (IA32_SGXLEPUBKEYHASH0-3) of the CPU it runs on, with
 * preemption off. The MSRs are per CPU, so one CPU's write cannot change
 * what an EINIT on another CPU compares MRSIGNER with: every EINIT must
 * succeed however the two interleave. This holds on hardware with
 * flexible launch control as on the model.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sgx_key.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define RUN_SECONDS 6

struct signer_result {
	unsigned int inits;
	unsigned int failures;
	int first_errno;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Builds and initialises the sample on @cpu, again and again, until @end. */
static struct signer_result run_signer(const struct sgx_enclave *encl,
				       EVP_PKEY *key, int cpu, double end)
{
	struct sgx_load_opts o = { .key = key };
	struct signer_result r = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		r.failures = 1;
		r.first_errno = errno;
		return r;
	}
	while (now() < end) {
		struct sgx_loaded ld;

		if (sgx_load_create(encl, &ld) || sgx_load_add_all(encl, &o, &ld))
			tap_bail("building the sample");
		r.inits++;
		if (sgx_load_init(encl, &o, &ld)) {
			if (!r.failures++)
				r.first_errno = errno;
		}
		sgx_unload(&ld);
	}
	return r;
}

/* Runs a signer in a child; its result comes back through @fd. */
static pid_t spawn_signer(const struct sgx_enclave *encl, EVP_PKEY *key,
			  int cpu, double end, int fd)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct signer_result r = run_signer(encl, key, cpu, end);

		_exit(write(fd, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	return pid;
}

static struct signer_result collect(pid_t pid, int fd)
{
	struct signer_result r = { .failures = 1, .first_errno = ECHILD };
	int status;

	if (pid < 0 || read(fd, &r, sizeof(r)) != sizeof(r))
		r = (struct signer_result){ .failures = 1, .first_errno = ECHILD };
	if (pid > 0)
		waitpid(pid, &status, 0);
	return r;
}

static void report(const char *who, struct signer_result r)
{
	tap_check(r.inits > 0 && r.failures == 0,
		  "%s: every EINIT succeeds while the other signer initialises on the other CPU",
		  who);
	tap_diag("%s: %u EINITs, %u failed (first: %s)", who, r.inits, r.failures,
		 r.failures ? tap_errno_name(r.first_errno) : "none");
}

int main(void)
{
	struct signer_result ra, rb;
	struct sgx_sample s;
	EVP_PKEY *other;
	int pa[2], pb[2];
	pid_t a, b;
	double end;

	if (!tap_check(sysconf(_SC_NPROCESSORS_ONLN) >= 2, "two CPUs are online"))
		return tap_done();
	if (sgx_sample_open(&s))
		tap_bail("opening the sample enclave");
	other = sgx_key_generate();
	if (!other)
		tap_bail("generating a second signing key");
	if (pipe(pa) || pipe(pb))
		tap_bail("pipe");

	end = now() + RUN_SECONDS;
	a = spawn_signer(&s.encl, s.key, 0, end, pa[1]);
	b = spawn_signer(&s.encl, other, 1, end, pb[1]);
	ra = collect(a, pa[0]);
	rb = collect(b, pb[0]);

	report("signer A on CPU 0", ra);
	report("signer B on CPU 1", rb);

	EVP_PKEY_free(other);
	sgx_sample_close(&s);
	return tap_done();
}
