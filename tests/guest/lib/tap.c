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

bool tap_check_at(const char *file, int line, const char *cond, bool pass,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vcheck(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("%s:%d: expected %s", file, line, cond);
	return pass;
}

bool tap_expect_eq_at(const char *file, int line, const char *expr,
		      long long got, long long want, const char *fmt, ...)
{
	bool pass = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vcheck(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("%s:%d: expected %s == %lld, got %lld", file, line,
			 expr, want, got);
	return pass;
}

bool tap_expect_errno_at(const char *file, int line, int got, int want,
			 const char *fmt, ...)
{
	bool pass = got == want;
	va_list ap;

	va_start(ap, fmt);
	tap_vcheck(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		tap_diag("%s:%d: expected %s, got %s%s%s", file, line,
			 tap_errno_name(want), tap_errno_name(got),
			 got ? ": " : "", got ? strerror(got) : "");
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
