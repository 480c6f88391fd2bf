// SPDX-License-Identifier: GPL-2.0
#include "sample_prot.h"

#include "sgx_error.h"
#include "tap.h"

#define PG 4096ul

void sample_prot_load(struct sgx_sample *s, struct sgx_loaded *ld)
{
	struct sgx_load_opts o = { 0 };

	if (sgx_sample_open(s))
		tap_bail("sample enclave");
	if (s->rodata != s->text + PG || s->data != s->rodata + PG ||
	    s->rwx != s->data + 2 * PG)
		tap_bail("sample layout is not text, rodata, 2 x data, rwx");
	o.key = s->key;
	if (sgx_load(&s->encl, &o, ld))
		tap_bail("loading the sample enclave");
}
