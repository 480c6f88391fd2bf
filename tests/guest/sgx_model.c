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
 *   them, and is refused (EIO) on a non-debug one;
 * - eviction: on a small EPC (the 'reclaim' suite, sgx_model=4M) an
 *   enclave left alone while others fill the EPC loses every page and its
 *   SECS (EWB, EWB.SECS) and gets them back when touched (ELDU, ELDU.SECS).
 *   On a large EPC nothing may be evicted, and the test says so.
 *
 * Booted without "sgx_model" it checks instead that there is no SGX at all:
 * no device, no model sysfs directory, no "sgx" line in the kernel log.
 *
 * Covered elsewhere, not here: EINIT with good/bad SIGSTRUCTs (init_sig),
 * contents across heavy eviction (reclaim), EPC pages coming back at
 * teardown (teardown).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem_probe.h"
#include "page_pattern.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "model_counters.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "tap.h"

#define SMALL_EPC 4096		/* pages; up to this, oversubscribe it */
#define FILL_PAGES 256ul	/* data pages per filler enclave */
#define MAX_FILL 18
#define VICTIM_PAGES 32ul
#define NODE0_SGX "/sys/devices/system/node/node0/x86/sgx_total_bytes"
#define MODEL_WARNING "sgx_model: SOFTWARE MODEL OF SGX ACTIVE: NO CONFIDENTIALITY"

/* ---- /sys/kernel/sgx_model/leaf_counts ---- */

#define MAX_LEAVES 32

struct leaves {
	int n;
	char name[MAX_LEAVES][16];
	long count[MAX_LEAVES];
};

static void read_leaves(struct leaves *l)
{
	char line[128];
	FILE *f = fopen(SGX_MODEL_SYSFS "/leaf_counts", "r");

	if (!f)
		tap_bail("cannot open " SGX_MODEL_SYSFS "/leaf_counts");
	l->n = 0;
	while (l->n < MAX_LEAVES && fgets(line, sizeof(line), f))
		if (sscanf(line, "%15s %ld", l->name[l->n], &l->count[l->n]) == 2)
			l->n++;
	fclose(f);
}

/* The count of a leaf, or -1 if leaf_counts has no such line. */
static long leaf(const struct leaves *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->name[i], name))
			return l->count[i];
	return -1;
}

/* after - before for one leaf; LONG_MIN (fails any check) if missing. */
static long delta(const struct leaves *before, const struct leaves *after,
		  const char *name)
{
	long a = leaf(before, name), b = leaf(after, name);

	if (a < 0 || b < 0) {
		tap_diag("leaf_counts has no %s line", name);
		return LONG_MIN;
	}
	return b - a;
}

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

/*
 * An enclave of data_pages measured RW pages (pattern e), then unmeasured
 * RW pages (EADD without EEXTEND), then one thread (TCS + SSA).
 */
static void build(struct sgx_enclave *encl, unsigned int e, uint64_t data_pages,
		  uint64_t unmeasured_pages, bool debug)
{
	const uint64_t rw = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_W;
	uint64_t *buf = page_pattern_alloc(e, data_pages), off;

	sgx_enclave_init(encl);
	if (debug)
		encl->attributes |= SGX_ATTR_DEBUG;
	if (sgx_enclave_add(encl, 0, data_pages, rw, SGX_RANGE_HEAP, buf))
		tap_bail("building enclave %u", e);
	off = data_pages * SGX_PAGE_SIZE;
	if (unmeasured_pages) {
		if (sgx_enclave_add(encl, off, unmeasured_pages, rw, SGX_RANGE_HEAP, NULL))
			tap_bail("building enclave %u", e);
		encl->ranges[encl->nranges - 1].measured = false;
		off += unmeasured_pages * SGX_PAGE_SIZE;
	}
	if (sgx_enclave_add_thread(encl, off, 0, 0) || sgx_enclave_finish(encl, 0))
		tap_bail("building enclave %u", e);
	free(buf);
}

static void load(const struct sgx_enclave *encl, EVP_PKEY *key,
		 struct sgx_loaded *ld, const char *what)
{
	struct sgx_load_opts o = { .key = key };

	if (sgx_load(encl, &o, ld))
		tap_bail("loading %s", what);
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
	tap_check(log && !log_line(log, "sgx", true, line, sizeof(line)),
		  "no line of the kernel log mentions sgx");
	if (log && log_line(log, "sgx", true, line, sizeof(line)))
		tap_diag("kernel log: %s", line);
	free(log);
	return tap_done();
}

/* ---- with the model ---- */

static long check_enumeration(void)
{
	unsigned long long a = 0, b = 0, ma = 0, mb = 0;
	long epc, node, encls, encls2, sum = 0, eremove = -1;
	struct leaves l;
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
		read_leaves(&l);
		eremove = leaf(&l, "EREMOVE");
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
	read_leaves(&l);
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
	return epc;
}

