# The guest's QEMU: Debian bookworm's qemu 7.2 source package with
# patches/qemu applied (CPUID faulting under TCG), built by
# scripts/build-qemu.sh into build/qemu/build/qemu-system-x86_64.  Every
# target that boots a guest builds it first; a re-run with nothing changed
# takes a moment.  scripts/run-guest.sh refuses to boot without it.

.PHONY: qemu export-qemu-patches

qemu: deps
	@scripts/build-qemu.sh

# build/qemu/src's commits back to patches/qemu, checked by checkpatch.pl
export-qemu-patches:
	@scripts/build-qemu.sh export

check check-debug check-selftests demo bench shell run: qemu
