# Sample enclave images and the signing key for the guest's /data
# (image format: user/include/sgx_image.h).  Included by the Makefile.

ENCLAVE_IMAGES := $(patsubst user/enclaves/%.S,$(ROOT)/data/%.elf,$(wildcard user/enclaves/*.S)) \
	$(patsubst user/enclaves/%.c,$(ROOT)/data/%.elf,$(wildcard user/enclaves/*.c))
# Freestanding, position independent, no libc: everything is in the image.
ENCLAVE_CFLAGS := -nostdlib -static -fPIC -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -O2 -Iuser/enclaves \
	-Wl,-T,user/enclaves/enclave.lds -Wl,--build-id=none -Wl,--no-warn-rwx-segments
ENCLAVE_KEY := $(ROOT)/data/signing-key.pem

$(ROOT)/data/%.elf: user/enclaves/%.S user/enclaves/enclave.lds \
		$(wildcard user/enclaves/*.h)
	@mkdir -p $(@D)
	$(CC) $(ENCLAVE_CFLAGS) -o $@ $<

$(ROOT)/data/%.elf: user/enclaves/%.c user/enclaves/enclave.lds \
		$(wildcard user/enclaves/*.h)
	@mkdir -p $(@D)
	$(CC) -std=c11 -Wall -Wextra -Werror $(ENCLAVE_CFLAGS) -o $@ $<

# RSA-3072 with e = 3, as SIGSTRUCT requires.  Generated once per tree.
$(ENCLAVE_KEY):
	@mkdir -p $(@D)
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 \
		-pkeyopt rsa_keygen_pubexp:3 -out $@ 2>/dev/null

GUEST_DATA += $(ENCLAVE_IMAGES) $(ENCLAVE_KEY)
