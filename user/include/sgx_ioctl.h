/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thin wrappers of the /dev/sgx_enclave ioctls of <asm/sgx.h>.  Each
 * returns the ioctl's result (0, or -1 with errno) untouched, so tests can
 * assert the driver's errno; output fields are returned through pointers.
 */
#ifndef SGX_IOCTL_H
#define SGX_IOCTL_H

#include <stdint.h>

#include "sgx_arch.h"

int sgx_ioc_create(int fd, const struct sgx_secs *secs);
int sgx_ioc_add_pages(int fd, const void *src, uint64_t offset,
		      uint64_t length, const struct sgx_secinfo *secinfo,
		      uint64_t flags, uint64_t *count);
int sgx_ioc_init(int fd, const struct sgx_sigstruct *sig);
/* SGX2, on an initialised enclave.  result: the ENCLS error code. */
int sgx_ioc_restrict_permissions(int fd, uint64_t offset, uint64_t length,
				 uint64_t permissions, uint64_t *result,
				 uint64_t *count);
int sgx_ioc_modify_types(int fd, uint64_t offset, uint64_t length,
			 uint64_t page_type, uint64_t *result, uint64_t *count);
int sgx_ioc_remove_pages(int fd, uint64_t offset, uint64_t length,
			 uint64_t *count);

#endif
