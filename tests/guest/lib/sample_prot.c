// SPDX-License-Identifier: GPL-2.0
#include "sample_prot.h"

#include <errno.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "tap.h"

void sample_prot_load(struct sgx_sample *s, struct sgx_loaded *ld)
{
	struct sgx_load_opts o = { 0 };

	if (sgx_sample_open(s))
		tap_bail("sample enclave");
	if (s->rodata != s->text + SGX_PAGE_SIZE ||
	    s->data != s->rodata + SGX_PAGE_SIZE ||
	    s->rwx != s->data + 2 * SGX_PAGE_SIZE)
		tap_bail("sample layout is not text, rodata, 2 x data, rwx");
	o.key = s->key;
	if (sgx_load(&s->encl, &o, ld))
		tap_bail("loading the sample enclave");
}

const struct prot_case sample_prot_cases[] = {
	{ SAMPLE_TEXT, 1, RX, 0, "R-X text page" },
	{ SAMPLE_TEXT, 1, PROT_READ, 0, "R-X text page" },
	{ SAMPLE_TEXT, 1, RWX, EACCES, "R-X text page" },
	{ SAMPLE_TEXT, 1, RW, EACCES, "R-X text page" },
	{ SAMPLE_RODATA, 1, PROT_READ, 0, "R-- rodata page" },
	{ SAMPLE_RODATA, 1, RW, EACCES, "R-- rodata page" },
	{ SAMPLE_RODATA, 1, RX, EACCES, "R-- rodata page" },
	{ SAMPLE_DATA, 2, RW, 0, "RW- data pages" },
	{ SAMPLE_DATA, 2, PROT_READ, 0, "RW- data pages" },
	{ SAMPLE_DATA, 2, RWX, EACCES, "RW- data pages" },
	{ SAMPLE_RWX, 1, RWX, 0, "RWX page" },
	{ SAMPLE_TCS, 1, RW, 0, "TCS page (kernel max RW)" },
	{ SAMPLE_TCS, 1, RWX, EACCES, "TCS page" },
	/* Ranges over pages of different maxima: the weakest page rules. */
	{ SAMPLE_TEXT, 2, PROT_READ, 0, "R-X text + R-- rodata" },
	{ SAMPLE_TEXT, 2, RX, EACCES, "R-X text + R-- rodata" },
	{ SAMPLE_RODATA, 3, RW, EACCES, "R-- rodata + RW- data" },
	{ SAMPLE_DATA, 3, RW, 0, "RW- data + RWX page" },
	{ SAMPLE_DATA, 3, RWX, EACCES, "RW- data + RWX page" },
	{ SAMPLE_TEXT, 5, PROT_READ, 0, "text..rwx (all readable)" },
	{ SAMPLE_TEXT, 5, RX, EACCES, "text..rwx" },
	{ SAMPLE_TEXT, 5, RW, EACCES, "text..rwx" },
};
const size_t sample_prot_ncases =
	sizeof(sample_prot_cases) / sizeof(sample_prot_cases[0]);

uint64_t sample_page_offset(const struct sgx_sample *s, enum sample_page page)
{
	switch (page) {
	case SAMPLE_TEXT:
		return s->text;
	case SAMPLE_RODATA:
		return s->rodata;
	case SAMPLE_DATA:
		return s->data;
	case SAMPLE_RWX:
		return s->rwx;
	case SAMPLE_TCS:
		return s->tcs;
	}
	tap_bail("no sample page %d", (int)page);
}

const char *prot_case_want_str(const struct prot_case *c)
{
	return c->want ? tap_errno_name(c->want) : "allowed";
}
