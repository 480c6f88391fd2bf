// SPDX-License-Identifier: GPL-2.0
/*
 * SGX2 page changes as Documentation/arch/x86/sgx.rst and <asm/sgx.h>
 * describe them: RESTRICT_PERMISSIONS (EMODPR) on regular pages,
 * MODIFY_TYPES (EMODT) to TCS or TRIM, REMOVE_PAGES only of trimmed pages
 * the enclave accepted; with the errors ioctl.c gives bad input.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define R SGX_SECINFO_R
#define W SGX_SECINFO_W

static struct sgx_sample s;
static struct sgx_loaded ld;

static void check_before_init(void)
{
	struct sgx_loaded pre;

	if (sgx_load_create(&s.encl, &pre))
		tap_bail("ECREATE");
	tap_check_errno(sgx_ioc_restrict_permissions(pre.fd, s.data, SGX_PAGE_SIZE, R, NULL, NULL),
			EINVAL, "RESTRICT_PERMISSIONS before INIT: EINVAL");
	tap_check_errno(sgx_ioc_modify_types(pre.fd, s.data, SGX_PAGE_SIZE, SGX_PT_TRIM, NULL, NULL),
			EINVAL, "MODIFY_TYPES before INIT: EINVAL");
	tap_check_errno(sgx_ioc_remove_pages(pre.fd, s.data, SGX_PAGE_SIZE, NULL),
			EINVAL, "REMOVE_PAGES before INIT: EINVAL");
	sgx_unload(&pre);
}

/* offset/length validation is shared by the three ioctls. */
static void check_ranges(void)
{
	static const struct {
		uint64_t off, len;
		const char *what;
	} bad[] = {
		{ 8, SGX_PAGE_SIZE, "misaligned offset" },
		{ 0, 0, "length 0" },
		{ 0, 100, "length not a page multiple" },
		{ 0, ~(uint64_t)(SGX_PAGE_SIZE - 1), "huge length (wraps)" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.data + bad[i].off,
							     bad[i].len, R, NULL, NULL),
				EINVAL, "RESTRICT_PERMISSIONS, %s: EINVAL", bad[i].what);
		tap_check_errno(sgx_ioc_modify_types(ld.fd, s.data + bad[i].off, bad[i].len,
						     SGX_PT_TRIM, NULL, NULL),
				EINVAL, "MODIFY_TYPES, %s: EINVAL", bad[i].what);
		tap_check_errno(sgx_ioc_remove_pages(ld.fd, s.data + bad[i].off, bad[i].len, NULL),
				EINVAL, "REMOVE_PAGES, %s: EINVAL", bad[i].what);
	}
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, ld.size, SGX_PAGE_SIZE, R, NULL, NULL),
			EINVAL, "RESTRICT_PERMISSIONS past the enclave end: EINVAL");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, ld.size - SGX_PAGE_SIZE, 2 * SGX_PAGE_SIZE, SGX_PT_TRIM, NULL, NULL),
			EINVAL, "MODIFY_TYPES running past the enclave end: EINVAL");
	tap_check_errno(sgx_ioc_remove_pages(ld.fd, ld.size, SGX_PAGE_SIZE, NULL),
			EINVAL, "REMOVE_PAGES past the enclave end: EINVAL");
}

static void check_restrict(void)
{
	struct sgx_enclave_restrict_permissions rp;
	uint64_t result = 99, count = 99;

	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.data, SGX_PAGE_SIZE, 1u << 3, NULL, NULL),
			EINVAL, "RESTRICT_PERMISSIONS with a non-permission bit: EINVAL");
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.data, SGX_PAGE_SIZE, W, NULL, NULL),
			EINVAL, "RESTRICT_PERMISSIONS to W without R: EINVAL");
	memset(&rp, 0, sizeof(rp));
	rp.offset = s.data;
	rp.length = SGX_PAGE_SIZE;
	rp.permissions = R;
	rp.count = SGX_PAGE_SIZE;
	tap_check_errno(ioctl(ld.fd, SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp), EINVAL,
			"RESTRICT_PERMISSIONS with count not zero on input: EINVAL");
	rp.count = 0;
	rp.result = 1;
	tap_check_errno(ioctl(ld.fd, SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp), EINVAL,
			"RESTRICT_PERMISSIONS with result not zero on input: EINVAL");

	tap_check(sgx_ioc_restrict_permissions(ld.fd, s.data, SGX_PAGE_SIZE, R, &result, &count) == 0 &&
		  count == SGX_PAGE_SIZE && result == 0,
		  "RESTRICT_PERMISSIONS of an RW- page to R--: success, count 4096, result 0");
	tap_check(mprotect(ld.base + s.data, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE) == 0,
		  "upstream: RESTRICT_PERMISSIONS leaves the page's mmap maximum (RW-) as declared");
	count = 99;
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.tcs, SGX_PAGE_SIZE, 0, NULL, &count), EINVAL,
			"RESTRICT_PERMISSIONS of a TCS page: EINVAL");
	tap_expect_eq(count, 0, "... and count says no page changed");
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.hole, SGX_PAGE_SIZE, R, NULL, NULL), EFAULT,
			"RESTRICT_PERMISSIONS of an address without a page: EFAULT");
	count = 99;
	/* The last added page (an SSA frame, RW-) and the first hole. */
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.hole - SGX_PAGE_SIZE, 2 * SGX_PAGE_SIZE, R, NULL, &count),
			EFAULT, "RESTRICT_PERMISSIONS of last page + hole: EFAULT at the hole");
	tap_expect_eq(count, SGX_PAGE_SIZE, "... after changing the first page (count 4096)");
}

