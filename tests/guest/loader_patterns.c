// SPDX-License-Identifier: GPL-2.0
/*
 * The loader compatibility table: the sample enclave loaded the way real SGX
 * runtimes feed the driver (shared/design/runtimes.md), under the sgxlsm
 * policy.  The enclave image is a file labelled enclave_exec_t, as an
 * installed enclave .so would be.
 *
 *   pattern      how its pages reach EADD              what it needs
 *   selftests    private read-only mapping of the file file:execute
 *   Intel SDK    private RW mapping, header page       + file:execmod,
 *                patched in place, tail page copied to   process2:sgx_execmem
 *                a stack buffer
 *   Open Encl.   a malloc copy of the file             process2:sgx_execmem
 *   Gramine      whole range mapped RWX before any     + file:execmod,
 *                EADD, libpal's head zeroed in place,    process2:sgx_execmem,
 *                heap RWX from anonymous memory,         process2:sgx_execaug
 *                executable run-time pages
 *
 * Each runs in sgx_runtime_t (policy/sgx.if's sgx_enclave_runtime: no
 * process:execmem) and must succeed with no denial logged, and in
 * sgx_confined_t (sgx_enclave_loader: file:execute only), where it must
 * succeed or be refused with the first permission it lacks.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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
#include "tap.h"

#define IMAGE "/tmp/loader/enclave.so"

static struct sgx_sample sample;
static int kmsg = -1;

struct outcome {
	int transition;		/* errno of the dyntransition, 0 if done */
	int err;		/* errno of the failed step, 0 if all went through */
	char step[24];
	char msg[200];
};

static void failed(struct outcome *o, const char *step, int err)
{
	o->err = err ? err : EIO;
	snprintf(o->step, sizeof(o->step), "%s", step);
	snprintf(o->msg, sizeof(o->msg), "%s", sgx_last_error());
}

/* EADDs range r from src (its pages * SGX_PAGE_SIZE bytes). */
static int add_range(const struct sgx_loaded *ld, const struct sgx_range *r,
		     const void *src)
{
	struct sgx_secinfo secinfo;
	uint64_t count;

	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = r->secinfo_flags;
	return sgx_ioc_add_pages(ld->fd, src, r->offset, r->pages * SGX_PAGE_SIZE,
				 &secinfo, r->measured ? SGX_PAGE_MEASURE : 0,
				 &count);
}

