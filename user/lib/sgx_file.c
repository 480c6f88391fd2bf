// SPDX-License-Identifier: GPL-2.0
/* Whole-file reads of untrusted input files (see sgx_file.h). */
#include "sgx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgx_error.h"

static int read_all(int fd, uint8_t *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, buf + done, len - done, done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		done += n;
	}
	return 0;
}

int sgx_file_read(const char *path, const char *what, size_t max_len,
		  uint8_t **buf, size_t *len)
{
	struct stat st;
	int fd, err;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return sgx_fail(errno, "cannot open %s %s", what, path);
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return sgx_fail(err, "cannot stat %s %s", what, path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return sgx_fail(EINVAL, "%s %s: not a regular file", what, path);
	}
	if ((uint64_t)st.st_size > max_len) {
		close(fd);
		return sgx_fail(EFBIG, "%s %s: %lld bytes, more than the %zu allowed",
				what, path, (long long)st.st_size, max_len);
	}
	/* One spare byte, so an empty file still gets a buffer to free. */
	*buf = malloc(st.st_size + 1);
	if (!*buf) {
		close(fd);
		return sgx_fail(ENOMEM, "%s %s: buffer of %lld bytes", what, path,
				(long long)st.st_size);
	}
	err = read_all(fd, *buf, st.st_size);
	close(fd);
	if (err) {
		free(*buf);
		*buf = NULL;
		return sgx_fail(err, "%s %s: read failed", what, path);
	}
	*len = st.st_size;
	return 0;
}
