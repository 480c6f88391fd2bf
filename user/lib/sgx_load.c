// SPDX-License-Identifier: GPL-2.0
/* Building an enclave through the kernel driver (see sgx_load.h). */
#include "sgx_load.h"

#include <asm/sgx.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sgx_error.h"
#include "sgx_ioctl.h"
#include "sgx_measure.h"
#include "sgx_sign.h"

int sgx_max_prot(uint64_t flags)
{
	if ((flags & SGX_SECINFO_TYPE_MASK) == SGX_SECINFO_TYPE(SGX_PT_TCS))
		return PROT_READ | PROT_WRITE;
	return (flags & SGX_SECINFO_R ? PROT_READ : 0) |
	       (flags & SGX_SECINFO_W ? PROT_WRITE : 0) |
	       (flags & SGX_SECINFO_X ? PROT_EXEC : 0);
}

const char *sgx_prot_str(int prot)
{
	/* The same letters as a page's SECINFO permissions: one table. */
	return sgx_perm_str((prot & PROT_READ ? SGX_SECINFO_R : 0) |
			    (prot & PROT_WRITE ? SGX_SECINFO_W : 0) |
			    (prot & PROT_EXEC ? SGX_SECINFO_X : 0));
}

struct sgx_secs *sgx_secs_alloc(uint64_t size, uint64_t base,
				uint32_t ssa_frame_pages, uint64_t attributes,
				uint64_t xfrm)
{
	struct sgx_secs *secs = aligned_alloc(SGX_PAGE_SIZE, sizeof(*secs));

	if (!secs) {
		errno = ENOMEM;
		return NULL;
	}
	memset(secs, 0, sizeof(*secs));
	secs->size = size;
	secs->base = base;
	secs->ssa_frame_size = ssa_frame_pages;
	secs->attributes = attributes;
	secs->xfrm = xfrm;
	return secs;
}

int sgx_load_create(const struct sgx_enclave *encl, struct sgx_loaded *ld)
{
	struct sgx_secs *secs;
	uintptr_t base;
	int ret;

	memset(ld, 0, sizeof(*ld));
	ld->fd = -1;
	if (!encl->size || encl->size & (encl->size - 1))
		return sgx_fail(EINVAL, "enclave size %#llx is not a power of two",
				(unsigned long long)encl->size);
	ld->fd = open(SGX_DEVICE, O_RDWR | O_CLOEXEC);
	if (ld->fd < 0)
		return sgx_fail(errno, "cannot open %s", SGX_DEVICE);
	/* Twice the size, so an aligned base fits inside. */
	ld->reservation_len = 2 * encl->size;
	ld->reservation = mmap(NULL, ld->reservation_len, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ld->reservation == MAP_FAILED) {
		ld->reservation = NULL;
		ret = sgx_fail(errno, "cannot reserve %#zx bytes of address space",
			       ld->reservation_len);
		goto fail;
	}
	base = ((uintptr_t)ld->reservation + encl->size - 1) & ~(uintptr_t)(encl->size - 1);
	ld->base = (uint8_t *)base;
	ld->size = encl->size;

	secs = sgx_secs_alloc(encl->size, base, encl->ssa_frame_pages,
			      encl->attributes, encl->xfrm);
	if (!secs) {
		ret = sgx_fail(ENOMEM, "SECS page");
		goto fail;
	}
	ret = sgx_ioc_create(ld->fd, secs);
	free(secs);
	if (ret) {
		ret = sgx_fail(errno, "SGX_IOC_ENCLAVE_CREATE (size %#llx, base %#lx)",
			       (unsigned long long)encl->size, (unsigned long)base);
		goto fail;
	}
	return 0;
fail:
	sgx_unload(ld);
	return ret;
}

/* Source pages for EADD from range i's existing file, opts->source_path. */
static void *map_source_file(size_t i, size_t len, const struct sgx_load_opts *o)
{
	char path[PATH_MAX];
	void *p;
	int fd;

	o->source_path(path, sizeof(path), i, o->source_ctx);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		sgx_fail(errno, "cannot open the source file %s", path);
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		sgx_fail(errno, "cannot map the source file %s", path);
		return NULL;
	}
	return p;
}

/*
 * Source pages for EADD of range i: anonymous memory, a file in
 * opts->source_dir, or the range's own file (opts->source_path).
 */
