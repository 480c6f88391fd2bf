// SPDX-License-Identifier: GPL-2.0
/*
 * SELinux decides what may become executable in an SGX enclave (the
 * security_enclave_* hooks).  Loads the sgxlsm test policy (policy/), then,
 * for each rule, runs one allowed and one denied case in a child process
 * that has switched (dyntransition) to a loader domain of that policy, and
 * looks for the AVC record of each denial in the kernel log (/dev/kmsg):
 *
 *   page declared X from a file          file:execute on the file
 *   X from a modified (COW) file page    file:execmod on the file
 *   X in a debug enclave, from a file    file:execmod on the file
 *   page declared W+X, any source        process2:sgx_execmem
 *   page declared X from anonymous mem.  process2:sgx_execmem (not execmem)
 *   source on a noexec mount             refused by the driver, no AVC
 *   source on an overlay                 the mounter's rights count too
 *   EAUG pages mapped or faulted X       process2:sgx_execaug, asked then
 *   building and launching               no AVC when every page is allowed
 *   lowering a mapping's protections     never refused
 *   mapping X an enclave opened by       process2:sgx_execmem if it holds
 *   another domain                       such pages or is not initialized
 *   /dev/sgx_vepc                        no loader may open it
 *   policy without sgx_enclave_checks    no enclave checks (6.12's rules)
 *   permissive domain / permissive mode  logged with permissive=1, allowed
 *
 * The cases make demo tells too (lsm-demo) are not written here but taken
 * from the policy's table of cases, selinux_cases.h, so each is said once.
 *
 * Fails at once when SELinux is not enabled (boot with
 * lsm=capability,selinux) or there is no /dev/sgx_enclave (boot with
 * sgx_model).
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "selinux_cases.h"
#include "selinux_util.h"
#include "tap.h"

#define POLICY SELINUX_POLICY
/* The same policy, not declaring the sgx_enclave_checks capability. */
#define POLICY_NOCAP "/data/selinux/policy-nocap.33"
#define ENCLAVE_CAP SELINUX_FS "/policy_capabilities/sgx_enclave_checks"
#define DIR "/tmp/lsm"
#define NOEXEC_DIR DIR "/noexec"
#define EXEC_SRC DIR "/exec.src"
#define DATA_SRC DIR "/data.src"
#define NOEXEC_SRC NOEXEC_DIR "/exec.src"
/* An overlay of LOWER_DIR (and an empty second layer) on OVL_DIR. */
#define LOWER_DIR DIR "/lower"
#define LOWER2_DIR DIR "/lower2"
#define OVL_DIR DIR "/ovl"
#define OVL_SRC OVL_DIR "/exec.src"
#define VEPC_NODE DIR "/sgx_vepc"
#define DOMAIN(t) SELINUX_DOMAIN(t)
#define FILE_CTX(t) SELINUX_FILE_CTX(t)

static struct sgx_sample sample;
/* The sample as a debug enclave (SGX_ATTR_DEBUG). */
static struct sgx_enclave debug_encl;
static int kmsg = -1;

/* ---- set-up ---- */

/* Two pages of 'ret'. */
static void make_source(const char *path, const char *type)
{
	char page[2 * SGX_PAGE_SIZE];

	memset(page, 0xc3, sizeof(page));
	if (selinux_create_file(path, page, sizeof(page), 0755, type))
		tap_bail("cannot create %s labelled %s", path, type);
}

