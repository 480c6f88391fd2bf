# The kernel's own SGX selftests (tools/testing/selftests/sgx of the kernel
# tree, sources unmodified), for the guest's /selftests/sgx.  Included by the
# Makefile.  `make check` runs them in its sgx-selftests boot (tests/suites);
# `make check-selftests` runs that boot alone.
#
# Built by the selftests' own Makefile, out of tree (OUTPUT=), with its own
# flags plus -static (the guest has no shared libraries; -lcrypto then links
# libcrypto.a).  main.c opens "test_encl.elf" in the working directory, so
# the test enclave goes beside the program and the guest runs the program
# from there (guest/run-tests does so for any program named by its path).
# KERNEL_TREE and SGX_SELFTESTS_OUT come from scripts/lib.sh (the Makefile).

SGX_SELFTESTS := $(KERNEL_TREE)/tools/testing/selftests/sgx
# Their Makefile's rules know only the .c files: list the headers too.
SGX_SELFTESTS_DEPS := $(wildcard $(SGX_SELFTESTS)/* \
	$(KERNEL_TREE)/tools/testing/selftests/kselftest*.h \
	$(KERNEL_TREE)/tools/testing/selftests/lib.mk \
	$(KERNEL_TREE)/arch/x86/include/asm/sgx.h \
	$(KERNEL_TREE)/arch/x86/include/asm/enclu.h \
	$(KERNEL_TREE)/arch/x86/include/uapi/asm/sgx.h)

# -B: rebuild both whenever any of the above changed.  The order-only
# kernel headers build the kernel, and so extract the tree, in a fresh
# checkout (they are what sgxlsm waits for too).  An exported CFLAGS would
# replace theirs (here it is sgxlsm's, when it came from the environment).
# glibc's notes on dlopen() and friends in static programs (libcrypto's)
# are noise, as for sgxlsm.
$(SGX_SELFTESTS_OUT)/test_sgx $(SGX_SELFTESTS_OUT)/test_encl.elf &: \
		$(SGX_SELFTESTS_DEPS) | $(KHDR)/asm/sgx.h
	@mkdir -p $(SGX_SELFTESTS_OUT)
	set -o pipefail; env -u CFLAGS $(MAKE) --no-print-directory -B -C $(SGX_SELFTESTS) \
		OUTPUT=$(SGX_SELFTESTS_OUT) USERCFLAGS=-static \
		$(SGX_SELFTESTS_OUT)/test_sgx $(SGX_SELFTESTS_OUT)/test_encl.elf 2>&1 | \
		{ grep -v -e 'statically linked applications requires' \
		-e ': in function' || true; }

# Stripped like every guest program; the enclave as built (it is measured,
# and load.c looks up its symbols).
$(ROOT)/selftests/sgx/test_sgx: $(SGX_SELFTESTS_OUT)/test_sgx
	install -D -s -m 755 $< $@

$(ROOT)/selftests/sgx/test_encl.elf: $(SGX_SELFTESTS_OUT)/test_encl.elf
	install -D -m 644 $< $@

GUEST_DATA += $(ROOT)/selftests/sgx/test_sgx $(ROOT)/selftests/sgx/test_encl.elf

# One boot running them, judged like make check's suites (a skip fails).
VARIANT ?= normal

.PHONY: check-selftests
check-selftests: $(if $(filter debug,$(VARIANT)),kernel-debug,kernel) initramfs
	@SUITE=sgx-selftests scripts/check.sh $(VARIANT)
