// SPDX-License-Identifier: GPL-2.0
/*
 * A sample enclave in C: two threads sharing a counter.  Shows the C form
 * of the declaration; nothing here needs to run for the builder and the
 * kernel tests (the entry returns with ENCLU[EEXIT]).
 */
#include "sgxlsm_decl.h"

SGXLSM_DECLARE(2, 4, 8, 16);

static const char name[] = "counter enclave";
static volatile unsigned long counter = 1;

void enclave_entry(void)
{
	counter += sizeof(name);
	__asm__ volatile("mov $4, %%eax\n\tenclu" ::: "rax", "memory");
}
