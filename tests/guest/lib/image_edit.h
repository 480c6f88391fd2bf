/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding the parts of an enclave image in memory that tests mutate to
 * check how bad images are refused (image_format, enclave_build_cli).
 * Each bails if the image has no such part.
 */
#ifndef IMAGE_EDIT_H
#define IMAGE_EDIT_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "sgx_image.h"

/* The first program header of this type and, if flags is not 0, p_flags. */
Elf64_Phdr *image_edit_phdr(uint8_t *img, uint32_t type, uint32_t flags);
/* The SGXLSM declaration inside the image's first PT_NOTE segment. */
struct sgx_image_decl *image_edit_decl(uint8_t *img);
/* Writes len bytes of img to path; bails on failure. */
void image_edit_save(const uint8_t *img, size_t len, const char *path);

#endif
