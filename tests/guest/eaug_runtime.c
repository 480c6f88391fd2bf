// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: it counts EPCM pages with the model's counters and reads and
 * writes the run-time page through its mapping, from outside the enclave.
 *
 * Run-time pages (SGX2): after EINIT, touching an enclave address that has
 * no page makes the driver EAUG one.  With no LSM to say otherwise (this
 * test runs with SELinux off), such holes and their EAUG pages may be
 * mapped with any protection, as upstream always allows: they count as
 * RWX.  lsm_selinux checks that a policy without execmem makes them RW.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "mem_probe.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "model_counters.h"
#include "sgx_sample.h"
#include "tap.h"

#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

int main(void)
{
	struct sgx_load_opts o = { 0 };
	struct sgx_sample s;
	struct sgx_loaded ld;
	long before, after;
	volatile uint8_t *hole;
	uint8_t v = 0;
	int sig = 0;
	void *p;
	bool ok;

	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	if (sgx_load(&s.encl, &o, &ld))
		tap_bail("loading the sample enclave");
	hole = ld.base + s.hole;

	p = mmap((void *)hole, SGX_PAGE_SIZE, RWX, MAP_SHARED | MAP_FIXED, ld.fd, 0);
	tap_check(p == hole, "no LSM: an enclave hole (no page yet) can be mapped RWX");
	if (p != hole)
		tap_bail("mmap of the hole");

	before = sgx_model_counter("epcm_valid_pages");
	ok = probe_read(hole, &v, &sig);
	after = sgx_model_counter("epcm_valid_pages");
	tap_check(ok, "touching the hole after INIT does not fault (the driver EAUGs a page)");
	if (!ok)
		tap_diag("read faulted with signal %d", sig);
	tap_expect_eq(before < 0 ? before : after - before, 1,
		      "EAUG added exactly one valid EPCM page");

	ok = probe_write(hole + 16, 0x77, &sig) && probe_read(hole + 16, &v, &sig) &&
	     v == 0x77;
	tap_check(ok, "the EAUG page is writable through its RWX mapping");

	tap_check(mprotect((void *)hole, SGX_PAGE_SIZE, RWX) == 0,
		  "no LSM: EAUG page is RWX (mprotect RWX allowed)");
	p = mmap((void *)hole, SGX_PAGE_SIZE, RWX, MAP_SHARED | MAP_FIXED, ld.fd, 0);
	tap_check(p == hole, "no LSM: EAUG page is RWX (a new RWX mmap of it allowed)");

	/* The page now exists: the fault path checks VMA against its maximum. */
	ok = probe_read(hole + 16, &v, &sig) && v == 0x77;
	tap_check(ok, "the EAUG page keeps its contents across the remap");

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
