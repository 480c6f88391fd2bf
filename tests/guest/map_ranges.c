// SPDX-License-Identifier: GPL-2.0
/*
 * What mmap() and mprotect() of a long enclave range allow, at the edges:
 * one page whose maximum forbids the mapping, first, last or alone in the
 * middle of a 65,536-page range, is found and refuses it; without it, the
 * same range is allowed.  Restricting a page's EPCM permissions leaves its
 * maximum alone; making it a TCS takes PROT_EXEC away from it.
 *
 * The enclave (present pages only; the rest of its 512 MiB are holes):
 *
 *   page 0             RW-   lacks X (first of [0, WIDE))
 *   page MIDDLE        R-X   lacks W (alone in [1, 1 + WIDE))
 *   page LAST_NOEXEC   RW-   lacks X (last of [2, 2 + WIDE))
 *   page LAST_NOREAD   --X   lacks R and W (last of [3, 3 + WIDE))
 *   every other page   RWX
 *
 * Needs an EPC of 65,540 pages and their VA pages: the "ranges" boot.
 */
#include <errno.h>
#include <sys/mman.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "sgx_sign.h"
#include "tap.h"

#define WIDE 65536ul
#define MIDDLE (1 + WIDE / 2)
#define LAST_NOEXEC (1 + WIDE)
#define LAST_NOREAD (2 + WIDE)
#define PAGES (3 + WIDE)

#define REG SGX_SECINFO_TYPE(SGX_PT_REG)
#define R SGX_SECINFO_R
#define W SGX_SECINFO_W
#define X SGX_SECINFO_X

static struct sgx_loaded ld;

static void *page_at(unsigned long page)
{
	return ld.base + page * SGX_PAGE_SIZE;
}

/* Adds [first, first + pages) unmeasured: no EEXTEND of 256 MiB of zeros. */
static void add(struct sgx_enclave *encl, unsigned long first,
		unsigned long pages, uint64_t perm)
{
	if (sgx_enclave_add(encl, first * SGX_PAGE_SIZE, pages, REG | perm,
			    SGX_RANGE_HEAP, NULL))
		tap_bail("layout");
	encl->ranges[encl->nranges - 1].measured = false;
}

