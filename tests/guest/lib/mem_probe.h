/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Touching memory that may fault: each probe catches SIGSEGV/SIGBUS with
 * sigsetjmp and says whether the access went through, so a test can tell
 * "this mapping is really writable" from "this write faults".
 *
 * Probes may run in several threads at once: the handlers are installed
 * by the first probe and stay; a fault outside any probe is passed to the
 * disposition that was there before.
 */
#ifndef MEM_PROBE_H
#define MEM_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Runs body(arg) with the fault handlers armed; false if it faulted, with
 * *sig (if sig is not NULL) the signal, or 0.
 */
bool probe_run(void (*body)(void *), void *arg, int *sig);
/* Reads one byte; false if it faulted.  *sig gets the signal (or 0). */
bool probe_read(const volatile uint8_t *p, uint8_t *out, int *sig);
/* Writes one byte; false if it faulted. */
bool probe_write(volatile uint8_t *p, uint8_t v, int *sig);
/* Copies n bytes out; false if any read faulted. */
bool probe_copy(void *dst, const volatile uint8_t *src, size_t n, int *sig);
/*
 * Calls p as a function; false if that faulted.  The caller must know
 * that p holds a 'ret' (PROBE_RET) so that a call that goes through
 * returns at once.
 */
#define PROBE_RET 0xc3
bool probe_exec(const volatile uint8_t *p, int *sig);

#endif
