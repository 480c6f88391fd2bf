// SPDX-License-Identifier: GPL-2.0
/*
 * Declares policy capabilities in a compiled (binary) kernel policy.
 *
 *   set-policycap IN OUT CAPS_LIST NAME...
 *
 * CAPS_LIST names the kernel's capabilities one per line, in the kernel's
 * order (policy/policycaps, from gen-flask.sh): the kernel knows a
 * capability only by its index in the policy's bitmap.  This is for
 * capabilities that bookworm's checkpolicy (libsepol 3.4) does not know by
 * name, so that "policycap NAME;" can not be written in the policy source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/policydb.h>

/* The index of name in the list file, or -1 with a message. */
static int cap_index(const char *list, const char *name)
{
	char line[128];
	int i = 0;
	FILE *f = fopen(list, "r");

	if (!f) {
		fprintf(stderr, "set-policycap: %s: %s\n", list, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strcmp(line, name)) {
			fclose(f);
			return i;
		}
		i++;
	}
	fclose(f);
	fprintf(stderr, "set-policycap: %s: no capability named %s\n", list, name);
	return -1;
}

/* Opens path for libsepol's policy_file I/O; NULL with a message. */
static FILE *open_policy(const char *path, const char *mode,
			 struct policy_file *pf)
{
	FILE *f = fopen(path, mode);

	if (!f) {
		fprintf(stderr, "set-policycap: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	policy_file_init(pf);
	pf->type = PF_USE_STDIO;
	pf->fp = f;
	return f;
}

static int read_policy(const char *path, policydb_t *db)
{
	struct policy_file pf;
	FILE *f = open_policy(path, "r", &pf);
	int ret;

	if (!f)
		return -1;
	ret = policydb_init(db) || policydb_read(db, &pf, 0);
	fclose(f);
	if (ret)
		fprintf(stderr, "set-policycap: %s: not a binary policy libsepol reads\n",
			path);
	return ret ? -1 : 0;
}

static int write_policy(const char *path, policydb_t *db)
{
	struct policy_file pf;
	FILE *f = open_policy(path, "w", &pf);
	int ret;

	if (!f)
		return -1;
	ret = policydb_write(db, &pf);
	if (fclose(f) || ret) {
		fprintf(stderr, "set-policycap: %s: write failed\n", path);
		remove(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	policydb_t db;
	int i, idx;

	if (argc < 5) {
		fprintf(stderr, "usage: set-policycap IN OUT CAPS_LIST NAME...\n");
		return 2;
	}
	if (read_policy(argv[1], &db))
		return 1;
	for (i = 4; i < argc; i++) {
		idx = cap_index(argv[3], argv[i]);
		if (idx < 0 || ebitmap_set_bit(&db.policycaps, idx, 1)) {
			policydb_destroy(&db);
			return 1;
		}
	}
	i = write_policy(argv[2], &db);
	policydb_destroy(&db);
	return i ? 1 : 0;
}
