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
#include <time.h>
#include <unistd.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "selinux_util.h"
#include "tap.h"

#define POLICY SELINUX_POLICY
#define DIR "/tmp/lsm"
#define NOEXEC_DIR DIR "/noexec"
#define EXEC_SRC DIR "/exec.src"
#define DATA_SRC DIR "/data.src"
#define NOEXEC_SRC NOEXEC_DIR "/exec.src"
#define DOMAIN(t) SELINUX_DOMAIN(t)
#define FILE_CTX(t) SELINUX_FILE_CTX(t)
#define PAGE SGX_PAGE_SIZE

static struct sgx_sample sample;
static int kmsg = -1;

/* ---- set-up ---- */

static void make_source(const char *path, const char *type)
{
	char page[PAGE];

	memset(page, 0xc3, sizeof(page));	/* ret */
	if (selinux_create_file(path, page, sizeof(page), 0755, type))
		tap_bail("cannot create %s labelled %s: %s", path, type,
			 strerror(errno));
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

		range_path(path, sizeof(path), i);
		if (selinux_create_file(path, r->data, r->pages * PAGE, 0644,
					type))
			tap_bail("cannot create %s labelled %s: %s", path, type,
				 strerror(errno));
	}
}

/* ---- the kernel log ---- */

static void kmsg_skip(void)
{
	selinux_kmsg_skip(kmsg);
}

static bool expect_avc(const char *perm, const char *domain,
		       const char *tcontext, const char *tclass,
		       const char *extra, const char *permissive,
		       const char *what)
{
	const struct selinux_avc want = {
		.perm = perm, .scontext = domain, .tcontext = tcontext,
		.tclass = tclass, .permissive = permissive,
		.comm = "lsm_selinux", .extra = extra,
	};
	char line[2048] = "";
	bool ok;

	ok = selinux_avc_find(kmsg, &want, 3000, line, sizeof(line));
	tap_check(ok, "%s: AVC { %s } %s %s%s", what, perm, tclass,
		  extra ? extra : "", ok ? "" : " (not found)");
	if (ok)
		tap_diag("%s", strstr(line, "avc:") ? strstr(line, "avc:") : line);
	return ok;
}

static void expect_no_avc(const char *domain, const char *what)
{
	const struct selinux_avc want = { .scontext = domain };
	char line[2048] = "";
	bool found;

	found = selinux_avc_find(kmsg, &want, 500, line, sizeof(line));
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

typedef void (*body_fn)(const void *arg, void *out);

static struct outcome in_domain(const char *domain, body_fn body,
				const void *arg)
{
	struct outcome o;
	int transition;

	memset(&o, 0, sizeof(o));
	kmsg_skip();
	if (selinux_run_in_domain(domain, body, arg, &o, sizeof(o), &transition))
		tap_bail("cannot start a child: %s", strerror(errno));
	o.transition = transition;
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

static void add_body(const void *arg, void *out)
{
	struct outcome *o = out;
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
static void partial_body(const void *arg, void *out)
{
	struct outcome *o = out;
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

static void init_body(const void *arg, void *out)
{
	struct outcome *o = out;
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
static void eaug_body(const void *arg, void *out)
{
	struct outcome *o = out;
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
static const char *const execmod_only = DOMAIN("sgx_execmod_t");

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

/* W+X at once needs execmem too, even with execute and execmod on the file. */
static void test_file_wx_execmem(void)
{
	check_add(execmod_only, SRC_EXEC, R | X, false, 0,
		  "R-X page from an enclave_exec_t file, execmod but no execmem");
	check_add(execmod_only, SRC_EXEC, R | W | X, false, EACCES,
		  "RWX page from an enclave_exec_t file, execmod but no execmem");
	expect_avc("execmem", execmod_only, execmod_only, "process", NULL, "0",
		   "process:execmem denied (W+X from a file)");
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

	if (selinux_set_enforce(false)) {
		tap_check(false, "switch to permissive mode: %s", strerror(errno));
		return;
	}
	check_add(confined, SRC_DATA, R | X, false, 0,
		  "permissive mode: R-X page from an enclave_data_t file, confined");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "1", "permissive mode: denial logged");
	if (selinux_set_enforce(true))
		tap_bail("cannot switch back to enforcing: %s", strerror(errno));
}

int main(void)
{
	size_t i;

	if (selinux_mount())
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

	if (selinux_load_policy(POLICY))
		tap_bail("cannot load %s: %s", POLICY, strerror(errno));
	if (selinux_set_enforce(true))
		tap_bail("cannot enforce: %s", strerror(errno));
	tap_check(true, "policy %s loaded, enforcing", POLICY);
	/* Opened before the first denial, without printk's rate limit. */
	kmsg = selinux_kmsg_open();
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
	test_file_wx_execmem();
	test_anon_execmem();
	test_noexec();
	test_partial();
	test_init();
	test_eaug();
	test_permissive();

	umount(NOEXEC_DIR);
	/* Leave later tests of this boot an unconfined, permissive system. */
	selinux_set_enforce(false);
	sgx_sample_close(&sample);
	return tap_done();
}
