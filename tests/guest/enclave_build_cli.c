// SPDX-License-Identifier: GPL-2.0
/*
 * The enclave-build CLI in the guest: prints the MRENCLAVE the library
 * computes, MRSIGNER and every range; with --load the kernel accepts it;
 * bad input gets a clear error and a non-zero status, quickly and without
 * allocating what the input claims (the guest has 512 MB).
 */
#include <elf.h>
#include <fcntl.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "image_edit.h"
#include "sgx_error.h"
#include "sgx_file.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "tap.h"

#define CLI "/bin/enclave-build"
/* A refusal costs a key check and a parse: far less than either bound. */
#define BAD_INPUT_MAX_SECONDS 10.0
#define BAD_INPUT_MAX_RSS_KB (64 * 1024)
/* A tool that blocks or reads for ever is killed at this point. */
#define BAD_INPUT_KILL_SECONDS 30

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

struct measured {
	int status;		/* exit status, -1 if killed */
	long max_rss_kb;
	double seconds;
};

/*
 * Runs the CLI on argv (argv[0] is CLI) with stdin from /dev/null and
 * stdout and stderr in out; measures its peak RSS and wall time.
 */
static struct measured run_measured(char *const argv[], char *out, size_t len)
{
	struct measured m = { .status = -1 };
	struct timespec t0, t1;
	struct rusage ru;
	char drain[256];
	int pipefd[2], st;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(pipefd))
		tap_bail("pipe");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		alarm(BAD_INPUT_KILL_SECONDS);	/* survives execv() */
		execv(CLI, argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((r = read(pipefd[0], n < len - 1 ? out + n : drain,
			 n < len - 1 ? len - 1 - n : sizeof(drain))) > 0)
		if (n < len - 1)
			n += r;
	out[n] = '\0';
	close(pipefd[0]);
	if (wait4(pid, &st, 0, &ru) != pid)
		tap_bail("wait4");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (WIFEXITED(st))
		m.status = WEXITSTATUS(st);
	m.max_rss_kb = ru.ru_maxrss;
	m.seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	return m;
}

/* The CLI refuses argv with status 1 and a message holding want, cheaply. */
static void check_refused(char *const argv[], const char *want, const char *what)
{
	static char out[8192];
	struct measured m = run_measured(argv, out, sizeof(out));

	tap_check(m.status == 1 && strstr(out, want),
		  "%s: refused, the error names it", what);
	if (m.status != 1 || !strstr(out, want))
		tap_diag("status %d, output \"%s\"; want \"%s\"", m.status, out, want);
	tap_check(m.seconds < BAD_INPUT_MAX_SECONDS && m.max_rss_kb < BAD_INPUT_MAX_RSS_KB,
		  "%s: refused within %.0f s and %d MiB", what,
		  BAD_INPUT_MAX_SECONDS, BAD_INPUT_MAX_RSS_KB / 1024);
	tap_diag("%s: %.2f s, peak RSS %ld KiB", what, m.seconds, m.max_rss_kb);
}

/* Found by mutating the sample: 3.7 GB laid out, then the OOM killer. */
static void check_huge_memsz(void)
{
	static const char path[] = "/tmp/enclave-build-memsz.elf";
	char *const argv[] = { CLI, "--key", SGX_SAMPLE_KEY, (char *)path, NULL };
	uint8_t *img;
	size_t len;

	if (sgx_file_read(SGX_SAMPLE_IMAGE, "sample image", SGX_IMAGE_MAX_FILE_SIZE,
			  &img, &len))
		tap_bail("reading the sample image");
	image_edit_phdr(img, PT_LOAD, PF_R)->p_memsz = 0xe4008000;
	image_edit_save(img, len, path);
	free(img);
	check_refused(argv, "p_memsz 0xe4008000", "an image with PT_LOAD MemSiz 0xe4008000");
	unlink(path);
}

/* Opening a FIFO for the key blocked until a writer came: for ever. */
static void check_key_fifo(void)
{
	static const char path[] = "/tmp/enclave-build-key.fifo";
	char *const argv[] = { CLI, "--key", (char *)path, SGX_SAMPLE_IMAGE, NULL };

	unlink(path);
	if (mkfifo(path, 0600))
		tap_bail("mkfifo %s", path);
	check_refused(argv, "enclave-build-key.fifo: not a regular file", "a FIFO as the key");
	unlink(path);
}

/* OpenSSL asked for a pass phrase on the terminal. */
static void check_encrypted_key(EVP_PKEY *key)
{
	static const char path[] = "/tmp/enclave-build-encrypted.pem";
	char *const argv[] = { CLI, "--key", (char *)path, SGX_SAMPLE_IMAGE, NULL };
	FILE *f = fopen(path, "w");

	if (!f || !PEM_write_PrivateKey(f, key, EVP_aes_128_cbc(),
					(unsigned char *)"pass", 4, NULL, NULL) ||
	    fclose(f))
		tap_bail("cannot write %s", path);
	check_refused(argv, "encrypted private key", "an encrypted signing key");
	unlink(path);
}

int main(void)
{
	static char out[8192];
	struct sgx_sample s;
	uint8_t mre[32];
	char hex[65], want[128];
	int rc;

	if (sgx_sample_open(&s) || sgx_measure(&s.encl, mre))
		tap_bail("sample enclave");
	snprintf(want, sizeof(want), "MRENCLAVE: %s", sgx_hex(mre, 32, hex));

	rc = run(CLI " --key " SGX_SAMPLE_KEY " --load " SGX_SAMPLE_IMAGE " 2>&1", out, sizeof(out));
	tap_expect_eq(rc, 0, "enclave-build --load of the sample exits 0");
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
		  "the C sample (2 threads) lays out and loads");
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
	check_huge_memsz();
	check_key_fifo();
	check_encrypted_key(s.key);

	sgx_sample_close(&s);
	return tap_done();
}
