// SPDX-License-Identifier: GPL-2.0
/*
 * enclave-build [--key KEY.pem] [--save-key OUT.pem] [--sigstruct OUT]
 *               [--load] IMAGE
 *
 * Lays out the enclave image (format: user/include/sgx_image.h), computes
 * MRENCLAVE and signs a SIGSTRUCT, and prints MRENCLAVE, MRSIGNER and every
 * page range with its declared protections.  Without --key a fresh key is
 * generated.  --load also builds the enclave through /dev/sgx_enclave and
 * maps it; --sigstruct writes the 1808-byte SIGSTRUCT to a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgx_error.h"
#include "sgx_image.h"
#include "sgx_load.h"
#include "sgx_measure.h"
#include "sgx_sign.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: enclave-build [--key KEY.pem] [--save-key OUT.pem] "
		   "[--sigstruct OUT] [--load] IMAGE\n");
}

static int write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return sgx_fail(errno, "cannot create %s", path);
	if (write(fd, p, n) != (ssize_t)n) {
		close(fd);
		return sgx_fail(errno ? errno : EIO, "cannot write %s", path);
	}
	return close(fd) ? sgx_fail(errno, "%s", path) : 0;
}

static void print_layout(const struct sgx_enclave *encl,
			 const struct sgx_image_decl *d)
{
	uint64_t added = 0;
	size_t i;

	for (i = 0; i < encl->nranges; i++)
		added += encl->ranges[i].pages;
	printf("enclave size: %#llx (%llu pages added, declared: %u TCS, %u stack pages each, %u heap pages, %u spare pages)\n",
	       (unsigned long long)encl->size, (unsigned long long)added,
	       d->tcs_count, d->stack_pages, d->heap_pages, d->spare_pages);
	for (i = 0; i < encl->nranges; i++) {
		const struct sgx_range *r = &encl->ranges[i];

		printf("  0x%06llx-0x%06llx  %-3s  %-7s  %llu page%s\n",
		       (unsigned long long)r->offset,
		       (unsigned long long)(r->offset + r->pages * SGX_PAGE_SIZE - 1),
		       sgx_perm_str(r->secinfo_flags), sgx_range_kind_str(r->kind),
		       (unsigned long long)r->pages, r->pages == 1 ? "" : "s");
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "save-key", required_argument, NULL, 's' },
		{ "sigstruct", required_argument, NULL, 'o' },
		{ "load", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key_path = NULL, *save_key = NULL, *sig_path = NULL;
	struct sgx_load_opts opts = { 0 };
	struct sgx_image_decl decl;
	struct sgx_enclave encl;
	struct sgx_sigstruct sig;
	struct sgx_loaded ld;
	uint8_t mre[32], mrs[32];
	char hex[65];
	bool load = false;
	int c;

	while ((c = getopt_long(argc, argv, "k:s:o:lh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': key_path = optarg; break;
		case 's': save_key = optarg; break;
		case 'o': sig_path = optarg; break;
		case 'l': load = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	opts.key = key_path ? sgx_key_load(key_path) : sgx_key_generate();
	if (!opts.key)
		goto fail;
	if (save_key && sgx_key_save(opts.key, save_key))
		goto fail;
	if (sgx_image_load(argv[optind], &encl, &decl))
		goto fail;
	if (sgx_measure(&encl, mre) || sgx_sigstruct_make(&sig, &encl, mre, opts.key) ||
	    sgx_mrsigner(&sig, mrs) || sgx_sigstruct_verify(&sig))
		goto fail;
	printf("image: %s\n", argv[optind]);
	printf("MRENCLAVE: %s\n", sgx_hex(mre, 32, hex));
	printf("MRSIGNER:  %s\n", sgx_hex(mrs, 32, hex));
	print_layout(&encl, &decl);
	if (sig_path && write_file(sig_path, &sig, sizeof(sig)))
		goto fail;
	if (load) {
		if (sgx_load(&encl, &opts, &ld))
			goto fail;
		printf("loaded: base %p, EINIT accepted this MRENCLAVE and signature\n",
		       (void *)ld.base);
		sgx_unload(&ld);
	}
	sgx_enclave_free(&encl);
	EVP_PKEY_free(opts.key);
	return 0;
fail:
	fprintf(stderr, "enclave-build: %s\n", sgx_last_error());
	return 1;
}
