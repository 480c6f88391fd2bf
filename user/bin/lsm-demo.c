// SPDX-License-Identifier: GPL-2.0
/*
 * lsm-demo: the sgxlsm SELinux policy (policy/) deciding, while an enclave
 * is built, what its pages may become.  Loads the policy in enforcing mode,
 * then, for each case of the policy's table (selinux_cases.h, which the
 * test lsm_selinux checks too), builds the sample enclave in a child
 * process switched to the case's loader domain, from source files labelled
 * enclave_data_t or enclave_exec_t, and tells whether it was allowed or
 * refused, at which step and for which page, with the AVC record that
 * explains a refusal.  Exits 1 if any outcome (or its AVC record) is not
 * what the policy prescribes.
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
#include "selinux_cases.h"
#include "sgx_sample.h"

#define DIR "/tmp/lsm-demo"

static struct sgx_sample s;
static int kmsg = -1;
static int unexpected;

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

/*
 * A page past the enclave's last one: touching it makes the kernel EAUG it;
 * then mprotect() to the protections perm (SECINFO R/W/X) allows.
 */
static void eaug_then_mprotect(struct sgx_loaded *ld, uint64_t perm,
			       struct result *res)
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
	if (mprotect((void *)page, SGX_PAGE_SIZE, sgx_max_prot(perm)))
		fail(res, "mprotect", errno);
}

/* Whether a case keeps the sample's RWX page RWX: it is the page judged. */
static bool keeps_rwx(const struct selinux_case *c)
{
	const uint64_t wx = SGX_SECINFO_W | SGX_SECINFO_X;

	return !c->run_time && (c->perm & wx) == wx;
}

/*
 * In the child, already in its domain: ECREATE, ADD_PAGES per range, EINIT,
 * then for a run-time case a page added by EAUG and mprotect()ed.
 */
static void build_body(const void *arg, void *out)
{
	const struct selinux_case *c = arg;
	struct sgx_load_opts opts = {
		.key = s.key, .source_path = src_path, .source_ctx = c->source_type,
	};
	struct result *res = out;
	struct sgx_loaded ld;
	size_t i;

	/* The child's own copy of the layout: change it freely. */
	for (i = 0; i < s.encl.nranges && !keeps_rwx(c); i++)
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
	if (c->run_time)
		eaug_then_mprotect(&ld, c->perm, res);
out:
	sgx_unload(&ld);
}

/* One case: what is done, by whom, what happened, and the denial's record. */
static void tell(const struct selinux_case *c)
{
	char domain[96], tcontext[96], rec[2048], line[1024];
	struct selinux_avc avc;
	struct result res;
	int transition;
	bool as_expected;

	snprintf(domain, sizeof(domain), SELINUX_DOMAIN("%s"), c->domain);
	memset(&res, 0, sizeof(res));
	selinux_kmsg_skip(kmsg);
	printf("%s builds the sample from %s files%s", c->domain, c->source_type,
	       keeps_rwx(c) ? ", keeping its RWX page" : "");
	if (c->run_time)
		printf(", adds a run-time (EAUG) page and makes it %s",
		       sgx_perm_str(c->perm));
	printf(":\n");
	if (selinux_run_in_domain(domain, build_body, c, &res,
				  sizeof(res), &transition) || transition) {
		printf("lsm-demo: unexpected: cannot run in %s: %s\n", domain,
		       strerror(transition ? transition : errno));
		unexpected++;
		return;
	}
	as_expected = res.err == c->want_err &&
		      (!c->want_err || !strcmp(res.step, selinux_case_step(c)));
	if (!res.err)
		printf("  allowed%s%s%s\n", as_expected ? ": " : "",
		       as_expected && !c->run_time ? "INIT succeeds; " : "",
		       as_expected ? c->why : "");
	else if (!strcmp(res.step, "ADD_PAGES"))
		printf("  refused at ADD_PAGES (%s) for the page at offset 0x%llx declared %s%s%s\n",
		       strerrorname_np(res.err), (unsigned long long)res.at,
		       sgx_perm_str(res.declared), as_expected ? ": " : "",
		       as_expected ? c->why : "");
	else
		printf("  refused at %s (%s)%s%s\n", res.step,
		       strerrorname_np(res.err), as_expected ? ": " : "",
		       as_expected ? c->why : "");
	if (!as_expected) {
		printf("lsm-demo: unexpected %s (%s at %s%s%s), the policy says %s\n",
		       res.err ? "refusal" : "success",
		       res.err ? strerrorname_np(res.err) : "no error",
		       res.err ? res.step : "-", res.msg[0] ? "; " : "", res.msg,
		       c->want_err ? "refused" : "allowed");
		unexpected++;
	}
	if (!c->avc_perm)
		return;
	snprintf(tcontext, sizeof(tcontext), SELINUX_FILE_CTX("%s"),
		 c->avc_ttype ? c->avc_ttype : "");
	memset(&avc, 0, sizeof(avc));
	avc.perm = c->avc_perm;
	avc.scontext = domain;
	avc.tcontext = c->avc_ttype ? tcontext : domain;
	avc.tclass = c->avc_tclass;
	avc.permissive = "0";
	if (!selinux_avc_find(kmsg, &avc, 3000, rec, sizeof(rec))) {
		printf("lsm-demo: unexpected: no AVC record { %s } for %s in the kernel log\n",
		       c->avc_perm, c->domain);
		unexpected++;
		return;
	}
	selinux_avc_trim(rec, line, sizeof(line));
	printf("  kernel: %s\n", line);
}

/* Every range of the sample twice: once per file type. */
static int make_sources(void)
{
	static const char *const types[] = { SELINUX_ENCLAVE_EXEC_T, SELINUX_ENCLAVE_DATA_T };
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
	       "(W+X needs sgx_execmem).\n\n", SELINUX_POLICY, SELINUX_ENCLAVE_EXEC_T,
	       SELINUX_ENCLAVE_DATA_T);
	for (i = 0; i < selinux_ncases; i++)
		tell(&selinux_cases[i]);

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
