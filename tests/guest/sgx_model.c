// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: about the software SGX model itself (boot parameter
 * "sgx_model[=SIZE]"), what only it can show: that the unmodified driver
 * really runs on it.
 *
 * - enumeration: /dev/sgx_enclave exists, the model's EPC is the driver's
 *   EPC section (sysfs and kernel log agree), boot-time sanitization went
 *   through the model's EREMOVE, and the log carries the model's warning;
 * - leaf accounting: building and initializing a signed enclave costs the
 *   ECREATE, EADD, EEXTEND, EPA and EINIT the driver must issue for it;
 * - EDBGRD/EDBGWR: /proc/self/mem reads and writes a DEBUG enclave through
 *   them, and is refused (EIO) on a non-debug one.
 *
 * The same on any EPC size; eviction, which needs a small EPC, is
 * model_eviction's.
 *
 * Booted without "sgx_model" it checks instead that there is no SGX at all:
 * no device, no model sysfs directory, no "sgx" line in the kernel log.
 *
 * Covered elsewhere, not here: EINIT with good/bad SIGSTRUCTs (init_sig),
 * contents across heavy eviction (reclaim), EPC pages coming back at
 * teardown (teardown), EWB and ELDU of pages and SECS (model_eviction).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "pattern_enclave.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_key.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define NODE0_SGX "/sys/devices/system/node/node0/x86/sgx_total_bytes"
#define MODEL_WARNING "sgx_model: SOFTWARE MODEL OF SGX ACTIVE: NO CONFIDENTIALITY"

/* ---- the kernel log, from /dev/kmsg ---- */

