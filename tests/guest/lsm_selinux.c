// SPDX-License-Identifier: GPL-2.0
/*
 * SELinux decides what may become executable in an SGX enclave (the
 * security_enclave_* hooks).  Loads the sgxlsm test policy (policy/), then,
 * for each rule, runs one allowed and one denied case in a child process
 * that has switched (dyntransition) to a loader domain of that policy, and
 * looks for the AVC record of each denial in the kernel log (/dev/kmsg):
 *
 *   page declared X from a file          file:execute on the file
 *   page declared W+X from a file        file:execmod on the file
 *   page declared X from anonymous mem.  process:execmem
 *   source on a noexec mount             refused by the driver, no AVC
 *   EAUG pages executable                process:execmem, asked at EINIT
 *   EINIT                                process2:sgx_launch
 *   permissive domain / permissive mode  logged with permissive=1, allowed
 *
 * Fails at once when SELinux is not enabled (boot with
 * lsm=capability,selinux) or there is no /dev/sgx_enclave (boot with
 * sgx_model).
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define SELINUXFS "/sys/fs/selinux"
#define POLICY "/data/selinux/policy.33"
#define DIR "/tmp/lsm"
#define NOEXEC_DIR DIR "/noexec"
#define EXEC_SRC DIR "/exec.src"
#define DATA_SRC DIR "/data.src"
#define NOEXEC_SRC NOEXEC_DIR "/exec.src"
#define DOMAIN(t) "system_u:system_r:" t
#define FILE_CTX(t) "system_u:object_r:" t
#define PAGE SGX_PAGE_SIZE

static struct sgx_sample sample;
static int kmsg = -1;

/* ---- set-up ---- */

static int write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int write_str(const char *path, const char *s)
{
	return write_file(path, s, strlen(s));
}

static int load_policy(void)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd = open(POLICY, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0 || (size_t)n == sizeof(buf))
		return errno = EFBIG, -1;
	return write_file(SELINUXFS "/load", buf, n);
}

static void make_source(const char *path, const char *type)
{
	char page[PAGE];
	int fd;

	memset(page, 0xc3, sizeof(page));	/* ret */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, page, sizeof(page)) != (ssize_t)sizeof(page))
		tap_bail("cannot create %s: %s", path, strerror(errno));
	close(fd);
	if (setxattr(path, "security.selinux", type, strlen(type) + 1, 0))
		tap_bail("cannot label %s %s: %s", path, type, strerror(errno));
}

/* Per-range source files of the sample enclave, for loading it from files. */
static void range_path(char *buf, size_t len, size_t i)
{
	snprintf(buf, len, DIR "/range%zu.src", i);
}

static void make_range_sources(void)
{
	size_t i;

	for (i = 0; i < sample.encl.nranges; i++) {
		const struct sgx_range *r = &sample.encl.ranges[i];
		const char *type = r->secinfo_flags & SGX_SECINFO_X ?
			FILE_CTX("enclave_exec_t") : FILE_CTX("enclave_data_t");
		char path[64];
		int fd;

		range_path(path, sizeof(path), i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 ||
		    write(fd, r->data, r->pages * PAGE) != (ssize_t)(r->pages * PAGE))
			tap_bail("cannot create %s: %s", path, strerror(errno));
		close(fd);
		if (setxattr(path, "security.selinux", type, strlen(type) + 1, 0))
			tap_bail("cannot label %s: %s", path, strerror(errno));
	}
}

/* ---- the kernel log ---- */

static void kmsg_skip(void)
{
	lseek(kmsg, 0, SEEK_END);
}

/*
 * Waits up to timeout_ms for a kernel log record (since kmsg_skip())
 * containing every string of needles (NULL-terminated); AVC records reach
 * the log through kauditd, a little after the denial.
 */
