// SPDX-License-Identifier: GPL-2.0
/* SELinux helpers for the guest's tests and demos: see selinux_util.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "selinux_util.h"

int selinux_write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int selinux_mount(void)
{
	mkdir(SELINUX_FS, 0755);
	/* EBUSY: mounted already, by an earlier program of this boot. */
	if (mount("selinuxfs", SELINUX_FS, "selinuxfs", 0, NULL) &&
	    errno != EBUSY)
		return -1;
	return 0;
}

int selinux_load_policy(const char *path)
{
	struct stat st;
	char *buf;
	ssize_t n;
	int fd, out, ret = -1, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size <= 0) {
		err = errno ? errno : EINVAL;
		close(fd);
		return errno = err, -1;
	}
	buf = malloc(st.st_size);
	if (!buf) {
		close(fd);
		return errno = ENOMEM, -1;
	}
	n = read(fd, buf, st.st_size);
	close(fd);
	/* The kernel takes the policy in one write(), whole or not at all. */
	if (n == st.st_size) {
		out = open(SELINUX_FS "/load", O_WRONLY);
		if (out >= 0) {
			ret = write(out, buf, n) == n ? 0 : -1;
			err = errno;
			close(out);
			errno = err;
		}
	} else if (n >= 0) {
		errno = EIO;
	}
	err = errno;
	free(buf);
	errno = err;
	return ret;
}

int selinux_set_enforce(bool enforcing)
{
	return selinux_write_str(SELINUX_FS "/enforce", enforcing ? "1" : "0");
}

int selinux_label_file(const char *path, const char *context)
{
	/* The kernel wants the terminating NUL in the value. */
	return setxattr(path, "security.selinux", context, strlen(context) + 1, 0);
}

int selinux_label_sgx_devices(void)
{
	static const char *const dev[][2] = {
		{ "/dev/sgx_enclave", SELINUX_FILE_CTX("sgx_enclave_device_t") },
		{ "/dev/sgx_vepc", SELINUX_FILE_CTX("sgx_vepc_device_t") },
	};
	size_t i;

	for (i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (selinux_label_file(dev[i][0], dev[i][1]) && errno != ENOENT)
			return -1;
	return 0;
}

int selinux_enforce_policy(const char *path)
{
	if (selinux_load_policy(path) || selinux_label_sgx_devices())
		return -1;
	return selinux_set_enforce(true);
}

int selinux_create_file(const char *path, const void *data, size_t len,
			mode_t mode, const char *context)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t n;
	int err;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	err = errno;
	close(fd);
	if (n != (ssize_t)len)
		return errno = n < 0 ? err : EIO, -1;
	return selinux_label_file(path, context);
}

int selinux_run_in_domain(const char *domain, selinux_body_fn body,
			  const void *arg, void *out, size_t out_len,
			  int *transition)
{
	int pfd[2], status, err = 0;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	/* Or the child's exit would print the parent's buffered output again. */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(pfd[0]);
		close(pfd[1]);
		return errno = err, -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		/* A dyntransition: the domain must allow it from kernel_t. */
		if (selinux_write_str("/proc/self/attr/current", domain))
			err = errno ? errno : EIO;
		else
			body(arg, out);
		if (write(pfd[1], &err, sizeof(err)) != (ssize_t)sizeof(err) ||
		    write(pfd[1], out, out_len) != (ssize_t)out_len)
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &err, sizeof(err)) != (ssize_t)sizeof(err) ||
	    (!err && read(pfd[0], out, out_len) != (ssize_t)out_len))
		err = EIO;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	*transition = err;
	return 0;
}

int selinux_kmsg_open(void)
{
	/*
	 * Audit records reach the log through printk: without this, a burst
	 * of denials would lose records to the rate limit.
	 */
	selinux_write_str("/proc/sys/kernel/printk_ratelimit", "0");
	return open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
}

void selinux_kmsg_skip(int kmsg)
{
	lseek(kmsg, 0, SEEK_END);
}

/* AVC records come through kauditd, a little after the denial: poll. */
bool selinux_kmsg_find(int kmsg, const char *const *needles, int timeout_ms,
		       char *found, size_t found_len)
{
	char rec[2048];
	int waited = 0;

	for (;;) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);

		if (n > 0) {
			const char *const *p;

			rec[n] = '\0';
			for (p = needles; *p && strstr(rec, *p); p++)
				;
			if (!*p) {
				if (found) {
					snprintf(found, found_len, "%s", rec);
					found[strcspn(found, "\n")] = '\0';
				}
				return true;
			}
			continue;
		}
		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (waited >= timeout_ms)
			return false;
		usleep(50 * 1000);
		waited += 50;
	}
}

bool selinux_avc_find(int kmsg, const struct selinux_avc *want,
		      int timeout_ms, char *found, size_t found_len)
{
	char perm[64], scontext[96], tcontext[96], tclass[64], permissive[32];
	char comm[64];
	const char *needles[8];
	int n = 0;

	if (want->perm) {
		snprintf(perm, sizeof(perm), "denied  { %s }", want->perm);
		needles[n++] = perm;
	} else {
		needles[n++] = "avc:  denied";
	}
	if (want->scontext) {
		snprintf(scontext, sizeof(scontext), "scontext=%s", want->scontext);
		needles[n++] = scontext;
	}
	if (want->tcontext) {
		snprintf(tcontext, sizeof(tcontext), "tcontext=%s", want->tcontext);
		needles[n++] = tcontext;
	}
	if (want->tclass) {
		/* The space: tclass=file is not tclass=file_foo. */
		snprintf(tclass, sizeof(tclass), "tclass=%s ", want->tclass);
		needles[n++] = tclass;
	}
	if (want->permissive) {
		snprintf(permissive, sizeof(permissive), "permissive=%s",
			 want->permissive);
		needles[n++] = permissive;
	}
	if (want->comm) {
		snprintf(comm, sizeof(comm), "comm=\"%s\"", want->comm);
		needles[n++] = comm;
	}
	if (want->extra)
		needles[n++] = want->extra;
	needles[n] = NULL;
	return selinux_kmsg_find(kmsg, needles, timeout_ms, found, found_len);
}

void selinux_avc_trim(const char *record, char *out, size_t out_len)
{
	static const char *const drop[] = { "pid=", "dev=", "ino=", NULL };
	const char *p = strstr(record, "avc:");
	size_t o = 0;

	if (!out_len)
		return;
	p = p ? p : record;
	while (*p && o + 1 < out_len) {
		const char *const *d;

		if (*p == ' ') {
			/* One space for many; none before a dropped field. */
			while (*p == ' ')
				p++;
			for (d = drop; *d && strncmp(p, *d, strlen(*d)); d++)
				;
			if (*d) {
				p += strcspn(p, " ");
				continue;
			}
			if (*p && o > 0)
				out[o++] = ' ';
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}
