/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny enclave whose code runs, for tests that need the enclave's own
 * ENCLU (EACCEPT, EMODPE) and its own accesses.  Layout, in pages:
 *
 *   0  OPS_CODE   R-X  the code below
 *   1  OPS_DATA   RW-  SECINFO scratch, then the enclave's stack
 *   2  OPS_TCS        entering at page 0
 *   3  OPS_SSA    RW-  one SSA frame
 *   4  OPS_SPARE  R-X  a page of int3 that tests may trim and remove
 *   5-7               holes: run-time (EAUG) pages
 *   8-                 with ops_enclave_layout_data(): RW- data pages
 *
 * Each EENTER runs one operation, chosen by RDI, and leaves with EEXIT:
 *   OPS_EACCEPT   EACCEPT the page at RSI with SECINFO.FLAGS = RDX;
 *                 returns its RAX (0 or an SGX error code)
 *   OPS_EMODPE    EMODPE the page at RSI with SECINFO.FLAGS = RDX
 *   OPS_STORE     writes the 8 bytes RDX at RSI
 *   OPS_CALL      calls RSI; returns its RAX
 *   OPS_READ_PAGE copies the enclave page at RSI out to the 4096 bytes
 *                 at RDX, outside the enclave
 *
 * OPS_READ_PAGE is how a test reads enclave contents on real SGX, where
 * a read through the mapping from outside sees only 0xff bytes.
 */
#ifndef OPS_ENCLAVE_H
#define OPS_ENCLAVE_H

#include <stdint.h>

#include "sgx_enclave.h"

enum { OPS_CODE, OPS_DATA, OPS_TCS, OPS_SSA, OPS_SPARE, OPS_PAGES = 8 };
enum { OPS_EACCEPT = 1, OPS_EMODPE, OPS_STORE, OPS_CALL, OPS_READ_PAGE };

/* SECINFO.FLAGS bits EACCEPT compares with the EPCM. */
#define OPS_SECINFO_PENDING (1ull << 3)
#define OPS_SECINFO_MODIFIED (1ull << 4)

/* The code page (page 0), and a page of int3 (page 4). */
extern const uint8_t ops_enclave_code[4096];
extern const uint8_t ops_enclave_int3[4096];

/* The layout above, every range unmeasured; bails on failure. */
void ops_enclave_layout(struct sgx_enclave *encl);
/*
 * The layout above followed by pages RW- data pages at page OPS_PAGES,
 * holding data (pages * 4096 bytes); bails on failure.
 */
void ops_enclave_layout_data(struct sgx_enclave *encl, uint64_t pages,
			     const void *data);

/*
 * EENTER at tcs with RDI, RSI, RDX = op, a, b; returns the enclave's RDX.
 * The AEP is the ENCLU itself, as in the vDSO: after an asynchronous exit
 * the kernel fixed, the same ENCLU resumes.  A fault it did not fix is a
 * signal at the AEP.
 */
uint64_t ops_enclave_call(void *tcs, uint64_t op, uint64_t a, uint64_t b);
/* Copies the enclave page at page out to buf, through the enclave. */
void ops_enclave_read_page(void *tcs, const void *page, void *buf);

#endif
