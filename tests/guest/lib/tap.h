/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the in-guest test programs.
 *
 * A check's name is the same on every run, passing or failing: it never
 * holds an errno, strerror() text or any other value that differs between
 * runs, so results can be compared by name.  What came instead of what was
 * expected goes into "# ..." diagnostics, written once by the check itself
 * with its file:line, as kselftest_harness.h's EXPECT_* do.
 */
#ifndef TAP_H
#define TAP_H

#include <errno.h>
#include <stdbool.h>

/*
 * Each check is tap_check_at() of what a tap_why_*() helper returns: the
 * helper says whether it passed and keeps, for a failure, what was
 * expected and what came, which tap_check_at() prints with file:line.
 */
bool tap_check_at(const char *file, int line, bool pass, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool tap_why_cond(const char *cond, bool pass);
bool tap_why_eq(const char *expr, long long got, long long want);
bool tap_why_errno(int got, int want);

/* Records one check; on failure prints the condition and file:line. */
#define tap_check(pass, ...)                                               \
	tap_check_at(__FILE__, __LINE__, tap_why_cond(#pass, (pass)), __VA_ARGS__)

/* Checks got == want as integers; on failure prints both and file:line. */
#define tap_expect_eq(got, want, ...)                                      \
	tap_check_at(__FILE__, __LINE__,                                   \
		     tap_why_eq(#got, (long long)(got), (long long)(want)),    \
		     __VA_ARGS__)

/*
 * Checks that an outcome, an errno value or 0 for success, is want; on
 * failure prints both by name ("EACCES", "success") and file:line.
 */
#define tap_expect_errno(got, want, ...)                                   \
	tap_check_at(__FILE__, __LINE__, tap_why_errno((got), (want)),     \
		     __VA_ARGS__)

/* Checks that an expression returned -1 with the given errno. */
#define tap_check_errno(expr, want, ...)                                   \
	tap_expect_errno((expr) == -1 ? errno : 0, (want), __VA_ARGS__)

/*
 * Records a check that cannot run on this boot ("ok N - name # SKIP why"),
 * under the name it has when it runs.
 */
void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a diagnostic line ("# ...") that a human reads on failure. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Aborts the program with a failed check named by fmt, for set-up that
 * must succeed; errno and the enclave library's last message follow as
 * diagnostics, so callers leave them out of the name.
 */
#define tap_bail(...) tap_bail_at(__FILE__, __LINE__, __VA_ARGS__)
void tap_bail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* Prints the plan and returns the process exit status (0 = all passed). */
int tap_done(void);

/* "EACCES"-style name of an errno value, "success" for 0. */
const char *tap_errno_name(int err);

#endif
