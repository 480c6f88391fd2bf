// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID faulting: the guest's QEMU (patches/qemu) enumerates it in
 * MSR_PLATFORM_INFO and enables it in MSR_MISC_FEATURES_ENABLES, and Linux
 * hands it to user space through arch_prctl(ARCH_SET_CPUID).  With CPUID
 * turned off, the instruction raises #GP, which the task gets as SIGSEGV
 * and can emulate.  The setting is per task: fork() keeps it, execve()
 * turns CPUID back on (arch_setup_new_exec() in arch/x86/kernel/process.c),
 * and the kernel switches the MSR with the task, on every CPU.
 */
#include <asm/prctl.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "tap.h"

#define AFTER_EXEC "--after-exec"

/* What the handler puts in EAX..EDX for an emulated CPUID. */
static const uint32_t emulated[4] = { 0x5a5a0001, 0x5a5a0002, 0x5a5a0003,
				      0x5a5a0004 };

static volatile sig_atomic_t faults, fault_code, fault_at_cpuid;

/*
 * A tool that turned CPUID off emulates it: the fault must point at the
 * instruction (0f a2), which the handler answers and steps over.  Any
 * other SIGSEGV is fatal as usual.
 */
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	greg_t *r = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	const uint8_t *ip = (const uint8_t *)r[REG_RIP];

	faults++;
	fault_code = si->si_code;
	fault_at_cpuid = ip[0] == 0x0f && ip[1] == 0xa2;
	if (!fault_at_cpuid) {
		signal(sig, SIG_DFL);
		return;
	}
	r[REG_RAX] = emulated[0];
	r[REG_RBX] = emulated[1];
	r[REG_RCX] = emulated[2];
	r[REG_RDX] = emulated[3];
	r[REG_RIP] += 2;
}

/* CPUID leaf 0: the highest leaf and the vendor string. */
static void cpuid0(uint32_t out[4])
{
	uint32_t a = 0, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	out[0] = a;
	out[1] = b;
	out[2] = c;
	out[3] = d;
}

/* True when CPUID faulted, and the handler's answer came back. */
static bool cpuid_faults(void)
{
	sig_atomic_t before = faults;
	uint32_t r[4];

	cpuid0(r);
	return faults == before + 1 && fault_at_cpuid &&
	       !memcmp(r, emulated, sizeof(r));
}

static long get_cpuid(void)
{
	return syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
}

static long set_cpuid(unsigned long on)
{
	return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on);
}

/* Every "flags" line of /proc/cpuinfo has the word @flag; *cpus counts them. */
static bool every_cpu_has(const char *flag, int *cpus)
{
	char line[8192];
	bool all = true;
	FILE *f = fopen("/proc/cpuinfo", "r");

	*cpus = 0;
	if (!f)
		tap_bail("/proc/cpuinfo");
	while (fgets(line, sizeof(line), f)) {
		char *word, *save = NULL;
		bool has = false;

		if (strncmp(line, "flags", 5) || !strchr(line, ':'))
			continue;
		(*cpus)++;
		for (word = strtok_r(strchr(line, ':') + 1, " \t\n", &save);
		     word; word = strtok_r(NULL, " \t\n", &save))
			has |= !strcmp(word, flag);
		all &= has;
	}
	fclose(f);
	return all && *cpus > 0;
}

static bool run_on_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0;
}

/* Waits for @pid; returns its exit status, or 128 + the signal that killed it. */
static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		tap_bail("waitpid");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* The program again, through execve(), in a child of a CPUID-off task. */
static int after_exec(void)
{
	uint32_t r[4];

	if (get_cpuid() != 1)
		return 1;
	/* No handler here: a fault would kill us with SIGSEGV. */
	cpuid0(r);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	uint32_t real[4];
	int cpus, cpu, rc;
	bool listed;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], AFTER_EXEC))
		return after_exec();

	listed = every_cpu_has("cpuid_fault", &cpus);
	if (!tap_check(listed, "every CPU lists cpuid_fault in /proc/cpuinfo"))
		tap_diag("%d CPUs", cpus);
	tap_check(get_cpuid() == 1, "ARCH_GET_CPUID: CPUID is on (1)");

	if (sigaction(SIGSEGV, &sa, NULL))
		tap_bail("sigaction");
	cpuid0(real);
	tap_check(faults == 0 && memcmp(real, emulated, sizeof(real)),
		  "CPUID runs without a fault while it is on");

	rc = set_cpuid(0);
	tap_check(rc == 0, "ARCH_SET_CPUID 0 turns CPUID off");
	if (rc)
		tap_diag("ARCH_SET_CPUID 0: %s", strerror(errno));
	tap_check(get_cpuid() == 0, "ARCH_GET_CPUID: CPUID is off (0)");
	tap_check(cpuid_faults(),
		  "CPUID raises SIGSEGV at the instruction; it returns what the handler emulated");
	tap_check(faults == 1 && fault_code == SI_KERNEL,
		  "the signal is a #GP's SIGSEGV (si_code SI_KERNEL)");
	if (faults != 1 || fault_code != SI_KERNEL)
		tap_diag("%d SIGSEGV so far, last si_code %d", (int)faults,
			 (int)fault_code);

	/* The kernel switches the MSR with the task: on every CPU. */
	for (cpu = 0; cpu < cpus; cpu++)
		tap_check(run_on_cpu(cpu) && cpuid_faults(),
			  "CPUID faults on CPU %d", cpu);

	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	if (pid == 0)
		_exit(get_cpuid() == 0 && cpuid_faults() ? 0 : 1);
	rc = wait_child(pid);
	tap_check(rc == 0, "a child made by fork() inherits CPUID off");
	if (rc)
		tap_diag("the forked child exited with %d", rc);

	pid = fork();
	if (pid < 0)
		tap_bail("fork");
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], AFTER_EXEC, (char *)NULL);
		_exit(126);
	}
	rc = wait_child(pid);
	tap_check(rc == 0, "a program started by execve() has CPUID on again");
	if (rc)
		tap_diag("the exec'd child exited with %d%s", rc,
			 rc == 128 + SIGSEGV ? " (SIGSEGV: CPUID faulted)" : "");

	tap_check(set_cpuid(1) == 0 && get_cpuid() == 1,
		  "ARCH_SET_CPUID 1 turns CPUID on again");
	rc = faults;
	cpuid0(real);
	tap_check(faults == rc && memcmp(real, emulated, sizeof(real)),
		  "CPUID runs without a fault again");
	return tap_done();
}
