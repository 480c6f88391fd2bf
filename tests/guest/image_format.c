// SPDX-License-Identifier: GPL-2.0
/*
 * The enclave image format (user/include/sgx_image.h), without the
 * kernel: the sample parses into the documented layout, and each kind of
 * malformed image is refused with ENOEXEC and a message naming the fault.
 *   image_format [IMAGE]   (default /data/sample.elf)
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image_edit.h"
#include "sgx_arch.h"
#include "sgx_error.h"
#include "sgx_image.h"
#include "sgx_measure.h"
#include "sgx_sample.h"
#include "tap.h"


static uint8_t *orig, *img;
static size_t len;

static Elf64_Phdr *phdr(uint32_t type, uint32_t flags)
{
	return image_edit_phdr(img, type, flags);
}

static struct sgx_image_decl *decl(void)
{
	return image_edit_decl(img);
}

/* Parses the mutated copy, restores it; 0 or the errno. */
static int parse(size_t n, const char *want_msg, const char *what)
{
	struct sgx_enclave e;
	int err = 0;

	if (sgx_image_parse(img, n, "img", &e, NULL))
		err = errno;
	else
		sgx_enclave_free(&e);
	if (!tap_check(err == ENOEXEC && strstr(sgx_last_error(), want_msg),
		       "%s: ENOEXEC, message names it", what))
		tap_diag("got %s: \"%s\"; want \"%s\"", tap_errno_name(err),
			 sgx_last_error(), want_msg);
	memcpy(img, orig, len);
	return err;
}

static void check_layout(const struct sgx_enclave *e)
{
	const uint64_t reg = SGX_SECINFO_TYPE(SGX_PT_REG);
	const struct sgx_range *tcs = sgx_enclave_find(e, SGX_RANGE_TCS,
						       SGX_SECINFO_TYPE(SGX_PT_TCS));
	const struct sgx_tcs *t = tcs ? (const void *)tcs->data : NULL;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const struct sgx_range *ssa = t ? sgx_enclave_range_at(e, t->ossa) : NULL;
	const struct sgx_range *heap = sgx_enclave_find(e, SGX_RANGE_HEAP, reg | 3);

	tap_check(sgx_enclave_range_at(e, 0) &&
		  sgx_enclave_range_at(e, 0)->secinfo_flags == (reg | SGX_SECINFO_R | SGX_SECINFO_X),
		  "the R-X segment's page at offset 0 is REG R-X");
	if (!tap_check(e->size && !(e->size & (e->size - 1)) &&
		       e->size >= sgx_enclave_end(e) + (uint64_t)decl()->spare_pages * SGX_PAGE_SIZE &&
		       e->size / 2 < sgx_enclave_end(e) + (uint64_t)decl()->spare_pages * SGX_PAGE_SIZE,
		       "size is the smallest power of two holding pages + spare"))
		tap_diag("size %#llx", (unsigned long long)e->size);
	tap_check(heap && heap->pages == decl()->heap_pages && !(heap->offset % SGX_PAGE_SIZE),
		  "heap: %u RW- pages after the segments", decl()->heap_pages);
	tap_check(t && t->oentry == eh->e_entry && t->nssa == 1 && ssa &&
		  ssa->kind == SGX_RANGE_SSA, "TCS enters at e_entry and points at its SSA frame");
}

static void check_measure(void)
{
	struct sgx_enclave e;
	uint8_t a[32], b[32];

	if (sgx_image_parse(img, len, "img", &e, NULL) || sgx_measure(&e, a))
		tap_bail("parsing and measuring the image");
	e.ranges[0].data[7] ^= 1;
	tap_check(!sgx_measure(&e, b) && memcmp(a, b, 32), "one changed byte changes MRENCLAVE");
	e.ranges[0].data[7] ^= 1;
	e.ranges[0].measured = false;
	tap_check(!sgx_measure(&e, b) && memcmp(a, b, 32),
		  "an unmeasured range changes MRENCLAVE");
	e.ranges[0].measured = true;
	e.ranges[0].secinfo_flags ^= SGX_SECINFO_W;
	tap_check(!sgx_measure(&e, b) && memcmp(a, b, 32),
		  "a page's SECINFO permissions are part of MRENCLAVE");
	sgx_enclave_free(&e);
}

/*
 * A thousand PT_NOTE headers pointing at the same zeros (empty 12-byte
 * notes), ahead of the real one: the parser scanned them all, time
 * quadratic in the file's size.
 */
