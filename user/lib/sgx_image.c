// SPDX-License-Identifier: GPL-2.0
/*
 * ELF enclave image -> enclave layout; the format is in sgx_image.h.
 *
 * The image is untrusted input.  Headers are copied out before use (the
 * file's bytes need not be aligned for Elf64_* types), sizes are added in
 * 64 bits from 32-bit fields so nothing wraps, and every size and offset
 * is checked against the file and the limits in sgx_image.h before the
 * first page is allocated: a huge p_memsz or heap must be an error, not an
 * allocation the OOM killer answers.
 */
#include "sgx_image.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_file.h"

#define PAGE_UP(x) (((x) + SGX_PAGE_SIZE - 1) & ~(uint64_t)(SGX_PAGE_SIZE - 1))
#define PAGES(bytes) (PAGE_UP((uint64_t)(bytes)) / SGX_PAGE_SIZE)
#define NOTE_ALIGN(x) (((uint64_t)(x) + 3) & ~3ull)
#define MAX_PAGES_MIB ((unsigned int)(SGX_IMAGE_MAX_PAGES * SGX_PAGE_SIZE >> 20))

struct image {
	const uint8_t *bytes;
	size_t len;
	const char *name;
	Elf64_Ehdr eh;		/* copied out of bytes */
};

/* ENOEXEC with "NAME: what was wrong". */
static int bad(const struct image *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(const struct image *im, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sgx_fail(ENOEXEC, "%s: %s", im->name, what);
}

static bool in_file(const struct image *im, uint64_t off, uint64_t size)
{
	return off <= im->len && size <= im->len - off;
}

/* Program header i; read_header() checked they are all in the file. */
static Elf64_Phdr phdr(const struct image *im, unsigned int i)
{
	Elf64_Phdr ph;

	memcpy(&ph, im->bytes + im->eh.e_phoff + (uint64_t)i * sizeof(ph),
	       sizeof(ph));
	return ph;
}

static uint64_t perms_of(uint32_t p_flags)
{
	return (p_flags & PF_R ? SGX_SECINFO_R : 0) |
	       (p_flags & PF_W ? SGX_SECINFO_W : 0) |
	       (p_flags & PF_X ? SGX_SECINFO_X : 0);
}

static int read_header(struct image *im)
{
	const Elf64_Ehdr *eh = &im->eh;

	if (im->len < sizeof(im->eh) || memcmp(im->bytes, ELFMAG, SELFMAG))
		return bad(im, "not an ELF file");
	memcpy(&im->eh, im->bytes, sizeof(im->eh));
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return bad(im, "not a little-endian ELF64 x86-64 file");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return bad(im, "e_type %u: not an executable (ET_EXEC or ET_DYN)",
			   eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return bad(im, "e_phentsize %u: program headers are %zu bytes",
			   eh->e_phentsize, sizeof(Elf64_Phdr));
	if (!in_file(im, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return bad(im, "e_phoff %#llx, e_phnum %u: program headers out of the file",
			   (unsigned long long)eh->e_phoff, eh->e_phnum);
	return 0;
}

/* The SGXLSM note among one PT_NOTE segment's notes: 1 found, 0 not, -1. */
static int find_decl(const struct image *im, const Elf64_Phdr *ph,
		     struct sgx_image_decl *decl)
{
	const uint8_t *notes = im->bytes + ph->p_offset;
	uint64_t len = ph->p_filesz, off = 0;

	while (len - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t name_off, desc_off, next;

		memcpy(&nh, notes + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + NOTE_ALIGN(nh.n_namesz);
		next = desc_off + NOTE_ALIGN(nh.n_descsz);
		if (next > len)
			return bad(im, "PT_NOTE at p_offset %#llx: truncated note at %#llx (n_namesz %u, n_descsz %u, p_filesz %#llx)",
				   (unsigned long long)ph->p_offset,
				   (unsigned long long)off, nh.n_namesz,
				   nh.n_descsz, (unsigned long long)len);
		if (nh.n_type == SGX_IMAGE_NOTE_TYPE &&
		    nh.n_namesz == sizeof(SGX_IMAGE_NOTE_NAME) &&
		    !memcmp(notes + name_off, SGX_IMAGE_NOTE_NAME,
			    sizeof(SGX_IMAGE_NOTE_NAME))) {
			if (nh.n_descsz != sizeof(*decl))
				return bad(im, "SGXLSM note: n_descsz %u, want %zu",
					   nh.n_descsz, sizeof(*decl));
			memcpy(decl, notes + desc_off, sizeof(*decl));
			return 1;
		}
		off = next;
	}
	return 0;
}

/*
 * The declaration first: without it this is no enclave image at all.
 * Notes are scanned at most once over: thousands of PT_NOTE headers all
 * pointing at the same zeros made the scan quadratic in the file size.
 */
static int read_decl(const struct image *im, struct sgx_image_decl *decl)
{
	uint64_t scanned = 0;
	unsigned int i;
	int found;

	for (i = 0; i < im->eh.e_phnum; i++) {
		Elf64_Phdr ph = phdr(im, i);

		if (ph.p_type != PT_NOTE)
			continue;
		if (!in_file(im, ph.p_offset, ph.p_filesz))
			return bad(im, "PT_NOTE at p_offset %#llx, p_filesz %#llx: out of the file",
				   (unsigned long long)ph.p_offset,
				   (unsigned long long)ph.p_filesz);
		scanned += ph.p_filesz;
		if (scanned > im->len)
			return bad(im, "PT_NOTE segments overlap: their p_filesz add up to more than the file's %zu bytes",
				   im->len);
		found = find_decl(im, &ph, decl);
		if (found)
			return found < 0 ? -1 : 0;
	}
	return bad(im, "no SGXLSM note (PT_NOTE) declaring TCS, stack and heap");
}

static int check_decl(const struct image *im, const struct sgx_image_decl *d)
{
	if (d->version != SGX_IMAGE_DECL_VERSION)
		return bad(im, "SGXLSM note: unknown version %u (want %u)",
			   d->version, SGX_IMAGE_DECL_VERSION);
	if (!d->tcs_count)
		return bad(im, "SGXLSM note: tcs_count is 0 (an enclave needs a TCS)");
	if (d->tcs_count > SGX_IMAGE_MAX_TCS)
		return bad(im, "SGXLSM note: tcs_count %u; at most %u",
			   d->tcs_count, SGX_IMAGE_MAX_TCS);
	if (d->stack_pages > SGX_IMAGE_MAX_PAGES)
		return bad(im, "SGXLSM note: stack_pages %u; the builder takes at most %u pages (%u MiB)",
			   d->stack_pages, SGX_IMAGE_MAX_PAGES, MAX_PAGES_MIB);
	if (d->heap_pages > SGX_IMAGE_MAX_PAGES)
		return bad(im, "SGXLSM note: heap_pages %u; the builder takes at most %u pages (%u MiB)",
			   d->heap_pages, SGX_IMAGE_MAX_PAGES, MAX_PAGES_MIB);
	if (d->spare_pages > SGX_IMAGE_MAX_ENCLAVE_SIZE / SGX_PAGE_SIZE)
		return bad(im, "SGXLSM note: spare_pages %u: larger than the largest enclave (%#llx bytes)",
			   d->spare_pages,
			   (unsigned long long)SGX_IMAGE_MAX_ENCLAVE_SIZE);
	return 0;
}

/* One PT_LOAD segment's header, against the file and the limits. */
static int check_segment(const struct image *im, const Elf64_Phdr *ph)
{
	unsigned long long vaddr = ph->p_vaddr, memsz = ph->p_memsz;

	if (vaddr % SGX_PAGE_SIZE)
		return bad(im, "PT_LOAD at p_vaddr %#llx: not page aligned (link with enclave.lds)",
			   vaddr);
	if (ph->p_filesz > memsz)
		return bad(im, "PT_LOAD at p_vaddr %#llx: p_filesz %#llx is more than p_memsz %#llx",
			   vaddr, (unsigned long long)ph->p_filesz, memsz);
	if (!in_file(im, ph->p_offset, ph->p_filesz))
		return bad(im, "PT_LOAD at p_vaddr %#llx: p_offset %#llx, p_filesz %#llx: segment data out of the file",
			   vaddr, (unsigned long long)ph->p_offset,
			   (unsigned long long)ph->p_filesz);
	if (vaddr >= SGX_IMAGE_MAX_ENCLAVE_SIZE ||
	    memsz > SGX_IMAGE_MAX_ENCLAVE_SIZE - vaddr)
		return bad(im, "PT_LOAD at p_vaddr %#llx: p_vaddr + p_memsz %#llx is past the largest enclave (%#llx bytes; link at address 0)",
			   vaddr, memsz, (unsigned long long)SGX_IMAGE_MAX_ENCLAVE_SIZE);
	if (PAGES(memsz) > SGX_IMAGE_MAX_PAGES)
		return bad(im, "PT_LOAD at p_vaddr %#llx: p_memsz %#llx is %llu pages; the builder takes at most %u (%u MiB)",
			   vaddr, memsz, (unsigned long long)PAGES(memsz),
			   SGX_IMAGE_MAX_PAGES, MAX_PAGES_MIB);
	if (memsz && !(ph->p_flags & PF_R))
		return bad(im, "PT_LOAD at p_vaddr %#llx: p_flags without PF_R: SGX pages need R",
			   vaddr);
	return 0;
}

static bool holds_entry(const Elf64_Phdr *ph, uint64_t entry)
{
	return ph->p_flags & PF_X && entry >= ph->p_vaddr &&
	       entry - ph->p_vaddr < ph->p_memsz;
}

/*
 * The whole layout, added up before anything is allocated: pages the
 * builder holds against SGX_IMAGE_MAX_PAGES, and the span, spare pages
 * included, against SGX_IMAGE_MAX_ENCLAVE_SIZE.  Every term is bounded by
 * the checks before it, so the 64-bit sums cannot wrap.
 */
static int check_layout(const struct image *im, const struct sgx_image_decl *d,
			uint32_t ssa_frame_pages)
{
	uint64_t thread_pages = (uint64_t)d->stack_pages + 1 + ssa_frame_pages;
	uint64_t runtime = d->heap_pages + d->tcs_count * thread_pages;
	uint64_t pages = runtime, seg_end = 0, span;
	unsigned int i, loads = 0;
	bool entry_found = false;

	for (i = 0; i < im->eh.e_phnum; i++) {
		Elf64_Phdr ph = phdr(im, i);

		if (ph.p_type != PT_LOAD)
			continue;
		if (check_segment(im, &ph))
			return -1;
		loads++;
		pages += PAGES(ph.p_memsz);
		if (ph.p_vaddr + PAGE_UP(ph.p_memsz) > seg_end)
			seg_end = ph.p_vaddr + PAGE_UP(ph.p_memsz);
		entry_found |= holds_entry(&ph, im->eh.e_entry);
	}
	if (!loads)
		return bad(im, "no PT_LOAD segment");
	if (!entry_found)
		return bad(im, "e_entry %#llx is not inside an executable (PF_X) PT_LOAD segment",
			   (unsigned long long)im->eh.e_entry);
	if (pages > SGX_IMAGE_MAX_PAGES)
		return bad(im, "the image lays out %llu pages (segments, heap_pages, and stack_pages, TCS and SSA per thread); the builder takes at most %u (%u MiB)",
			   (unsigned long long)pages, SGX_IMAGE_MAX_PAGES,
			   MAX_PAGES_MIB);
	span = seg_end + (runtime + d->spare_pages) * SGX_PAGE_SIZE;
	if (span > SGX_IMAGE_MAX_ENCLAVE_SIZE)
		return bad(im, "the enclave would span %#llx bytes (segments to %#llx, then heap, threads and spare_pages); at most %#llx",
			   (unsigned long long)span, (unsigned long long)seg_end,
			   (unsigned long long)SGX_IMAGE_MAX_ENCLAVE_SIZE);
	return 0;
}

static int add_segment(struct sgx_enclave *encl, const struct image *im,
		       const Elf64_Phdr *ph)
{
	uint64_t pages = PAGES(ph->p_memsz);

	if (!pages)
		return 0;
	if (sgx_enclave_add(encl, ph->p_vaddr, pages,
			    SGX_SECINFO_TYPE(SGX_PT_REG) | perms_of(ph->p_flags),
			    SGX_RANGE_SEGMENT, NULL))
		return bad(im, "PT_LOAD at p_vaddr %#llx: %s",
			   (unsigned long long)ph->p_vaddr, sgx_last_error());
	/* The range is zero-filled: copy the file's bytes straight in. */
	memcpy(encl->ranges[encl->nranges - 1].data, im->bytes + ph->p_offset,
	       ph->p_filesz);
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
	struct image im = { .bytes = image, .len = len, .name = name };
	struct sgx_image_decl decl;
	unsigned int i;

	sgx_enclave_init(encl);
	/* Everything is checked here; only then is anything allocated. */
	if (read_header(&im) || read_decl(&im, &decl) || check_decl(&im, &decl) ||
	    check_layout(&im, &decl, encl->ssa_frame_pages))
		return -1;
	for (i = 0; i < im.eh.e_phnum; i++) {
		Elf64_Phdr ph = phdr(&im, i);

		if (ph.p_type == PT_LOAD && add_segment(encl, &im, &ph))
			goto fail;
	}
	if (add_runtime_pages(encl, &decl, im.eh.e_entry) ||
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
