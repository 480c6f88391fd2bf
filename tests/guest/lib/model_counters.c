// SPDX-License-Identifier: GPL-2.0
#include "model_counters.h"

#include <errno.h>
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
	char path[256], line[128], key[64];
	long v, found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", SGX_MODEL_SYSFS, file);
	f = fopen(path, "r");
	if (!f)
		return sgx_fail(errno, "cannot open %s (booted with sgx_model?)", path);
	while (found < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	if (found < 0)
		return sgx_fail(ENOENT, "%s has no line \"%s\"", path, name);
	return found;
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
