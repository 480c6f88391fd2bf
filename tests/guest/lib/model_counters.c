// SPDX-License-Identifier: GPL-2.0
#include "model_counters.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sgx_error.h"

bool sgx_model_present(void)
{
	return access(SGX_MODEL_SYSFS, F_OK) == 0;
}

long sgx_model_counter(const char *name)
{
	char path[256];
	long v;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "%s/%s", SGX_MODEL_SYSFS, name);
	f = fopen(path, "r");
	if (!f)
		return sgx_fail(errno, "cannot open %s (booted with sgx_model?)", path);
	n = fscanf(f, "%ld", &v);
	fclose(f);
	if (n != 1 || v < 0)
		return sgx_fail(EINVAL, "%s does not hold a count", path);
	return v;
}

long sgx_model_named_count(const char *file, const char *name)
{
	struct sgx_model_counts c;
	long v;

	if (sgx_model_counts_read(file, &c))
		return -1;
	v = sgx_model_count_of(&c, name);
	if (v < 0)
		return sgx_fail(ENOENT, "%s/%s has no line \"%s\"", SGX_MODEL_SYSFS,
				file, name);
	return v;
}

int sgx_model_counts_read(const char *file, struct sgx_model_counts *c)
{
	char path[256], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", SGX_MODEL_SYSFS, file);
	f = fopen(path, "r");
	if (!f)
		return sgx_fail(errno, "cannot open %s (booted with sgx_model?)", path);
	c->n = 0;
	while (c->n < SGX_MODEL_MAX_COUNTS && fgets(line, sizeof(line), f))
		if (sscanf(line, "%23s %ld", c->name[c->n], &c->count[c->n]) == 2)
			c->n++;
	fclose(f);
	return 0;
}

long sgx_model_count_of(const struct sgx_model_counts *c, const char *name)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return c->count[i];
	return -1;
}

long sgx_model_delta(const struct sgx_model_counts *before,
		     const struct sgx_model_counts *after, const char *name)
{
	long a = sgx_model_count_of(before, name), b = sgx_model_count_of(after, name);

	if (a < 0 || b < 0) {
		tap_diag("the model's counts have no %s line", name);
		return LONG_MIN;
	}
	return b - a;
}

void sgx_model_leaves(struct sgx_model_counts *c)
{
	if (sgx_model_counts_read("leaf_counts", c))
		tap_bail("cannot read " SGX_MODEL_SYSFS "/leaf_counts");
}

long sgx_model_settled_valid(long baseline, int timeout_ms)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	long v = -1;
	int waited;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		v = sgx_model_counter("epcm_valid_pages");
		if (v == baseline || v < 0)
			break;
		nanosleep(&ts, NULL);
	}
	return v;
}