static void *stage_source(const struct sgx_enclave *encl, size_t i,
			  const struct sgx_load_opts *o)
{
	const struct sgx_range *r = &encl->ranges[i];
	size_t len = r->pages * SGX_PAGE_SIZE;
	char path[PATH_MAX];
	void *p;
	int fd;

	if (o && o->source_path)
		return map_source_file(i, len, o);
	if (!o || !o->source_dir) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			sgx_fail(errno, "source buffer of %zu bytes", len);
			return NULL;
		}
		memcpy(p, r->data, len);
		return p;
	}
	snprintf(path, sizeof(path), "%s/sgx-src-XXXXXX", o->source_dir);
	fd = mkstemp(path);
	if (fd < 0) {
		sgx_fail(errno, "cannot create a source file in %s", o->source_dir);
		return NULL;
	}
	unlink(path);
	if (pwrite(fd, r->data, len, 0) != (ssize_t)len) {
		sgx_fail(errno ? errno : EIO, "cannot write source file in %s",
			 o->source_dir);
		close(fd);
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		sgx_fail(errno, "cannot map the source file in %s", o->source_dir);
		return NULL;
	}
	return p;
}

int sgx_load_add(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
		 struct sgx_loaded *ld, size_t i)
{
	const struct sgx_range *r = &encl->ranges[i];
	struct sgx_secinfo secinfo;
	uint64_t count = 0, flags = 0;
	void *src;
	int ret, err;

	ld->added = 0;
	src = stage_source(encl, i, o);
	if (!src)
		return -1;
	memset(&secinfo, 0, sizeof(secinfo));
	secinfo.flags = r->secinfo_flags;
	if (r->measured && !(o && o->skip_measure))
		flags = SGX_PAGE_MEASURE;
	ret = sgx_ioc_add_pages(ld->fd, src, r->offset, r->pages * SGX_PAGE_SIZE,
				&secinfo, flags, &count);
	err = errno;
	ld->added = count;
	munmap(src, r->pages * SGX_PAGE_SIZE);
	if (ret)
		return sgx_fail(err, "SGX_IOC_ENCLAVE_ADD_PAGES of the %s range at %#llx (%s, %llu pages; %llu added)",
				sgx_range_kind_str(r->kind),
				(unsigned long long)r->offset,
				sgx_perm_str(r->secinfo_flags),
				(unsigned long long)r->pages,
				(unsigned long long)count / SGX_PAGE_SIZE);
	if (count != r->pages * SGX_PAGE_SIZE)
		return sgx_fail(EIO, "ADD_PAGES at %#llx added %llu of %llu bytes",
				(unsigned long long)r->offset,
				(unsigned long long)count,
				(unsigned long long)r->pages * SGX_PAGE_SIZE);
	return 0;
}

int sgx_load_add_all(const struct sgx_enclave *encl,
		     const struct sgx_load_opts *o, struct sgx_loaded *ld)
{
	size_t i;

	for (i = 0; i < encl->nranges; i++)
		if (sgx_load_add(encl, o, ld, i))
			return -1;
	return 0;
}

int sgx_load_init(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
		  struct sgx_loaded *ld)
{
	uint8_t signed_hash[32];

	if (!o || !o->key)
		return sgx_fail(EINVAL, "no signing key given for EINIT");
	if (sgx_measure(encl, ld->mrenclave))
		return -1;
	memcpy(signed_hash, ld->mrenclave, 32);
	if (o->alter_mrenclave)
		signed_hash[0] ^= 1;
	if (sgx_sigstruct_make(&ld->sigstruct, encl, signed_hash, o->key))
		return -1;
	if (o->corrupt_signature)
		ld->sigstruct.signature[0] ^= 1;
	if (sgx_ioc_init(ld->fd, &ld->sigstruct))
		return sgx_fail(errno, "SGX_IOC_ENCLAVE_INIT");
	return 0;
}

int sgx_load_map(const struct sgx_enclave *encl, struct sgx_loaded *ld)
{
	size_t i;

	for (i = 0; i < encl->nranges; i++) {
		const struct sgx_range *r = &encl->ranges[i];
		int prot = sgx_max_prot(r->secinfo_flags);
		void *want = ld->base + r->offset;
		void *p = mmap(want, r->pages * SGX_PAGE_SIZE, prot,
			       MAP_SHARED | MAP_FIXED, ld->fd, 0);

		if (p == MAP_FAILED)
			return sgx_fail(errno, "mmap of the %s range at %p as %s",
					sgx_range_kind_str(r->kind), want,
					sgx_prot_str(prot));
	}
	return 0;
}

int sgx_load(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
	     struct sgx_loaded *ld)
{
	if (sgx_load_create(encl, ld))
		return -1;
	if (sgx_load_add_all(encl, o, ld) || sgx_load_init(encl, o, ld) ||
	    sgx_load_map(encl, ld)) {
		int err = errno;

		sgx_unload(ld);
		errno = err;
		return -1;
	}
	return 0;
}

void sgx_unload(struct sgx_loaded *ld)
{
	if (ld->reservation)
		munmap(ld->reservation, ld->reservation_len);
	ld->reservation = NULL;
	if (ld->fd >= 0)
		close(ld->fd);
	ld->fd = -1;
}
