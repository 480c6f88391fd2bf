# sgx-lsm: build, boot and test Linux 6.12 with LSM-controlled SGX enclave
# page protections.  `make help` lists the targets.

SHELL := /bin/bash
TOP := $(CURDIR)
B := $(TOP)/build
KOUT := $(B)/kernel
KHDR ?= $(KOUT)/normal/headers/include
ROOT := $(B)/guest/root
INITRAMFS := $(B)/guest/initramfs.cpio.gz

CC := gcc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-Iuser/include -Itests/guest/lib -I$(KHDR)
STATIC_LDFLAGS := -static -s
CRYPTO_LIBS := -l:libcrypto.a -lpthread -ldl

.PHONY: all help deps kernel-tree export-patches kernel kernel-debug user \
	initramfs check check-debug demo shell run bench clean
.DELETE_ON_ERROR:

all: kernel initramfs

help:
	@echo "make demo         build if needed, boot, show the system at work"
	@echo "make check        run the whole test suite in the guest"
	@echo "make check-debug  the same on the debug kernel (KASAN, lockdep, kmemleak)"
	@echo "make bench        benchmarks, printed as ratios"
	@echo "make shell        interactive guest shell (exit with 'reboot -f')"
	@echo "make run PROG=/path/to/static-binary [ARGS='...']"
	@echo "                  run a program of yours in the guest, get its output and status"
	@echo "make kernel-tree  extract the kernel source and apply patches/ (build/linux)"
	@echo "make export-patches  write build/linux's commits back to patches/"
	@echo "make deps         install the Debian packages (as root)"

deps:
	@scripts/deps.sh

kernel-tree: deps
	@scripts/kernel-tree.sh prepare

export-patches:
	@scripts/kernel-tree.sh export

kernel: kernel-tree
	@scripts/build-kernel.sh normal

kernel-debug: kernel-tree
	@scripts/build-kernel.sh debug

# ---- user space: libraries, tools and tests, all static for the guest ----

LIB_SRCS := $(wildcard user/lib/*.c)
LIB_OBJS := $(LIB_SRCS:user/lib/%.c=$(B)/obj/lib/%.o)
TAP_SRCS := $(wildcard tests/guest/lib/*.c)
TAP_OBJS := $(TAP_SRCS:tests/guest/lib/%.c=$(B)/obj/tap/%.o)
TOOL_SRCS := $(wildcard user/bin/*.c)
TOOLS := $(TOOL_SRCS:user/bin/%.c=$(ROOT)/bin/%)
TEST_SRCS := $(wildcard tests/guest/*.c)
TESTS := $(TEST_SRCS:tests/guest/%.c=$(ROOT)/tests/%)
HEADERS := $(wildcard user/include/*.h tests/guest/lib/*.h)

# The uapi headers come from the patched tree, so kernel first.
$(KHDR)/asm/sgx.h:
	@$(MAKE) --no-print-directory kernel

$(B)/obj/lib/%.o: user/lib/%.c $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/tap/%.o: tests/guest/lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libsgxlsm.a: $(LIB_OBJS) $(TAP_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(ROOT)/bin/%: user/bin/%.c $(B)/libsgxlsm.a $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(STATIC_LDFLAGS) -o $@ $< $(B)/libsgxlsm.a $(CRYPTO_LIBS)

$(ROOT)/tests/%: tests/guest/%.c $(B)/libsgxlsm.a $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(STATIC_LDFLAGS) -o $@ $< $(B)/libsgxlsm.a $(CRYPTO_LIBS)

# Further guest content (sample enclaves, keys, policy) comes from these.
-include $(wildcard mk/*.mk)

user: $(TOOLS) $(TESTS) $(GUEST_DATA)

initramfs: $(INITRAMFS)

$(INITRAMFS): $(TOOLS) $(TESTS) $(GUEST_DATA) guest/init guest/run-tests \
		scripts/mkinitramfs.sh
	@scripts/mkinitramfs.sh $@

# ---- what users run ----

check: kernel initramfs
	@scripts/check.sh normal

check-debug: kernel-debug initramfs
	@scripts/check.sh debug

demo: kernel initramfs
	@scripts/demo.sh

bench: kernel initramfs
	@scripts/bench.sh

shell: kernel initramfs
	@scripts/run-guest.sh --interactive shell

run: kernel initramfs
	@scripts/run-prog.sh "$(PROG)" $(ARGS)

clean:
	rm -rf $(B)/obj $(B)/guest $(B)/logs $(B)/libsgxlsm.a
