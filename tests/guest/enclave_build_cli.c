// SPDX-License-Identifier: GPL-2.0
/*
 * The enclave-build CLI in the guest: prints the MRENCLAVE the library
 * computes, MRSIGNER and every range; with --load the kernel accepts it;
 * bad input gets a clear error and a non-zero status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "sgx_error.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "tap.h"

#define CLI "/bin/enclave-build"

/* Runs cmd, returns its exit status and its output in out. */
static int run(const char *cmd, char *out, size_t len)
{
	FILE *f = popen(cmd, "r");
	size_t n;
	int st;

	if (!f)
		tap_bail("popen %s", cmd);
	n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
	static char out[8192];
	struct sgx_sample s;
	uint8_t mre[32];
	char hex[65], want[128];
	int rc;

	if (sgx_sample_open(&s) || sgx_measure(&s.encl, mre))
		tap_bail("sample enclave: %s", sgx_last_error());
	snprintf(want, sizeof(want), "MRENCLAVE: %s", sgx_hex(mre, 32, hex));

	rc = run(CLI " --key " SGX_SAMPLE_KEY " --load " SGX_SAMPLE_IMAGE " 2>&1", out, sizeof(out));
	tap_check(rc == 0, "enclave-build --load of the sample exits 0 (%d)", rc);
	if (rc)
		tap_diag("output: %s", out);
	tap_check(strstr(out, want) != NULL, "it prints the library's MRENCLAVE");
	tap_check(strstr(out, "MRSIGNER:") != NULL, "it prints MRSIGNER");
	tap_check(strstr(out, "R-X  segment") && strstr(out, "RW-  segment") &&
		  strstr(out, "RWX  segment") && strstr(out, "TCS  tcs"),
		  "it lists the ranges with their declared protections");
	tap_check(strstr(out, "loaded: base") != NULL, "it reports EINIT accepted the enclave");

	rc = run(CLI " --key " SGX_SAMPLE_KEY " --load /data/counter.elf 2>&1", out, sizeof(out));
	tap_check(rc == 0 && strstr(out, "2 TCS") && strstr(out, "loaded: base"),
		  "the C sample (2 threads) lays out and loads (%d)", rc);
	if (rc)
		tap_diag("output: %s", out);

	rc = run(CLI " --key " SGX_SAMPLE_KEY " /bin/busybox 2>&1", out, sizeof(out));
	tap_check(rc == 1 && strstr(out, "SGXLSM note"),
		  "an ELF without the SGXLSM note is refused, naming the missing note");
	rc = run(CLI " --key /nonexistent.pem " SGX_SAMPLE_IMAGE " 2>&1", out, sizeof(out));
	tap_check(rc == 1 && strstr(out, "/nonexistent.pem") && strstr(out, "No such file"),
		  "a missing key file is refused, naming the file and errno");
	rc = run(CLI " 2>&1", out, sizeof(out));
	tap_check(rc == 2 && strstr(out, "usage:"), "no arguments: usage and status 2");

	sgx_sample_close(&s);
	return tap_done();
}