static bool kmsg_find(const char *const *needles, int timeout_ms, char *found,
		      size_t found_len)
{
	char rec[2048];
	int waited = 0;

	for (;;) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);

		if (n > 0) {
			const char *const *p;

			rec[n] = '\0';
			for (p = needles; *p && strstr(rec, *p); p++)
				;
			if (!*p) {
				if (found) {
					snprintf(found, found_len, "%s", rec);
					found[strcspn(found, "\n")] = '\0';
				}
				return true;
			}
			continue;
		}
		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (waited >= timeout_ms)
			return false;
		usleep(50 * 1000);
		waited += 50;
	}
}

static bool expect_avc(const char *perm, const char *domain,
		       const char *tcontext, const char *tclass,
		       const char *extra, const char *permissive,
		       const char *what)
{
	char want_perm[64], scontext[96], tctx[96], tcl[64], perm_s[32];
	char line[2048] = "";
	const char *needles[8];
	int n = 0;
	bool ok;

	snprintf(want_perm, sizeof(want_perm), "denied  { %s }", perm);
	snprintf(scontext, sizeof(scontext), "scontext=%s", domain);
	snprintf(tctx, sizeof(tctx), "tcontext=%s", tcontext);
	snprintf(tcl, sizeof(tcl), "tclass=%s ", tclass);
	snprintf(perm_s, sizeof(perm_s), "permissive=%s", permissive);
	needles[n++] = want_perm;
	needles[n++] = scontext;
	needles[n++] = tctx;
	needles[n++] = tcl;
	needles[n++] = perm_s;
	needles[n++] = "comm=\"lsm_selinux\"";
	if (extra)
		needles[n++] = extra;
	needles[n] = NULL;
	ok = kmsg_find(needles, 3000, line, sizeof(line));
	tap_check(ok, "%s: AVC { %s } %s %s%s", what, perm, tclass,
		  extra ? extra : "", ok ? "" : " (not found)");
	if (ok)
		tap_diag("%s", strstr(line, "avc:") ? strstr(line, "avc:") : line);
	return ok;
}

static void expect_no_avc(const char *domain, const char *what)
{
	char scontext[96], line[2048] = "";
	const char *needles[] = { "avc:  denied", scontext, NULL };
	bool found;

	snprintf(scontext, sizeof(scontext), "scontext=%s", domain);
	found = kmsg_find(needles, 500, line, sizeof(line));
	tap_check(!found, "%s: no AVC denial logged", what);
	if (found)
		tap_diag("unexpected: %s", line);
}

/* ---- running code in a loader domain ---- */

struct outcome {
	int transition;		/* errno of the dyntransition, 0 if done */
	int err;		/* errno of the operation under test, 0 = success */
	int err2;		/* a second operation's errno, where there is one */
	uint64_t count;		/* ADD_PAGES' count */
	char msg[256];		/* sgx_last_error() of a failing library call */
};

typedef void (*body_fn)(const void *arg, struct outcome *o);

static struct outcome in_domain(const char *domain, body_fn body,
				const void *arg)
{
	struct outcome o;
	int pfd[2], status;
	pid_t pid;

	memset(&o, 0, sizeof(o));
	if (pipe(pfd))
		tap_bail("pipe: %s", strerror(errno));
	fflush(stdout);
	kmsg_skip();
	pid = fork();
	if (pid < 0)
		tap_bail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(pfd[0]);
		if (write_str("/proc/self/attr/current", domain))
			o.transition = errno ? errno : EIO;
		else
			body(arg, &o);
		if (write(pfd[1], &o, sizeof(o)) != (ssize_t)sizeof(o))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &o, sizeof(o)) != (ssize_t)sizeof(o))
		o.transition = EIO;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (o.transition)
		tap_diag("cannot switch to %s: %s", domain, strerror(o.transition));
	if (o.msg[0])
		tap_diag("%s", o.msg);
	return o;
}

/* ---- SGX_IOC_ENCLAVE_ADD_PAGES ---- */

enum source { SRC_ANON, SRC_EXEC, SRC_DATA, SRC_NOEXEC };

struct add_case {
	enum source src;
	uint64_t perm;		/* SECINFO R/W/X */
	bool cow;		/* write the private file mapping first */
};

