# shellcheck shell=bash disable=SC2034 # its variables are for the scripts
# What the harness's scripts know in common, said once: where the build
# puts things and how a script speaks.
#
# Sourced, never run, by the host's scripts (bash, set -euo pipefail):
#     . "$(dirname "$0")/lib.sh"
# Plain POSIX sh; sourcing it only defines variables and functions.

# ---- how a script speaks ----

# Every message starts with the script's name: "check: ...",
# "kernel-tree: error: ...".  A script may set me before or after sourcing.
me=${me:-$(basename "$0" .sh)}
say() { printf '%s: %s\n' "$me" "$*"; }
warn() { printf '%s: %s\n' "$me" "$*" >&2; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }

# ---- where things are (on the host) ----

if [ -n "${BASH_SOURCE:-}" ]; then
	# shellcheck disable=SC2128 # the first element: this file
	top=$(cd "$(dirname "$BASH_SOURCE")/.." && pwd)
	build=$top/build
	logs=$build/logs
	patches=$top/patches
	kernel_tree=${KERNEL_TREE:-$build/linux}
	kernel_config=$top/config
	guest_build=$build/guest
	guest_root=$guest_build/root
	initramfs=$guest_build/initramfs.cpio
	qemu_dir=$build/qemu
	qemu_out=$qemu_dir/build
	qemu_bin=$qemu_out/qemu-system-x86_64
	fuzz_out=$build/fuzz
	selftests_out=$build/selftests/sgx
fi

# A kernel variant's build (normal or debug), its image and its uapi headers
# (make headers_install).  KERNEL_OUT=DIR replaces the build directory.
kernel_out() { echo "${KERNEL_OUT:-$build/kernel/$1}"; }
kernel_image() { echo "$(kernel_out "$1")/arch/x86/boot/bzImage"; }
kernel_headers() { echo "$(kernel_out "$1")/headers"; }
# kmake VARIANT ARGS...: the kernel's make for that variant's build.
kmake() {
	local out
	out=$(kernel_out "$1")
	shift
	make -s -C "$kernel_tree" O="$out" ARCH=x86_64 "$@"
}
kernel_release() { kmake "$1" kernelrelease; }

# A guest run's logs: what the job wrote to fd 3, and the kernel console.
guest_out() { echo "$logs/$1.out"; }
guest_console() { echo "$logs/$1.console"; }
# A path as the user reads it, relative to the top of the tree.
shown() { echo "${1#"$top"/}"; }
