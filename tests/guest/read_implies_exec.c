// SPDX-License-Identifier: GPL-2.0
/*
 * A task with personality READ_IMPLIES_EXEC cannot map or mprotect enclave
 * memory (EACCES): its PROT_READ would silently become PROT_EXEC.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/personality.h>

#include "sgx_error.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"


int main(void)
{
	struct sgx_load_opts o = { 0 };
	struct sgx_sample s;
	struct sgx_loaded ld;
	int old;
	void *p;

	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	if (sgx_load(&s.encl, &o, &ld))
		tap_bail("loading the sample enclave");

	/*
	 * The RWX page, so that the implied X is within the page's maximum
	 * and only the personality can be the reason for a refusal.
	 */
	p = mmap(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, ld.fd, 0);
	tap_check(p != MAP_FAILED, "without READ_IMPLIES_EXEC, mmap R-- of the RWX page works");

	old = personality(0xffffffff);
	if (old == -1 || personality(old | READ_IMPLIES_EXEC) == -1)
		tap_bail("personality(READ_IMPLIES_EXEC)");
	tap_check_errno(mprotect(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ), EACCES,
			"with READ_IMPLIES_EXEC, mprotect R-- of the RWX page is refused (EACCES)");
	p = mmap(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, ld.fd, 0);
	tap_check_errno(p == MAP_FAILED ? -1 : 0, EACCES,
			"with READ_IMPLIES_EXEC, mmap R-- of the RWX page is refused (EACCES)");
	personality(old);

	p = mmap(ld.base + s.rwx, SGX_PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED, ld.fd, 0);
	tap_check(p != MAP_FAILED, "personality restored: mmap R-- of the RWX page works again");

	sgx_unload(&ld);
	sgx_sample_close(&s);
	return tap_done();
}