/* Per-range source files of the sample enclave, for loading it from files. */
static void range_path(char *buf, size_t len, size_t i, const void *ctx)
{
	(void)ctx;
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

		range_path(path, sizeof(path), i, NULL);
		if (selinux_create_file(path, r->data, r->pages * SGX_PAGE_SIZE, 0644,
					type))
			tap_bail("cannot create %s labelled %s", path, type);
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
	tap_check(ok, "%s: AVC { %s } %s %s", what, perm, tclass,
		  extra ? extra : "");
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

/* The enclave's own permission for anonymous or W+X executable pages. */
static void expect_sgx_execmem(const char *domain, const char *what)
{
	char label[160];

	snprintf(label, sizeof(label), "process2:sgx_execmem denied (%s)", what);
	expect_avc("sgx_execmem", domain, domain, "process2",
		   "path=\"/dev/sgx_enclave\"", "0", label);
}

/* ---- running code in a loader domain ---- */

struct outcome {
	int transition;		/* errno of the dyntransition, 0 if done */
	int err;		/* errno of the operation under test, 0 = success */
	int err2;		/* a second operation's errno, where there is one */
	int err3;		/* and a third's */
	uint64_t count;		/* ADD_PAGES' count */
	char msg[256];		/* sgx_last_error() of a failing library call */
};

/*
 * Checks the errno (0 for success) a child's step got; a domain the child
 * could not enter fails the check, in_domain() having said why.
 */
#define expect_child(o, got, want, ...)                                   \
	((o).transition ? tap_check(!(o).transition, __VA_ARGS__)          \
			: tap_expect_errno((got), (want), __VA_ARGS__))

/* "EACCES", or "succeeds": what a check's name says is expected. */
static const char *want_str(int want)
{
	return want ? tap_errno_name(want) : "succeeds";
}

typedef void (*body_fn)(const void *arg, void *out);

static struct outcome in_domain(const char *domain, body_fn body,
				const void *arg)
{
	struct outcome o;
	int transition;

	memset(&o, 0, sizeof(o));
	kmsg_skip();
	if (selinux_run_in_domain(domain, body, arg, &o, sizeof(o), &transition))
		tap_bail("cannot start a child");
	o.transition = transition;
	if (o.transition)
		tap_diag("cannot switch to %s: %s", domain,
			 tap_errno_name(o.transition));
	if (o.msg[0])
		tap_diag("%s", o.msg);
	return o;
}

/* ---- SGX_IOC_ENCLAVE_ADD_PAGES ---- */

enum source { SRC_ANON, SRC_EXEC, SRC_DATA, SRC_NOEXEC, SRC_OVERLAY };

/* Which page of the source's private 2-page mapping is written first. */
enum cow { COW_NONE, COW_PAGE, COW_OTHER_PAGE };

struct add_case {
	enum source src;
	uint64_t perm;		/* SECINFO R/W/X */
	enum cow cow;
	bool debug;		/* a debug enclave */
	bool mprotect;		/* then mprotect() the source to the same */
};

/* Maps 2 pages of the source; the first is the one added. */
static void *map_source(enum source src, enum cow cow)
{
	static const char *const path[] = {
		[SRC_EXEC] = EXEC_SRC, [SRC_DATA] = DATA_SRC,
		[SRC_NOEXEC] = NOEXEC_SRC, [SRC_OVERLAY] = OVL_SRC,
	};
	volatile char *p;
	int fd;

	if (src == SRC_ANON) {
		p = mmap(NULL, 2 * SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			memset((void *)p, 0xc3, 2 * SGX_PAGE_SIZE);
		return (void *)p;
	}
	fd = open(path[src], O_RDONLY);
	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, 2 * SGX_PAGE_SIZE, PROT_READ | (cow ? PROT_WRITE : 0),
		 MAP_PRIVATE, fd, 0);
	close(fd);
	if (p != MAP_FAILED && cow != COW_NONE)
		p[cow == COW_PAGE ? 0 : SGX_PAGE_SIZE] = 0x90;
	return (void *)p;
}

static void add_body(const void *arg, void *out)
{
	struct outcome *o = out;
	const struct add_case *c = arg;
	struct sgx_secinfo secinfo;
	struct sgx_loaded ld;
	void *src;

	if (sgx_load_create(c->debug ? &debug_encl : &sample.encl, &ld)) {
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
	if (sgx_ioc_add_pages(ld.fd, src, sample.text, SGX_PAGE_SIZE, &secinfo, 0,
			      &o->count))
		o->err = errno;
	if (c->mprotect && mprotect(src, SGX_PAGE_SIZE, sgx_max_prot(secinfo.flags)))
		o->err2 = errno;
	munmap(src, 2 * SGX_PAGE_SIZE);
	sgx_unload(&ld);
}

static struct outcome add(const struct add_case *c, const char *domain)
{
	return in_domain(domain, add_body, c);
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
	src = mmap(NULL, 2 * SGX_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open(EXEC_SRC, O_RDONLY);
	if (src == MAP_FAILED || fd < 0 ||
	    mmap(src, SGX_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
		goto fail;
	close(fd);
	fd = open(DATA_SRC, O_RDONLY);
	if (fd < 0 ||
	    mmap(src + SGX_PAGE_SIZE, SGX_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
		goto fail;
	close(fd);
	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_X;
	if (sgx_ioc_add_pages(ld.fd, src, sample.text, 2 * SGX_PAGE_SIZE, &secinfo, 0,
			      &o->count))
		o->err = errno;
	/* The refused page again, from the allowed source. */
	if (sgx_ioc_add_pages(ld.fd, src, sample.text + SGX_PAGE_SIZE, SGX_PAGE_SIZE, &secinfo, 0,
			      &count))
		o->err2 = errno;
	munmap(src, 2 * SGX_PAGE_SIZE);
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
 * enclave_exec_t, the others enclave_data_t) and, if init, runs EINIT.  If
 * exec_hole, a page of the spare (EAUG) area is mapped RWX before EINIT.
 */
static int build_enclave(struct sgx_loaded *ld, struct outcome *o,
			 bool exec_hole, bool init)
{
	struct sgx_load_opts opts = {
		.key = sample.key, .source_path = range_path,
	};

	if (sgx_load_create(&sample.encl, ld) ||
	    sgx_load_add_all(&sample.encl, &opts, ld))
		goto fail;
	if (exec_hole &&
	    mmap(ld->base + sample.hole + SGX_PAGE_SIZE, SGX_PAGE_SIZE,
		 PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_FIXED,
		 ld->fd, 0) == MAP_FAILED) {
		sgx_fail(errno, "RWX mmap of a spare page before EINIT");
		goto fail;
	}
	if (init && sgx_load_init(&sample.encl, &opts, ld))
		goto fail;
	return 0;
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
	if (!build_enclave(&ld, o, false, true))
		sgx_unload(&ld);
}

/*
 * After EINIT, with prot the protections *arg (SECINFO R/W/X) allow:
 *   err  = mprotect(prot) of a page just added by EAUG,
 *   err2 = mmap(prot) of a spare page with no page yet,
 *   count = 1 if touching a page of the RWX VMA mapped before EINIT raised
 *           SIGBUS instead of adding it.
 */
static void eaug_body(const void *arg, void *out)
{
	const int prot = sgx_max_prot(*(const uint64_t *)arg);
	struct outcome *o = out;
	struct sgx_loaded ld;
	volatile uint8_t *page;
	uint8_t v;

	if (build_enclave(&ld, o, true, true)) {
		o->err = o->err ? o->err : EIO;
		return;
	}
	page = ld.base + sample.hole;
	if (mmap((void *)page, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "RW mmap of a spare page: %s",
			 strerror(errno));
		goto out;
	}
	if (!probe_read(page, &v, NULL)) {	/* EAUG */
		o->err = EFAULT;
		snprintf(o->msg, sizeof(o->msg), "touching a spare page faulted");
		goto out;
	}
	if (mprotect((void *)page, SGX_PAGE_SIZE, prot))
		o->err = errno;
	if (mmap((void *)(page + 2 * SGX_PAGE_SIZE), SGX_PAGE_SIZE, prot,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED)
		o->err2 = errno;
	/* In the RWX VMA made before EINIT. */
	if (!probe_read(page + SGX_PAGE_SIZE, &v, NULL))
		o->count = 1;
out:
	sgx_unload(&ld);
}

/* ---- the checks ---- */

static const char *const confined = DOMAIN("sgx_confined_t");
static const char *const trusted = DOMAIN("sgx_trusted_t");
static const char *const execmem_only = DOMAIN("sgx_execmem_t");
static const char *const permissive = DOMAIN("sgx_permissive_t");
static const char *const execmod_only = DOMAIN("sgx_execmod_t");

#define R SGX_SECINFO_R
#define W SGX_SECINFO_W
#define X SGX_SECINFO_X

/* A case: SRC(source, SECINFO permissions[, .field = value...]). */
#define SRC(s, p, ...) ((struct add_case){ .src = (s), .perm = (p), __VA_ARGS__ })

static void check_add(const char *domain, struct add_case c, int want,
		      const char *what)
{
	struct outcome o = add(&c, domain);

	expect_child(o, o.err, want, "%s: ADD_PAGES %s", what, want_str(want));
	if (!want)
		tap_expect_eq(o.count, SGX_PAGE_SIZE, "%s: count is one page", what);
	if (c.mprotect)
		tap_expect_errno(o.err2, want,
				 "%s: mprotect() of the source to the same %s",
				 what, want_str(want));
}

/* "fails with EACCES", or "succeeds"; good until the next call. */
static const char *fails_str(int want)
{
	static char buf[32];

	if (!want)
		return "succeeds";
	snprintf(buf, sizeof(buf), "fails with %s", tap_errno_name(want));
	return buf;
}

/* ---- the policy's cases, which lsm-demo tells too (selinux_cases.h) ---- */

/* Every case's pages come from the source file of its type. */
static bool from_exec_src(const struct selinux_case *c)
{
	return !strcmp(c->source_type, SELINUX_ENCLAVE_EXEC_T);
}

/* What a case logs: its AVC denial, or nothing. */
static void expect_case_log(const struct selinux_case *c, const char *domain)
{
	char tcontext[96], extra[96];

	if (!c->avc_perm) {
		expect_no_avc(domain, c->log_name);
		return;
	}
	if (c->avc_ttype)
		snprintf(tcontext, sizeof(tcontext), FILE_CTX("%s"), c->avc_ttype);
	else
		snprintf(tcontext, sizeof(tcontext), "%s", domain);
	/* A file's denial names the source file; the others, the enclave. */
	snprintf(extra, sizeof(extra), "path=\"%s\"",
		 strcmp(c->avc_tclass, "file") ? SGX_DEVICE :
		 from_exec_src(c) ? EXEC_SRC : DATA_SRC);
	expect_avc(c->avc_perm, domain, tcontext, c->avc_tclass, extra, "0",
		   c->log_name);
}

/* A case on one page added from the source file of its type. */
static void check_page_case(const struct selinux_case *c, const char *domain)
{
	enum source src = from_exec_src(c) ? SRC_EXEC : SRC_DATA;
	/*
	 * A refused W+X page: mprotect() of its source to W+X is refused too
	 * (no process:execmem), the file rule the enclave's mirrors.  Not for
	 * an allowed one: a runtime may declare W+X enclave pages without
	 * process:execmem.
	 */
	bool wx_refused = (c->perm & (W | X)) == (W | X) && c->want_err;

	check_add(domain, SRC(src, c->perm, .mprotect = wx_refused), c->want_err,
		  c->name);
	expect_case_log(c, domain);
}

/* A case on a page added at run time (EAUG), and on spare pages. */
static void check_run_time_case(const struct selinux_case *c,
				const char *domain)
{
	const char *perm = sgx_perm_str(c->perm);
	struct outcome o = in_domain(domain, eaug_body, &c->perm);

	expect_child(o, o.err, c->want_err, "%s: mprotect(%s) of an EAUG page %s",
		     c->name, perm, fails_str(c->want_err));
	tap_expect_errno(o.err2, c->want_err, "%s: mmap(%s) of a spare page %s",
			 c->name, perm, fails_str(c->want_err));
	if (c->want_err)
		tap_expect_eq(o.count, 1,
			      "%s: a spare page in an RWX VMA made before EINIT raises SIGBUS",
			      c->name);
	else
		tap_expect_eq(o.count, 0,
			      "%s: a spare page in an RWX VMA is added on access",
			      c->name);
	expect_case_log(c, domain);
}

static void check_case(const struct selinux_case *c)
{
	char domain[96];

	snprintf(domain, sizeof(domain), DOMAIN("%s"), c->domain);
	tap_diag("%s: %s", c->name, c->why);
	if (c->run_time)
		check_run_time_case(c, domain);
	else
		check_page_case(c, domain);
}

static void test_cases(void)
{
	size_t i;

	for (i = 0; i < selinux_ncases; i++)
		check_case(&selinux_cases[i]);
}

/* ---- further rules ---- */

static void test_file_execute(void)
{
	check_add(confined, SRC(SRC_DATA, R), 0,
		  "R-- page from an enclave_data_t file, confined");
	expect_no_avc(confined, "R-- page from an enclave_data_t file");
}

/* The source page is judged, not its mapping. */
static void test_file_execmod(void)
{
	check_add(confined, SRC(SRC_EXEC, R | X, .cow = COW_PAGE), EACCES,
		  "R-X page from a written private mapping of an enclave_exec_t file, confined");
	expect_avc("execmod", confined, FILE_CTX("enclave_exec_t"), "file",
		   "path=\"" EXEC_SRC "\"", "0", "file:execmod denied (COW)");
	check_add(confined, SRC(SRC_EXEC, R | X, .cow = COW_OTHER_PAGE), 0,
		  "R-X page, unwritten, of a private mapping whose other page was written, confined");
	expect_no_avc(confined, "an unwritten page of a written mapping");
	check_add(execmod_only, SRC(SRC_EXEC, R | X, .cow = COW_PAGE), 0,
		  "R-X page from a written private mapping, with execmod");
}

/* A debug enclave's pages can be rewritten (EDBGWR): modified memory. */
static void test_debug(void)
{
	check_add(confined, SRC(SRC_EXEC, R | X, .debug = true), EACCES,
		  "R-X page of a debug enclave from an enclave_exec_t file, confined");
	expect_avc("execmod", confined, FILE_CTX("enclave_exec_t"), "file",
		   "path=\"" EXEC_SRC "\"", "0",
		   "file:execmod denied (debug enclave)");
	check_add(execmod_only, SRC(SRC_EXEC, R | X, .debug = true), 0,
		  "R-X page of a debug enclave from an enclave_exec_t file, with execmod");
	check_add(confined, SRC(SRC_ANON, R | W, .debug = true), 0,
		  "RW- page of a debug enclave from anonymous memory, confined");
	expect_no_avc(confined, "RW- page of a debug enclave");
}

/* W+X at once needs sgx_execmem, as a private W+X file mapping needs execmem. */
static void test_file_wx_execmem(void)
{
	check_add(trusted, SRC(SRC_EXEC, R | W | X), 0,
		  "RWX page from a file, trusted");
	expect_no_avc(trusted, "RWX page from a file, trusted");
	check_add(execmod_only, SRC(SRC_EXEC, R | W | X), EACCES,
		  "RWX page from an enclave_exec_t file, execmod only");
	expect_sgx_execmem(execmod_only, "W+X from a file, execmod only");
}

static void test_anon_execmem(void)
{
	check_add(trusted, SRC(SRC_ANON, R | X), 0,
		  "R-X page from anonymous memory, trusted");
	expect_no_avc(trusted, "R-X page from anonymous memory, trusted");
	check_add(confined, SRC(SRC_ANON, R | X), EACCES,
		  "R-X page from anonymous memory, confined");
	expect_sgx_execmem(confined, "anonymous source");
	check_add(execmem_only, SRC(SRC_ANON, R | X), EACCES,
		  "R-X page from anonymous memory, process:execmem but not sgx_execmem");
	expect_sgx_execmem(execmem_only, "anonymous source, with process:execmem");
	check_add(confined, SRC(SRC_ANON, R | W), 0,
		  "RW- page from anonymous memory, confined");
	expect_no_avc(confined, "RW- page from anonymous memory, confined");
}

static void test_noexec(void)
{
	check_add(trusted, SRC(SRC_NOEXEC, R | X), EACCES,
		  "R-X page from a noexec mount, trusted");
	expect_no_avc(trusted, "noexec source (the driver refuses it)");
}

/* ---- overlays: the mounter's rights on the real file count too ---- */

static void mount_body(const void *arg, void *out)
{
	struct outcome *o = out;

	(void)arg;
	if (mount("overlay", OVL_DIR, "overlay", MS_RDONLY,
		  "lowerdir=" LOWER_DIR ":" LOWER2_DIR))
		o->err = errno;
}

static void mount_overlay(const char *domain)
{
	struct outcome o = { 0 };

	umount(OVL_DIR);
	if (domain)
		o = in_domain(domain, mount_body, NULL);
	else
		mount_body(NULL, &o);
	if (o.transition || o.err) {
		tap_diag("transition %s, mount %s", tap_errno_name(o.transition),
			 tap_errno_name(o.err));
		tap_bail("overlay mount by %s", domain ? domain : "kernel_t");
	}
}

static void test_overlay(void)
{
	const char *mounter = DOMAIN("sgx_mounter_t");

	mount_overlay(NULL);
	check_add(confined, SRC(SRC_OVERLAY, R | X, .mprotect = true), 0,
		  "R-X page from an overlay of an enclave_exec_t file, mounted by kernel_t, confined");
	expect_no_avc(confined, "overlay mounted by kernel_t");

	mount_overlay(mounter);
	check_add(confined, SRC(SRC_OVERLAY, R | X, .mprotect = true), EACCES,
		  "R-X page from an overlay mounted by a domain that may not execute the file, confined");
	expect_avc("execute", mounter, FILE_CTX("enclave_exec_t"), "file", NULL,
		   "0", "file:execute denied to the overlay's mounter");
	check_add(confined, SRC(SRC_OVERLAY, R, .mprotect = true), 0,
		  "R-- page from the same overlay, confined");
	umount(OVL_DIR);
}

static void test_partial(void)
{
	struct outcome o = in_domain(confined, partial_body, NULL);

	expect_child(o, o.err, EACCES,
		     "2 pages, the 2nd denied: ADD_PAGES fails with EACCES");
	tap_expect_eq(o.count, SGX_PAGE_SIZE,
		      "2 pages, the 2nd denied: count reports the 1st only");
	tap_expect_errno(o.err2, 0,
			 "the denied page can then be added from an allowed source");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "0", "2 pages, the 2nd denied");
}

/* Building and launching an enclave whose pages are all allowed is quiet. */
static void test_quiet_launch(void)
{
	struct outcome o;

	o = in_domain(confined, init_body, NULL);
	expect_child(o, o.err, 0,
		     "confined builds and launches the sample from its files");
	expect_no_avc(confined, "building and launching, every page allowed");
}

/* trusted has sgx_execaug as a runtime has (a case of selinux_cases.h). */
static void test_eaug(void)
{
	static const struct selinux_case trusted_eaug = {
		.domain = "sgx_trusted_t", .source_type = SELINUX_ENCLAVE_EXEC_T,
		.perm = R | X, .run_time = true,
		.name = "trusted (sgx_execaug)", .log_name = "EAUG, trusted",
		.why = "trusted has sgx_execaug",
	};

	check_case(&trusted_eaug);
}

/* mmap(R-X) of pages [first, first + n) of the enclave: 0 or errno. */
static int map_exec(const struct sgx_loaded *ld, unsigned int first,
		    unsigned int n)
{
	if (mmap(ld->base + first * SGX_PAGE_SIZE, n * SGX_PAGE_SIZE, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, ld->fd, first * SGX_PAGE_SIZE) == MAP_FAILED)
		return errno;
	return 0;
}

/*
 * Holes at either end of an executable range, after EINIT: a four-page
 * enclave whose pages 1 and 2 are R-X from EXEC_SRC, pages 0 and 3 holes
 * (run-time pages on SGX2).  err = mmap(R-X) of pages 0-2, err2 = of pages
 * 1-3, err3 = of pages 1-2 alone.
 */
static void holes_body(const void *arg, void *out)
{
	struct sgx_secinfo secinfo = { .flags = SGX_SECINFO_TYPE(SGX_PT_REG) | R | X };
	struct sgx_load_opts opts = { .key = sample.key };
	struct outcome *o = out;
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	uint64_t count;
	void *src;
	int fd;

	(void)arg;
	sgx_enclave_init(&encl);
	encl.size = 4 * SGX_PAGE_SIZE;
	if (sgx_enclave_add(&encl, SGX_PAGE_SIZE, 2, secinfo.flags, SGX_RANGE_SEGMENT, NULL) ||
	    sgx_enclave_finish(&encl, 0))
		goto fail;
	encl.ranges[0].measured = false;
	if (sgx_load_create(&encl, &ld))
		goto fail;
	fd = open(EXEC_SRC, O_RDONLY);
	src = fd < 0 ? MAP_FAILED : mmap(NULL, 2 * SGX_PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd >= 0)
		close(fd);
	if (src == MAP_FAILED) {
		sgx_fail(errno, "cannot map %s", EXEC_SRC);
		goto fail_unload;
	}
	if (sgx_ioc_add_pages(ld.fd, src, SGX_PAGE_SIZE, 2 * SGX_PAGE_SIZE, &secinfo, 0, &count)) {
		sgx_fail(errno, "ADD_PAGES of two R-X pages");
		munmap(src, 2 * SGX_PAGE_SIZE);
		goto fail_unload;
	}
	munmap(src, 2 * SGX_PAGE_SIZE);
	if (sgx_load_init(&encl, &opts, &ld))
		goto fail_unload;
	o->err = map_exec(&ld, 0, 3);
	o->err2 = map_exec(&ld, 1, 3);
	o->err3 = map_exec(&ld, 1, 2);
	sgx_unload(&ld);
	sgx_enclave_free(&encl);
	return;
fail_unload:
	sgx_unload(&ld);
fail:
	o->err = errno ? errno : EIO;
	o->err2 = o->err3 = o->err;
	snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
	sgx_enclave_free(&encl);
}

static void test_holes(void)
{
	struct outcome o = in_domain(confined, holes_body, NULL);

	if (o.msg[0])
		tap_diag("confined: %s", o.msg);
	tap_check(!o.transition && o.err == EACCES,
		  "confined: mmap(R-X) of a hole, then two R-X pages: EACCES");
	expect_avc("sgx_execaug", confined, confined, "process2",
		   "path=\"/dev/sgx_enclave\"", "0",
		   "process2:sgx_execaug denied for a hole at the start");
	tap_check(o.err2 == EACCES,
		  "confined: mmap(R-X) of two R-X pages, then a hole: EACCES");
	tap_check(!o.err3,
		  "confined: mmap(R-X) of the two R-X pages alone: allowed");

	o = in_domain(trusted, holes_body, NULL);
	if (o.msg[0])
		tap_diag("trusted: %s", o.msg);
	tap_check(!o.transition && !o.err && !o.err2 && !o.err3,
		  "trusted (sgx_execaug): mmap(R-X) with a hole at either end: allowed");
	expect_no_avc(trusted, "holes, trusted");
}

/*
 * Lowering protections is never refused.  After EINIT: err = mprotect(R-X)
 * of the RWX VMA made before EINIT over a spare page, count = how many of
 * two touches of it raised SIGBUS, err2 = mprotect(RW-) and a touch that
 * adds the page.
 */
static void lower_body(const void *arg, void *out)
{
	volatile uint8_t *page;
	struct outcome *o = out;
	struct sgx_loaded ld;
	uint8_t v;
	int i;

	(void)arg;
	if (build_enclave(&ld, o, true, true)) {
		o->err = o->err ? o->err : EIO;
		return;
	}
	page = ld.base + sample.hole + SGX_PAGE_SIZE;
	if (mprotect((void *)page, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC))
		o->err = errno;
	for (i = 0; i < 2; i++)
		if (!probe_read(page, &v, NULL))
			o->count++;
	if (mprotect((void *)page, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE))
		o->err2 = errno;
	else if (!probe_write(page, 1, NULL))
		o->err2 = EFAULT;
	sgx_unload(&ld);
}

static void test_lowering(void)
{
	struct outcome o = in_domain(confined, lower_body, NULL);

	expect_child(o, o.err, 0,
		     "confined: mprotect(R-X) of an RWX VMA over a spare page, made before EINIT, succeeds");
	tap_expect_eq(o.count, 2,
		      "confined: each touch of it raises SIGBUS, no fault loop");
	expect_avc("sgx_execaug", confined, confined, "process2",
		   "path=\"/dev/sgx_enclave\"", "0",
		   "process2:sgx_execaug denied at the fault");
	tap_expect_errno(o.err2, 0,
			 "confined: mprotect(RW-) of it, then a write, adds the page");
}

/* ---- an enclave mapped by another domain than its builder's ---- */

enum build {
	BUILT_ANON,		/* kernel_t, from anonymous memory */
	BUILT_FILES,		/* kernel_t, from the files */
	BUILT_FILES_NO_INIT,	/* kernel_t, from the files, no EINIT */
	BUILT_CONFINED,		/* confined, from the files, sent over a socket */
};

/* Passes fd over a UNIX socket (SCM_RIGHTS). */
static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_DONTWAIT) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return errno = EPROTO, -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* In a loader domain: builds from the files, sends the enclave, count = base. */
static void build_and_send_body(const void *arg, void *out)
{
	const int *sock = arg;
	struct outcome *o = out;
	struct sgx_loaded ld;

	if (build_enclave(&ld, o, false, true))
		return;
	if (send_fd(*sock, ld.fd))
		o->err = errno;
	o->count = (uintptr_t)ld.base;
	sgx_unload(&ld);
}

/* Takes over an enclave built at base: reserves its range for mappings. */
static void adopt(struct sgx_loaded *ld, int fd, uintptr_t base)
{
	memset(ld, 0, sizeof(*ld));
	ld->fd = fd;
	ld->base = (uint8_t *)base;
	ld->size = sample.encl.size;
	ld->reservation_len = sample.encl.size;
	ld->reservation = mmap(ld->base, ld->size, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			       -1, 0);
	if (ld->reservation != ld->base)
		tap_bail("reserving the received enclave's range");
}

/*
 * Builds the sample and leaves it unmapped, for a child in a loader domain
 * to map through the inherited descriptor.
 */
static void build_for_child(struct sgx_loaded *ld, enum build how)
{
	struct sgx_load_opts opts = { .key = sample.key };
	struct outcome o = { 0 };
	int sv[2], fd;

	switch (how) {
	case BUILT_ANON:
		if (sgx_load_create(&sample.encl, ld) ||
		    sgx_load_add_all(&sample.encl, &opts, ld) ||
		    sgx_load_init(&sample.encl, &opts, ld))
			tap_bail("building the sample");
		break;
	case BUILT_FILES:
	case BUILT_FILES_NO_INIT:
		if (build_enclave(ld, &o, false, how == BUILT_FILES)) {
			tap_diag("%s", o.msg);
			tap_bail("building the sample");
		}
		break;
	case BUILT_CONFINED:
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			tap_bail("socketpair");
		o = in_domain(confined, build_and_send_body, &sv[1]);
		fd = recv_fd(sv[0]);
		if (o.transition || o.err || fd < 0) {
			tap_diag("%s", o.msg);
			tap_bail("an enclave built by confined, received");
		}
		close(sv[0]);
		close(sv[1]);
		adopt(ld, fd, o.count);
		break;
	}
}

/*
 * err = mmap(R-X) of the text page, err2 = mmap(RW-) of a data page,
 * err3 = mprotect(R-X) of the text page mapped R--.
 */
static void map_inherited_body(const void *arg, void *out)
{
	const struct sgx_loaded *ld = arg;
	struct outcome *o = out;
	uint8_t *text = ld->base + sample.text;

	if (mmap(text, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED,
		 ld->fd, 0) == MAP_FAILED)
		o->err = errno;
	if (mmap(ld->base + sample.data, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld->fd, 0) == MAP_FAILED)
		o->err2 = errno;
	if (mmap(text, SGX_PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, ld->fd, 0) ==
	    MAP_FAILED || mprotect(text, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC))
		o->err3 = errno;
}

static void check_map_inherited(const char *domain, enum build how, int want,
				const char *what)
{
	struct sgx_loaded ld;
	struct outcome o;

	build_for_child(&ld, how);
	o = in_domain(domain, map_inherited_body, &ld);
	expect_child(o, o.err, want, "%s: mmap(R-X) %s", what, want_str(want));
	expect_child(o, o.err3, want, "%s: mprotect(R-X) %s", what,
		     want_str(want));
	expect_child(o, o.err2, 0, "%s: mmap(RW-) of data succeeds", what);
	if (want)
		expect_sgx_execmem(domain, what);
	else
		expect_no_avc(domain, what);
	sgx_unload(&ld);
}

static void test_map_inherited(void)
{
	check_map_inherited(confined, BUILT_ANON, EACCES,
			    "enclave with anonymous code, inherited by confined");
	check_map_inherited(trusted, BUILT_ANON, 0,
			    "enclave with anonymous code, inherited by trusted (sgx_execmem)");
	check_map_inherited(confined, BUILT_FILES, 0,
			    "enclave built from enclave_exec_t files, inherited by confined");
	check_map_inherited(confined, BUILT_FILES_NO_INIT, EACCES,
			    "enclave not initialized yet, inherited by confined");
	check_map_inherited(execmod_only, BUILT_CONFINED, 0,
			    "enclave built by confined from enclave_exec_t files, received by another domain");
}

/* ---- an enclave opened by one domain and built by another ---- */

/* In a loader domain: opens /dev/sgx_enclave and sends the descriptor. */
static void open_and_send_body(const void *arg, void *out)
{
	const int *sock = arg;
	struct outcome *o = out;
	int fd = open(SGX_DEVICE, O_RDWR);

	if (fd < 0 || send_fd(*sock, fd))
		o->err = errno;
	if (fd >= 0)
		close(fd);
}

/*
 * kernel_t builds into an enclave confined opened: confined maps its
 * enclave without further checks, so a page that needs sgx_execmem needs
 * it of confined too.  err = ADD_PAGES of an anonymous R-X page, err2 = of
 * an R-X page of an enclave_exec_t file.
 */
static void test_opened_by_another(void)
{
	struct sgx_secs *secs = aligned_alloc(SGX_PAGE_SIZE, sizeof(*secs));
	struct sgx_secinfo secinfo;
	struct outcome o;
	uint64_t count;
	int sv[2], fd, err = 0, err2 = 0;
	void *src;

	if (!secs || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		tap_bail("set-up");
	o = in_domain(confined, open_and_send_body, &sv[1]);
	fd = recv_fd(sv[0]);
	close(sv[0]);
	close(sv[1]);
	if (o.transition || o.err || fd < 0) {
		tap_diag("transition %s, open %s", tap_errno_name(o.transition),
			 tap_errno_name(o.err));
		tap_bail("/dev/sgx_enclave opened by confined");
	}
	memset(secs, 0, sizeof(*secs));
	secs->size = sample.encl.size;
	secs->base = sample.encl.size * 16;
	secs->ssa_frame_size = sample.encl.ssa_frame_pages;
	secs->attributes = sample.encl.attributes;
	secs->xfrm = sample.encl.xfrm;
	if (sgx_ioc_create(fd, secs))
		tap_bail("ECREATE");
	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | R | X;
	kmsg_skip();
	src = map_source(SRC_ANON, COW_NONE);
	if (src == MAP_FAILED ||
	    sgx_ioc_add_pages(fd, src, sample.text, SGX_PAGE_SIZE, &secinfo, 0, &count))
		err = errno;
	munmap(src, 2 * SGX_PAGE_SIZE);
	tap_expect_errno(err, EACCES,
			 "kernel_t adds an anonymous R-X page to confined's enclave: EACCES");
	expect_sgx_execmem(confined, "the opener's domain, for another's page");
	src = map_source(SRC_EXEC, COW_NONE);
	if (src == MAP_FAILED ||
	    sgx_ioc_add_pages(fd, src, sample.text, SGX_PAGE_SIZE, &secinfo, 0, &count))
		err2 = errno;
	munmap(src, 2 * SGX_PAGE_SIZE);
	tap_expect_errno(err2, 0,
			 "kernel_t adds an R-X page of an enclave_exec_t file to it");
	close(fd);
	free(secs);
}

/* ---- /dev/sgx_vepc ---- */

static void open_vepc_body(const void *arg, void *out)
{
	struct outcome *o = out;
	int fd;

	(void)arg;
	fd = open(VEPC_NODE, O_RDWR);
	if (fd < 0)
		o->err = errno;
	else
		close(fd);
}

/*
 * Guests build their enclaves on a virtual EPC out of the hooks' sight, so
 * the policy keeps loaders away from it.  Without KVM there is no
 * /dev/sgx_vepc: a node labelled like it stands in for it.
 */
static void test_vepc(void)
{
	struct outcome o = { 0 };

	open_vepc_body(NULL, &o);
	tap_expect_errno(o.err, 0,
			 "a node labelled sgx_vepc_device_t opens for kernel_t");
	o = in_domain(confined, open_vepc_body, NULL);
	expect_child(o, o.err, EACCES,
		     "confined: opening sgx_vepc_device_t fails with EACCES");
	expect_avc("read write", confined, FILE_CTX("sgx_vepc_device_t"),
		   "chr_file", NULL, "0", "chr_file access denied on sgx_vepc_device_t");
	o = in_domain(trusted, open_vepc_body, NULL);
	expect_child(o, o.err, EACCES,
		     "trusted: opening sgx_vepc_device_t fails with EACCES");
}

/* ---- a debug enclave's code rewritten through /proc/self/mem ---- */

/* A call of the rewritten page for probe_run(). */
struct rewritten_call {
	int (*fn)(void);
	int ret;
};

static void call_rewritten(void *arg)
{
	struct rewritten_call *c = arg;

	c->ret = c->fn();
}

/* count = what the rewritten text page returned when called, 0 if it faulted. */
static void debug_rewrite_body(const void *arg, void *out)
{
	/* mov $42, %eax; ret */
	static const uint8_t code[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
	struct sgx_load_opts opts = { .key = sample.key };
	struct outcome *o = out;
	struct sgx_loaded ld;
	struct rewritten_call call;
	int mem;

	(void)arg;
	if (sgx_load(&debug_encl, &opts, &ld)) {
		o->err = errno;
		snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
		return;
	}
	mem = open("/proc/self/mem", O_RDWR);
	if (mem < 0 || pwrite(mem, code, sizeof(code),
			      (off_t)(uintptr_t)(ld.base + sample.text)) !=
			       (ssize_t)sizeof(code))
		o->err2 = errno;
	if (mem >= 0)
		close(mem);
	call.fn = (int (*)(void))(uintptr_t)(ld.base + sample.text);
	if (!o->err2 && probe_run(call_rewritten, &call, NULL))
		o->count = (uint64_t)call.ret;
	sgx_unload(&ld);
}

static void test_debug_rewrite(void)
{
	struct outcome o = in_domain(trusted, debug_rewrite_body, NULL);

	expect_child(o, o.err, 0,
		     "trusted (execmod, sgx_execmem): a debug enclave is built");
	tap_expect_errno(o.err2, 0,
			 "trusted: /proc/self/mem writes the debug enclave's R-X page");
	/* Called from outside the enclave: only the model runs it so. */
	model_only_check(o.count == 42,
			 "trusted: the rewritten page runs, as the policy allowed");
}

/* 1 or 0 as the loaded policy declares sgx_enclave_checks, -1 if unknown. */
static int enclave_cap(void)
{
	char c = 0;
	int fd = open(ENCLAVE_CAP, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1' ? 1 : c == '0' ? 0 : -1;
}

static void load_policy(const char *path)
{
	if (selinux_enforce_policy(path))
		tap_bail("cannot load and enforce %s", path);
}

/* A policy written without the capability gets no enclave checks at all. */
static void test_no_capability(void)
{
	static const uint64_t rx = R | X;
	struct outcome o;

	load_policy(POLICY_NOCAP);
	tap_check(enclave_cap() == 0,
		  "policy without the capability: sgx_enclave_checks reads 0");
	check_add(confined, SRC(SRC_ANON, R | X), 0,
		  "no capability: R-X page from anonymous memory, confined");
	check_add(confined, SRC(SRC_EXEC, R | X, .debug = true), 0,
		  "no capability: R-X page of a debug enclave, confined");
	o = in_domain(confined, eaug_body, &rx);
	tap_check(!o.transition && !o.err && !o.err2 && o.count == 0,
		  "no capability: confined maps EAUG pages and spare pages R-X");
	expect_no_avc(confined, "no capability");
	load_policy(POLICY);
}

static void test_permissive(void)
{
	check_add(permissive, SRC(SRC_ANON, R | X), 0,
		  "permissive domain: R-X page from anonymous memory");
	expect_avc("sgx_execmem", permissive, permissive, "process2", NULL, "1",
		   "permissive domain: denial logged");

	if (selinux_set_enforce(false))
		tap_bail("switch to permissive mode");
	check_add(confined, SRC(SRC_DATA, R | X), 0,
		  "permissive mode: R-X page from an enclave_data_t file, confined");
	expect_avc("execute", confined, FILE_CTX("enclave_data_t"), "file",
		   "path=\"" DATA_SRC "\"", "1", "permissive mode: denial logged");
	if (selinux_set_enforce(true))
		tap_bail("cannot switch back to enforcing");
}

int main(void)
{
	size_t i;

	if (selinux_mount())
		tap_bail("SELinux is not enabled (boot with lsm=capability,selinux)");
	if (access("/dev/sgx_enclave", F_OK))
		tap_bail("no /dev/sgx_enclave (boot with sgx_model)");
	if (sgx_sample_open(&sample))
		tap_bail("sample enclave");
	/*
	 * The sample's RWX page would need execmod; the confined domain
	 * builds whole enclaves, so make that page R-X.
	 */
	for (i = 0; i < sample.encl.nranges; i++)
		if ((sample.encl.ranges[i].secinfo_flags & (W | X)) == (W | X))
			sample.encl.ranges[i].secinfo_flags &= ~W;
	debug_encl = sample.encl;
	debug_encl.attributes |= SGX_ATTR_DEBUG;

	load_policy(POLICY);
	tap_check(enclave_cap() == 1,
		  "policy %s loaded, enforcing, declares sgx_enclave_checks", POLICY);
	/* Opened before the first denial, without printk's rate limit. */
	kmsg = selinux_kmsg_open();
	if (kmsg < 0)
		tap_bail("/dev/kmsg");

	mkdir(DIR, 0755);
	make_source(EXEC_SRC, FILE_CTX("enclave_exec_t"));
	make_source(DATA_SRC, FILE_CTX("enclave_data_t"));
	mkdir(NOEXEC_DIR, 0755);
	if (mount("tmpfs", NOEXEC_DIR, "tmpfs", MS_NOEXEC, NULL))
		tap_bail("noexec tmpfs");
	make_source(NOEXEC_SRC, FILE_CTX("enclave_exec_t"));
	make_range_sources();
	if ((mkdir(LOWER_DIR, 0755) && errno != EEXIST) ||
	    (mkdir(LOWER2_DIR, 0755) && errno != EEXIST) ||
	    (mkdir(OVL_DIR, 0755) && errno != EEXIST))
		tap_bail("overlay directories");
	make_source(LOWER_DIR "/exec.src", FILE_CTX("enclave_exec_t"));
	if ((mknod(VEPC_NODE, S_IFCHR | 0666, makedev(1, 3)) && errno != EEXIST) ||
	    selinux_label_file(VEPC_NODE, FILE_CTX("sgx_vepc_device_t")))
		tap_bail("a node labelled sgx_vepc_device_t");

	test_cases();
	test_file_execute();
	test_file_execmod();
	test_file_wx_execmem();
	test_anon_execmem();
	test_noexec();
	test_debug();
	test_debug_rewrite();
	test_overlay();
	test_map_inherited();
	test_opened_by_another();
	test_vepc();
	test_partial();
	test_quiet_launch();
	test_eaug();
	test_holes();
	test_lowering();
	test_no_capability();
	test_permissive();

	umount(NOEXEC_DIR);
	/* Leave later tests of this boot an unconfined, permissive system. */
	selinux_set_enforce(false);
	sgx_sample_close(&sample);
	return tap_done();
}
