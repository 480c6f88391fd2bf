// SPDX-License-Identifier: GPL-2.0
/*
 * SELinux and enclave code that runs (the model's ENCLU): what a domain
 * may do with pages its enclave adds and changes at run time.
 *
 *  - A confined domain's enclave EACCEPTs a run-time (EAUG) page, writes
 *    code into it and EMODPEs it executable; the host's mprotect(R-X) of
 *    it is refused (process2:sgx_execaug), and the enclave can never run
 *    it: its call faults.  With sgx_execaug (trusted) the code runs.
 *  - A page built into the enclave that the enclave trims, accepts and
 *    the host removes becomes a run-time address: mapping it executable
 *    needs sgx_execaug from then on, though the built page did not.
 *
 * The enclave (tests/guest/lib/ops_enclave.h) is built from an
 * enclave_exec_t file for its code, by the domain under test.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem_probe.h"
#include "ops_enclave.h"
#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "selinux_util.h"
#include "tap.h"

#define CODE_SRC "/tmp/lsm-enclu/code.src"
#define RUNTIME_PAGE 5
/* mov $42, %eax; ret; int3; int3 */
#define RETURN_42 0xccccc30000002ab8ull


static const char *const confined = SELINUX_DOMAIN("sgx_confined_t");
static const char *const trusted = SELINUX_DOMAIN("sgx_trusted_t");
static struct sgx_enclave encl;
static int kmsg;

struct outcome {
	int err;		/* the setup's errno, 0 if it went through */
	int mprotect_err;	/* mprotect(R-X) of the run-time page */
	int map_before;		/* mmap(R-X) of the spare page, built */
	int map_after;		/* the same after trim, EACCEPT, REMOVE_PAGES */
	uint64_t ret;		/* what the run-time code returned */
	int faulted;		/* the enclave's call of it faulted */
	char msg[200];
};

/* EADDs range i: code pages from CODE_SRC, the others from memory. */
static int add_range(struct sgx_loaded *ld, size_t i)
{
	const struct sgx_range *r = &encl.ranges[i];
	struct sgx_secinfo secinfo = { .flags = r->secinfo_flags };
	off_t off = r->offset == OPS_SPARE * SGX_PAGE_SIZE ? SGX_PAGE_SIZE : 0;
	uint64_t count;
	void *src;
	int fd, ret;

	if (!(r->secinfo_flags & SGX_SECINFO_X))
		return sgx_load_add(&encl, NULL, ld, i);
	fd = open(CODE_SRC, O_RDONLY);
	if (fd < 0)
		return sgx_fail(errno, "cannot open %s", CODE_SRC);
	src = mmap(NULL, SGX_PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, off);
	close(fd);
	if (src == MAP_FAILED)
		return sgx_fail(errno, "cannot map %s", CODE_SRC);
	ret = sgx_ioc_add_pages(ld->fd, src, r->offset, SGX_PAGE_SIZE, &secinfo, 0, &count);
	if (ret)
		sgx_fail(errno, "ADD_PAGES of the page at %#llx",
			 (unsigned long long)r->offset);
	munmap(src, SGX_PAGE_SIZE);
	return ret;
}

/* Builds, initializes and maps the ops enclave, the holes RW. */
static int load(struct sgx_loaded *ld)
{
	struct sgx_load_opts opts = { .key = sgx_key_load(SGX_SAMPLE_KEY) };
	void *holes;
	size_t i;

	if (!opts.key || sgx_load_create(&encl, ld))
		return -1;
	for (i = 0; i < encl.nranges; i++)
		if (add_range(ld, i))
			goto fail;
	if (sgx_load_init(&encl, &opts, ld) || sgx_load_map(&encl, ld))
		goto fail;
	holes = ld->base + RUNTIME_PAGE * SGX_PAGE_SIZE;
	if (mmap(holes, (OPS_PAGES - RUNTIME_PAGE) * SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld->fd, 0) == MAP_FAILED) {
		sgx_fail(errno, "RW mmap of the run-time pages");
		goto fail;
	}
	EVP_PKEY_free(opts.key);
	return 0;
fail:
	EVP_PKEY_free(opts.key);
	sgx_unload(ld);
	return -1;
}

/* load(), its failure told in the outcome. */
static int load_into(struct outcome *o, struct sgx_loaded *ld)
{
	if (!load(ld))
		return 0;
	o->err = errno ? errno : EIO;
	snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
	return -1;
}

/* An ops enclave call for probe_run(): it may fault at the AEP. */
struct enclave_call {
	void *tcs;
	uint64_t op, a, b, ret;
};

static void enclave_call_body(void *arg)
{
	struct enclave_call *c = arg;

	c->ret = ops_enclave_call(c->tcs, c->op, c->a, c->b);
}

/* EAUG, EACCEPT, write code, EMODPE, mprotect(R-X), then call it. */
static void runtime_code_body(const void *arg, void *out)
{
	struct outcome *o = out;
	struct enclave_call call = { .op = OPS_CALL };
	struct sgx_loaded ld;
	uint8_t *page;
	void *tcs;

	(void)arg;
	if (load_into(o, &ld))
		return;
	tcs = ld.base + OPS_TCS * SGX_PAGE_SIZE;
	page = ld.base + RUNTIME_PAGE * SGX_PAGE_SIZE;
	if (ops_enclave_call(tcs, OPS_EACCEPT, (uint64_t)page,
			     SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R |
			     SGX_SECINFO_W | OPS_SECINFO_PENDING)) {
		o->err = EIO;
		snprintf(o->msg, sizeof(o->msg), "EACCEPT of the EAUG page failed");
		goto out;
	}
	ops_enclave_call(tcs, OPS_STORE, (uint64_t)page, RETURN_42);
	ops_enclave_call(tcs, OPS_EMODPE, (uint64_t)page,
			 SGX_SECINFO_R | SGX_SECINFO_W | SGX_SECINFO_X);
	o->mprotect_err = mprotect(page, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC) ? errno : 0;
	call.tcs = tcs;
	call.a = (uint64_t)page;
	if (probe_run(enclave_call_body, &call, NULL))
		o->ret = call.ret;
	else
		o->faulted = 1;
out:
	sgx_unload(&ld);
}

