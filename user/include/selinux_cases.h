/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The project's SELinux policy (policy/) case by case: what a loader
 * domain may do with an enclave page of a given source, and the AVC denial
 * that says why when it may not.  Each rule is said here once: lsm-demo
 * tells every case while building the sample enclave, and the guest test
 * lsm_selinux checks every case page by page.
 */
#ifndef SELINUX_CASES_H
#define SELINUX_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The file types of enclave sources (policy/sgxlsm.te). */
#define SELINUX_ENCLAVE_EXEC_T "enclave_exec_t"
#define SELINUX_ENCLAVE_DATA_T "enclave_data_t"

struct selinux_case {
	const char *domain;	/* type of the loader domain */
	const char *source_type;	/* type of the source files: one of the two above */
	/*
	 * SECINFO R/W/X of the page judged: declared at ADD_PAGES, or, if
	 * run_time, asked by mprotect() of a page the enclave got after
	 * EINIT (EAUG), its built pages then declared at most R-X.
	 */
	uint64_t perm;
	bool run_time;
	int want_err;		/* errno of the refusal, 0 if allowed */
	/* The denial logged; avc_perm NULL: nothing is. */
	const char *avc_perm;
	const char *avc_ttype;	/* the target's type; NULL: the domain itself */
	const char *avc_tclass;
	/*
	 * The case and its log in words, as tests name their checks: names
	 * that stay the same, run after run.
	 */
	const char *name;
	const char *log_name;
	const char *why;	/* the rule, in words */
};

extern const struct selinux_case selinux_cases[];
extern const size_t selinux_ncases;

/* The step a case is refused at: "ADD_PAGES" or "mprotect". */
const char *selinux_case_step(const struct selinux_case *c);

#endif
