// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect() and pkey_mprotect(pkey -1) of enclave mappings are capped by
 * the pages' declared protections, also across pages of different maxima
 * and across several VMAs; within the maxima the new protections really
 * apply (a write after dropping W faults, after restoring W goes through).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mem_probe.h"
#include "model_counters.h"
#include "sample_prot.h"
#include "tap.h"


static struct sgx_sample s;
static struct sgx_loaded ld;

static int do_mprotect(bool pkey, uint64_t off, size_t pages, int prot)
{
	void *p = ld.base + off;
	/* Raw syscall: libc may lack pkey_mprotect, and we want errno as is. */
	long r = pkey ? syscall(SYS_pkey_mprotect, p, pages * SGX_PAGE_SIZE, prot, -1)
		      : mprotect(p, pages * SGX_PAGE_SIZE, prot);

	return r ? errno : 0;
}

/* Puts every page back to its declared maximum. */
static void reset(void)
{
	size_t i;

	for (i = 0; i < s.encl.nranges; i++) {
		const struct sgx_range *r = &s.encl.ranges[i];

		if (mprotect(ld.base + r->offset, r->pages * SGX_PAGE_SIZE,
			     sgx_max_prot(r->secinfo_flags)))
			tap_bail("restoring the %s range", sgx_range_kind_str(r->kind));
	}
}

static void check(bool pkey, const struct prot_case *c)
{
	const char *call = pkey ? "pkey_mprotect(-1)" : "mprotect";
	int got = do_mprotect(pkey, sample_page_offset(&s, c->page), c->pages,
			      c->prot);

	tap_expect_errno(got, c->want, "%s %s to %s: %s", call, c->what,
			 sgx_prot_str(c->prot), prot_case_want_str(c));
	reset();
}

static void check_all(bool pkey)
{
	size_t i;

	for (i = 0; i < sample_prot_ncases; i++)
		check(pkey, &sample_prot_cases[i]);
}

/* Protections granted really apply to the memory. */
static void check_effect(void)
{
	volatile uint8_t *p = ld.base + s.data + 8;
	uint8_t v = 0;
	int sig = 0;
	bool ok;

	ok = do_mprotect(false, s.data, 1, PROT_READ) == 0;
	ok = ok && !probe_write(p, 1, &sig) && sig == SIGSEGV;
	tap_check(ok, "after mprotect(R--) a write to the data page faults (SIGSEGV)");
	ok = probe_read(p, &v, &sig);
	tap_check(ok, "after mprotect(R--) the data page is still readable");
	ok = do_mprotect(false, s.data, 1, RW) == 0 && probe_write(p, 0x42, &sig) &&
	     probe_read(p, &v, &sig) && v == 0x42;
	model_only_check(ok, "after mprotect(RW-) a write to the data page reads back");
	ok = do_mprotect(false, s.data, 1, PROT_NONE) == 0 && !probe_read(p, &v, &sig);
	tap_check(ok, "after mprotect(---) even a read of the data page faults");
	reset();
}

int main(void)
{
	sample_prot_load(&s, &ld);

	check_all(false);
	check_all(true);
	check_effect();

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
