// SPDX-License-Identifier: GPL-2.0
#include "mem_probe.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>

static _Thread_local sigjmp_buf probe_env;
static _Thread_local volatile sig_atomic_t probe_armed;

static void on_fault(int sig)
{
	if (probe_armed)
		siglongjmp(probe_env, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs the handlers; returns the old ones through old[2]. */
static void arm(struct sigaction old[2])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, &old[0]);
	sigaction(SIGBUS, &sa, &old[1]);
}

static void disarm(const struct sigaction old[2])
{
	probe_armed = 0;
	sigaction(SIGSEGV, &old[0], NULL);
	sigaction(SIGBUS, &old[1], NULL);
}

/*
 * Copies n bytes from src to dst with the fault handlers armed; false if
 * an access faulted, with *sig the signal (or 0).
 */
static bool probe(volatile uint8_t *dst, const volatile uint8_t *src, size_t n,
		  int *sig)
{
	struct sigaction old[2];
	volatile size_t i;
	int s;

	arm(old);
	s = sigsetjmp(probe_env, 1);
	if (s) {
		disarm(old);
		if (sig)
			*sig = s;
		return false;
	}
	probe_armed = 1;
	for (i = 0; i < n; i++)
		dst[i] = src[i];
	disarm(old);
	if (sig)
		*sig = 0;
	return true;
}

bool probe_copy(void *dst, const volatile uint8_t *src, size_t n, int *sig)
{
	return probe(dst, src, n, sig);
}

bool probe_read(const volatile uint8_t *p, uint8_t *out, int *sig)
{
	return probe(out, p, 1, sig);
}

bool probe_write(volatile uint8_t *p, uint8_t v, int *sig)
{
	return probe(p, &v, 1, sig);
}
