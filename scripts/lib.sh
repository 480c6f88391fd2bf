# shellcheck shell=bash disable=SC2034 # its variables are for the scripts
# What the harness's scripts know in common, said once: where the build
# puts things, how a script speaks, the lines the guest adds to a job's
# output, how a line of tests/suites reads, and how a series of patches is
# read.
#
# Sourced, never run: by the host's scripts (bash, set -euo pipefail),
#     . "$(dirname "$0")/lib.sh"
# and, in the guest, by /init (busybox sh), which scripts/mkinitramfs.sh
# installs it for as $guest_lib.  So it is plain POSIX sh, and sourcing it
# only defines variables and functions.  The Makefile takes its paths from
# make_vars below.

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

# ---- the guest's job and its output ----
#
# scripts/run-guest.sh puts the job in the guest as $guest_job; /init sources
# it with fd 3 on the second serial port, which comes back to the host as
# build/logs/NAME.out (guest_out above).  Beside the job's own output the
# guest writes these lines there:
marker_prefix='# sgx-lsm:'
marker_done="$marker_prefix guest done"         # /init: the job ran to its end
marker_status="$marker_prefix exit status"      # make run: "... exit status N"
marker_demo_failed='# demo failed'              # make demo: a step went wrong
guest_job=/job.sh
guest_lib=/lib/sgx-lsm.sh

# In the guest, on fd 3 (demo_failed: on its stdout, which guest/demo.sh
# sends to fd 3 with the rest of the story).
mark_done() { echo "$marker_done" >&3; }
mark_exit_status() { echo "$marker_status $1" >&3; }
demo_failed() { echo "$marker_demo_failed: $*"; }

# On the host, reading an .out file.
guest_finished() { grep -qxF "$marker_done" "$1"; }
guest_exit_status() { sed -n "s/^$marker_status //p" "$1"; }
guest_job_output() { grep -v "^$marker_prefix " "$1" || true; }
guest_demo_failed() { grep -q "^$marker_demo_failed" "$1"; }

# ---- tests/suites ----
#
# suites_each FILE VARIANT FUNC calls
#     FUNC NAME APPEND SETTINGS TESTS
# for each line of FILE (the format is tests/suites' own): NAME, the kernel
# arguments APPEND, the line's NAME=VALUE words in SETTINGS and its other
# words in TESTS ("all" included), each space-separated.  A line named
# "V:NAME" boots only on variant V and is passed as NAME; with VARIANT
# empty every line is passed.  Comments and blank lines are skipped.
suites_each() {
	local file=$1 variant=$2 func=$3 line name append word settings tests
	while IFS= read -r line <&9; do
		case $line in '#'*) continue ;; *[![:space:]]*) ;; *) continue ;; esac
		eval "set -- $line"
		name=$1 append=$2
		shift 2
		case $name in
		*:*)
			[ -z "$variant" ] || [ "${name%%:*}" = "$variant" ] || continue
			name=${name#*:}
			;;
		esac
		settings='' tests=''
		for word in "$@"; do
			case $word in
			*=*) settings="$settings $word" ;;
			*) tests="$tests $word" ;;
			esac
		done
		"$func" "$name" "$append" "${settings# }" "${tests# }"
	done 9<"$file"
}

# ---- a series of patches (patches/series, patches/qemu/series) ----

# Kernel commits (and patches) whose subject starts so are the test-only
# software SGX model, the series' second layer; they come after every
# feature commit.
model_prefix='x86/sgx/model:'

# The patches DIR/series names, in order.
series_files() { grep -v -e '^#' -e '^[[:space:]]*$' "$1/series" || true; }
# A digest of DIR/series and its patches, to tell when they changed.
series_digest() {
	local p
	{
		cat "$1/series"
		series_files "$1" | while read -r p; do cat "$1/$p"; done
	} | sha256sum | cut -d' ' -f1
}

# git_identity REPO "NAME <EMAIL>": REPO's commits are that author's.
git_identity() {
	git -C "$1" config user.name "${2% <*}"
	git -C "$1" config user.email "$(echo "$2" | sed 's/.*<\(.*\)>/\1/')"
}

# format_patches REPO AUTHOR ARGS...: git format-patch as the series are
# written, the same on every export (no dates of today, no signature).
format_patches() {
	local repo=$1 author=$2
	shift 2
	git -C "$repo" format-patch -q --zero-commit --no-signature --numbered \
		--from="$author" "$@"
}

# ---- for the Makefile ----

# The paths above for the Makefile, as NAME=VALUE words it evaluates (a
# variable given to make, or KERNEL_TREE and KHDR in the environment, wins).
make_vars() {
	echo "B:=$build" "ROOT:=$guest_root" "INITRAMFS:=$initramfs" \
		"KERNEL_TREE?=$kernel_tree" "KHDR?=$(kernel_headers normal)/include" \
		"FUZZ_OUT:=$fuzz_out" "SGX_SELFTESTS_OUT:=$selftests_out"
}
