// SPDX-License-Identifier: GPL-2.0
/* ELF enclave image -> enclave layout; the format is in sgx_image.h. */
#include "sgx_image.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_file.h"

#define PAGE_UP(x) (((x) + SGX_PAGE_SIZE - 1) & ~(uint64_t)(SGX_PAGE_SIZE - 1))
/* Sanity limit on declared sizes: keeps offsets far from overflow. */
#define DECL_MAX_PAGES (1u << 20)

static int bad(const char *name, const char *what)
{
	return sgx_fail(ENOEXEC, "%s: %s", name, what);
}

static bool in_file(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

static uint64_t perms_of(uint32_t p_flags)
{
	return (p_flags & PF_R ? SGX_SECINFO_R : 0) |
	       (p_flags & PF_W ? SGX_SECINFO_W : 0) |
	       (p_flags & PF_X ? SGX_SECINFO_X : 0);
}

/* Finds the SGXLSM note inside one PT_NOTE segment's bytes. */
static int find_decl(const uint8_t *p, uint64_t len, const char *name,
		     struct sgx_image_decl *decl)
{
	uint64_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= len) {
		const Elf64_Nhdr *nh = (const void *)(p + off);
		uint64_t name_off = off + sizeof(*nh);
		uint64_t desc_off = name_off + ((nh->n_namesz + 3) & ~3u);
		uint64_t next = desc_off + ((nh->n_descsz + 3ull) & ~3ull);

		if (next > len)
			return bad(name, "truncated note in PT_NOTE segment");
		if (nh->n_type == SGX_IMAGE_NOTE_TYPE &&
		    nh->n_namesz == sizeof(SGX_IMAGE_NOTE_NAME) &&
		    !memcmp(p + name_off, SGX_IMAGE_NOTE_NAME,
			    sizeof(SGX_IMAGE_NOTE_NAME))) {
			if (nh->n_descsz != sizeof(*decl))
				return bad(name, "SGXLSM note has the wrong size (want 20 bytes)");
			memcpy(decl, p + desc_off, sizeof(*decl));
			return 1;
		}
		off = next;
	}
	return 0;
}

static int check_decl(const struct sgx_image_decl *d, const char *name)
{
	if (d->version != SGX_IMAGE_DECL_VERSION)
		return bad(name, "SGXLSM note: unknown version (want 1)");
	if (!d->tcs_count)
		return bad(name, "SGXLSM note: tcs_count is 0 (an enclave needs a TCS)");
	if (d->tcs_count > 1024 || d->stack_pages > DECL_MAX_PAGES ||
	    d->heap_pages > DECL_MAX_PAGES || d->spare_pages > DECL_MAX_PAGES)
		return bad(name, "SGXLSM note: a count is absurdly large");
	return 0;
}

