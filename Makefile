# sgx-lsm: build, boot and test Linux 6.12 with LSM-controlled SGX enclave
# page protections.  `make help` lists the targets.

SHELL := /bin/bash
# Where things are: B (build/), ROOT (the guest's files), INITRAMFS, KHDR
# (the normal kernel's uapi headers), KERNEL_TREE, FUZZ_OUT,
# SGX_SELFTESTS_OUT, as scripts/lib.sh says for every script.
$(foreach v,$(shell bash -c '. scripts/lib.sh && make_vars'),$(eval $(v)))
ifndef ROOT
$(error scripts/lib.sh gave no paths)
endif

CC := gcc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
	-Iuser/include -Itests/guest/lib -I$(KHDR)
STATIC_LDFLAGS := -static -s
CRYPTO_LIBS := -l:libcrypto.a -lpthread -ldl

.PHONY: all help deps kernel-tree export-patches kernel kernel-debug user \
	initramfs check check-debug check-configs demo shell run bench clean
.DELETE_ON_ERROR:

all: kernel initramfs

help:
	@echo "make demo         build if needed, boot, show the system at work"
	@echo "make check        run the whole test suite in the guest (and make fuzz-replay)"
	@echo "make check-debug  the same on the debug kernel (KASAN, lockdep, kmemleak)"
	@echo "make check-selftests  only make check's boot of the kernel's SGX selftests [VARIANT=debug]"
	@echo "make bench        benchmarks, printed as ratios"
	@echo "make fuzz         fuzz the image, key and SIGSTRUCT readers, FUZZ_SECONDS (60) each"
	@echo "make fuzz-replay  run the fuzz corpus and regression inputs once (seconds)"
	@echo "make fuzz-merge   minimize the corpus with what make fuzz found"
	@echo "make shell        interactive guest shell (exit with 'reboot -f')"
	@echo "make run PROG=/path/to/static-binary [ARGS='...']"
	@echo "                  run a program of yours in the guest, get its output and status"
	@echo "make kernel-tree  extract the kernel source and apply patches/ (build/linux)"
	@echo "make export-patches  write build/linux's commits back to patches/"
	@echo "make qemu         build the guest's QEMU (Debian's 7.2 + patches/qemu, build/qemu)"
	@echo "make export-qemu-patches  write build/qemu/src's commits back to patches/qemu"
	@echo "make check-configs  build the feature layer alone: all on, then SECURITY,"
	@echo "                  SELINUX, SGX each off; warnings fail [VARIANTS='no-sgx ...']"
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
#
# Every tool (user/bin/X.c) and test (tests/guest/X.c) is an ordinary program
# with its own main().  For the guest they are linked into one static
# multi-call binary, /bin/sgxlsm, that dispatches on argv[0], with /bin/X and
# /tests/X symlinks to it: twenty static copies of libcrypto made the
# initramfs 75 MB and unpacking it cost seconds of every boot under TCG.

LIB_SRCS := $(wildcard user/lib/*.c)
LIB_OBJS := $(LIB_SRCS:user/lib/%.c=$(B)/obj/lib/%.o)
TAP_SRCS := $(wildcard tests/guest/lib/*.c)
TAP_OBJS := $(TAP_SRCS:tests/guest/lib/%.c=$(B)/obj/tap/%.o)
TOOL_NAMES := $(patsubst user/bin/%.c,%,$(wildcard user/bin/*.c))
TEST_NAMES := $(patsubst tests/guest/%.c,%,$(wildcard tests/guest/*.c))
PROG_OBJS := $(TOOL_NAMES:%=$(B)/obj/tool/%.o) $(TEST_NAMES:%=$(B)/obj/test/%.o)
MULTICALL := $(ROOT)/bin/sgxlsm
TOOLS := $(TOOL_NAMES:%=$(ROOT)/bin/%)
TESTS := $(TEST_NAMES:%=$(ROOT)/tests/%)
HEADERS := $(wildcard user/include/*.h tests/guest/lib/*.h)
main_of = -Dmain=sgxlsm_main_$(subst -,_,$(1))

# The uapi headers come from the patched tree, so kernel first.
$(KHDR)/asm/sgx.h:
	@$(MAKE) --no-print-directory kernel

$(B)/obj/lib/%.o: user/lib/%.c $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/tap/%.o: tests/guest/lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/obj/tool/%.o: user/bin/%.c $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(call main_of,$*) -c -o $@ $<

$(B)/obj/test/%.o: tests/guest/%.c $(HEADERS) $(KHDR)/asm/sgx.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(call main_of,$*) -c -o $@ $<

$(B)/libsgxlsm.a: $(LIB_OBJS) $(TAP_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/obj/multicall.c: scripts/gen-multicall.sh $(wildcard user/bin/*.c tests/guest/*.c)
	@mkdir -p $(@D)
	scripts/gen-multicall.sh $(TOOL_NAMES) $(TEST_NAMES) >$@

$(MULTICALL): $(B)/obj/multicall.c $(PROG_OBJS) $(B)/libsgxlsm.a
	@mkdir -p $(@D)
	@# glibc's notes on dlopen() in static programs (libcrypto's) are noise
	set -o pipefail; $(CC) $(CFLAGS) $(STATIC_LDFLAGS) -o $@ $< $(PROG_OBJS) \
		$(B)/libsgxlsm.a $(CRYPTO_LIBS) 2>&1 | { grep -v \
		-e 'statically linked applications requires' -e ': in function' || true; }

$(ROOT)/bin/% $(ROOT)/tests/%: $(MULTICALL)
	@mkdir -p $(@D)
	@ln -sfn $(if $(filter $(ROOT)/bin/%,$@),sgxlsm,../bin/sgxlsm) $@

# Further guest content (sample enclaves, keys, policy) comes from these.
-include $(wildcard mk/*.mk)

user: $(TOOLS) $(TESTS) $(GUEST_DATA)

initramfs: $(INITRAMFS)

$(INITRAMFS): $(TOOLS) $(TESTS) $(GUEST_DATA) guest/init guest/run-tests \
		scripts/mkinitramfs.sh scripts/lib.sh
	@scripts/mkinitramfs.sh $@

# ---- what users run ----

# The fuzz regressions first: seconds, on the host, no kernel needed.
check: fuzz-replay kernel initramfs
	@scripts/check.sh normal

check-debug: kernel-debug initramfs
	@scripts/check.sh debug

check-configs: deps
	@scripts/check-configs.sh $(VARIANTS)

demo: kernel initramfs
	@scripts/demo.sh

bench: kernel initramfs
	@scripts/bench.sh

shell: kernel initramfs
	@scripts/run-guest.sh --interactive --append " $${APPEND:-lsm=capability,selinux sgx_model}" shell

run: kernel initramfs
	@scripts/run-prog.sh "$(PROG)" $(ARGS)

clean:
	rm -rf $(B)/obj $(B)/guest $(B)/logs $(B)/selftests $(B)/libsgxlsm.a
