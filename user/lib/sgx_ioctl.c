// SPDX-License-Identifier: GPL-2.0
/* The uapi ioctls, one call each (see sgx_ioctl.h). */
#include "sgx_ioctl.h"

#include <asm/sgx.h>
#include <sys/ioctl.h>

int sgx_ioc_create(int fd, const struct sgx_secs *secs)
{
	struct sgx_enclave_create arg = { .src = (uintptr_t)secs };

	return ioctl(fd, SGX_IOC_ENCLAVE_CREATE, &arg);
}

int sgx_ioc_add_pages(int fd, const void *src, uint64_t offset,
		      uint64_t length, const struct sgx_secinfo *secinfo,
		      uint64_t flags, uint64_t *count)
{
	struct sgx_enclave_add_pages arg = {
		.src = (uintptr_t)src,
		.offset = offset,
		.length = length,
		.secinfo = (uintptr_t)secinfo,
		.flags = flags,
	};
	int ret = ioctl(fd, SGX_IOC_ENCLAVE_ADD_PAGES, &arg);

	if (count)
		*count = arg.count;
	return ret;
}

int sgx_ioc_init(int fd, const struct sgx_sigstruct *sig)
{
	struct sgx_enclave_init arg = { .sigstruct = (uintptr_t)sig };

	return ioctl(fd, SGX_IOC_ENCLAVE_INIT, &arg);
}

int sgx_ioc_restrict_permissions(int fd, uint64_t offset, uint64_t length,
				 uint64_t permissions, uint64_t *result,
				 uint64_t *count)
{
	struct sgx_enclave_restrict_permissions arg = {
		.offset = offset,
		.length = length,
		.permissions = permissions,
	};
	int ret = ioctl(fd, SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &arg);

	if (result)
		*result = arg.result;
	if (count)
		*count = arg.count;
	return ret;
}

int sgx_ioc_modify_types(int fd, uint64_t offset, uint64_t length,
			 uint64_t page_type, uint64_t *result, uint64_t *count)
{
	struct sgx_enclave_modify_types arg = {
		.offset = offset,
		.length = length,
		.page_type = page_type,
	};
	int ret = ioctl(fd, SGX_IOC_ENCLAVE_MODIFY_TYPES, &arg);

	if (result)
		*result = arg.result;
	if (count)
		*count = arg.count;
	return ret;
}

int sgx_ioc_remove_pages(int fd, uint64_t offset, uint64_t length,
			 uint64_t *count)
{
	struct sgx_enclave_remove_pages arg = {
		.offset = offset,
		.length = length,
	};
	int ret = ioctl(fd, SGX_IOC_ENCLAVE_REMOVE_PAGES, &arg);

	if (count)
		*count = arg.count;
	return ret;
}
