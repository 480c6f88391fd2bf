#!/usr/bin/env bash
# Boots the test kernel in QEMU (TCG) and runs one job in the guest.
#
#   run-guest.sh [options] NAME [JOB.sh]
#     --variant normal|debug   which kernel (default normal)
#     --append "ARGS"          extra kernel command line
#     --timeout SECONDS        kill the guest after this long (default 600)
#     --mem SIZE               guest RAM (default 512M, 1536M for debug)
#     --file HOST:GUEST        put a host file into the guest (repeatable)
#     --interactive            serial console on this terminal, no job
#   QEMU_ACCEL='...' replaces -accel's value, QEMU_EXTRA='...' adds options
#   (make bench counts instructions: single-threaded TCG with -icount).
#   QEMU=PATH runs another qemu-system-x86_64 than the one make qemu built
#   (build/qemu/build/), QEMU_CPU='...' replaces -cpu's value.
#
# The guest's CPU is QEMU's "max" with the Intel vendor: under TCG "max"
# says AuthenticAMD, and Linux looks for CPUID faulting, which the patched
# QEMU offers (patches/qemu), on Intel CPUs only.
#
# JOB.sh is sourced by the guest's /init (with scripts/lib.sh's functions,
# e.g. mark_exit_status); whatever it writes to fd 3 comes
# back in build/logs/NAME.out, the kernel console in build/logs/NAME.console.
# Exit status: 0 when the guest ran the job to its end, 2 when it did not
# (crash, panic, hang); the caller judges the results.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

variant=normal append='' timeout=600 interactive=0 mem=
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	--interactive) interactive=1; shift ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || die "missing NAME"
name=$1
job=${2:-}

kernel=$(kernel_image "$variant")
base=${INITRAMFS:-$initramfs}
[ -f "$kernel" ] || { warn "no kernel at $kernel; run make kernel"; exit 2; }
[ -f "$base" ] || { warn "no initramfs at $base"; exit 2; }
qemu_bin=${QEMU:-$qemu_bin}
[ -x "$qemu_bin" ] || { warn "no QEMU at $qemu_bin; run make qemu"; exit 2; }

mkdir -p "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The job and any extra files ride in a second cpio archive appended to the
# base one: the kernel unpacks concatenated archives in order.
mkdir -p "$work/root"
[ -n "$job" ] && install -m 644 "$job" "$work/root$guest_job"
if [ $interactive = 1 ]; then
	cat >"$work/root$guest_job" <<'SHELL'
echo "sgx-lsm guest shell: tools in /bin, tests in /tests, data in /data; leave with 'reboot -f'"
setsid cttyhack sh -l
SHELL
fi
for spec in "${files[@]}"; do
	src=${spec%%:*} dst=${spec#*:}
	mkdir -p "$work/root/$(dirname "$dst")"
	install -m 755 "$src" "$work/root/$dst"
done
(cd "$work/root" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) >"$work/job.cpio"
cat "$base" "$work/job.cpio" >"$work/initrd"

[ -n "$mem" ] || { mem=512M; [ "$variant" = debug ] && mem=1536M; }
cmdline="console=ttyS0 panic=-1 rdinit=/init$append"
qemu=("$qemu_bin" -accel "${QEMU_ACCEL:-tcg,thread=multi}" -cpu "${QEMU_CPU:-max,vendor=GenuineIntel}" -smp 2 -m "$mem"
	-kernel "$kernel" -initrd "$work/initrd" -no-reboot -display none
	-monitor none -nodefaults ${QEMU_EXTRA:-})

if [ $interactive = 1 ]; then
	"${qemu[@]}" -append "$cmdline" -serial mon:stdio -serial null
	exit
fi

console=$(guest_console "$name") out=$(guest_out "$name")
rm -f "$console" "$out"
set +e
timeout --kill-after=10 "$timeout" "${qemu[@]}" -append "$cmdline" \
	-serial "file:$console" -serial "file:$out"
rc=$?
set -e
touch "$out"
tr -d '\r' <"$out" >"$out.tmp" && mv "$out.tmp" "$out"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	warn "$name: guest killed after ${timeout}s (hung); console log: $console"
	exit 2
fi
if [ $rc != 0 ]; then
	warn "$name: qemu exited with status $rc; console log: $console"
	exit 2
fi
if ! guest_finished "$out"; then
	warn "$name: guest stopped before finishing its job (crash or panic?); console log: $console"
	exit 2
fi
exit 0