static int check_header(const Elf64_Ehdr *eh, size_t len, const char *name)
{
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return bad(name, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return bad(name, "not a little-endian ELF64 x86-64 file");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return bad(name, "not an executable (ET_EXEC or ET_DYN)");
	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !in_file(len, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return bad(name, "program headers out of the file");
	return 0;
}

/* A PT_LOAD segment's header, against the file; its pages or -1. */
static int64_t check_segment(size_t len, const Elf64_Phdr *ph, const char *name)
{
	if (ph->p_vaddr % SGX_PAGE_SIZE)
		return bad(name, "PT_LOAD segment not page aligned (link with enclave.lds)");
	if (ph->p_filesz > ph->p_memsz || !in_file(len, ph->p_offset, ph->p_filesz))
		return bad(name, "PT_LOAD segment data out of the file");
	if (ph->p_vaddr > (1ull << 40) || ph->p_memsz > (1ull << 32))
		return bad(name, "PT_LOAD segment far from base 0 (link at address 0)");
	if (ph->p_memsz && !(ph->p_flags & PF_R))
		return bad(name, "PT_LOAD segment without PF_R: SGX pages need R");
	return PAGE_UP(ph->p_memsz) / SGX_PAGE_SIZE;
}

/*
 * Every size the image declares, checked against the file and added up
 * before anything is allocated: the builder holds every page it lays out
 * in memory, so a huge MemSiz or heap must be an error, not an allocation.
 */
static int check_sizes(const Elf64_Phdr *ph, unsigned int phnum, size_t len,
		       const struct sgx_image_decl *d, uint32_t ssa_frame_pages,
		       const char *name)
{
	uint64_t pages;
	int64_t seg;
	unsigned int i;

	pages = d->heap_pages +
		(uint64_t)d->tcs_count * (d->stack_pages + 1 + ssa_frame_pages);
	for (i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		seg = check_segment(len, &ph[i], name);
		if (seg < 0)
			return -1;
		pages += seg;
	}
	if (pages > SGX_IMAGE_MAX_PAGES)
		return sgx_fail(ENOEXEC, "%s: the image lays out %llu pages; the builder takes at most %u (%u MiB)",
				name, (unsigned long long)pages,
				SGX_IMAGE_MAX_PAGES,
				(unsigned int)(SGX_IMAGE_MAX_PAGES * SGX_PAGE_SIZE >> 20));
	return 0;
}

static int add_segment(struct sgx_enclave *encl, const uint8_t *image,
		       const Elf64_Phdr *ph, const char *name)
{
	uint64_t pages = PAGE_UP(ph->p_memsz) / SGX_PAGE_SIZE;
	uint8_t *data;
	int ret;

	if (!pages)
		return 0;
	data = calloc(pages, SGX_PAGE_SIZE);
	if (!data)
		return sgx_fail(ENOMEM, "%s: segment buffer", name);
	memcpy(data, image + ph->p_offset, ph->p_filesz);
	ret = sgx_enclave_add(encl, ph->p_vaddr, pages,
			      SGX_SECINFO_TYPE(SGX_PT_REG) | perms_of(ph->p_flags),
			      SGX_RANGE_SEGMENT, data);
	free(data);
	if (ret)
		return sgx_fail(ENOEXEC, "%s: PT_LOAD at %#llx: %s", name,
				(unsigned long long)ph->p_vaddr, sgx_last_error());
	return 0;
}

/* Heap, then per thread: stack, TCS, SSA. */
static int add_runtime_pages(struct sgx_enclave *encl,
			     const struct sgx_image_decl *d, uint64_t entry)
{
	const uint64_t rw = SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R |
			    SGX_SECINFO_W;
	uint64_t off = PAGE_UP(sgx_enclave_end(encl));
	uint32_t t;

	if (d->heap_pages) {
		if (sgx_enclave_add(encl, off, d->heap_pages, rw, SGX_RANGE_HEAP, NULL))
			return -1;
		off += (uint64_t)d->heap_pages * SGX_PAGE_SIZE;
	}
	for (t = 0; t < d->tcs_count; t++) {
		if (d->stack_pages) {
			if (sgx_enclave_add(encl, off, d->stack_pages, rw,
					    SGX_RANGE_STACK, NULL))
				return -1;
			off += (uint64_t)d->stack_pages * SGX_PAGE_SIZE;
		}
		/* FS/GS point at the stack top. */
		if (sgx_enclave_add_thread(encl, off, entry, off))
			return -1;
		off += SGX_PAGE_SIZE;
		off += (uint64_t)encl->ssa_frame_pages * SGX_PAGE_SIZE;
	}
	return 0;
}

int sgx_image_parse(const void *image, size_t len, const char *name,
		    struct sgx_enclave *encl, struct sgx_image_decl *decl_out)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *ph;
	struct sgx_image_decl decl;
	int found = 0, loads = 0;
	unsigned int i;

	sgx_enclave_init(encl);
	if (check_header(eh, len, name))
		return -1;
	ph = (const Elf64_Phdr *)((const uint8_t *)image + eh->e_phoff);
	/* The declaration first: without it this is no enclave image at all. */
	for (i = 0; i < eh->e_phnum && !found; i++) {
		if (ph[i].p_type != PT_NOTE)
			continue;
		if (!in_file(len, ph[i].p_offset, ph[i].p_filesz)) {
			bad(name, "PT_NOTE segment out of the file");
			goto fail;
		}
		found = find_decl((const uint8_t *)image + ph[i].p_offset,
				  ph[i].p_filesz, name, &decl);
		if (found < 0)
			goto fail;
	}
	if (!found) {
		bad(name, "no SGXLSM note (PT_NOTE) declaring TCS, stack and heap");
		goto fail;
	}
	if (check_decl(&decl, name) ||
	    check_sizes(ph, eh->e_phnum, len, &decl, encl->ssa_frame_pages, name))
		goto fail;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (add_segment(encl, image, &ph[i], name))
			goto fail;
		loads++;
	}
	if (!loads) {
		bad(name, "no PT_LOAD segment");
		goto fail;
	}
	if (add_runtime_pages(encl, &decl, eh->e_entry) ||
	    sgx_enclave_finish(encl, (uint64_t)decl.spare_pages * SGX_PAGE_SIZE))
		goto fail;
	if (decl_out)
		*decl_out = decl;
	return 0;
fail:
	sgx_enclave_free(encl);
	return -1;
}

int sgx_image_load(const char *path, struct sgx_enclave *encl,
		   struct sgx_image_decl *decl)
{
	uint8_t *buf;
	size_t len;
	int ret;

	sgx_enclave_init(encl);
	if (sgx_file_read(path, "enclave image", SGX_IMAGE_MAX_FILE_SIZE, &buf, &len))
		return -1;
	ret = sgx_image_parse(buf, len, path, encl, decl);
	free(buf);
	return ret;
}
