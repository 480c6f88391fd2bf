// SPDX-License-Identifier: GPL-2.0
#include "image_edit.h"

#include <fcntl.h>
#include <unistd.h>

#include "tap.h"

Elf64_Phdr *image_edit_phdr(uint8_t *img, uint32_t type, uint32_t flags)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + eh->e_phoff);
	int i;

	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == type && (!flags || ph[i].p_flags == flags))
			return &ph[i];
	tap_bail("image has no program header of type %u flags %u", type, flags);
}

struct sgx_image_decl *image_edit_decl(uint8_t *img)
{
	/* Note header (12 bytes) + "SGXLSM\0" padded to 8. */
	return (struct sgx_image_decl *)(img + image_edit_phdr(img, PT_NOTE, 0)->p_offset + 20);
}

void image_edit_save(const uint8_t *img, size_t len, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, img, len) != (ssize_t)len || close(fd))
		tap_bail("cannot write %s", path);
}