static int map_exec(struct sgx_loaded *ld, unsigned int page)
{
	if (mmap(ld->base + page * SGX_PAGE_SIZE, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, ld->fd, 0) == MAP_FAILED)
		return errno;
	return 0;
}

/* mmap(R-X) of the spare page, then trim, EACCEPT, remove, mmap again. */
static void removed_body(const void *arg, void *out)
{
	struct outcome *o = out;
	struct sgx_loaded ld;
	void *tcs;

	(void)arg;
	if (load_into(o, &ld))
		return;
	tcs = ld.base + OPS_TCS * SGX_PAGE_SIZE;
	o->map_before = map_exec(&ld, OPS_SPARE);
	if (sgx_ioc_modify_types(ld.fd, OPS_SPARE * SGX_PAGE_SIZE, SGX_PAGE_SIZE, SGX_PT_TRIM,
				 NULL, NULL) ||
	    ops_enclave_call(tcs, OPS_EACCEPT, (uint64_t)(ld.base + OPS_SPARE * SGX_PAGE_SIZE),
			     SGX_SECINFO_TYPE(SGX_PT_TRIM) | OPS_SECINFO_MODIFIED) ||
	    sgx_ioc_remove_pages(ld.fd, OPS_SPARE * SGX_PAGE_SIZE, SGX_PAGE_SIZE, NULL)) {
		o->err = errno ? errno : EIO;
		snprintf(o->msg, sizeof(o->msg), "trim, EACCEPT or REMOVE_PAGES of the spare page failed");
	} else {
		o->map_after = map_exec(&ld, OPS_SPARE);
	}
	sgx_unload(&ld);
}

static struct outcome in_domain(const char *domain, selinux_body_fn body)
{
	struct outcome o;
	int transition;

	memset(&o, 0, sizeof(o));
	selinux_kmsg_skip(kmsg);
	if (selinux_run_in_domain(domain, body, NULL, &o, sizeof(o), &transition))
		tap_bail("cannot start a child");
	if (transition) {
		tap_diag("transition: %s", tap_errno_name(transition));
		tap_bail("cannot enter %s", domain);
	}
	if (o.msg[0])
		tap_diag("%s: %s", domain, o.msg);
	return o;
}

static void expect_execaug_avc(const char *what)
{
	struct selinux_avc want = {
		.perm = "sgx_execaug", .scontext = confined, .tcontext = confined,
		.tclass = "process2", .permissive = "0",
	};

	tap_check(selinux_avc_find(kmsg, &want, 2000, NULL, 0),
		  "%s: AVC { sgx_execaug } for sgx_confined_t", what);
}

int main(void)
{
	uint8_t code[2 * SGX_PAGE_SIZE];
	struct outcome o;

	if (selinux_mount())
		tap_bail("SELinux is not enabled (boot with lsm=capability,selinux)");
	if (selinux_enforce_policy(SELINUX_POLICY))
		tap_bail("policy");
	kmsg = selinux_kmsg_open();
	if (kmsg < 0)
		tap_bail("/dev/kmsg");
	ops_enclave_layout(&encl);
	memcpy(code, ops_enclave_code, SGX_PAGE_SIZE);
	memcpy(code + SGX_PAGE_SIZE, ops_enclave_int3, SGX_PAGE_SIZE);
	mkdir("/tmp/lsm-enclu", 0755);
	if (selinux_create_file(CODE_SRC, code, sizeof(code), 0755,
				SELINUX_FILE_CTX("enclave_exec_t")))
		tap_bail("cannot create %s", CODE_SRC);

	o = in_domain(trusted, runtime_code_body);
	tap_check(!o.err, "trusted: the enclave EACCEPTs a run-time page, writes code, EMODPEs it to X");
	tap_check(!o.mprotect_err, "trusted (sgx_execaug): mprotect(R-X) of that page: allowed");
	if (!tap_check(!o.faulted && o.ret == 42,
		       "trusted: the enclave runs the code it wrote (returns 42)"))
		tap_diag("returned %llu, faulted %d", (unsigned long long)o.ret, o.faulted);

	o = in_domain(confined, runtime_code_body);
	tap_check(!o.err, "confined: the enclave EACCEPTs a run-time page, writes code, EMODPEs it to X");
	tap_check(o.mprotect_err == EACCES,
		  "confined: mprotect(R-X) of that page: EACCES");
	expect_execaug_avc("confined's mprotect(R-X) of a run-time page");
	if (!tap_check(o.faulted && o.ret != 42,
		       "confined: the enclave's call of that page faults; its code never runs"))
		tap_diag("returned %llu, faulted %d", (unsigned long long)o.ret, o.faulted);

	o = in_domain(confined, removed_body);
	tap_check(!o.map_before, "confined: mmap(R-X) of a built R-X page: allowed");
	tap_check(!o.err, "confined: MODIFY_TYPES(TRIM), EACCEPT by the enclave, REMOVE_PAGES of it");
	tap_check(o.map_after == EACCES,
		  "confined: mmap(R-X) of its address once removed: EACCES (a run-time address)");
	expect_execaug_avc("confined's mmap(R-X) of a removed page's address");

	sgx_enclave_free(&encl);
	return tap_done();
}
