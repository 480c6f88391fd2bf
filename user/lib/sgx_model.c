// SPDX-License-Identifier: GPL-2.0
#include "sgx_model.h"

#include <errno.h>
#include <stdio.h>

#include "sgx_error.h"

long sgx_model_read(const char *name)
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
