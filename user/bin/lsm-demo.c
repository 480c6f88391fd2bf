// SPDX-License-Identifier: GPL-2.0
/*
 * lsm-demo: the sgxlsm SELinux policy (policy/) deciding, while an enclave
 * is built, what its pages may become.  Loads the policy in enforcing mode,
 * then builds the sample enclave in a child process switched to each loader
 * domain, from source files labelled enclave_data_t or enclave_exec_t, and
 * tells for each case whether it was allowed or refused, at which step and
 * for which page, with the AVC record that explains a refusal.  Exits 1 if
 * any outcome (or its AVC record) is not what the policy prescribes.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem_probe.h"
#include "selinux_util.h"
#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"

#define DIR "/tmp/lsm-demo"
#define EXEC_T "enclave_exec_t"
#define DATA_T "enclave_data_t"

static struct sgx_sample s;
static int kmsg = -1;
static int unexpected;

/* One build of the sample enclave in a loader domain. */
struct build {
	const char *file_type;	/* label of every source file */
	bool keep_rwx;		/* the sample's RWX page stays RWX */
	bool eaug_rwx;		/* after EINIT: add a page (EAUG), make it RWX */
};

/* What happened, sent back from the child. */
struct result {
	int err;		/* errno of the failed step, 0 if all succeeded */
	char step[16];		/* "ADD_PAGES", "INIT", "mprotect", ... */
	uint64_t at;		/* ADD_PAGES: offset of the refused page */
	uint64_t declared;	/* ADD_PAGES: its SECINFO flags */
	char msg[200];		/* what else went wrong, for "unexpected" */
};

/* Range i's source file labelled type (ctx). */
static void src_path(char *buf, size_t len, size_t i, const void *type)
{
	snprintf(buf, len, DIR "/%s-%zu.src", (const char *)type, i);
}

static void fail(struct result *res, const char *step, int err)
{
	res->err = err ? err : EIO;
	snprintf(res->step, sizeof(res->step), "%s", step);
}

/* A page past the enclave's last one: touching it makes the kernel EAUG it. */
static void eaug_rwx(struct sgx_loaded *ld, struct result *res)
{
	volatile uint8_t *page = ld->base + s.hole;
	uint8_t v;

	if (mmap((void *)page, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld->fd, 0) == MAP_FAILED) {
		snprintf(res->msg, sizeof(res->msg), "RW mmap of a spare page");
		fail(res, "mmap", errno);
		return;
	}
	if (!probe_read(page, &v, NULL)) {
		snprintf(res->msg, sizeof(res->msg), "touching a spare page faulted");
		fail(res, "EAUG", EFAULT);
		return;
	}
	if (mprotect((void *)page, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC))
		fail(res, "mprotect", errno);
}

/* In the child, already in its domain: ECREATE, ADD_PAGES per range, EINIT. */
static void build_body(const void *arg, void *out)
{
	const struct build *b = arg;
	struct sgx_load_opts opts = {
		.key = s.key, .source_path = src_path, .source_ctx = b->file_type,
	};
	struct result *res = out;
	struct sgx_loaded ld;
	size_t i;

	/* The child's own copy of the layout: change it freely. */
	for (i = 0; i < s.encl.nranges && !b->keep_rwx; i++)
		if ((s.encl.ranges[i].secinfo_flags & (SGX_SECINFO_W | SGX_SECINFO_X)) ==
		    (SGX_SECINFO_W | SGX_SECINFO_X))
			s.encl.ranges[i].secinfo_flags &= ~SGX_SECINFO_W;
	if (sgx_load_create(&s.encl, &ld)) {
		snprintf(res->msg, sizeof(res->msg), "%s", sgx_last_error());
		fail(res, "ECREATE", errno);
		return;
	}
	for (i = 0; i < s.encl.nranges; i++) {
		const struct sgx_range *r = &s.encl.ranges[i];

		if (sgx_load_add(&s.encl, &opts, &ld, i)) {
			snprintf(res->msg, sizeof(res->msg), "%s", sgx_last_error());
			fail(res, "ADD_PAGES", errno);
			res->at = r->offset + ld.added;
			res->declared = r->secinfo_flags;
			goto out;
		}
	}
	if (sgx_load_init(&s.encl, &opts, &ld)) {
		snprintf(res->msg, sizeof(res->msg), "%s", sgx_last_error());
		fail(res, "INIT", errno);
		goto out;
	}
	if (b->eaug_rwx)
		eaug_rwx(&ld, res);
out:
	sgx_unload(&ld);
}

