// SPDX-License-Identifier: GPL-2.0
#include "sample_prot.h"

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
