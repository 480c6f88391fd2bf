// SPDX-License-Identifier: GPL-2.0
#include "sgx_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_error[512];

int sgx_fail(int err, const char *fmt, ...)
{
	char msg[sizeof(last_error)];
	va_list ap;
	int n;

	/* Via a copy: callers may wrap the previous message (last_error). */
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(err));
	memcpy(last_error, msg, sizeof(msg));
	errno = err;
	return -1;
}

const char *sgx_last_error(void)
{
	return last_error;
}
