// SPDX-License-Identifier: GPL-2.0
/* The policy's cases, said once for lsm-demo and lsm_selinux: see selinux_cases.h. */
#include <errno.h>

#include "selinux_cases.h"
#include "sgx_arch.h"

#define R SGX_SECINFO_R
#define W SGX_SECINFO_W
#define X SGX_SECINFO_X

const struct selinux_case selinux_cases[] = {
	/* file:execute: a page becomes executable code only from a file its builder may execute. */
	{ "sgx_trusted_t", SELINUX_ENCLAVE_DATA_T, R | X, false, 0, NULL, NULL, NULL,
	  "R-X page from an enclave_data_t file, trusted",
	  "R-X page from an enclave_data_t file, trusted",
	  "trusted may execute any enclave source" },
	{ "sgx_confined_t", SELINUX_ENCLAVE_DATA_T, R | X, false, EACCES,
	  "execute", SELINUX_ENCLAVE_DATA_T, "file",
	  "R-X page from an enclave_data_t file, confined",
	  "file:execute denied",
	  "confined may execute only " SELINUX_ENCLAVE_EXEC_T " files" },
	{ "sgx_confined_t", SELINUX_ENCLAVE_EXEC_T, R | X, false, 0, NULL, NULL, NULL,
	  "R-X page from an enclave_exec_t file, confined",
	  "R-X page from an enclave_exec_t file",
	  "every page is allowed, and nothing is logged" },
	/* process2:sgx_execmem: a page both writable and executable. */
	{ "sgx_confined_t", SELINUX_ENCLAVE_EXEC_T, R | W | X, false, EACCES,
	  "sgx_execmem", NULL, "process2",
	  "RWX page from an enclave_exec_t file, confined",
	  "process2:sgx_execmem denied (W+X from a file, confined)",
	  "a page both writable and executable needs sgx_execmem, which confined lacks" },
	{ "sgx_runtime_t", SELINUX_ENCLAVE_EXEC_T, R | W | X, false, 0, NULL, NULL, NULL,
	  "RWX page from an enclave_exec_t file, runtime",
	  "RWX page from an enclave_exec_t file, runtime",
	  "a runtime's domain has sgx_execmem, and no process:execmem" },
	/* process2:sgx_execaug: pages added at run time, asked when they become executable. */
	{ "sgx_runtime_t", SELINUX_ENCLAVE_EXEC_T, R | X, true, 0, NULL, NULL, NULL,
	  "runtime (sgx_execaug)", "EAUG, runtime",
	  "a runtime's domain has sgx_execaug: its run-time pages may become executable" },
	{ "sgx_confined_t", SELINUX_ENCLAVE_EXEC_T, R | X, true, EACCES,
	  "sgx_execaug", NULL, "process2",
	  "confined", "process2:sgx_execaug denied when asked for, not at EINIT",
	  "no sgx_execaug: run-time pages may not become executable, closing the hole SGX2 opened" },
};

const size_t selinux_ncases = sizeof(selinux_cases) / sizeof(selinux_cases[0]);

const char *selinux_case_step(const struct selinux_case *c)
{
	return c->run_time ? "mprotect" : "ADD_PAGES";
}