static void load(struct sgx_enclave *encl)
{
	struct sgx_load_opts o = { .key = sgx_key_load(SGX_SAMPLE_KEY) };

	if (!o.key)
		tap_bail("signing key");
	sgx_enclave_init(encl);
	add(encl, 0, 1, R | W);
	add(encl, 1, MIDDLE - 1, R | W | X);
	add(encl, MIDDLE, 1, R | X);
	add(encl, MIDDLE + 1, LAST_NOEXEC - MIDDLE - 1, R | W | X);
	add(encl, LAST_NOEXEC, 1, R | W);
	add(encl, LAST_NOREAD, 1, X);
	if (sgx_enclave_finish(encl, 0))
		tap_bail("layout");
	if (sgx_load_create(encl, &ld) || sgx_load_add_all(encl, &o, &ld) ||
	    sgx_load_init(encl, &o, &ld))
		tap_bail("loading the enclave");
	EVP_PKEY_free(o.key);
	if (mmap(ld.base, PAGES * SGX_PAGE_SIZE, PROT_NONE,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED)
		tap_bail("mmap(PROT_NONE) of the enclave");
}

/*
 * mprotect() from PROT_NONE, so that the whole range is checked: lowering a
 * mapping's protections is allowed without a check.
 */
static int protect(unsigned long first, unsigned long pages, int prot)
{
	if (mprotect(ld.base, PAGES * SGX_PAGE_SIZE, PROT_NONE))
		tap_bail("mprotect(PROT_NONE) of the enclave");
	return mprotect(page_at(first), pages * SGX_PAGE_SIZE, prot);
}

/* mmap() of a range nothing is mapped at; unmapped again when allowed. */
static int map(unsigned long first, unsigned long pages, int prot)
{
	void *p = mmap(page_at(first), pages * SGX_PAGE_SIZE, prot,
		       MAP_SHARED | MAP_FIXED_NOREPLACE, ld.fd,
		       first * SGX_PAGE_SIZE);

	if (p == MAP_FAILED)
		return -1;
	munmap(p, pages * SGX_PAGE_SIZE);
	return 0;
}

#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)

/* Each is tried with mprotect() and with mmap(). */
static const struct edge {
	unsigned long first, pages;
	int prot;
	int want;	/* errno, or 0: allowed */
	const char *what;
} edges[] = {
	{ 0, WIDE, RX, EACCES, "R-X of [0, WIDE): the first page lacks X" },
	{ 2, WIDE, RX, EACCES, "R-X of [2, 2 + WIDE): the last page lacks X" },
	{ 1, WIDE, RW, EACCES, "RW- of [1, 1 + WIDE): the middle page alone lacks W" },
	{ 3, WIDE, PROT_READ, EACCES, "R-- of [3, 3 + WIDE): the last page lacks R" },
	{ 1, WIDE, RX, 0, "R-X of [1, 1 + WIDE), between the pages lacking X" },
	{ 0, MIDDLE, RW, 0, "RW- of [0, MIDDLE), up to the page lacking W" },
	{ MIDDLE + 1, LAST_NOREAD - MIDDLE - 1, RW, 0,
	  "RW- of (MIDDLE, LAST_NOREAD), after the page lacking W" },
	{ 2, WIDE, PROT_READ, 0, "R-- of [2, 2 + WIDE), before the page lacking R" },
	{ LAST_NOREAD, 1, PROT_EXEC, 0, "--X of the page lacking R" },
};

static void check_edge(const char *call, int ret, const struct edge *e)
{
	int got = ret ? errno : 0;

	if (!tap_check(got == e->want, "%s() %s: %s", call, e->what,
		       e->want ? "EACCES" : "allowed"))
		tap_diag("got errno %d, want %d", got, e->want);
}

static void check_edges(void)
{
	size_t i;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_edge("mprotect", protect(edges[i].first, edges[i].pages,
					       edges[i].prot), &edges[i]);

	if (munmap(ld.base, PAGES * SGX_PAGE_SIZE))
		tap_bail("munmap of the enclave");
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_edge("mmap", map(edges[i].first, edges[i].pages,
				       edges[i].prot), &edges[i]);
	if (mmap(ld.base, PAGES * SGX_PAGE_SIZE, PROT_NONE,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED)
		tap_bail("mmap(PROT_NONE) of the enclave");
}

/* SGX2 page changes after EINIT: EMODPR keeps the maximum, EMODT(TCS) not. */
static void check_sgx2_changes(void)
{
	const unsigned long restricted = 100, tcs = 200;

	tap_check(sgx_ioc_restrict_permissions(ld.fd, restricted * SGX_PAGE_SIZE,
					       SGX_PAGE_SIZE, R, NULL, NULL) == 0,
		  "RESTRICT_PERMISSIONS of page 100 to R--");
	tap_check(protect(1, WIDE, RX) == 0,
		  "mprotect(R-X) of [1, 1 + WIDE) after: allowed (the maximum stays RWX)");

	tap_check(sgx_ioc_modify_types(ld.fd, tcs * SGX_PAGE_SIZE, SGX_PAGE_SIZE,
				       SGX_PT_TCS, NULL, NULL) == 0,
		  "MODIFY_TYPES of page 200 to TCS");
	tap_check_errno(protect(1, WIDE, RX), EACCES,
			"mprotect(R-X) of [1, 1 + WIDE) after: EACCES (a TCS lacks X)");
	tap_check(protect(1, tcs - 1, RX) == 0,
		  "mprotect(R-X) of [1, 200), before the TCS: allowed");
	tap_check(protect(tcs + 1, WIDE - tcs, RX) == 0,
		  "mprotect(R-X) of (200, 1 + WIDE), after it: allowed");
	tap_check(protect(tcs, 1, RW) == 0,
		  "mprotect(RW-) of the TCS: allowed");
}

int main(void)
{
	struct sgx_enclave encl;

	load(&encl);
	check_edges();
	check_sgx2_changes();
	sgx_unload(&ld);
	sgx_enclave_free(&encl);
	return tap_done();
}