static void check_modify_types(void)
{
	struct sgx_enclave_modify_types mt;
	uint64_t count = 99, result = 99;

	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.data, SGX_PAGE_SIZE, SGX_PT_REG, NULL, NULL), EINVAL,
			"MODIFY_TYPES to REG: EINVAL (only TCS or TRIM)");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.data, SGX_PAGE_SIZE, 0x100 | SGX_PT_TRIM, NULL, NULL),
			EINVAL, "MODIFY_TYPES with bits above the type: EINVAL");
	memset(&mt, 0, sizeof(mt));
	mt.offset = s.data;
	mt.length = SGX_PAGE_SIZE;
	mt.page_type = SGX_PT_TRIM;
	mt.count = SGX_PAGE_SIZE;
	tap_check_errno(ioctl(ld.fd, SGX_IOC_ENCLAVE_MODIFY_TYPES, &mt), EINVAL,
			"MODIFY_TYPES with count not zero on input: EINVAL");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.rodata, SGX_PAGE_SIZE, SGX_PT_TCS, NULL, NULL), EPERM,
			"MODIFY_TYPES of an R-- page to TCS: EPERM (a TCS needs RW)");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.hole, SGX_PAGE_SIZE, SGX_PT_TRIM, NULL, NULL), EFAULT,
			"MODIFY_TYPES of an address without a page: EFAULT");

	tap_check(sgx_ioc_modify_types(ld.fd, s.rwx, SGX_PAGE_SIZE, SGX_PT_TCS, &result, &count) == 0 &&
		  count == SGX_PAGE_SIZE && result == 0, "MODIFY_TYPES of the RWX page to TCS: success");
	tap_check_errno(mprotect(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC), EACCES,
			"after becoming a TCS, the former RWX page may no longer be mapped RWX");
	tap_check(mprotect(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE) == 0,
		  "after becoming a TCS, the page may be mapped RW-");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.rwx, SGX_PAGE_SIZE, SGX_PT_TCS, NULL, NULL), EINVAL,
			"MODIFY_TYPES of a TCS page to TCS: EINVAL");
	tap_check_errno(sgx_ioc_restrict_permissions(ld.fd, s.rwx, SGX_PAGE_SIZE, R, NULL, NULL), EINVAL,
			"RESTRICT_PERMISSIONS of the new TCS page: EINVAL");
	tap_check(sgx_ioc_modify_types(ld.fd, s.tcs, SGX_PAGE_SIZE, SGX_PT_TRIM, NULL, &count) == 0 &&
		  count == SGX_PAGE_SIZE, "MODIFY_TYPES of a TCS page to TRIM: success");
	tap_check(sgx_ioc_modify_types(ld.fd, s.data, 2 * SGX_PAGE_SIZE, SGX_PT_TRIM, NULL, &count) == 0 &&
		  count == 2 * SGX_PAGE_SIZE, "MODIFY_TYPES of two RW- pages to TRIM: success, count 8192");
	tap_check_errno(sgx_ioc_modify_types(ld.fd, s.data, SGX_PAGE_SIZE, SGX_PT_TCS, NULL, NULL), EINVAL,
			"MODIFY_TYPES of a trimmed page to TCS: EINVAL");
}

static void check_remove(void)
{
	struct sgx_enclave_remove_pages rm;
	uint64_t count = 99;

	memset(&rm, 0, sizeof(rm));
	rm.offset = s.data;
	rm.length = SGX_PAGE_SIZE;
	rm.count = SGX_PAGE_SIZE;
	tap_check_errno(ioctl(ld.fd, SGX_IOC_ENCLAVE_REMOVE_PAGES, &rm), EINVAL,
			"REMOVE_PAGES with count not zero on input: EINVAL");
	tap_check_errno(sgx_ioc_remove_pages(ld.fd, s.text, SGX_PAGE_SIZE, &count), EPERM,
			"REMOVE_PAGES of a regular (untrimmed) page: EPERM");
	tap_expect_eq(count, 0, "... count 0");
	tap_check_errno(sgx_ioc_remove_pages(ld.fd, s.data, SGX_PAGE_SIZE, NULL), EPERM,
			"REMOVE_PAGES of a trimmed page the enclave did not EACCEPT: EPERM");
	tap_check_errno(sgx_ioc_remove_pages(ld.fd, s.hole, SGX_PAGE_SIZE, NULL), EFAULT,
			"REMOVE_PAGES of an address without a page: EFAULT");
	tap_diag("not tested: REMOVE_PAGES success needs ENCLU[EACCEPT] run inside the enclave");
}

int main(void)
{
	struct sgx_load_opts o = { 0 };

	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	check_before_init();
	if (sgx_load(&s.encl, &o, &ld))
		tap_bail("loading the sample enclave");
	check_ranges();
	check_restrict();
	check_modify_types();
	check_remove();
	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
