// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: the software SGX model's KUnit suite "sgx_model"
 * (CONFIG_X86_SGX_MODEL_KUNIT_TEST, model/model_test.c in the kernel's
 * arch/x86/kernel/cpu/sgx/) runs at boot and checks ENCLS leaves against
 * the SDM with operands the driver never passes.  This program turns its
 * results, read from debugfs, into checks: one per KUnit case, under the
 * case's name, and one that the suite ran all of its cases.  A skipped
 * case is a failure: on a boot with "sgx_model" every case must run.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "tap.h"

#define DEBUGFS "/sys/kernel/debug"
#define RESULTS DEBUGFS "/kunit/sgx_model/results"
#define CASE_INDENT "    "

static FILE *open_results(void)
{
	FILE *f = fopen(RESULTS, "r");

	if (!f && errno == ENOENT &&
	    mount("debugfs", DEBUGFS, "debugfs", 0, NULL) == 0)
		f = fopen(RESULTS, "r");
	return f;
}

/* "    ok 3 smt_eaug" or "    not ok 3 smt_eaug # SKIP why": a case line. */
static bool case_line(const char *line, bool *ok, char *name, size_t len)
{
	char word[128];
	int n;

	if (strncmp(line, CASE_INDENT, strlen(CASE_INDENT)))
		return false;
	line += strlen(CASE_INDENT);
	*ok = strncmp(line, "not ok ", 7) != 0;
	if (!*ok)
		line += 4;
	if (sscanf(line, "ok %*d %127s%n", word, &n) != 1)
		return false;
	snprintf(name, len, "%s", word);
	return true;
}

int main(void)
{
	unsigned int cases = 0, planned = 0;
	char line[512], name[128];
	FILE *f = open_results();
	bool ok;

	if (!f)
		tap_bail("reading %s", RESULTS);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, CASE_INDENT "1..%u", &planned) == 1)
			continue;
		if (!case_line(line, &ok, name, sizeof(name))) {
			/* KUnit's own diagnostics, e.g. a failed expectation. */
			if (strstr(line, "# ") && !strstr(line, "# Subtest"))
				tap_diag("%s", strchr(line, '#') + 2);
			continue;
		}
		cases++;
		if (strstr(line, "# SKIP"))
			tap_check(false, "KUnit sgx_model: %s", name);
		else
			tap_check(ok, "KUnit sgx_model: %s", name);
	}
	fclose(f);
	tap_check(planned > 0 && cases == planned,
		  "KUnit sgx_model: the suite ran every case it planned");
	if (cases != planned)
		tap_diag("planned %u cases, found %u results", planned, cases);
	return tap_done();
}
