/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sample enclave as the protection tests (mmap_prot, mprotect_prot)
 * use it: loaded, with its text, rodata, two data pages and RWX page
 * one right after the other, so that ranges can span pages of different
 * maxima.
 */
#ifndef SAMPLE_PROT_H
#define SAMPLE_PROT_H

#include <sys/mman.h>

#include "sgx_load.h"
#include "sgx_sample.h"

#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

/* Opens and loads the sample enclave; bails if it is laid out otherwise. */
void sample_prot_load(struct sgx_sample *s, struct sgx_loaded *ld);

#endif