/* The image file mapped privately, writable or not. */
static uint8_t *map_image(bool writable)
{
	size_t len = sgx_enclave_end(&sample.encl);
	int fd = open(IMAGE, O_RDONLY);
	void *p;

	if (fd < 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0),
		 MAP_PRIVATE, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/*
 * Patches the page at off in place the way loaders do, but with the bytes it
 * already has, so that the signed measurement still holds: the write alone
 * makes the page a private, modified copy.
 */
static void patch_in_place(uint8_t *img, uint64_t off)
{
	volatile uint8_t *p = img + off;

	p[64] = p[64];
}

static bool is_text(const struct sgx_range *r)
{
	return r->offset == sample.text;
}

static bool is_rwx(const struct sgx_range *r)
{
	return r->offset == sample.rwx;
}

/* Kernel selftests: every page straight from a read-only private mapping. */
static int load_selftests(struct sgx_loaded *ld, struct outcome *o)
{
	uint8_t *img = map_image(false);
	size_t i;

	if (!img)
		return failed(o, "mmap", errno), -1;
	for (i = 0; i < sample.encl.nranges; i++)
		if (add_range(ld, &sample.encl.ranges[i],
			      img + sample.encl.ranges[i].offset))
			return failed(o, "ADD_PAGES", errno), -1;
	return 0;
}

/*
 * Intel SDK: a private writable mapping; the header (here: the text page)
 * patched in place, a segment's tail page (here: the RWX page, declared
 * R-X) copied to a stack buffer first.
 */
static int load_sdk(struct sgx_loaded *ld, struct outcome *o)
{
	uint8_t *img = map_image(true);
	uint8_t tail[SGX_PAGE_SIZE] __attribute__((aligned(SGX_PAGE_SIZE)));
	size_t i;

	if (!img)
		return failed(o, "mmap", errno), -1;
	patch_in_place(img, sample.text);
	for (i = 0; i < sample.encl.nranges; i++) {
		const struct sgx_range *r = &sample.encl.ranges[i];
		const void *src = img + r->offset;

		if (is_rwx(r)) {
			memcpy(tail, src, SGX_PAGE_SIZE);
			src = tail;
		}
		if (add_range(ld, r, src))
			return failed(o, "ADD_PAGES", errno), -1;
	}
	return 0;
}

/* Open Enclave: the image read into malloc'd memory, EADDed from there. */
static int load_open_enclave(struct sgx_loaded *ld, struct outcome *o)
{
	size_t len = sgx_enclave_end(&sample.encl), i;
	uint8_t *copy = aligned_alloc(SGX_PAGE_SIZE, len);
	int fd = open(IMAGE, O_RDONLY), ret = 0;

	if (!copy || fd < 0 || read(fd, copy, len) != (ssize_t)len) {
		failed(o, "read", errno);
		ret = -1;
	}
	for (i = 0; !ret && i < sample.encl.nranges; i++)
		if (add_range(ld, &sample.encl.ranges[i],
			      copy + sample.encl.ranges[i].offset)) {
			failed(o, "ADD_PAGES", errno);
			ret = -1;
		}
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
}

/*
 * Gramine: the whole range mapped RWX before any EADD; libpal (here: the
 * text page) from a private writable mapping whose head was zeroed in
 * place; the RWX page from anonymous memory.  After EINIT it touches a spare
 * page through the RWX mapping: an executable run-time (EAUG) page.
 */
static int load_gramine(struct sgx_loaded *ld, struct outcome *o)
{
	uint8_t *img = map_image(true);
	size_t i;

	if (!img)
		return failed(o, "mmap", errno), -1;
	if (mmap(ld->base, ld->size, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, ld->fd, 0) == MAP_FAILED)
		return failed(o, "mmap RWX", errno), -1;
	patch_in_place(img, sample.text);
	for (i = 0; i < sample.encl.nranges; i++) {
		const struct sgx_range *r = &sample.encl.ranges[i];
		const uint8_t *src = img + r->offset;
		uint8_t *anon = NULL;

		if (is_rwx(r)) {
			anon = mmap(NULL, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (anon == MAP_FAILED)
				return failed(o, "mmap", errno), -1;
			memcpy(anon, src, SGX_PAGE_SIZE);
			src = anon;
		}
		if (add_range(ld, r, src))
			return failed(o, "ADD_PAGES", errno), -1;
	}
	return 0;
}

/* Gramine's EDMM: a spare page touched through the RWX mapping. */
static int touch_spare(struct sgx_loaded *ld, struct outcome *o)
{
	if (probe_write(ld->base + sample.hole, 1, NULL))
		return 0;
	snprintf(o->step, sizeof(o->step), "EAUG");
	o->err = EFAULT;
	return -1;
}

struct pattern {
	const char *name;
	int (*load)(struct sgx_loaded *ld, struct outcome *o);
	bool executable_eaug;	/* adds an executable run-time page */
	/* sgx_confined_t's first denial: permission, class, target type. */
	const char *confined_perm, *confined_tclass, *confined_target;
};

static const struct pattern patterns[] = {
	{ "kernel selftests", load_selftests, false, NULL, NULL, NULL },
	{ "Intel SDK", load_sdk, false, "execmod", "file", "enclave_exec_t" },
	{ "Open Enclave", load_open_enclave, false, "sgx_execmem", "process2",
	  NULL },
	{ "Gramine", load_gramine, true, "execmod", "file", "enclave_exec_t" },
};

static void load_body(const void *arg, void *out)
{
	const struct pattern *p = arg;
	struct sgx_load_opts opts = { .key = sample.key };
	struct outcome *o = out;
	struct sgx_loaded ld;

	if (sgx_load_create(&sample.encl, &ld))
		return failed(o, "ECREATE", errno);
	if (p->load(&ld, o))
		goto out;
	if (sgx_load_init(&sample.encl, &opts, &ld)) {
		failed(o, "INIT", errno);
		goto out;
	}
	if (p->executable_eaug)
		touch_spare(&ld, o);
out:
	sgx_unload(&ld);
}

static struct outcome run(const char *domain, const struct pattern *p)
{
	struct outcome o;
	int transition;

	memset(&o, 0, sizeof(o));
	selinux_kmsg_skip(kmsg);
	if (selinux_run_in_domain(domain, load_body, p, &o, sizeof(o),
				  &transition))
		tap_bail("cannot start a child");
	o.transition = transition;
	if (o.msg[0] && o.err)
		tap_diag("%s: %s", p->name, o.msg);
	return o;
}

static bool avc_logged(const char *perm, const char *domain,
		       const char *tcontext, const char *tclass, char *line,
		       size_t len)
{
	const struct selinux_avc want = {
		.perm = perm, .scontext = domain, .tcontext = tcontext,
		.tclass = tclass, .permissive = "0",
	};

	return selinux_avc_find(kmsg, &want, perm ? 3000 : 300, line, len);
}

static void check_pattern(const struct pattern *p)
{
	const char *runtime = SELINUX_DOMAIN("sgx_runtime_t");
	const char *confined = SELINUX_DOMAIN("sgx_confined_t");
	char target[96], line[2048];
	struct outcome o;
	bool denied;

	o = run(runtime, p);
	if (!tap_check(!o.transition && !o.err, "%s: loads in sgx_runtime_t",
		       p->name) && o.err)
		tap_diag("failed at %s: %s", o.step, tap_errno_name(o.err));
	tap_check(!avc_logged(NULL, runtime, NULL, NULL, line, sizeof(line)),
		  "%s: sgx_runtime_t: no denial logged", p->name);

	o = run(confined, p);
	if (!p->confined_perm) {
		tap_check(!o.transition && !o.err, "%s: loads in sgx_confined_t",
			  p->name);
		return;
	}
	tap_check(!o.transition && o.err == EACCES && !strcmp(o.step, "ADD_PAGES"),
		  "%s: sgx_confined_t is refused at ADD_PAGES", p->name);
	snprintf(target, sizeof(target), SELINUX_FILE_CTX("%s"),
		 p->confined_target ? p->confined_target : "");
	denied = avc_logged(p->confined_perm, confined,
			    p->confined_target ? target : confined,
			    p->confined_tclass, line, sizeof(line));
	tap_check(denied, "%s: sgx_confined_t lacks %s:%s", p->name,
		  p->confined_tclass, p->confined_perm);
	if (denied)
		tap_diag("%s", strstr(line, "avc:") ? strstr(line, "avc:") : line);
}

/* The runtime's domain really has no process:execmem. */
static void no_execmem_body(const void *arg, void *out)
{
	struct outcome *o = out;
	void *p = mmap(NULL, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p == MAP_FAILED)
		o->err = errno;
	else
		munmap(p, SGX_PAGE_SIZE);
}

static void check_no_execmem(void)
{
	struct outcome o;
	int transition;

	memset(&o, 0, sizeof(o));
	if (selinux_run_in_domain(SELINUX_DOMAIN("sgx_runtime_t"),
				  no_execmem_body, NULL, &o, sizeof(o),
				  &transition))
		tap_bail("cannot start a child");
	tap_check(!transition && o.err == EACCES,
		  "sgx_runtime_t has no process:execmem: anonymous RWX mmap() is refused");
}

/* The enclave "shared object": every range at its offset in the enclave. */
static void make_image(void)
{
	size_t len = sgx_enclave_end(&sample.encl), i;
	uint8_t *img = calloc(1, len);

	if (!img)
		tap_bail("out of memory");
	for (i = 0; i < sample.encl.nranges; i++) {
		const struct sgx_range *r = &sample.encl.ranges[i];

		memcpy(img + r->offset, r->data, r->pages * SGX_PAGE_SIZE);
	}
	mkdir("/tmp/loader", 0755);
	if (selinux_create_file(IMAGE, img, len, 0755,
				SELINUX_FILE_CTX("enclave_exec_t")))
		tap_bail("cannot create %s", IMAGE);
	free(img);
}

int main(void)
{
	size_t i;

	if (selinux_mount())
		tap_bail("SELinux is not enabled (boot with lsm=capability,selinux)");
	if (sgx_sample_open(&sample))
		tap_bail("sample enclave");
	/* Only Gramine's heap page is RWX; the others load it as R-X code. */
	for (i = 0; i < sample.encl.nranges; i++)
		if (is_rwx(&sample.encl.ranges[i]) || is_text(&sample.encl.ranges[i]))
			sample.encl.ranges[i].secinfo_flags &= ~SGX_SECINFO_W;
	if (selinux_enforce_policy(SELINUX_POLICY))
		tap_bail("cannot load and enforce %s", SELINUX_POLICY);
	kmsg = selinux_kmsg_open();
	if (kmsg < 0)
		tap_bail("/dev/kmsg");
	make_image();

	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		check_pattern(&patterns[i]);
	check_no_execmem();

	selinux_set_enforce(false);
	sgx_sample_close(&sample);
	return tap_done();
}
