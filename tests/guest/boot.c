// SPDX-License-Identifier: GPL-2.0
/*
 * The guest booted the kernel this run built from build/linux, with the
 * project's configuration: the release string names the tree's commit, and
 * the interfaces the other tests rely on are there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tap.h"

static bool file_contains(const char *path, const char *needle)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

int main(void)
{
	const char *want = getenv("EXPECT_RELEASE");
	struct utsname u;
	struct stat st;

	if (uname(&u))
		tap_bail("uname");
	if (!tap_check(want && strcmp(u.release, want) == 0,
		       "booted the kernel just built (EXPECT_RELEASE)"))
		tap_diag("release %s, expected %s", u.release, want ? want : "(unset)");
	tap_check(strncmp(u.release, "6.12.", 5) == 0, "kernel is Linux 6.12.y");
	tap_check(file_contains("/sys/kernel/security/lsm", "capability"),
		  "LSM framework is up (securityfs lists the active LSMs)");
	tap_check(stat("/dev/ttyS1", &st) == 0 && S_ISCHR(st.st_mode),
		  "results port /dev/ttyS1 exists");
	tap_check(sysconf(_SC_NPROCESSORS_ONLN) == 2, "guest runs on 2 CPUs");
	return tap_done();
}
