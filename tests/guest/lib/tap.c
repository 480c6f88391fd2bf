// SPDX-License-Identifier: GPL-2.0
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgx_error.h"

static int tap_count;
static int tap_failed;

static void tap_vline(bool pass, const char *fmt, va_list ap)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	vprintf(fmt, ap);
}

static bool tap_vcheck(bool pass, const char *fmt, va_list ap)
{
	tap_vline(pass, fmt, ap);
	putchar('\n');
	fflush(stdout);
	return pass;
}

const char *tap_errno_name(int err)
{
	const char *name = err ? strerrorname_np(err) : "success";

	return name ? name : "an unknown errno";
}

/* What the latest failing tap_why_*() expected and got. */
static _Thread_local char tap_why[512];

bool tap_why_cond(const char *cond, bool pass)
{
	if (!pass)
		snprintf(tap_why, sizeof(tap_why), "expected %s", cond);
	return pass;
}

bool tap_why_eq(const char *expr, long long got, long long want)
{
	if (got != want)
		snprintf(tap_why, sizeof(tap_why), "expected %s == %lld, got %lld",
			 expr, want, got);
	return got == want;
}

bool tap_why_errno(int got, int want)
{
	if (got != want)
		snprintf(tap_why, sizeof(tap_why), "expected %s, got %s%s%s",
			 tap_errno_name(want), tap_errno_name(got),
			 got ? ": " : "", got ? strerror(got) : "");
	return got == want;
}

bool tap_check_at(const char *file, int line, bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vcheck(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("%s:%d: %s", file, line, tap_why);
	return pass;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline(true, fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void tap_bail_at(const char *file, int line, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	tap_vcheck(false, fmt, ap);
	va_end(ap);
	tap_diag("%s:%d: set-up failed, the rest of this test cannot run",
		 file, line);
	if (err)
		tap_diag("errno %s: %s", tap_errno_name(err), strerror(err));
	if (*sgx_last_error())
		tap_diag("enclave library: %s", sgx_last_error());
	printf("1..%d\n", tap_count);
	exit(1);
}

int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}
