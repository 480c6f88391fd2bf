/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small SELinux helpers for the guest's tests and demos, without libselinux
 * (the guest has none): load the sgxlsm policy (policy/), switch enforcing
 * mode, run code in a child that has entered a loader domain, label files,
 * and find the AVC records of denials in the kernel log (/dev/kmsg).
 */
#ifndef SELINUX_UTIL_H
#define SELINUX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SELINUX_FS "/sys/fs/selinux"
#define SELINUX_POLICY "/data/selinux/policy.33"
/* Full contexts of the policy's domains and file types. */
#define SELINUX_DOMAIN(t) "system_u:system_r:" t
#define SELINUX_FILE_CTX(t) "system_u:object_r:" t

/* Writes the whole string s to an existing file (selinuxfs, /proc). */
int selinux_write_str(const char *path, const char *s);

/* Mounts selinuxfs on SELINUX_FS; -1 (errno set) if SELinux is not enabled. */
int selinux_mount(void);
/* Loads a binary policy (e.g. SELINUX_POLICY) through SELINUX_FS/load. */
int selinux_load_policy(const char *path);
/* Switches between enforcing (true) and permissive (false) mode. */
int selinux_set_enforce(bool enforcing);

/* Sets a file's context (the security.selinux xattr; works on tmpfs). */
int selinux_label_file(const char *path, const char *context);
/*
 * Labels the SGX device nodes that exist as a distribution's file contexts
 * would: /dev/sgx_enclave sgx_enclave_device_t, /dev/sgx_vepc
 * sgx_vepc_device_t (devtmpfs gives every node device_t).
 */
int selinux_label_sgx_devices(void);
/*
 * Loads the policy at path, labels the SGX devices for it and enforces it:
 * what every test and demo of the policy starts with.
 */
int selinux_enforce_policy(const char *path);
/* Creates (or truncates) path with len bytes of data, labelled context. */
int selinux_create_file(const char *path, const void *data, size_t len,
			mode_t mode, const char *context);

/*
 * Runs body(arg, out) in a forked child that first enters domain by
 * dyntransition (writing /proc/self/attr/current), then copies the child's
 * out_len bytes of *out back to the caller's *out.  *transition is 0 if the
 * child entered the domain and ran body, else the errno of the transition
 * (EIO if the child died).  Returns -1 (errno set) only if no child could
 * be started.  The caller keeps its own domain: the switch is one-way.
 */
typedef void (*selinux_body_fn)(const void *arg, void *out);
int selinux_run_in_domain(const char *domain, selinux_body_fn body,
			  const void *arg, void *out, size_t out_len,
			  int *transition);

/*
 * The kernel log.  AVC records reach it through printk when no audit
 * daemon runs, so a reader opened early sees every denial: open it, skip
 * to the end before an operation, then search what came after.
 */
int selinux_kmsg_open(void);
/* Forgets every record logged so far. */
void selinux_kmsg_skip(int kmsg);
/*
 * Waits up to timeout_ms for a record (after the last skip) containing
 * every string of needles (NULL-terminated); the record, first line only,
 * goes to found if not NULL.
 */
bool selinux_kmsg_find(int kmsg, const char *const *needles, int timeout_ms,
		       char *found, size_t found_len);

/* What an AVC denial record must show; NULL fields match anything. */
struct selinux_avc {
	const char *perm;	/* "execute": matches "denied  { execute }" */
	const char *scontext;	/* full contexts */
	const char *tcontext;
	const char *tclass;
	const char *permissive;	/* "0" or "1" */
	const char *comm;	/* the process name */
	const char *extra;	/* any further text, e.g. path="..." */
};

/* selinux_kmsg_find() for the AVC denial record described by want. */
bool selinux_avc_find(int kmsg, const struct selinux_avc *want,
		      int timeout_ms, char *found, size_t found_len);
/*
 * An AVC record for people: from "avc:" on, without pid=, dev=, ino= and
 * the doubled spaces.
 */
void selinux_avc_trim(const char *record, char *out, size_t out_len);

#endif
