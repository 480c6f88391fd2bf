// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input to CREATE, ADD_PAGES and INIT, and calls in the wrong order,
 * each get the errno arch/x86/kernel/cpu/sgx/ioctl.c gives them.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_image.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "tap.h"


static struct sgx_sample s;
static struct sgx_secinfo rx;	/* a valid SECINFO */
static uint8_t *page;		/* a valid, page-aligned source page */

static int open_dev(void)
{
	int fd = open(SGX_DEVICE, O_RDWR);

	if (fd < 0)
		tap_bail("open %s", SGX_DEVICE);
	return fd;
}

static void created(struct sgx_loaded *ld)
{
	if (sgx_load_create(&s.encl, ld))
		tap_bail("ECREATE of the sample");
}

static struct sgx_secs *secs_for(uint64_t size, uint64_t base)
{
	struct sgx_secs *secs = sgx_secs_alloc(size, base, 1, SGX_ATTR_MODE64BIT,
					       SGX_XFRM_LEGACY);

	if (!secs)
		tap_bail("SECS page");
	return secs;
}

static void check_create(void)
{
	struct sgx_loaded ld;
	struct sgx_secs *secs;
	int fd = open_dev();

	tap_check_errno(sgx_ioc_create(fd, NULL), EFAULT, "CREATE with a NULL SECS: EFAULT");
	secs = secs_for(3 * SGX_PAGE_SIZE, 0x7f0000000000ul);
	tap_check_errno(sgx_ioc_create(fd, secs), EINVAL, "CREATE with size 3 pages (not a power of two): EINVAL");
	secs->size = 4 * SGX_PAGE_SIZE;
	secs->base = 0x7f0000001000ul;
	tap_check_errno(sgx_ioc_create(fd, secs), EIO, "CREATE with base not aligned to size: EIO (ECREATE refuses)");
	free(secs);
	close(fd);

	created(&ld);
	secs = secs_for(ld.size, (uintptr_t)ld.base);
	tap_check_errno(sgx_ioc_create(ld.fd, secs), EINVAL, "second CREATE on one enclave: EINVAL");
	free(secs);
	sgx_unload(&ld);
}

static int add(int fd, const void *src, uint64_t off, uint64_t len,
	       const struct sgx_secinfo *si, uint64_t flags)
{
	return sgx_ioc_add_pages(fd, src, off, len, si, flags, NULL);
}

static void check_add_secinfo(int fd)
{
	struct sgx_secinfo si;
	const uint64_t reg = SGX_SECINFO_TYPE(SGX_PT_REG);
	static const struct {
		uint64_t flags;
		const char *what;
	} bad[] = {
		{ SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | (1ull << 3), "reserved flag bit 3" },
		{ SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | (1ull << 16), "reserved flag bit 16" },
		{ SGX_SECINFO_TYPE(SGX_PT_SECS) | SGX_SECINFO_R, "type SECS" },
		{ SGX_SECINFO_TYPE(SGX_PT_VA) | SGX_SECINFO_R, "type VA" },
		{ SGX_SECINFO_TYPE(SGX_PT_TRIM) | SGX_SECINFO_R, "type TRIM" },
		{ SGX_SECINFO_TYPE(9) | SGX_SECINFO_R, "unknown type 9" },
		{ SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_W, "W without R" },
		{ SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_W | SGX_SECINFO_X, "WX without R" },
		{ SGX_SECINFO_TYPE(SGX_PT_TCS) | SGX_SECINFO_R, "TCS with permissions" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&si, 0, sizeof(si));
		si.flags = bad[i].flags;
		tap_check_errno(add(fd, page, s.text, SGX_PAGE_SIZE, &si, SGX_PAGE_MEASURE), EINVAL,
				"ADD with SECINFO %s: EINVAL", bad[i].what);
	}
	memset(&si, 0, sizeof(si));
	si.flags = reg | SGX_SECINFO_R;
	si.reserved[10] = 1;
	tap_check_errno(add(fd, page, s.text, SGX_PAGE_SIZE, &si, SGX_PAGE_MEASURE), EINVAL,
			"ADD with SECINFO reserved bytes not zero: EINVAL");
	tap_check_errno(add(fd, page, s.text, SGX_PAGE_SIZE, NULL, SGX_PAGE_MEASURE), EFAULT,
			"ADD with a NULL SECINFO pointer: EFAULT");
}

