/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SGX architectural structures as laid out in the Intel SDM, Vol. 3D,
 * chapter "SGX Data Structures".  Our own definitions: user space cannot
 * include the kernel's non-uapi <asm/sgx.h>.  Sizes are checked at compile
 * time so a typo in a reserved field cannot shift a later one.
 */
#ifndef SGX_ARCH_H
#define SGX_ARCH_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define SGX_PAGE_SIZE 4096ul	/* unsigned long: offsets and sizes are 64-bit */
#define SGX_MODULUS_BYTES 384u	/* RSA-3072 */
#define SGX_HASH_BYTES 32u	/* SHA-256 */

/* SECINFO.FLAGS: permissions in bits 0-2, page type in bits 8-15. */
#define SGX_SECINFO_R 0x1ull
#define SGX_SECINFO_W 0x2ull
#define SGX_SECINFO_X 0x4ull
#define SGX_SECINFO_PERM_MASK 0x7ull
#define SGX_PT_SECS 0u
#define SGX_PT_TCS 1u
#define SGX_PT_REG 2u
#define SGX_PT_VA 3u
#define SGX_PT_TRIM 4u
#define SGX_SECINFO_TYPE(pt) ((uint64_t)(pt) << 8)
#define SGX_SECINFO_TYPE_MASK 0xff00ull

/* SECS.ATTRIBUTES.FLAGS */
#define SGX_ATTR_INIT 0x1ull
#define SGX_ATTR_DEBUG 0x2ull
#define SGX_ATTR_MODE64BIT 0x4ull
#define SGX_ATTR_KSS 0x80ull	/* key separation and sharing */
/* XFRM: x87 and SSE state, the minimum every enclave must enable. */
#define SGX_XFRM_LEGACY 0x3ull

struct sgx_secs {
	uint64_t size;
	uint64_t base;
	uint32_t ssa_frame_size;	/* in pages */
	uint32_t miscselect;
	uint8_t reserved1[24];
	uint64_t attributes;
	uint64_t xfrm;
	uint8_t mrenclave[32];
	uint8_t reserved2[32];
	uint8_t mrsigner[32];
	uint8_t reserved3[32];
	uint8_t config_id[64];
	uint16_t isv_prod_id;
	uint16_t isv_svn;
	uint16_t config_svn;
	uint8_t reserved4[3834];
} __attribute__((packed));
static_assert(sizeof(struct sgx_secs) == 4096, "SECS is one page");

struct sgx_secinfo {
	uint64_t flags;
	uint8_t reserved[56];
} __attribute__((packed, aligned(64)));
static_assert(sizeof(struct sgx_secinfo) == 64, "SECINFO is 64 bytes");

/* ENCLS error code, as the SGX2 ioctls report it in their "result". */
#define SGX_ERR_EPC_PAGE_CONFLICT 7	/* another leaf works on the page */

#define SGX_TCS_DBGOPTIN 0x1ull	/* TCS.FLAGS: a debugger may step it */

struct sgx_tcs {
	uint64_t state;
	uint64_t flags;
	uint64_t ossa;		/* offset of the SSA frames from the base */
	uint32_t cssa;
	uint32_t nssa;
	uint64_t oentry;	/* entry point offset */
	uint64_t aep;
	uint64_t ofsbase;
	uint64_t ogsbase;
	uint32_t fslimit;
	uint32_t gslimit;
	uint8_t reserved[4024];
} __attribute__((packed));
static_assert(sizeof(struct sgx_tcs) == 4096, "TCS is one page");

/* SIGSTRUCT: only bytes 0..127 and 900..1027 are signed. */
struct sgx_sigstruct {
	uint8_t header[16];
	uint32_t vendor;	/* 0 or 0x8086 */
	uint32_t date;		/* BCD 0xYYYYMMDD */
	uint8_t header2[16];
	uint32_t swdefined;
	uint8_t reserved1[84];
	uint8_t modulus[SGX_MODULUS_BYTES];	/* little-endian */
	uint32_t exponent;
	uint8_t signature[SGX_MODULUS_BYTES];	/* little-endian */
	uint32_t miscselect;
	uint32_t miscmask;
	uint8_t reserved2[4];
	uint8_t isv_family_id[16];	/* only with ATTRIBUTES.KSS */
	uint64_t attributes;
	uint64_t xfrm;
	uint64_t attributes_mask;
	uint64_t xfrm_mask;
	uint8_t enclave_hash[32];	/* MRENCLAVE */
	uint8_t reserved3[16];
	uint8_t isv_ext_prod_id[16];
	uint16_t isv_prod_id;
	uint16_t isv_svn;
	uint8_t reserved4[12];
	uint8_t q1[SGX_MODULUS_BYTES];	/* little-endian */
	uint8_t q2[SGX_MODULUS_BYTES];	/* little-endian */
} __attribute__((packed));
static_assert(sizeof(struct sgx_sigstruct) == 1808, "SIGSTRUCT is 1808 bytes");
static_assert(offsetof(struct sgx_sigstruct, miscselect) == 900, "SDM offset");
static_assert(offsetof(struct sgx_sigstruct, enclave_hash) == 960, "SDM offset");
static_assert(offsetof(struct sgx_sigstruct, q1) == 1040, "SDM offset");
static_assert(offsetof(struct sgx_sigstruct, isv_family_id) == 912, "SDM offset");
static_assert(offsetof(struct sgx_sigstruct, isv_ext_prod_id) == 1008, "SDM offset");

#define SGX_SIGSTRUCT_SIGNED1_OFF 0u
#define SGX_SIGSTRUCT_SIGNED1_LEN 128u
#define SGX_SIGSTRUCT_SIGNED2_OFF 900u
#define SGX_SIGSTRUCT_SIGNED2_LEN 128u

#endif