static void *map_source(enum source src, bool cow)
{
	const char *path = src == SRC_EXEC ? EXEC_SRC :
			   src == SRC_DATA ? DATA_SRC : NOEXEC_SRC;
	void *p;
	int fd;

	if (src == SRC_ANON) {
		p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			memset(p, 0xc3, PAGE);
		return p;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, PAGE, PROT_READ | (cow ? PROT_WRITE : 0), MAP_PRIVATE,
		 fd, 0);
	close(fd);
	if (p != MAP_FAILED && cow)
		((volatile char *)p)[0] = 0x90;
	return p;
}

static void add_body(const void *arg, struct outcome *o)
{
	const struct add_case *c = arg;
	struct sgx_secinfo secinfo;
	struct sgx_loaded ld;
	void *src;

	if (sgx_load_create(&sample.encl, &ld)) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
		return;
	}
	src = map_source(c->src, c->cow);
	if (src == MAP_FAILED) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "cannot map the source");
		sgx_unload(&ld);
		return;
	}
	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | c->perm;
	if (sgx_ioc_add_pages(ld.fd, src, sample.text, PAGE, &secinfo, 0,
			      &o->count))
		o->err = errno;
	munmap(src, PAGE);
	sgx_unload(&ld);
}

static struct outcome add(const char *domain, enum source src, uint64_t perm,
			  bool cow)
{
	struct add_case c = { .src = src, .perm = perm, .cow = cow };

	return in_domain(domain, add_body, &c);
}

/*
 * Two pages in one ADD_PAGES: the first from EXEC_SRC, the second from
 * DATA_SRC mapped right after it, both declared R-X.  The second is denied:
 * count must say one page, and the enclave must take that page afterwards
 * from an allowed source (nothing half-done left behind).
 */