static void check_add(void)
{
	struct sgx_loaded ld;
	uint64_t count = 1;
	int fd = open_dev();

	tap_check_errno(add(fd, page, 0, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD before CREATE: EINVAL");
	close(fd);

	created(&ld);
	fd = ld.fd;
	tap_check_errno(add(fd, page + 1, s.text, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD with a misaligned source: EINVAL");
	tap_check_errno(add(fd, page, s.text + 8, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD at a misaligned offset: EINVAL");
	tap_check_errno(add(fd, page, s.text, 0, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD of length 0: EINVAL");
	tap_check_errno(add(fd, page, s.text, 100, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD of length 100 (not pages): EINVAL");
	tap_check_errno(add(fd, page, ld.size, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD at offset == enclave size: EINVAL");
	tap_check_errno(add(fd, page, ld.size - SGX_PAGE_SIZE, 2 * SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD running past the enclave end: EINVAL");
	tap_check_errno(add(fd, page, SGX_PAGE_SIZE, ~(uint64_t)(SGX_PAGE_SIZE - 1), &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD of a huge length (offset + length wraps): EINVAL");
	check_add_secinfo(fd);
	tap_check_errno(add(fd, (void *)SGX_PAGE_SIZE, s.text, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EFAULT,
			"ADD from an unmapped source address: EFAULT");

	tap_check(sgx_ioc_add_pages(fd, page, s.text, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE, &count) == 0 &&
		  count == SGX_PAGE_SIZE, "ADD of one good page: success, count = 4096");
	tap_check_errno(add(fd, page, s.text, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EBUSY,
			"ADD of a page already added (overlap): EBUSY");
	tap_check_errno(add(fd, page, s.text, 2 * SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EBUSY,
			"ADD of a range starting on an added page: EBUSY");
	tap_check(add(fd, page, s.rodata, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE | 0x80) == 0,
		  "upstream: unknown ADD_PAGES flag bits are ignored (accepted)");
	sgx_unload(&ld);
}

static void sign(const struct sgx_enclave *e, struct sgx_sigstruct *sig)
{
	uint8_t mre[32];

	if (sgx_measure(e, mre) || sgx_sigstruct_make(sig, e, mre, s.key))
		tap_bail("signing");
}

static void check_init_fields(const struct sgx_sigstruct *good)
{
	struct sgx_loaded ld;
	struct sgx_sigstruct *bad = aligned_alloc(SGX_PAGE_SIZE, SGX_PAGE_SIZE);

	created(&ld);
	*bad = *good;
	bad->vendor = 0x1234;
	tap_check_errno(sgx_ioc_init(ld.fd, bad), EINVAL, "INIT with SIGSTRUCT vendor 0x1234: EINVAL");
	*bad = *good;
	bad->attributes |= 1ull << 3;
	bad->attributes_mask |= 1ull << 3;
	tap_check_errno(sgx_ioc_init(ld.fd, bad), EINVAL, "INIT with reserved ATTRIBUTES bit 3 (masked in): EINVAL");
	*bad = *good;
	bad->xfrm |= 1ull << 63;
	bad->xfrm_mask |= 1ull << 63;
	tap_check_errno(sgx_ioc_init(ld.fd, bad), EINVAL, "INIT with reserved XFRM bit 63 (masked in): EINVAL");
	*bad = *good;
	bad->miscselect |= 1u << 31;
	bad->miscmask |= 1u << 31;
	tap_check_errno(sgx_ioc_init(ld.fd, bad), EINVAL, "INIT with reserved MISCSELECT bit 31 (masked in): EINVAL");
	tap_check_errno(sgx_ioc_init(ld.fd, NULL), EFAULT, "INIT with a NULL SIGSTRUCT: EFAULT");
	tap_check_errno(sgx_ioc_init(ld.fd, good), EPERM,
			"INIT before any ADD (SIGSTRUCT of the full enclave): EPERM");
	free(bad);
	sgx_unload(&ld);
}

static void check_init(void)
{
	struct sgx_load_opts o = { .key = s.key };
	struct sgx_sigstruct *sig = aligned_alloc(SGX_PAGE_SIZE, SGX_PAGE_SIZE);
	struct sgx_loaded ld;
	struct sgx_secs *secs;
	struct sgx_enclave prov;
	int fd = open_dev();

	sign(&s.encl, sig);
	tap_check_errno(sgx_ioc_init(fd, sig), EINVAL, "INIT before CREATE: EINVAL");
	close(fd);
	check_init_fields(sig);

	if (sgx_load(&s.encl, &o, &ld))
		tap_bail("loading the sample");
	tap_check_errno(sgx_ioc_init(ld.fd, &ld.sigstruct), EINVAL, "second INIT: EINVAL");
	tap_check_errno(add(ld.fd, page, s.hole, SGX_PAGE_SIZE, &rx, SGX_PAGE_MEASURE), EINVAL,
			"ADD after INIT: EINVAL");
	secs = secs_for(ld.size, (uintptr_t)ld.base);
	tap_check_errno(sgx_ioc_create(ld.fd, secs), EINVAL, "CREATE after INIT: EINVAL");
	free(secs);
	tap_check_errno(ioctl(ld.fd, _IO(SGX_MAGIC, 0x7f)), ENOTTY, "unknown SGX ioctl number: ENOTTY");
	sgx_unload(&ld);

	/* PROVISIONKEY needs SGX_IOC_ENCLAVE_PROVISION first. */
	if (sgx_image_load(SGX_SAMPLE_IMAGE, &prov, NULL))
		tap_bail("loading the sample image");
	prov.attributes |= 1ull << 4;
	if (sgx_load_create(&prov, &ld) || sgx_load_add_all(&prov, &o, &ld)) {
		tap_check(false, "INIT of a PROVISIONKEY enclave without /dev/sgx_provision: EACCES");
		tap_diag("could not build it: %s", sgx_last_error());
	} else {
		sign(&prov, sig);
		tap_check_errno(sgx_ioc_init(ld.fd, sig), EACCES,
				"INIT of a PROVISIONKEY enclave without /dev/sgx_provision: EACCES");
		sgx_unload(&ld);
	}
	sgx_enclave_free(&prov);
	free(sig);
}

int main(void)
{
	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	page = mmap(NULL, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		tap_bail("source page");
	rx.flags = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_X;

	check_create();
	check_add();
	check_init();

	sgx_sample_close(&s);
	return tap_done();
}
