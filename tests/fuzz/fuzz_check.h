/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target checks of a refused input: the library's error
 * contract (sgx_error.h), an expected errno and a message saying what was
 * wrong.  A broken promise aborts, so libFuzzer keeps the input.
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgx_error.h"

#define fuzz_assert(cond, ...)                                              \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz: broken promise: " __VA_ARGS__); \
			fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);  \
			abort();                                            \
		}                                                           \
	} while (0)

/* A failed call: errno is want (or ENOMEM) and the message is not empty. */
static inline void fuzz_check_refusal(int err, int want)
{
	fuzz_assert(err == want || err == ENOMEM,
		    "refused with errno %d (%s), want %d: \"%s\"", err,
		    strerror(err), want, sgx_last_error());
	fuzz_assert(sgx_last_error()[0], "refused without a message");
}

#endif
