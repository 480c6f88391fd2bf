# Coverage-guided fuzzing, with libFuzzer from clang, of the library code
# that reads untrusted input: enclave images, signing keys, SIGSTRUCTs
# (tests/fuzz/README).  Included by the Makefile.
#   make fuzz         each target for FUZZ_SECONDS (60) from its corpus
#   make fuzz-replay  every corpus and regression input once; make check
#                     runs it
#   make fuzz-merge   fold what make fuzz found into the corpus, minimized

FUZZ_CC := clang
# Every sanitizer report is fatal, so libFuzzer keeps the input.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer \
	-Wall -Wextra -Werror -Iuser/include \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_OUT)/fuzz_%)
# The library files the targets reach; none needs the kernel's headers,
# so fuzzing needs no kernel build.
FUZZ_LIB := sgx_enclave sgx_error sgx_file sgx_image sgx_key sgx_measure sgx_sign
FUZZ_LIB_OBJS := $(FUZZ_LIB:%=$(FUZZ_OUT)/obj/%.o)
# Kept between runs: made only through pattern rules, make would delete them.
.SECONDARY: $(FUZZ_LIB_OBJS)

$(FUZZ_OUT)/obj/%.o: user/lib/%.c $(HEADERS) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) -lcrypto

.PHONY: fuzz fuzz-replay fuzz-merge
fuzz: $(FUZZ_BINS)
	@scripts/fuzz.sh run $(FUZZ_NAMES)

fuzz-replay: $(FUZZ_BINS)
	@scripts/fuzz.sh replay $(FUZZ_NAMES)

fuzz-merge: $(FUZZ_BINS)
	@scripts/fuzz.sh merge $(FUZZ_NAMES)