/* Leaf counts of building and initializing one signed enclave. */
static void check_accounting(const struct sgx_enclave *encl, EVP_PKEY *key,
			     struct sgx_loaded *ld)
{
	uint64_t pages = 0, measured = 0, va;
	struct leaves before, after;
	size_t i;

	for (i = 0; i < encl->nranges; i++) {
		pages += encl->ranges[i].pages;
		if (encl->ranges[i].measured)
			measured += encl->ranges[i].pages;
	}
	/* One VA page per 512 enclave pages, the SECS counted (sgx_encl_grow). */
	va = (1 + pages + 511) / 512;

	read_leaves(&before);
	load(encl, key, ld, "the accounting enclave");
	read_leaves(&after);
	tap_diag("enclave of %llu pages (%llu measured) in %zu ranges, size 0x%llx",
		 (unsigned long long)pages, (unsigned long long)measured,
		 encl->nranges, (unsigned long long)encl->size);
	tap_expect_eq(delta(&before, &after, "ECREATE"), 1, "ECREATE once");
	tap_expect_eq(delta(&before, &after, "EADD"), pages, "EADD once per page");
	tap_expect_eq(delta(&before, &after, "EEXTEND"), 16 * measured,
		      "EEXTEND 16 times per measured page");
	tap_expect_eq(delta(&before, &after, "EPA"), va,
		      "EPA once per 512 pages and the SECS (VA pages)");
	tap_expect_eq(delta(&before, &after, "EINIT"), 1, "EINIT once");
}

/* EDBGRD/EDBGWR through /proc/self/mem (the driver's sgx_vma_access). */
static void check_debug(const struct sgx_enclave *dbg, const struct sgx_loaded *d,
			const struct sgx_loaded *nd)
{
	const uint64_t want = 0xdeb9deb9c0ffee11ull;
	const uint64_t roff = 3 * SGX_PAGE_SIZE + 5, rlen = 13;	/* crosses 8-byte words */
	const struct sgx_range *r = sgx_enclave_range_at(dbg, roff);
	struct leaves before, after;
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

	read_leaves(&before);
	n = pwrite(mem, &want, sizeof(want), (off_t)(uintptr_t)(d->base + SGX_PAGE_SIZE + 64));
	read_leaves(&after);
	if (!tap_expect_eq(n, sizeof(want), "DEBUG enclave: 8-byte write via /proc/self/mem") &&
	    n < 0)
		tap_diag("errno %s", tap_errno_name(errno));
	ok = probe_copy(&word, d->base + SGX_PAGE_SIZE + 64, sizeof(word), &sig);
	if (!tap_check(ok && word == want, "DEBUG enclave: the written word is in the EPC page"))
		tap_diag("read %s, word 0x%llx", ok ? "went through" : "faulted",
			 (unsigned long long)word);
	tap_expect_eq(delta(&before, &after, "EDBGRD"), 1, "the write was one EDBGRD ...");
	tap_expect_eq(delta(&before, &after, "EDBGWR"), 1, "... and one EDBGWR");

	read_leaves(&before);
	memset(got, 0, sizeof(got));
	n = pread(mem, got, rlen, (off_t)(uintptr_t)(d->base + roff));
	read_leaves(&after);
	if (!tap_check(n == (ssize_t)rlen && !memcmp(got, r->data + (roff - r->offset), rlen),
		       "DEBUG enclave: unaligned 13-byte read via /proc/self/mem returns the page's bytes"))
		tap_diag("read returned %zd", n);
	tap_expect_eq(delta(&before, &after, "EDBGRD"), words,
		      "the read was one EDBGRD per 8-byte word it touched ...");
	tap_expect_eq(delta(&before, &after, "EDBGWR"), 0, "... and no EDBGWR");

	/* A non-debug enclave: sgx_vma_access says -EFAULT, /proc says EIO. */
	if (!probe_copy(orig, nd->base + SGX_PAGE_SIZE, sizeof(orig), &sig))
		tap_bail("reading the non-debug enclave through its mapping faulted");
	read_leaves(&before);
	tap_check_errno(pread(mem, got, 8, (off_t)(uintptr_t)(nd->base + SGX_PAGE_SIZE)), EIO,
			"non-debug enclave: read via /proc/self/mem fails with EIO");
	tap_check_errno(pwrite(mem, &want, 8, (off_t)(uintptr_t)(nd->base + SGX_PAGE_SIZE)), EIO,
			"non-debug enclave: write via /proc/self/mem fails with EIO");
	read_leaves(&after);
	tap_check(probe_copy(&word, nd->base + SGX_PAGE_SIZE, sizeof(word), &sig) &&
		  !memcmp(&word, orig, sizeof(word)),
		  "non-debug enclave: the refused write changed nothing");
	tap_expect_eq(delta(&before, &after, "EDBGRD") + delta(&before, &after, "EDBGWR"), 0,
		      "non-debug enclave: no EDBGRD/EDBGWR issued");
	close(mem);
}

