/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a whole input file (an enclave image, a signing key) into
 * memory.  The size is checked against a limit before anything is
 * allocated, and only regular files are read: opening a FIFO blocks until
 * a writer comes, and a pipe or a device need never end.
 */
#ifndef SGX_FILE_H
#define SGX_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads path (what it is, for messages: "enclave image") into *buf, a
 * malloc()ed buffer of *len bytes that the caller frees.  Fails with the
 * open() errno, EINVAL (not a regular file), EFBIG (more than max_len
 * bytes) or EIO (short read), and a message naming the file.
 */
int sgx_file_read(const char *path, const char *what, size_t max_len,
		  uint8_t **buf, size_t *len);

#endif
