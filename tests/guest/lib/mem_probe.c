// SPDX-License-Identifier: GPL-2.0
#include "mem_probe.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>

static _Thread_local sigjmp_buf probe_env;
static _Thread_local volatile sig_atomic_t probe_armed;
/* SIGSEGV's and SIGBUS's dispositions from before our handler. */
static struct sigaction prev[2];

static int slot_of(int sig)
{
	return sig == SIGBUS;
}

static void on_fault(int sig)
{
	if (probe_armed)
		siglongjmp(probe_env, sig);
	/* Not a probe's fault: what would have happened without us. */
	sigaction(sig, &prev[slot_of(sig)], NULL);
	raise(sig);
}

/*
 * Installs on_fault unless it is there already.  It stays installed:
 * restoring the old handler after each probe would pull it from under a
 * probe running in another thread.
 */
static void install(int sig)
{
	struct sigaction sa, cur;

	sigaction(sig, NULL, &cur);
	if (cur.sa_handler == on_fault)
		return;
	prev[slot_of(sig)] = cur;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_NODEFER;
	sigaction(sig, &sa, NULL);
}

bool probe_run(void (*body)(void *), void *arg, int *sig)
{
	int s;

	install(SIGSEGV);
	install(SIGBUS);
	s = sigsetjmp(probe_env, 1);
	if (!s) {
		probe_armed = 1;
		body(arg);
	}
	probe_armed = 0;
	if (sig)
		*sig = s;
	return !s;
}

struct copy {
	volatile uint8_t *dst;
	const volatile uint8_t *src;
	size_t n;
};

static void copy_body(void *arg)
{
	const struct copy *c = arg;
	size_t i;

	for (i = 0; i < c->n; i++)
		c->dst[i] = c->src[i];
}

static void call_body(void *arg)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)arg;

	fn();
}

bool probe_copy(void *dst, const volatile uint8_t *src, size_t n, int *sig)
{
	struct copy c = { dst, src, n };

	return probe_run(copy_body, &c, sig);
}

bool probe_read(const volatile uint8_t *p, uint8_t *out, int *sig)
{
	return probe_copy(out, p, 1, sig);
}

bool probe_write(volatile uint8_t *p, uint8_t v, int *sig)
{
	struct copy c = { p, &v, 1 };

	return probe_run(copy_body, &c, sig);
}

bool probe_exec(const volatile uint8_t *p, int *sig)
{
	return probe_run(call_body, (void *)(uintptr_t)p, sig);
}
