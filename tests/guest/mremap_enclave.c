// SPDX-License-Identifier: GPL-2.0
/*
 * Enclave mappings can not be moved with mremap().  The EPCM binds each
 * enclave page to its address, and a move would carry page table entries,
 * checked against one page's maximum protections, over other pages or out
 * of the enclave.  A refused move leaves the mapping where it was; shrinking
 * in place still works.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "sample_prot.h"
#include "sgx_error.h"
#include "tap.h"


static struct sgx_sample s;
static struct sgx_loaded ld;

static void *move(uint64_t from, uint64_t to, size_t pages)
{
	return mremap(ld.base + from, pages * SGX_PAGE_SIZE, pages * SGX_PAGE_SIZE,
		      MREMAP_MAYMOVE | MREMAP_FIXED, ld.base + to);
}

static bool reads_back(uint64_t off, uint8_t want)
{
	uint8_t v = 0;
	int sig;

	return probe_read(ld.base + off, &v, &sig) && v == want;
}

static void remap(uint64_t off, int prot)
{
	if (mmap(ld.base + off, SGX_PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED, ld.fd, 0) ==
	    MAP_FAILED)
		tap_bail("mapping the page at 0x%llx again",
			 (unsigned long long)off);
}

/* A writable page moved onto an executable page's address. */
static void test_rw_onto_rx(void)
{
	uint8_t text0 = 0;
	int sig;

	if (!probe_read(ld.base + s.text, &text0, &sig))
		tap_bail("the text page does not read");
	ld.base[s.data] = (uint8_t)~text0;
	tap_check_errno(move(s.data, s.text, 1) == MAP_FAILED ? -1 : 0, EINVAL,
			"mremap() of an RW- page onto the R-X page's address");
	model_only_check(reads_back(s.data, (uint8_t)~text0),
			 "the RW- page is still mapped where it was");
	/* MREMAP_FIXED unmapped the destination before the move was refused. */
	remap(s.text, PROT_READ | PROT_EXEC);
	model_only_check(reads_back(s.text, text0),
			 "the R-X page's address holds the R-X page, not the written one");
	tap_check_errno(mprotect(ld.base + s.data, SGX_PAGE_SIZE, PROT_READ | PROT_EXEC),
			EACCES, "the written RW- page still can not be made R-X");
}

/* An executable page moved to a writable page's address, and back. */
static void test_rx_onto_rw(void)
{
	uint8_t data0 = 0x5a;

	ld.base[s.data] = data0;
	tap_check_errno(move(s.text, s.data, 1) == MAP_FAILED ? -1 : 0, EINVAL,
			"mremap() of the R-X page onto an RW- page's address");
	remap(s.data, PROT_READ | PROT_WRITE);
	model_only_check(reads_back(s.data, data0),
			 "the RW- page's address holds the RW- page");
	tap_check_errno(mprotect(ld.base + s.text, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE),
			EACCES, "the R-X page still can not be made writable");
}

static void test_shrink_grow(void)
{
	void *p;

	p = mremap(ld.base + s.data, 2 * SGX_PAGE_SIZE, SGX_PAGE_SIZE, 0);
	tap_check(p == ld.base + s.data,
		  "shrinking the 2-page data mapping in place succeeds");
	remap(s.data + SGX_PAGE_SIZE, PROT_READ | PROT_WRITE);
	p = mremap(ld.base + s.data, SGX_PAGE_SIZE, 2 * SGX_PAGE_SIZE, 0);
	tap_check(p == MAP_FAILED,
		  "growing an enclave mapping in place fails");
	p = mremap(ld.base + s.data, SGX_PAGE_SIZE, SGX_PAGE_SIZE,
		   MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	tap_check(p == MAP_FAILED,
		  "mremap(MREMAP_DONTUNMAP) of an enclave mapping fails");
}

/* Before EINIT: out of the enclave's range, where no maximum applies. */
static void test_out_of_range_before_init(void)
{
	struct sgx_load_opts o = { .key = s.key };
	struct sgx_loaded fresh;
	uint8_t *outside;
	void *p;

	if (sgx_load_create(&s.encl, &fresh) ||
	    sgx_load_add_all(&s.encl, &o, &fresh))
		tap_bail("building an enclave");
	outside = mmap(NULL, SGX_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (outside == MAP_FAILED ||
	    mmap(fresh.base + s.data, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fresh.fd, 0) == MAP_FAILED)
		tap_bail("mapping");
	p = mremap(fresh.base + s.data, SGX_PAGE_SIZE, SGX_PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED,
		   outside);
	tap_check_errno(p == MAP_FAILED ? -1 : 0, EINVAL,
			"before EINIT, mremap() of a page out of the enclave's range");
	tap_check(!mprotect(fresh.base + s.data, SGX_PAGE_SIZE, PROT_READ),
		  "the page is still mapped in the enclave's range");
	sgx_unload(&fresh);
	munmap(outside, SGX_PAGE_SIZE);
}

int main(void)
{
	sample_prot_load(&s, &ld);

	test_rw_onto_rx();
	test_rx_onto_rw();
	test_shrink_grow();
	test_out_of_range_before_init();

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
