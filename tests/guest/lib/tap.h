/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for the in-guest test programs. */
#ifndef TAP_H
#define TAP_H

#include <stdbool.h>

/* Records one check; prints "ok N - name" or "not ok N - name". */
bool tap_check(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints a diagnostic line ("# ...") that a human reads on failure. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Aborts the program with a failed check; for set-up that must succeed. */
void tap_bail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* Prints the plan and returns the process exit status (0 = all passed). */
int tap_done(void);

/* Checks that an expression returned -1 with the given errno. */
#define tap_check_errno(expr, want, ...)                                   \
	tap_check_errno_impl((expr) == -1 ? errno : 0, (want), __VA_ARGS__)
bool tap_check_errno_impl(int got, int want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
