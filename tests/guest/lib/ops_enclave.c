// SPDX-License-Identifier: GPL-2.0
/* The ops enclave: see ops_enclave.h. */
#include <string.h>

#include "ops_enclave.h"
#include "sgx_arch.h"
#include "sgx_error.h"
#include "tap.h"

/*
 * Position-independent: the data page is found RIP-relative, one page
 * after the code.  r15 keeps where EEXIT returns, r14 the caller's stack.
 */
__asm__(
	"	.pushsection .rodata\n"
	"	.balign 4096\n"
	"	.globl ops_enclave_code\n"
	"ops_enclave_code:\n"
	"	mov %rcx, %r15\n"
	"	mov %rsp, %r14\n"
	"	lea ops_enclave_code+8192(%rip), %rsp\n"
	"	lea ops_enclave_code+4096(%rip), %rbx\n"
	"	cmp $1, %rdi\n"
	"	je 1f\n"
	"	cmp $2, %rdi\n"
	"	je 2f\n"
	"	cmp $3, %rdi\n"
	"	je 3f\n"
	"	cmp $4, %rdi\n"
	"	je 4f\n"
	"	cmp $5, %rdi\n"
	"	je 5f\n"
	"	jmp 9f\n"
	"1:	mov %rdx, (%rbx)\n"
	"	mov %rsi, %rcx\n"
	"	mov $5, %eax\n"			/* EACCEPT */
	"	.byte 0x0f, 0x01, 0xd7\n"
	"	mov %rax, %rdx\n"
	"	jmp 9f\n"
	"2:	mov %rdx, (%rbx)\n"
	"	mov %rsi, %rcx\n"
	"	mov $6, %eax\n"			/* EMODPE */
	"	.byte 0x0f, 0x01, 0xd7\n"
	"	xor %edx, %edx\n"
	"	jmp 9f\n"
	"3:	mov %rdx, (%rsi)\n"
	"	jmp 9f\n"
	"4:	call *%rsi\n"
	"	mov %rax, %rdx\n"
	"	jmp 9f\n"
	"5:	mov %rdx, %rdi\n"
	"	mov $4096, %ecx\n"
	"	cld\n"
	"	rep movsb\n"
	"9:	mov %r14, %rsp\n"
	"	mov %r15, %rbx\n"
	"	mov $4, %eax\n"			/* EEXIT */
	"	.byte 0x0f, 0x01, 0xd7\n"
	"	.balign 4096, 0xcc\n"
	"	.globl ops_enclave_int3\n"
	"ops_enclave_int3:\n"
	"	.fill 4096, 1, 0xcc\n"
	"	.popsection\n");

static void add(struct sgx_enclave *encl, unsigned int page, uint64_t flags,
		enum sgx_range_kind kind, const void *data)
{
	if (sgx_enclave_add(encl, (uint64_t)page * SGX_PAGE_SIZE, 1, flags,
			    kind, data))
		tap_bail("ops enclave layout");
	encl->ranges[encl->nranges - 1].measured = false;
}

/* The pages every layout has, from OPS_CODE to OPS_SPARE. */
static void add_fixed_pages(struct sgx_enclave *encl)
{
	const uint64_t reg = SGX_SECINFO_TYPE(SGX_PT_REG);

	sgx_enclave_init(encl);
	add(encl, OPS_CODE, reg | SGX_SECINFO_R | SGX_SECINFO_X,
	    SGX_RANGE_SEGMENT, ops_enclave_code);
	add(encl, OPS_DATA, reg | SGX_SECINFO_R | SGX_SECINFO_W,
	    SGX_RANGE_HEAP, NULL);
	if (sgx_enclave_add_thread(encl, OPS_TCS * SGX_PAGE_SIZE, 0, 0))
		tap_bail("ops enclave thread");
	add(encl, OPS_SPARE, reg | SGX_SECINFO_R | SGX_SECINFO_X,
	    SGX_RANGE_SEGMENT, ops_enclave_int3);
}

static void finish(struct sgx_enclave *encl)
{
	size_t i;

	if (sgx_enclave_finish(encl, 0))
		tap_bail("ops enclave layout");
	for (i = 0; i < encl->nranges; i++)
		encl->ranges[i].measured = false;
}

uint64_t ops_enclave_call(void *tcs, uint64_t op, uint64_t a, uint64_t b)
{
	uint64_t leaf = 2, rbx = (uint64_t)tcs;	/* EENTER */

	__asm__ volatile("lea 1f(%%rip), %%rcx\n"
			 "1:\t.byte 0x0f, 0x01, 0xd7\n"	/* enclu; the AEP */
			 : "+a"(leaf), "+b"(rbx), "+D"(op), "+S"(a), "+d"(b)
			 :
			 : "rcx", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
			   "r15", "memory", "cc");
	return b;
}

void ops_enclave_layout(struct sgx_enclave *encl)
{
	add_fixed_pages(encl);
	encl->size = OPS_PAGES * SGX_PAGE_SIZE;
	finish(encl);
}

void ops_enclave_layout_data(struct sgx_enclave *encl, uint64_t pages,
			     const void *data)
{
	add_fixed_pages(encl);
	if (sgx_enclave_add(encl, OPS_PAGES * SGX_PAGE_SIZE, pages,
			    SGX_SECINFO_TYPE(SGX_PT_REG) | SGX_SECINFO_R |
			    SGX_SECINFO_W, SGX_RANGE_HEAP, data))
		tap_bail("ops enclave data pages");
	finish(encl);
}

void ops_enclave_read_page(void *tcs, const void *page, void *buf)
{
	ops_enclave_call(tcs, OPS_READ_PAGE, (uint64_t)(uintptr_t)page,
			 (uint64_t)(uintptr_t)buf);
}