static void partial_body(const void *arg, struct outcome *o)
{
	struct sgx_secinfo secinfo;
	struct sgx_loaded ld;
	uint64_t count;
	char *src;
	int fd;

	(void)arg;
	if (sgx_load_create(&sample.encl, &ld)) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
		return;
	}
	src = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open(EXEC_SRC, O_RDONLY);
	if (src == MAP_FAILED || fd < 0 ||
	    mmap(src, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
		goto fail;
	close(fd);
	fd = open(DATA_SRC, O_RDONLY);
	if (fd < 0 ||
	    mmap(src + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
		goto fail;
	close(fd);
	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_X;
	if (sgx_ioc_add_pages(ld.fd, src, sample.text, 2 * PAGE, &secinfo, 0,
			      &o->count))
		o->err = errno;
	/* The refused page again, from the allowed source. */
	if (sgx_ioc_add_pages(ld.fd, src, sample.text + PAGE, PAGE, &secinfo, 0,
			      &count))
		o->err2 = errno;
	munmap(src, 2 * PAGE);
	sgx_unload(&ld);
	return;
fail:
	o->err = errno ? errno : EIO;
	snprintf(o->msg, sizeof(o->msg), "cannot map the sources");
	sgx_unload(&ld);
}

/* ---- whole enclaves: EINIT and EAUG ---- */

/*
 * Builds the sample enclave from the per-range files (X ranges labelled
 * enclave_exec_t, the others enclave_data_t) and runs EINIT.  If exec_hole,
 * a page of the spare (EAUG) area is mapped RWX before EINIT.
 */
static int build_enclave(struct sgx_loaded *ld, struct outcome *o,
			 bool exec_hole)
{
	struct sgx_load_opts opts = { .key = sample.key };
	size_t i;

	if (sgx_load_create(&sample.encl, ld))
		goto fail;
	for (i = 0; i < sample.encl.nranges; i++) {
		const struct sgx_range *r = &sample.encl.ranges[i];
		struct sgx_secinfo secinfo;
		uint64_t count;
		char path[64];
		void *src;
		int fd;

		range_path(path, sizeof(path), i);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			goto fail_errno;
		src = mmap(NULL, r->pages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (src == MAP_FAILED)
			goto fail_errno;
		memset(&secinfo, 0, sizeof(secinfo));
		secinfo.flags = r->secinfo_flags;
		if (sgx_ioc_add_pages(ld->fd, src, r->offset, r->pages * PAGE,
				      &secinfo, SGX_PAGE_MEASURE, &count)) {
			sgx_fail(errno, "ADD_PAGES of range %zu (%s)", i,
				 sgx_perm_str(r->secinfo_flags));
			munmap(src, r->pages * PAGE);
			goto fail;
		}
		munmap(src, r->pages * PAGE);
	}
	if (exec_hole &&
	    mmap(ld->base + sample.hole + PAGE, PAGE,
		 PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_FIXED,
		 ld->fd, 0) == MAP_FAILED) {
		sgx_fail(errno, "RWX mmap of a spare page before EINIT");
		goto fail;
	}
	if (sgx_load_init(&sample.encl, &opts, ld))
		goto fail;
	return 0;
fail_errno:
	sgx_fail(errno, "cannot map a source file");
fail:
	o->err = errno;
	snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
	sgx_unload(ld);
	return -1;
}

static void init_body(const void *arg, struct outcome *o)
{
	struct sgx_loaded ld;

	(void)arg;
	if (!build_enclave(&ld, o, false))
		sgx_unload(&ld);
}

static sigjmp_buf fault_jmp;

static void on_sigbus(int sig)
{
	siglongjmp(fault_jmp, sig);
}

/*
 * After EINIT: err  = mprotect(PROT_EXEC) of a page just added by EAUG,
 *              err2 = mmap(PROT_EXEC) of a spare page with no page yet,
 *              count = 1 if touching a page of the RWX VMA mapped before
 *                      EINIT raised SIGBUS instead of adding it.
 */
static void eaug_body(const void *arg, struct outcome *o)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	struct sgx_loaded ld;
	volatile uint8_t *page;

	(void)arg;
	if (build_enclave(&ld, o, true)) {
		o->err = o->err ? o->err : EIO;
		return;
	}
	page = ld.base + sample.hole;
	if (mmap((void *)page, PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "RW mmap of a spare page: %s",
			 strerror(errno));
		goto out;
	}
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(fault_jmp, 1) == 0) {
		(void)page[0];		/* EAUG */
	} else {
		o->err = EFAULT;
		snprintf(o->msg, sizeof(o->msg), "touching a spare page faulted");
		goto out;
	}
	if (mprotect((void *)page, PAGE, PROT_READ | PROT_EXEC))
		o->err = errno;
	if (mmap((void *)(page + 2 * PAGE), PAGE, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED)
		o->err2 = errno;
	if (sigsetjmp(fault_jmp, 1) == 0)
		(void)page[PAGE];	/* in the RWX VMA made before EINIT */
	else
		o->count = 1;
out:
	sgx_unload(&ld);
}

/* ---- the checks ---- */

static const char *const confined = DOMAIN("sgx_confined_t");
static const char *const trusted = DOMAIN("sgx_trusted_t");
static const char *const nolaunch = DOMAIN("sgx_nolaunch_t");
static const char *const permissive = DOMAIN("sgx_permissive_t");

#define R SGX_SECINFO_R
#define W SGX_SECINFO_W
#define X SGX_SECINFO_X

static void check_add(const char *domain, enum source src, uint64_t perm,
		      bool cow, int want, const char *what)
{
	struct outcome o = add(domain, src, perm, cow);

	tap_check(!o.transition && o.err == want, "%s: ADD_PAGES %s (%s)", what,
		  want ? strerror(want) : "succeeds",
		  o.err ? strerror(o.err) : "success");
	if (!want)
		tap_check(o.count == PAGE, "%s: count is one page (%llu)", what,
			  (unsigned long long)o.count);
}

static void test_file_execute(void)
{
	check_add(confined, SRC_EXEC, R | X, false, 0,
		  "R-X page from an enclave_exec_t file, confined");
	expect_no_avc(confined, "R-X page from an enclave_exec_t file");
	check_add(confined, SRC_DATA, R | X, false, EACCES,
		  "R-X page from an enclave_data_t file, confined");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "0", "file:execute denied");
	check_add(confined, SRC_DATA, R, false, 0,
		  "R-- page from an enclave_data_t file, confined");
	expect_no_avc(confined, "R-- page from an enclave_data_t file");
}

static void test_file_execmod(void)
{
	check_add(trusted, SRC_EXEC, R | W | X, false, 0,
		  "RWX page from a file, trusted");
	expect_no_avc(trusted, "RWX page from a file, trusted");
	check_add(confined, SRC_EXEC, R | W | X, false, EACCES,
		  "RWX page from an enclave_exec_t file, confined");
	expect_avc("execmod", confined, FILE_CTX("enclave_exec_t"), "file",
		   "path=\"" EXEC_SRC "\"", "0", "file:execmod denied (W+X)");
	check_add(confined, SRC_EXEC, R | X, true, EACCES,
		  "R-X page from a written private mapping of an enclave_exec_t file, confined");
	expect_avc("execmod", confined, FILE_CTX("enclave_exec_t"), "file",
		   "path=\"" EXEC_SRC "\"", "0", "file:execmod denied (COW)");
}

static void test_anon_execmem(void)
{
	check_add(trusted, SRC_ANON, R | X, false, 0,
		  "R-X page from anonymous memory, trusted");
	expect_no_avc(trusted, "R-X page from anonymous memory, trusted");
	check_add(confined, SRC_ANON, R | X, false, EACCES,
		  "R-X page from anonymous memory, confined");
	expect_avc("execmem", confined, confined, "process", NULL, "0",
		   "process:execmem denied (anonymous source)");
	check_add(confined, SRC_ANON, R | W, false, 0,
		  "RW- page from anonymous memory, confined");
	expect_no_avc(confined, "RW- page from anonymous memory, confined");
}

static void test_noexec(void)
{
	check_add(trusted, SRC_NOEXEC, R | X, false, EACCES,
		  "R-X page from a noexec mount, trusted");
	expect_no_avc(trusted, "noexec source (the driver refuses it)");
}

static void test_partial(void)
{
	struct outcome o = in_domain(confined, partial_body, NULL);

	tap_check(!o.transition && o.err == EACCES,
		  "2 pages, the 2nd denied: ADD_PAGES fails with EACCES (%s)",
		  o.err ? strerror(o.err) : "success");
	tap_check(o.count == PAGE,
		  "2 pages, the 2nd denied: count reports the 1st only (%llu)",
		  (unsigned long long)o.count);
	tap_check(!o.err2,
		  "the denied page can then be added from an allowed source (%s)",
		  o.err2 ? strerror(o.err2) : "success");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "0", "2 pages, the 2nd denied");
}

static void test_init(void)
{
	struct outcome o;

	o = in_domain(confined, init_body, NULL);
	tap_check(!o.transition && !o.err, "EINIT with sgx_launch succeeds (%s)",
		  o.err ? strerror(o.err) : "success");
	o = in_domain(nolaunch, init_body, NULL);
	tap_check(!o.transition && o.err == EACCES,
		  "EINIT without sgx_launch fails with EACCES (%s)",
		  o.err ? strerror(o.err) : "success");
	expect_avc("sgx_launch", nolaunch, nolaunch, "process2",
		   "path=\"/dev/sgx_enclave\"", "0", "process2:sgx_launch denied");
}

static void test_eaug(void)
{
	struct outcome o;

	o = in_domain(trusted, eaug_body, NULL);
	tap_check(!o.transition && !o.err,
		  "trusted (execmem): mprotect(R-X) of an EAUG page succeeds (%s)",
		  o.err ? strerror(o.err) : "success");
	tap_check(!o.err2,
		  "trusted (execmem): mmap(R-X) of a spare page succeeds (%s)",
		  o.err2 ? strerror(o.err2) : "success");
	tap_check(o.count == 0,
		  "trusted (execmem): a spare page in an RWX VMA is added on access");
	expect_no_avc(trusted, "EAUG, trusted");

	o = in_domain(confined, eaug_body, NULL);
	tap_check(!o.transition && o.err == EACCES,
		  "confined (no execmem): mprotect(R-X) of an EAUG page fails with EACCES (%s)",
		  o.err ? strerror(o.err) : "success");
	tap_check(o.err2 == EACCES,
		  "confined (no execmem): mmap(R-X) of a spare page fails with EACCES (%s)",
		  o.err2 ? strerror(o.err2) : "success");
	tap_check(o.count == 1,
		  "confined (no execmem): a spare page in an RWX VMA made before EINIT raises SIGBUS");
	expect_avc("execmem", confined, confined, "process",
		   "path=\"/dev/sgx_enclave\"", "0",
		   "process:execmem denied for EAUG pages at EINIT");
}

static void test_permissive(void)
{
	check_add(permissive, SRC_ANON, R | X, false, 0,
		  "permissive domain: R-X page from anonymous memory");
	expect_avc("execmem", permissive, permissive, "process", NULL, "1",
		   "permissive domain: denial logged");

	if (write_str(SELINUXFS "/enforce", "0")) {
		tap_check(false, "switch to permissive mode: %s", strerror(errno));
		return;
	}
	check_add(confined, SRC_DATA, R | X, false, 0,
		  "permissive mode: R-X page from an enclave_data_t file, confined");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "1", "permissive mode: denial logged");
	if (write_str(SELINUXFS "/enforce", "1"))
		tap_bail("cannot switch back to enforcing: %s", strerror(errno));
}

