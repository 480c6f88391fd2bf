/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting of the enclave library: a failing call returns -1 (or
 * NULL), leaves errno set and records a message naming what was wrong,
 * which callers print with sgx_last_error().
 */
#ifndef SGX_ERROR_H
#define SGX_ERROR_H

/* Records the message, sets errno to err and returns -1. */
int sgx_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of the latest failure in this thread ("" if none). */
const char *sgx_last_error(void);

#endif
