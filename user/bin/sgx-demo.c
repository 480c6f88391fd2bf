// SPDX-License-Identifier: GPL-2.0
/*
 * sgx-demo: loads the sample enclave and tells what the kernel allows:
 * the declared protections of each range, then a few mmap/mprotect
 * requests, each "allowed" or "refused (EACCES): page at X declared R-X,
 * asked RWX".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "sgx_error.h"
#include "sgx_load.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "sgx_sign.h"


static struct sgx_sample s;
static struct sgx_loaded ld;

/* The first page of the range whose declared maximum lacks some of prot. */
static const struct sgx_range *first_short(uint64_t off, size_t pages, int prot,
					   uint64_t *at)
{
	size_t i;

	for (i = 0; i < pages; i++) {
		const struct sgx_range *r = sgx_enclave_range_at(&s.encl, off + i * SGX_PAGE_SIZE);

		if (r && (prot & ~sgx_max_prot(r->secinfo_flags))) {
			*at = off + i * SGX_PAGE_SIZE;
			return r;
		}
	}
	return NULL;
}

static void request(bool use_mmap, const char *what, uint64_t off, size_t pages,
		    int prot)
{
	void *p = ld.base + off;
	const struct sgx_range *r;
	uint64_t at = 0;
	int err = 0;

	if (use_mmap)
		err = mmap(p, pages * SGX_PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED, ld.fd, 0) ==
		      MAP_FAILED ? errno : 0;
	else
		err = mprotect(p, pages * SGX_PAGE_SIZE, prot) ? errno : 0;
	printf("  %-8s %-22s as %s: ", use_mmap ? "mmap" : "mprotect", what,
	       sgx_prot_str(prot));
	if (!err) {
		printf("allowed\n");
		return;
	}
	r = first_short(off, pages, prot, &at);
	if (r)
		printf("refused (%s): page at %p declared %s, asked %s\n",
		       strerrorname_np(err), (void *)(ld.base + at),
		       sgx_perm_str(r->secinfo_flags), sgx_prot_str(prot));
	else
		printf("refused (%s): %s\n", strerrorname_np(err), strerror(err));
	/* A refused MAP_FIXED may leave a hole: put the pages back. */
	if (use_mmap)
		sgx_load_map(&s.encl, &ld);
}

int main(void)
{
	struct sgx_load_opts o = { 0 };
	uint8_t mrs[32];
	char hex[65];
	size_t i;

	if (sgx_sample_open(&s))
		goto fail;
	o.key = s.key;
	printf("sgx-demo: building %s, signed with %s\n", SGX_SAMPLE_IMAGE, SGX_SAMPLE_KEY);
	if (sgx_load(&s.encl, &o, &ld) || sgx_mrsigner(&ld.sigstruct, mrs))
		goto fail;
	printf("EINIT accepted it: the kernel's MRENCLAVE matches ours.\n");
	printf("  MRENCLAVE %s\n", sgx_hex(ld.mrenclave, 32, hex));
	printf("  MRSIGNER  %s\n", sgx_hex(mrs, 32, hex));
	printf("Enclave at %p, %#llx bytes. Declared protections:\n", (void *)ld.base,
	       (unsigned long long)ld.size);
	for (i = 0; i < s.encl.nranges; i++) {
		const struct sgx_range *r = &s.encl.ranges[i];

		printf("  %p-%p  %s  %s\n", (void *)(ld.base + r->offset),
		       (void *)(ld.base + r->offset + r->pages * SGX_PAGE_SIZE - 1),
		       sgx_perm_str(r->secinfo_flags), sgx_range_kind_str(r->kind));
	}
	printf("  %p-%p  none yet (run-time pages, added on first touch)\n",
	       (void *)(ld.base + s.hole), (void *)(ld.base + ld.size - 1));

	printf("Requests:\n");
	request(true, "text page", s.text, 1, PROT_READ | PROT_EXEC);
	request(true, "text page", s.text, 1, PROT_READ | PROT_WRITE | PROT_EXEC);
	request(false, "rodata page", s.rodata, 1, PROT_READ | PROT_WRITE);
	request(false, "data pages", s.data, 2, PROT_READ | PROT_WRITE);
	request(false, "data + rwx pages", s.data, 3, PROT_READ | PROT_WRITE | PROT_EXEC);
	request(false, "rwx page", s.rwx, 1, PROT_READ | PROT_WRITE | PROT_EXEC);
	request(true, "text..rwx pages", s.text, 5, PROT_READ);
	request(true, "run-time page", s.hole, 1, PROT_READ | PROT_WRITE | PROT_EXEC);
	printf("(run-time pages: RWX, unless an LSM refuses the task that maps them\n"
	       " executable; no policy is loaded yet, so none does)\n");

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return 0;
fail:
	fprintf(stderr, "sgx-demo: %s\n", sgx_last_error());
	return 1;
}
