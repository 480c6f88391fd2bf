// SPDX-License-Identifier: GPL-2.0
/*
 * ADD_PAGES refuses source pages that live on a noexec mount (EACCES).
 * The driver checks only that the source VMA may be made executable
 * (VM_MAYEXEC), whatever the page's SECINFO says, so upstream refuses a
 * non-executable page from noexec too.  Sources in anonymous memory or on
 * an exec mount are accepted, and such an enclave initialises.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define NOEXEC_DIR "/tmp/sgx-noexec"
#define EXEC_DIR "/tmp/sgx-exec"

static void mount_tmpfs(const char *dir, unsigned long flags)
{
	if (mkdir(dir, 0700) && errno != EEXIST)
		tap_bail("mkdir %s", dir);
	if (mount("tmpfs", dir, "tmpfs", flags, "size=4m"))
		tap_bail("mount tmpfs on %s", dir);
}

/* A small enclave: code (R-X), data (RW-), one thread. */
static void build(struct sgx_enclave *e)
{
	static uint8_t code[SGX_PAGE_SIZE] = { 0xb8, 0x04, 0, 0, 0, 0x0f, 0x01, 0xd7 };
	const uint64_t reg = SGX_SECINFO_TYPE(SGX_PT_REG);

	sgx_enclave_init(e);
	if (sgx_enclave_add(e, 0, 1, reg | SGX_SECINFO_R | SGX_SECINFO_X,
			    SGX_RANGE_SEGMENT, code) ||
	    sgx_enclave_add(e, SGX_PAGE_SIZE, 1, reg | SGX_SECINFO_R | SGX_SECINFO_W,
			    SGX_RANGE_SEGMENT, NULL) ||
	    sgx_enclave_add_thread(e, 2 * SGX_PAGE_SIZE, 0, 0) || sgx_enclave_finish(e, 0))
		tap_bail("building the test enclave");
}

/* EADDs range i from a source in dir (NULL: anonymous); 0 or errno. */
static int add_from(const struct sgx_enclave *e, size_t i, const char *dir)
{
	struct sgx_load_opts o = { .source_dir = dir };
	struct sgx_loaded ld;
	int err = 0;

	if (sgx_load_create(e, &ld))
		tap_bail("ECREATE");
	if (sgx_load_add(e, &o, &ld, i))
		err = errno;
	sgx_unload(&ld);
	return err;
}

int main(void)
{
	struct sgx_load_opts o = { 0 };
	struct sgx_enclave e;
	struct sgx_sample s;
	struct sgx_loaded ld;
	int err;

	mount_tmpfs(NOEXEC_DIR, MS_NOEXEC | MS_NOSUID | MS_NODEV);
	mount_tmpfs(EXEC_DIR, MS_NOSUID | MS_NODEV);
	build(&e);

	err = add_from(&e, 0, NULL);
	tap_expect_errno(err, 0, "R-X page from anonymous memory is added");
	err = add_from(&e, 0, EXEC_DIR);
	tap_expect_errno(err, 0, "R-X page from a file on an exec tmpfs is added");
	err = add_from(&e, 0, NOEXEC_DIR);
	tap_expect_errno(err, EACCES,
			 "R-X page from a file on a noexec tmpfs is refused with EACCES");
	err = add_from(&e, 1, NOEXEC_DIR);
	tap_expect_errno(err, EACCES,
			 "upstream: RW- page from a noexec tmpfs is refused too (EACCES; the driver checks VM_MAYEXEC only)");
	err = add_from(&e, 1, EXEC_DIR);
	tap_expect_errno(err, 0, "RW- page from an exec tmpfs is added");

	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	o.source_dir = EXEC_DIR;
	err = sgx_load(&s.encl, &o, &ld) ? errno : 0;
	if (!tap_expect_errno(err, 0, "the sample enclave loaded from an exec tmpfs initialises"))
		tap_diag("%s", sgx_last_error());
	else
		sgx_unload(&ld);
	o.source_dir = NOEXEC_DIR;
	err = sgx_load(&s.encl, &o, &ld) ? errno : 0;
	/* The library's message says which step failed, if one did. */
	if (!tap_expect_errno(err, EACCES,
			      "the sample enclave loaded from a noexec tmpfs fails with EACCES") && err)
		tap_diag("%s", sgx_last_error());
	if (!err)
		sgx_unload(&ld);

	sgx_sample_close(&s);
	sgx_enclave_free(&e);
	umount(NOEXEC_DIR);
	umount(EXEC_DIR);
	return tap_done();
}