static void check_overlapping_notes(void)
{
	enum { ZEROS = 64 * 1024, NOTES = 1024 };
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)orig;
	size_t phoff = len + ZEROS, phnum = NOTES + eh->e_phnum;
	size_t n = phoff + phnum * sizeof(Elf64_Phdr), i;
	Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = len, .p_filesz = ZEROS };
	uint8_t *big = calloc(1, n);
	Elf64_Ehdr big_eh;
	struct sgx_enclave e;
	int err = 0;

	if (!big)
		tap_bail("calloc");
	memcpy(big, orig, len);
	for (i = 0; i < NOTES; i++)
		memcpy(big + phoff + i * sizeof(note), &note, sizeof(note));
	memcpy(big + phoff + NOTES * sizeof(note), orig + eh->e_phoff,
	       eh->e_phnum * sizeof(Elf64_Phdr));
	big_eh = *eh;
	big_eh.e_phoff = phoff;
	big_eh.e_phnum = phnum;
	memcpy(big, &big_eh, sizeof(big_eh));
	if (sgx_image_parse(big, n, "img", &e, NULL))
		err = errno;
	else
		sgx_enclave_free(&e);
	tap_check(err == ENOEXEC && strstr(sgx_last_error(), "PT_NOTE segments overlap"),
		  "1024 PT_NOTE headers over the same bytes: ENOEXEC, message names it");
	if (err != ENOEXEC)
		tap_diag("got \"%s\"", err ? sgx_last_error() : "success");
	free(big);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 && argv[1][0] ? argv[1] : SGX_SAMPLE_IMAGE;
	struct sgx_enclave e;
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		tap_bail("open %s", path);
	len = st.st_size;
	orig = malloc(len);
	img = malloc(len);
	if (!orig || !img || read(fd, orig, len) != (ssize_t)len)
		tap_bail("read %s", path);
	close(fd);
	memcpy(img, orig, len);

	tap_check(sgx_image_parse(img, len, "img", &e, NULL) == 0, "the sample image parses");
	check_layout(&e);
	sgx_enclave_free(&e);
	check_measure();
	check_overlapping_notes();

	decl()->version = 2;
	parse(len, "unknown version", "declaration version 2");
	decl()->tcs_count = 0;
	parse(len, "tcs_count is 0", "declaration with 0 TCS");
	decl()->heap_pages = 1u << 30;
	parse(len, "heap_pages 1073741824", "declaration with 2^30 heap pages");
	decl()->spare_pages = 0xffffffff;
	parse(len, "spare_pages 4294967295", "declaration with 2^32 - 1 spare pages");
	((Elf64_Nhdr *)(img + phdr(PT_NOTE, 0)->p_offset))->n_type = 2;
	parse(len, "no SGXLSM note", "no note of type 1");
	/* Rounded up in 32 bits, this size wrapped to 0. */
	((Elf64_Nhdr *)(img + phdr(PT_NOTE, 0)->p_offset))->n_namesz = 0xfffffffe;
	parse(len, "truncated note", "note name size 0xfffffffe");
	phdr(PT_LOAD, PF_R | PF_W)->p_vaddr += 8;
	parse(len, "not page aligned", "misaligned PT_LOAD");
	phdr(PT_LOAD, PF_R)->p_vaddr = 0;
	parse(len, "overlaps", "two PT_LOAD segments in one page");
	phdr(PT_LOAD, PF_R)->p_flags = PF_X;
	parse(len, "without PF_R", "PT_LOAD without PF_R");
	phdr(PT_LOAD, PF_R)->p_offset = len - 8;
	parse(len, "out of the file", "PT_LOAD data past the end of the file");
	phdr(PT_LOAD, PF_R)->p_filesz = phdr(PT_LOAD, PF_R)->p_memsz + 1;
	parse(len, "p_filesz", "PT_LOAD p_filesz larger than p_memsz");
	/* Found by mutating the sample: 3.7 GB laid out, then the OOM killer. */
	phdr(PT_LOAD, PF_R)->p_memsz = 0xe4008000;
	parse(len, "p_memsz 0xe4008000", "PT_LOAD MemSiz 0xe4008000");
	/* Found by fuzzing: 96 MiB, held twice, from a 13 KB file. */
	phdr(PT_LOAD, PF_R)->p_memsz = 0x6000008;
	parse(len, "p_memsz 0x6000008", "PT_LOAD MemSiz of 96 MiB");
	phdr(PT_LOAD, PF_R | PF_W)->p_vaddr = SGX_IMAGE_MAX_ENCLAVE_SIZE;
	parse(len, "past the largest enclave", "PT_LOAD at 64 GiB");
	((Elf64_Ehdr *)img)->e_entry = phdr(PT_LOAD, PF_R)->p_vaddr;
	parse(len, "e_entry", "entry point in a segment without PF_X");
	decl()->heap_pages = SGX_IMAGE_MAX_PAGES;
	parse(len, "the builder takes at most", "a heap of SGX_IMAGE_MAX_PAGES pages");
	parse(100, "program headers out of the file", "truncated to 100 bytes");
	img[1] = 'X';
	parse(len, "not an ELF file", "bad ELF magic");

	free(orig);
	free(img);
	return tap_done();
}
