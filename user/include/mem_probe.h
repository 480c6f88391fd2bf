/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Touching memory that may fault: each probe catches SIGSEGV/SIGBUS with
 * sigsetjmp and says whether the access went through, so a test can tell
 * "this mapping is really writable" from "this write faults".
 */
#ifndef MEM_PROBE_H
#define MEM_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads one byte; false if it faulted.  *sig gets the signal (or 0). */
bool probe_read(const volatile uint8_t *p, uint8_t *out, int *sig);
/* Writes one byte; false if it faulted. */
bool probe_write(volatile uint8_t *p, uint8_t v, int *sig);
/* Copies n bytes out; false if any read faulted. */
bool probe_copy(void *dst, const volatile uint8_t *src, size_t n, int *sig);

#endif
