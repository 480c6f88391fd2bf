// SPDX-License-Identifier: GPL-2.0
/*
 * mmap() of an initialised enclave is capped by each page's declared
 * (SECINFO) protections: asking for more fails with EACCES, also when the
 * range spans pages with different maxima; within the maxima it succeeds
 * and the mapping really has those protections.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "sample_prot.h"
#include "tap.h"


static struct sgx_sample s;
static struct sgx_loaded ld;

/* mmap over [off, off + pages) of the enclave; 0 or the errno. */
static int map_at(uint64_t off, size_t pages, int prot, int flags)
{
	void *want = ld.base + off;
	void *p = mmap(want, pages * SGX_PAGE_SIZE, prot, flags | MAP_FIXED, ld.fd, 0);

	if (p == MAP_FAILED)
		return errno;
	return p == want ? 0 : EFAULT;
}

/*
 * Maps the pages again with their own maxima: a refused MAP_FIXED leaves
 * a hole, an allowed one other protections.
 */
static void restore(uint64_t off, size_t pages)
{
	size_t i;

	for (i = 0; i < pages; i++) {
		const struct sgx_range *r = sgx_enclave_range_at(&s.encl, off + i * SGX_PAGE_SIZE);

		if (map_at(off + i * SGX_PAGE_SIZE, 1, sgx_max_prot(r->secinfo_flags), MAP_SHARED))
			tap_bail("cannot restore the mapping at +%#lx", (unsigned long)(off + i * SGX_PAGE_SIZE));
	}
}

static void check_map(const struct prot_case *c)
{
	uint64_t off = sample_page_offset(&s, c->page);
	int got = map_at(off, c->pages, c->prot, MAP_SHARED);

	tap_expect_errno(got, c->want, "mmap %s as %s: %s", c->what,
			 sgx_prot_str(c->prot), prot_case_want_str(c));
	/* Each case starts from the declared mappings. */
	restore(off, c->pages);
}

static void check_contents(void)
{
	const struct sgx_range *text = sgx_enclave_range_at(&s.encl, s.text);
	const struct sgx_range *ro = sgx_enclave_range_at(&s.encl, s.rodata);
	uint8_t buf[64], v = 0;
	int sig = 0;
	bool ok;

	ok = probe_copy(buf, ld.base + s.text, sizeof(buf), &sig);
	if (!model_only_check(ok && !memcmp(buf, text->data, sizeof(buf)),
			      "R-X text page reads back the image's bytes through the mapping"))
		tap_diag("read %s (signal %d)", ok ? "other bytes" : "faulted", sig);
	ok = probe_copy(buf, ld.base + s.rodata, sizeof(buf), &sig);
	model_only_check(ok && !memcmp(buf, ro->data, sizeof(buf)),
			 "R-- rodata page reads back the image's bytes");

	ok = probe_write(ld.base + s.data + 100, 0xa5, &sig) &&
	     probe_read(ld.base + s.data + 100, &v, &sig) && v == 0xa5;
	model_only_check(ok, "RW- data page: a write through the mapping reads back");

	ok = probe_write(ld.base + s.rodata + 100, 0x5a, &sig);
	tap_check(!ok && sig == SIGSEGV,
		  "R-- rodata page: a write through the mapping faults with SIGSEGV");
	if (ok || sig != SIGSEGV)
		tap_diag("write %s (signal %d)", ok ? "went through" : "faulted", sig);

	ok = probe_write(ld.base + s.text + 100, 0x5a, &sig);
	tap_check(!ok && sig == SIGSEGV, "R-X text page: a write faults with SIGSEGV");
}

int main(void)
{
	size_t i;

	sample_prot_load(&s, &ld);

	check_contents();

	for (i = 0; i < sample_prot_ncases; i++)
		check_map(&sample_prot_cases[i]);

	/* After the remapping, the protections still hold. */
	check_contents();

	tap_check(map_at(s.hole, 1, RW, MAP_PRIVATE) == EINVAL,
		  "MAP_PRIVATE of the enclave is refused with EINVAL");
	/* The reservation is twice the enclave size, so this stays in it. */
	tap_check(map_at(ld.size - SGX_PAGE_SIZE, 2, PROT_READ, MAP_SHARED) == EACCES,
		  "mmap reaching past the enclave end is refused with EACCES");

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