int main(void)
{
	size_t i;

	mkdir(SELINUXFS, 0755);
	if (mount("selinuxfs", SELINUXFS, "selinuxfs", 0, NULL) &&
	    errno != EBUSY)
		tap_bail("SELinux is not enabled (boot with lsm=capability,selinux)");
	if (access("/dev/sgx_enclave", F_OK))
		tap_bail("no /dev/sgx_enclave (boot with sgx_model)");
	if (sgx_sample_open(&sample))
		tap_bail("sample enclave: %s", sgx_last_error());
	/*
	 * The sample's RWX page would need execmod; the confined domain
	 * builds whole enclaves, so make that page R-X.
	 */
	for (i = 0; i < sample.encl.nranges; i++)
		if ((sample.encl.ranges[i].secinfo_flags & (W | X)) == (W | X))
			sample.encl.ranges[i].secinfo_flags &= ~W;

	if (load_policy())
		tap_bail("cannot load %s: %s", POLICY, strerror(errno));
	if (write_str(SELINUXFS "/enforce", "1"))
		tap_bail("cannot enforce: %s", strerror(errno));
	tap_check(true, "policy %s loaded, enforcing", POLICY);
	/* Audit records reach the log through printk: no rate limit here. */
	write_str("/proc/sys/kernel/printk_ratelimit", "0");

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0)
		tap_bail("/dev/kmsg: %s", strerror(errno));

	mkdir(DIR, 0755);
	make_source(EXEC_SRC, FILE_CTX("enclave_exec_t"));
	make_source(DATA_SRC, FILE_CTX("enclave_data_t"));
	mkdir(NOEXEC_DIR, 0755);
	if (mount("tmpfs", NOEXEC_DIR, "tmpfs", MS_NOEXEC, NULL))
		tap_bail("noexec tmpfs: %s", strerror(errno));
	make_source(NOEXEC_SRC, FILE_CTX("enclave_exec_t"));
	make_range_sources();

	test_file_execute();
	test_file_execmod();
	test_anon_execmem();
	test_noexec();
	test_partial();
	test_init();
	test_eaug();
	test_permissive();

	umount(NOEXEC_DIR);
	/* Leave later tests of this boot an unconfined, permissive system. */
	write_str(SELINUXFS "/enforce", "0");
	sgx_sample_close(&sample);
	return tap_done();
}