/*
 * One case of the story: what is done, by whom, what the policy says
 * should happen (want_err at want_step), and the denial that says why.
 */
struct story {
	const char *domain;		/* type of the loader domain */
	const char *what;
	struct build build;
	int want_err;
	const char *want_step;
	const char *avc_perm;		/* the denied permission */
	const char *avc_tcontext;	/* NULL: the domain itself */
	const char *avc_tclass;
	const char *why;		/* the rule, in words */
};

static void tell(const struct story *t)
{
	char domain[96], tcontext[96], rec[2048], line[1024];
	struct selinux_avc avc;
	struct result res;
	int transition;
	bool as_expected;

	snprintf(domain, sizeof(domain), SELINUX_DOMAIN("%s"), t->domain);
	memset(&res, 0, sizeof(res));
	selinux_kmsg_skip(kmsg);
	printf("%s %s:\n", t->domain, t->what);
	if (selinux_run_in_domain(domain, build_body, &t->build, &res,
				  sizeof(res), &transition) || transition) {
		printf("lsm-demo: unexpected: cannot run in %s: %s\n", domain,
		       strerror(transition ? transition : errno));
		unexpected++;
		return;
	}
	as_expected = res.err == t->want_err &&
		      (!t->want_err || !strcmp(res.step, t->want_step));
	if (!res.err)
		printf("  allowed%s%s\n", as_expected ? ": " : "",
		       as_expected ? t->why : "");
	else if (!strcmp(res.step, "ADD_PAGES"))
		printf("  refused at ADD_PAGES (%s) for the page at offset 0x%llx declared %s%s%s\n",
		       strerrorname_np(res.err), (unsigned long long)res.at,
		       sgx_perm_str(res.declared), as_expected ? ": " : "",
		       as_expected ? t->why : "");
	else
		printf("  refused at %s (%s)%s%s\n", res.step,
		       strerrorname_np(res.err), as_expected ? ": " : "",
		       as_expected ? t->why : "");
	if (!as_expected) {
		printf("lsm-demo: unexpected %s (%s at %s%s%s), the policy says %s\n",
		       res.err ? "refusal" : "success",
		       res.err ? strerrorname_np(res.err) : "no error",
		       res.err ? res.step : "-", res.msg[0] ? "; " : "", res.msg,
		       t->want_err ? "refused" : "allowed");
		unexpected++;
	}
	if (!t->avc_perm)
		return;
	snprintf(tcontext, sizeof(tcontext), SELINUX_FILE_CTX("%s"),
		 t->avc_tcontext ? t->avc_tcontext : "");
	memset(&avc, 0, sizeof(avc));
	avc.perm = t->avc_perm;
	avc.scontext = domain;
	avc.tcontext = t->avc_tcontext ? tcontext : domain;
	avc.tclass = t->avc_tclass;
	avc.permissive = "0";
	if (!selinux_avc_find(kmsg, &avc, 3000, rec, sizeof(rec))) {
		printf("lsm-demo: unexpected: no AVC record { %s } for %s in the kernel log\n",
		       t->avc_perm, t->domain);
		unexpected++;
		return;
	}
	selinux_avc_trim(rec, line, sizeof(line));
	printf("  kernel: %s\n", line);
}

