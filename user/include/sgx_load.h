/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building an enclave in the kernel through /dev/sgx_enclave: reserve an
 * address range aligned to the enclave size, ECREATE, EADD (+EEXTEND) every
 * range, sign and EINIT, then map each range MAP_SHARED|MAP_FIXED with the
 * protections its pages declare.  Each step is a function so tests can
 * stop anywhere or go out of order; sgx_load() runs them all.
 */
#ifndef SGX_LOAD_H
#define SGX_LOAD_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgx_arch.h"
#include "sgx_enclave.h"

#define SGX_DEVICE "/dev/sgx_enclave"

struct sgx_load_opts {
	EVP_PKEY *key;		/* signing key; required by sgx_load_init */
	bool skip_measure;	/* EADD without EEXTEND, yet sign the full measurement */
	bool alter_mrenclave;	/* sign a MRENCLAVE with one bit flipped */
	bool corrupt_signature;	/* flip a bit of the signature after signing */
	/*
	 * Source pages for EADD come from a file created (and unlinked) in
	 * this directory and mapped read-only, instead of anonymous memory:
	 * lets tests pick the mount, e.g. a noexec tmpfs.
	 */
	const char *source_dir;
	/*
	 * Or they come from files that exist already, range i's named by
	 * source_path(buf, len, i, source_ctx) and mapped read-only as it
	 * is: an LSM then sees each page's own file and label.
	 */
	void (*source_path)(char *buf, size_t len, size_t range, const void *ctx);
	const void *source_ctx;
};

struct sgx_loaded {
	int fd;			/* /dev/sgx_enclave, -1 when closed */
	uint8_t *base;		/* SECS.BASEADDR */
	uint64_t size;
	void *reservation;	/* anonymous PROT_NONE area holding base */
	size_t reservation_len;
	uint8_t mrenclave[32];	/* the builder's, as signed */
	uint64_t added;		/* bytes the latest sgx_load_add() added */
	struct sgx_sigstruct sigstruct;
};

/*
 * A zeroed, page-aligned SECS with these fields, for
 * SGX_IOC_ENCLAVE_CREATE; free() it.  NULL with ENOMEM.
 */
struct sgx_secs *sgx_secs_alloc(uint64_t size, uint64_t base,
				uint32_t ssa_frame_pages, uint64_t attributes,
				uint64_t xfrm);
/* Opens the device, reserves the range and runs ECREATE. */
int sgx_load_create(const struct sgx_enclave *encl, struct sgx_loaded *ld);
/* EADDs range i (SGX_PAGE_MEASURE if the range is measured). */
int sgx_load_add(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
		 struct sgx_loaded *ld, size_t i);
int sgx_load_add_all(const struct sgx_enclave *encl,
		     const struct sgx_load_opts *o, struct sgx_loaded *ld);
/* Measures, signs (applying the tampering options) and runs EINIT. */
int sgx_load_init(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
		  struct sgx_loaded *ld);
/* Maps every range with its declared protections. */
int sgx_load_map(const struct sgx_enclave *encl, struct sgx_loaded *ld);
/* All of the above. */
int sgx_load(const struct sgx_enclave *encl, const struct sgx_load_opts *o,
	     struct sgx_loaded *ld);
/* Unmaps the whole range and closes the device; safe to call twice. */
void sgx_unload(struct sgx_loaded *ld);

/* PROT_* bits a page with these SECINFO flags may be mapped with. */
int sgx_max_prot(uint64_t secinfo_flags);
/* "RWX"-style text of PROT_* bits. */
const char *sgx_prot_str(int prot);

#endif
