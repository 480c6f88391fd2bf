// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/self/mem on a DEBUG enclave goes through EDBGRD/EDBGWR, and so
 * follows their rules in the SDM (vol. 3D), on hardware as on the model:
 *
 * - a TCS may be read up to the end of its architectural fields, and
 *   shows STATE, CSSA, AEP and FLAGS.DBGOPTIN as EADD left them: 0,
 *   whatever the source page held; a read further in is #GP, which the
 *   driver reports as EIO;
 * - EDBGWR writes only its FLAGS word: a write anywhere else in a TCS is
 *   #GP and changes nothing;
 * - a page that EMODT left MODIFIED is SGX_PAGE_NOT_DEBUGGABLE: EDBGRD
 *   and EDBGWR move no data, and the driver reports EIO.
 *
 * The plain read/write path of a debug enclave is covered by sgx_model.
 */
#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "page_pattern.h"
#include "sgx_arch.h"
#include "sgx_enclave.h"
#include "sgx_ioctl.h"
#include "sgx_load.h"
#include "sgx_sample.h"
#include "tap.h"

#define DATA_PAGES 2
#define TCS_FLAGS_OFFSET 8	/* TCS.FLAGS, the one word EDBGWR may write */
#define TCS_WORDS 9		/* STATE..FSLIMIT/GSLIMIT: the architectural TCS */
#define TCS_PAST_FIELDS 0x100	/* beyond SGX_TCS_LIMIT, with or without CET */

struct debug_enclave {
	struct sgx_enclave encl;
	struct sgx_loaded ld;
	uint64_t tcs;		/* offset of the TCS */
};

static void load_debug_enclave(struct debug_enclave *d, EVP_PKEY *key)
{
	const uint64_t rw = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R | SGX_SECINFO_W;
	uint64_t *data = page_pattern_alloc(1, DATA_PAGES);
	struct sgx_load_opts o = { .key = key };
	struct sgx_tcs *tcs;

	sgx_enclave_init(&d->encl);
	d->encl.attributes |= SGX_ATTR_DEBUG;
	d->tcs = DATA_PAGES * SGX_PAGE_SIZE;
	if (sgx_enclave_add(&d->encl, 0, DATA_PAGES, rw, SGX_RANGE_HEAP, data) ||
	    sgx_enclave_add_thread(&d->encl, d->tcs, 0, 0) ||
	    sgx_enclave_finish(&d->encl, 0))
		tap_bail("building the debug enclave");
	/* Fields EADD clears, so the enclave can show it did. */
	tcs = (struct sgx_tcs *)sgx_enclave_range_at(&d->encl, d->tcs)->data;
	tcs->state = 1;
	tcs->cssa = 1;
	tcs->aep = 0x1000;
	tcs->flags |= SGX_TCS_DBGOPTIN;
	if (sgx_load(&d->encl, &o, &d->ld))
		tap_bail("loading the debug enclave");
	free(data);
}

static bool read_tcs(int mem, const struct debug_enclave *d, uint64_t words[TCS_WORDS])
{
	off_t at = (off_t)(uintptr_t)(d->ld.base + d->tcs);

	return pread(mem, words, TCS_WORDS * 8, at) == TCS_WORDS * 8;
}

static void check_tcs(int mem, const struct debug_enclave *d)
{
	uint64_t before[TCS_WORDS], after[TCS_WORDS];
	unsigned int i, refused = 0;
	off_t tcs = (off_t)(uintptr_t)(d->ld.base + d->tcs);

	tap_check(read_tcs(mem, d, before), "debug enclave TCS: read through /proc/self/mem");
	tap_check(before[0] == 0 && !(before[1] & SGX_TCS_DBGOPTIN) && (uint32_t)before[3] == 0 &&
		  before[5] == 0,
		  "debug enclave TCS: EADD left STATE, CSSA, AEP and DBGOPTIN 0");
	tap_check_errno(pread(mem, &after[0], 8, tcs + TCS_PAST_FIELDS), EIO,
			"debug enclave TCS: a read past its fields fails with EIO (EDBGRD #GP)");
	tap_check(pwrite(mem, &before[1], 8, tcs + TCS_FLAGS_OFFSET) == 8,
		  "debug enclave TCS: its FLAGS word is written through /proc/self/mem");
	for (i = 0; i < TCS_WORDS; i++) {
		uint64_t word = before[i] ^ 0x5a5a5a5a00000000ull;

		if (i * 8 == TCS_FLAGS_OFFSET)
			continue;
		if (pwrite(mem, &word, 8, tcs + i * 8) == -1 && errno == EIO)
			refused++;
		else
			tap_diag("TCS word at offset %u: the write was not refused with EIO", i * 8);
	}
	tap_check(refused == TCS_WORDS - 1,
		  "debug enclave TCS: a write to any other word fails with EIO (EDBGWR #GP)");
	tap_check(read_tcs(mem, d, after) && !memcmp(before, after, sizeof(before)),
		  "debug enclave TCS: the refused writes changed nothing");
}

static void check_modified_page(int mem, const struct debug_enclave *d)
{
	const uint64_t *want = (const uint64_t *)d->encl.ranges[0].data;
	uint64_t got = 0;
	bool leaked;
	off_t page = (off_t)(uintptr_t)d->ld.base;

	if (pread(mem, &got, 8, page) != 8 || got != want[0])
		tap_bail("reading the debug enclave's first page before EMODT");
	/* To TCS, not TRIM: EDBGRD of a TRIM page is a #PF before it looks at MODIFIED. */
	if (sgx_ioc_modify_types(d->ld.fd, 0, SGX_PAGE_SIZE, SGX_PT_TCS, NULL, NULL))
		tap_bail("MODIFY_TYPES to TCS");
	got = ~want[0];
	errno = 0;
	leaked = pread(mem, &got, 8, page) == 8;
	tap_check(!leaked || got != want[0],
		  "a MODIFIED page of a debug enclave: none of its bytes are read (SGX_PAGE_NOT_DEBUGGABLE)");
	/* Nor anything else: the driver once passed on a stale register. */
	tap_expect_errno(leaked ? 0 : errno, EIO,
			 "a MODIFIED page of a debug enclave: the read fails with EIO");
	tap_check_errno(pwrite(mem, &want[0], 8, page), EIO,
			"a MODIFIED page of a debug enclave: a write fails with EIO");
}

int main(void)
{
	struct debug_enclave d;
	struct sgx_sample s;
	int mem;

	if (sgx_sample_open(&s))
		tap_bail("opening the sample enclave");
	load_debug_enclave(&d, s.key);
	mem = open("/proc/self/mem", O_RDWR);
	if (mem < 0)
		tap_bail("opening /proc/self/mem");

	check_tcs(mem, &d);
	check_modified_page(mem, &d);

	close(mem);
	sgx_unload(&d.ld);
	sgx_enclave_free(&d.encl);
	sgx_sample_close(&s);
	return tap_done();
}
