// SPDX-License-Identifier: GPL-2.0
/*
 * Model-only: it counts EPC pages with the model's counters.
 *
 * Tearing an enclave down frees all its EPC pages: after each way of doing
 * it (munmap then close, close then munmap, process exit, after a failed
 * INIT, right after CREATE, with a run-time EAUG page) the model's
 * /sys/kernel/sgx_model/epcm_valid_pages returns to its starting value.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mem_probe.h"
#include "sgx_error.h"
#include "sgx_load.h"
#include "model_counters.h"
#include "sgx_sample.h"
#include "tap.h"


static struct sgx_sample s;
static struct sgx_load_opts o;
static long baseline;

static void check_back(const char *how)
{
	long v = sgx_model_settled_valid(baseline, 2000);

	tap_expect_eq(v, baseline, "%s: epcm_valid_pages back to the baseline", how);
}

static void load(struct sgx_loaded *ld)
{
	if (sgx_load(&s.encl, &o, ld))
		tap_bail("loading the sample enclave");
}

static void munmap_then_close(void)
{
	struct sgx_loaded ld;
	long during, pages = 0;
	size_t i;

	for (i = 0; i < s.encl.nranges; i++)
		pages += s.encl.ranges[i].pages;
	load(&ld);
	during = sgx_model_counter("epcm_valid_pages");
	if (!tap_check(during >= baseline + pages + 1,
		       "a loaded sample holds its pages + SECS as valid EPCM pages"))
		tap_diag("%ld pages + SECS, %ld -> %ld valid", pages, baseline, during);
	sgx_unload(&ld);
	check_back("munmap, then close");
}

static void close_then_munmap(void)
{
	struct sgx_loaded ld;
	uint8_t v = 0;
	int sig;

	load(&ld);
	close(ld.fd);
	ld.fd = -1;
	tap_check(sgx_model_counter("epcm_valid_pages") > baseline &&
		  probe_read(ld.base + s.data, &v, &sig),
		  "after close the mapping keeps the enclave alive and readable");
	sgx_unload(&ld);
	check_back("close, then munmap");
}

static void process_exit(void)
{
	struct sgx_loaded ld;
	int status = -1;
	pid_t pid = fork();

	if (pid < 0)
		tap_bail("fork");
	if (!pid) {
		/* Leave everything to exit(). */
		_exit(sgx_load(&s.encl, &o, &ld) ? 1 : 0);
	}
	waitpid(pid, &status, 0);
	tap_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "a child process loads the sample and exits without unloading");
	check_back("process exit");
}

static void failed_init(void)
{
	struct sgx_load_opts bad = o;
	struct sgx_loaded ld;

	bad.corrupt_signature = true;
	if (sgx_load_create(&s.encl, &ld) || sgx_load_add_all(&s.encl, &bad, &ld))
		tap_bail("building the sample");
	tap_check(sgx_load_init(&s.encl, &bad, &ld) && errno == EPERM,
		  "INIT with a corrupted signature fails (EPERM)");
	sgx_unload(&ld);
	check_back("after a failed INIT");
}

static void created_only(void)
{
	struct sgx_loaded ld;

	if (sgx_load_create(&s.encl, &ld))
		tap_bail("ECREATE");
	tap_check(sgx_model_counter("epcm_valid_pages") > baseline,
		  "ECREATE alone takes EPC pages (SECS)");
	sgx_unload(&ld);
	check_back("right after CREATE");
}

static void with_eaug_page(void)
{
	struct sgx_loaded ld;
	uint8_t v;
	int sig;

	load(&ld);
	if (mmap(ld.base + s.hole, SGX_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, ld.fd, 0) == MAP_FAILED)
		tap_bail("mmap of the hole");
	tap_check(probe_read(ld.base + s.hole, &v, &sig),
		  "touching a hole after INIT works (EAUG)");
	sgx_unload(&ld);
	check_back("with a run-time EAUG page");
}

int main(void)
{
	if (sgx_sample_open(&s))
		tap_bail("sample enclave");
	o.key = s.key;
	baseline = sgx_model_counter("epcm_valid_pages");
	if (baseline < 0)
		tap_bail("the model's valid EPC pages");
	tap_diag("epcm_valid_pages at start: %ld", baseline);

	munmap_then_close();
	close_then_munmap();
	process_exit();
	failed_init();
	created_only();
	with_eaug_page();

	sgx_sample_close(&s);
	return tap_done();
}