/*
 * A victim enclave is loaded, then fillers while it is left alone; on a
 * small EPC that evicts all its pages and then its SECS.  Touching it again
 * reloads them.
 */
static void check_eviction(long epc, EVP_PKEY *key, const struct leaves *start)
{
	bool small = epc <= SMALL_EPC;
	unsigned int nfill = small ? (unsigned int)(epc / FILL_PAGES + 2) : 2, e;
	struct sgx_enclave victim, fill[MAX_FILL];
	struct sgx_loaded vld, fld[MAX_FILL];
	struct leaves l0, l1, l2, l3;
	uint64_t bad_v, bad_f = 0;

	if (nfill > MAX_FILL)
		nfill = MAX_FILL;
	if (small)
		tap_diag("EPC %ld pages: loading a %lu-page victim, then %u fillers of %lu pages without touching it",
			 epc, VICTIM_PAGES, nfill, FILL_PAGES);
	else
		tap_diag("EPC %ld pages is large: eviction NOT exercised (boot sgx_model=4M, the 'reclaim' suite); checking that nothing is evicted",
			 epc);

	read_leaves(&l0);
	build(&victim, 1000, VICTIM_PAGES, 0, false);
	load(&victim, key, &vld, "the victim enclave");
	for (e = 0; e < nfill; e++) {
		build(&fill[e], e, FILL_PAGES, 0, false);
		load(&fill[e], key, &fld[e], "a filler enclave");
	}
	read_leaves(&l1);
	bad_v = page_pattern_bad(page_pattern_read_mapping, vld.base, 1000, VICTIM_PAGES);
	read_leaves(&l2);
	for (e = 0; e < nfill; e++)
		bad_f += page_pattern_bad(page_pattern_read_mapping, fld[e].base, e,
					  FILL_PAGES);
	read_leaves(&l3);

	tap_expect_eq(bad_v, 0, "victim: all its data pages read back intact");
	tap_expect_eq(bad_f, 0, "fillers: all their data pages read back intact");
	if (small) {
		tap_diag("EWB +%ld, EWB.SECS +%ld, then ELDU.SECS +%ld, ELDU +%ld, then ELDU +%ld",
			 delta(&l0, &l1, "EWB"), delta(&l0, &l1, "EWB.SECS"),
			 delta(&l1, &l2, "ELDU.SECS"), delta(&l1, &l2, "ELDU"),
			 delta(&l2, &l3, "ELDU"));
		tap_check(VICTIM_PAGES + nfill * FILL_PAGES > (uint64_t)epc,
			  "the enclaves hold more data pages than the EPC has");
		tap_check(delta(&l0, &l1, "EWB") > 0, "loading the fillers evicted pages (EWB)");
		tap_check(delta(&l0, &l1, "EWB.SECS") > 0,
			  "loading the fillers wrote SECS pages back (EWB.SECS)");
		tap_check(delta(&l1, &l2, "ELDU.SECS") > 0,
			  "touching the victim reloaded its SECS (ELDU.SECS)");
		tap_check(delta(&l1, &l2, "ELDU") >= (long)VICTIM_PAGES + 1,
			  "touching the victim reloaded each page and the SECS (ELDU)");
		tap_check(delta(&l2, &l3, "ELDU") > 0,
			  "reading the fillers back reloaded evicted pages (ELDU)");
	}
	sgx_unload(&vld);
	sgx_enclave_free(&victim);
	for (e = 0; e < nfill; e++) {
		sgx_unload(&fld[e]);
		sgx_enclave_free(&fill[e]);
	}
	if (!small) {
		read_leaves(&l3);
		tap_expect_eq(delta(start, &l3, "EWB") + delta(start, &l3, "ELDU"), 0,
			      "large EPC: no page was evicted or reloaded during the test");
	}
}

int main(void)
{
	struct sgx_enclave dbg, nodbg;
	struct sgx_loaded d, nd;
	struct leaves start;
	EVP_PKEY *key;
	long epc;

	if (!booted_with_model())
		return test_absent();

	epc = check_enumeration();
	read_leaves(&start);
	key = sgx_key_load(SGX_SAMPLE_KEY);
	if (!key)
		tap_bail("signing key %s", SGX_SAMPLE_KEY);

	/* 8 measured data pages, 2 unmeasured, a thread: a DEBUG enclave. */
	build(&dbg, 1, 8, 2, true);
	check_accounting(&dbg, key, &d);
	build(&nodbg, 2, 4, 0, false);
	load(&nodbg, key, &nd, "the non-debug enclave");
	check_debug(&dbg, &d, &nd);
	sgx_unload(&d);
	sgx_unload(&nd);
	sgx_enclave_free(&dbg);
	sgx_enclave_free(&nodbg);

	check_eviction(epc, key, &start);
	EVP_PKEY_free(key);
	return tap_done();
}