/* Every message of the log buffer, one per line; NULL if unreadable. */
static char *read_kmsg(void)
{
	size_t len = 0, cap = 1 << 16;
	char *log = malloc(cap), rec[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	bool lost = false;

	if (fd < 0 || !log) {
		tap_diag("cannot read /dev/kmsg: %s", strerror(errno));
		free(log);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *msg, *end;
		size_t mlen;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {	/* overwritten before we read it */
			lost = true;
			continue;
		}
		if (n <= 0)
			break;	/* EAGAIN: the end of the buffer */
		rec[n] = '\0';
		/* "prio,seq,time,flags;message\n" then " KEY=value" lines */
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		end = strchr(msg, '\n');
		mlen = end ? (size_t)(end - msg) : strlen(msg);
		if (len + mlen + 2 > cap) {
			char *bigger = realloc(log, cap *= 2);

			if (!bigger)
				break;
			log = bigger;
		}
		memcpy(log + len, msg, mlen);
		len += mlen;
		log[len++] = '\n';
	}
	log[len] = '\0';
	close(fd);
	if (lost)
		tap_diag("some kernel log records were overwritten before they were read");
	return log;
}

/* The first line of log containing s (case-insensitively if icase), or NULL. */
static const char *log_line(const char *log, const char *s, bool icase,
			    char *out, size_t outlen)
{
	const char *hit = icase ? strcasestr(log, s) : strstr(log, s);
	const char *start, *end;
	size_t n;

	if (!hit)
		return NULL;
	for (start = hit; start > log && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	n = end ? (size_t)(end - start) : strlen(start);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	return out;
}

/*
 * A line of KUnit's report (KTAP): after the timestamp, indented "# ",
 * "ok ", "not ok ", "KTAP" or "1..".  The model's KUnit suite reports
 * itself skipped on a boot without the model, naming sgx_model.
 */
static bool is_kunit_report(const char *line)
{
	const char *p = strchr(line, ']');

	for (p = p ? p + 1 : line; *p == ' '; p++)
		;
	return !strncmp(p, "# ", 2) || !strncmp(p, "ok ", 3) ||
	       !strncmp(p, "not ok ", 7) || !strncmp(p, "KTAP", 4) ||
	       !strncmp(p, "1..", 3);
}

/* The first line of the log that mentions sgx and is not KUnit's report. */
static const char *driver_line_about_sgx(const char *log, char *out, size_t outlen)
{
	const char *at = log;

	while (log_line(at, "sgx", true, out, outlen)) {
		if (!is_kunit_report(out))
			return out;
		at = strchr(strcasestr(at, "sgx"), '\n');
		if (!at)
			break;
	}
	return NULL;
}

/* ---- helpers ---- */

static long read_long_file(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f) {
		tap_diag("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static bool booted_with_model(void)
{
	char buf[4096], *w, *save = NULL;
	FILE *f = fopen("/proc/cmdline", "r");
	bool found = false;

	if (!f || !fgets(buf, sizeof(buf), f))
		tap_bail("cannot read /proc/cmdline");
	fclose(f);
	for (w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		if (!strcmp(w, "sgx_model") || !strncmp(w, "sgx_model=", 10))
			found = true;
	return found;
}

/* ---- absent mode ---- */

static int test_absent(void)
{
	char line[256];
	struct stat st;
	char *log;
	int err;

	tap_diag("/proc/cmdline has no sgx_model: checking that there is no SGX");
	err = stat(SGX_DEVICE, &st) ? errno : 0;
	tap_expect_errno(err, ENOENT, "no " SGX_DEVICE);
	err = stat(SGX_MODEL_SYSFS, &st) ? errno : 0;
	tap_expect_errno(err, ENOENT, "no " SGX_MODEL_SYSFS);
	log = read_kmsg();
	tap_check(log && strstr(log, "Linux version"),
		  "the kernel log was read from its start (has the 'Linux version' line)");
	tap_check(log && !driver_line_about_sgx(log, line, sizeof(line)),
		  "no line of the kernel log outside KUnit's report mentions sgx");
	if (log && driver_line_about_sgx(log, line, sizeof(line)))
		tap_diag("kernel log: %s", line);
	free(log);
	return tap_done();
}

/* ---- with the model ---- */

static void check_enumeration(void)
{
	unsigned long long a = 0, b = 0, ma = 0, mb = 0;
	long epc, node, encls, encls2, sum = 0, eremove = -1;
	struct sgx_model_counts l;
	char line[256];
	struct stat st;
	char *log;
	int i;

	tap_check(stat(SGX_DEVICE, &st) == 0 && S_ISCHR(st.st_mode),
		  SGX_DEVICE " is a character device");
	epc = sgx_model_counter("epc_pages");
	if (epc <= 0)
		tap_bail("the model's EPC size");
	tap_diag("the model has %ld EPC pages", epc);
	node = read_long_file(NODE0_SGX);
	tap_expect_eq(node, epc * (long)SGX_PAGE_SIZE, "node0 sgx_total_bytes is the model's EPC");

	/* ksgxd sanitizes the EPC in the background: give it a moment. */
	for (i = 0; i < 50; i++) {
		sgx_model_leaves(&l);
		eremove = sgx_model_count_of(&l, "EREMOVE");
		if (eremove >= epc)
			break;
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	encls = sgx_model_counter("encls_count");
	if (!tap_check(eremove >= epc,
		       "boot-time EPC sanitization went through the model: an EREMOVE per page"))
		tap_diag("EREMOVE %ld, %ld pages", eremove, epc);
	if (!tap_check(encls >= epc, "encls_count at least the EPC pages"))
		tap_diag("encls_count %ld, %ld pages", encls, epc);
	sgx_model_leaves(&l);
	encls2 = sgx_model_counter("encls_count");
	for (i = 0; i < l.n; i++)
		if (!strchr(l.name[i], '.'))	/* not EWB.SECS / ELDU.SECS */
			sum += l.count[i];
	/* ENCLS may run between the reads: then the sum falls between them. */
	if (!tap_check(sum >= encls && sum <= encls2,
		       "encls_count is the sum of the leaf counts"))
		tap_diag("sum of %d leaves %ld, encls_count %ld then %ld", l.n, sum,
			 encls, encls2);

	log = read_kmsg();
	tap_check(log && strstr(log, "Linux version"),
		  "the kernel log was read from its start (has the 'Linux version' line)");
	tap_check(log && strstr(log, MODEL_WARNING),
		  "kernel log has the model's warning \"" MODEL_WARNING "...\"");
	if (log && log_line(log, "sgx: EPC section ", false, line, sizeof(line)))
		sscanf(line, "sgx: EPC section %llx-%llx", &a, &b);
	if (!tap_check(b > a && (long)((b - a + 1) / SGX_PAGE_SIZE) == epc,
		       "kernel log has the driver's \"sgx: EPC section\" of the model's size"))
		tap_diag("EPC section 0x%llx-0x%llx, %ld pages", a, b, epc);
	if (log && log_line(log, "sgx_model: EPC ", false, line, sizeof(line)))
		sscanf(line, "sgx_model: EPC %llx-%llx", &ma, &mb);
	if (!tap_check(ma == a && mb == b && a, "the model carved out that same range"))
		tap_diag("the model's EPC 0x%llx-0x%llx", ma, mb);
	free(log);
}

/* Leaf counts of building and initializing one signed enclave. */
static void check_accounting(const struct sgx_enclave *encl, EVP_PKEY *key,
			     struct sgx_loaded *ld)
{
	uint64_t pages = 0, measured = 0, va;
	struct sgx_model_counts before, after;
	size_t i;

	for (i = 0; i < encl->nranges; i++) {
		pages += encl->ranges[i].pages;
		if (encl->ranges[i].measured)
			measured += encl->ranges[i].pages;
	}
	/* One VA page per 512 enclave pages, the SECS counted (sgx_encl_grow). */
	va = (1 + pages + 511) / 512;

	sgx_model_leaves(&before);
	pattern_enclave_load(encl, key, ld, "the accounting enclave");
	sgx_model_leaves(&after);
	tap_diag("enclave of %llu pages (%llu measured) in %zu ranges, size 0x%llx",
		 (unsigned long long)pages, (unsigned long long)measured,
		 encl->nranges, (unsigned long long)encl->size);
	tap_expect_eq(sgx_model_delta(&before, &after, "ECREATE"), 1, "ECREATE once");
	tap_expect_eq(sgx_model_delta(&before, &after, "EADD"), pages, "EADD once per page");
	tap_expect_eq(sgx_model_delta(&before, &after, "EEXTEND"), 16 * measured,
		      "EEXTEND 16 times per measured page");
	tap_expect_eq(sgx_model_delta(&before, &after, "EPA"), va,
		      "EPA once per 512 pages and the SECS (VA pages)");
	tap_expect_eq(sgx_model_delta(&before, &after, "EINIT"), 1, "EINIT once");
}

/* EDBGRD/EDBGWR through /proc/self/mem (the driver's sgx_vma_access). */
static void check_debug(const struct sgx_enclave *dbg, const struct sgx_loaded *d,
			const struct sgx_loaded *nd)
{
	const uint64_t want = 0xdeb9deb9c0ffee11ull;
	const uint64_t roff = 3 * SGX_PAGE_SIZE + 5, rlen = 13;	/* crosses 8-byte words */
	const struct sgx_range *r = sgx_enclave_range_at(dbg, roff);
	struct sgx_model_counts before, after;
	uint8_t got[16], orig[8];
	uint64_t word = 0;
	long words = (long)((roff + rlen - 1) / 8 - roff / 8 + 1);
	ssize_t n;
	bool ok;
	int sig, mem = open("/proc/self/mem", O_RDWR);

	if (mem < 0)
		tap_bail("open /proc/self/mem");
	if (!r)
		tap_bail("no range at 0x%llx", (unsigned long long)roff);

	sgx_model_leaves(&before);
	n = pwrite(mem, &want, sizeof(want), (off_t)(uintptr_t)(d->base + SGX_PAGE_SIZE + 64));
	sgx_model_leaves(&after);
	if (!tap_expect_eq(n, sizeof(want), "DEBUG enclave: 8-byte write via /proc/self/mem") &&
	    n < 0)
		tap_diag("errno %s", tap_errno_name(errno));
	ok = probe_copy(&word, d->base + SGX_PAGE_SIZE + 64, sizeof(word), &sig);
	if (!tap_check(ok && word == want, "DEBUG enclave: the written word is in the EPC page"))
		tap_diag("read %s, word 0x%llx", ok ? "went through" : "faulted",
			 (unsigned long long)word);
	tap_expect_eq(sgx_model_delta(&before, &after, "EDBGRD"), 1, "the write was one EDBGRD ...");
	tap_expect_eq(sgx_model_delta(&before, &after, "EDBGWR"), 1, "... and one EDBGWR");

	sgx_model_leaves(&before);
	memset(got, 0, sizeof(got));
	n = pread(mem, got, rlen, (off_t)(uintptr_t)(d->base + roff));
	sgx_model_leaves(&after);
	if (!tap_check(n == (ssize_t)rlen && !memcmp(got, r->data + (roff - r->offset), rlen),
		       "DEBUG enclave: unaligned 13-byte read via /proc/self/mem returns the page's bytes"))
		tap_diag("read returned %zd", n);
	tap_expect_eq(sgx_model_delta(&before, &after, "EDBGRD"), words,
		      "the read was one EDBGRD per 8-byte word it touched ...");
	tap_expect_eq(sgx_model_delta(&before, &after, "EDBGWR"), 0, "... and no EDBGWR");

	/* A non-debug enclave: sgx_vma_access says -EFAULT, /proc says EIO. */
	if (!probe_copy(orig, nd->base + SGX_PAGE_SIZE, sizeof(orig), &sig))
		tap_bail("reading the non-debug enclave through its mapping faulted");
	sgx_model_leaves(&before);
	tap_check_errno(pread(mem, got, 8, (off_t)(uintptr_t)(nd->base + SGX_PAGE_SIZE)), EIO,
			"non-debug enclave: read via /proc/self/mem fails with EIO");
	tap_check_errno(pwrite(mem, &want, 8, (off_t)(uintptr_t)(nd->base + SGX_PAGE_SIZE)), EIO,
			"non-debug enclave: write via /proc/self/mem fails with EIO");
	sgx_model_leaves(&after);
	tap_check(probe_copy(&word, nd->base + SGX_PAGE_SIZE, sizeof(word), &sig) &&
		  !memcmp(&word, orig, sizeof(word)),
		  "non-debug enclave: the refused write changed nothing");
	tap_expect_eq(sgx_model_delta(&before, &after, "EDBGRD") +
		      sgx_model_delta(&before, &after, "EDBGWR"), 0,
		      "non-debug enclave: no EDBGRD/EDBGWR issued");
	close(mem);
}

int main(void)
{
	struct sgx_enclave dbg, nodbg;
	struct sgx_loaded d, nd;
	EVP_PKEY *key;

	if (!booted_with_model())
		return test_absent();

	check_enumeration();
	key = sgx_key_load(SGX_SAMPLE_KEY);
	if (!key)
		tap_bail("signing key %s", SGX_SAMPLE_KEY);

	/* 8 measured data pages, 2 unmeasured, a thread: a DEBUG enclave. */
	pattern_enclave_build(&dbg, 1, 8, 2, true);
	check_accounting(&dbg, key, &d);
	pattern_enclave_build(&nodbg, 2, 4, 0, false);
	pattern_enclave_load(&nodbg, key, &nd, "the non-debug enclave");
	check_debug(&dbg, &d, &nd);
	sgx_unload(&d);
	sgx_unload(&nd);
	sgx_enclave_free(&dbg);
	sgx_enclave_free(&nodbg);
	EVP_PKEY_free(key);
	return tap_done();
}