static const struct story stories[] = {
	{ "sgx_trusted_t", "builds the sample enclave from " DATA_T " files",
	  { DATA_T, false, false }, 0, NULL, NULL, NULL, NULL,
	  "INIT succeeds; trusted may execute any enclave source" },
	{ "sgx_confined_t", "builds the same enclave from " DATA_T " files",
	  { DATA_T, false, false }, EACCES, "ADD_PAGES", "execute", DATA_T, "file",
	  "confined may execute only " EXEC_T " files" },
	{ "sgx_confined_t", "builds it from " EXEC_T " files",
	  { EXEC_T, false, false }, 0, NULL, NULL, NULL, NULL,
	  "INIT succeeds; every page is allowed, and nothing is logged" },
	{ "sgx_confined_t", "builds it from " EXEC_T " files, keeping the sample's RWX page",
	  { EXEC_T, true, false }, EACCES, "ADD_PAGES", "sgx_execmem", NULL, "process2",
	  "a page both writable and executable needs sgx_execmem, which confined lacks" },
	{ "sgx_runtime_t", "builds it keeping the RWX page, adds a run-time (EAUG) page and maps it RWX",
	  { EXEC_T, true, true }, 0, NULL, NULL, NULL, NULL,
	  "a runtime's domain has sgx_execmem and sgx_execaug, and no process:execmem" },
	{ "sgx_confined_t", "builds it, then adds a run-time (EAUG) page and maps it RWX",
	  { EXEC_T, false, true }, EACCES, "mprotect", "sgx_execaug", NULL, "process2",
	  "no sgx_execaug: run-time pages may not become executable, closing the hole SGX2 opened" },
};

/* Every range of the sample twice: once per file type. */
static int make_sources(void)
{
	static const char *const types[] = { EXEC_T, DATA_T };
	size_t i, t;

	mkdir(DIR, 0755);
	for (t = 0; t < 2; t++)
		for (i = 0; i < s.encl.nranges; i++) {
			const struct sgx_range *r = &s.encl.ranges[i];
			char path[64], ctx[64];

			src_path(path, sizeof(path), i, types[t]);
			snprintf(ctx, sizeof(ctx), SELINUX_FILE_CTX("%s"), types[t]);
			if (selinux_create_file(path, r->data, r->pages * SGX_PAGE_SIZE,
						0644, ctx)) {
				fprintf(stderr, "lsm-demo: cannot create %s labelled %s: %s\n",
					path, ctx, strerror(errno));
				return -1;
			}
		}
	return 0;
}

int main(void)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (selinux_mount()) {
		printf("lsm-demo: SELinux is not enabled (boot with lsm=capability,selinux)\n");
		return 1;
	}
	if (access(SGX_DEVICE, F_OK)) {
		printf("lsm-demo: no %s (boot with sgx_model)\n", SGX_DEVICE);
		return 1;
	}
	if (sgx_sample_open(&s)) {
		printf("lsm-demo: sample enclave: %s\n", sgx_last_error());
		return 1;
	}
	if (selinux_enforce_policy(SELINUX_POLICY)) {
		printf("lsm-demo: cannot load %s, label the devices and enforce it: %s\n",
		       SELINUX_POLICY, strerror(errno));
		return 1;
	}
	kmsg = selinux_kmsg_open();
	if (kmsg < 0 || make_sources()) {
		printf("lsm-demo: set-up failed: %s\n", strerror(errno));
		selinux_set_enforce(false);
		return 1;
	}
	printf("Policy %s loaded, enforcing.  Each build runs in a child process\n"
	       "switched to the loader domain; source files are labelled %s or %s.\n"
	       "The sample's one RWX page is declared R-X unless said otherwise\n"
	       "(W+X needs sgx_execmem).\n\n", SELINUX_POLICY, EXEC_T, DATA_T);
	for (i = 0; i < sizeof(stories) / sizeof(stories[0]); i++)
		tell(&stories[i]);

	/* Leave later programs of this boot an unconfined, permissive system. */
	selinux_set_enforce(false);
	sgx_sample_close(&s);
	if (unexpected) {
		printf("\nlsm-demo: %d outcome(s) not as the policy prescribes\n",
		       unexpected);
		return 1;
	}
	printf("\nEvery outcome is the policy's.\n");
	return 0;
}
