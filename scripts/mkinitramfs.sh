#!/usr/bin/env bash
# Builds the guest's base initramfs (uncompressed: unpacking gzip under TCG
# costs seconds of boot): busybox-static, /init, the test runner,
# scripts/lib.sh (which /init sources), and everything under
# build/guest/root (static test programs, tools, data).
#   mkinitramfs.sh OUTPUT.cpio
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
out=$1
stage=$guest_build/stage
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,etc,proc,sys,dev,tmp,tests,data,root}
cp /bin/busybox "$stage/bin/busybox"
! readelf -l "$stage/bin/busybox" | grep -q INTERP ||
	{ warn "/bin/busybox is not static; install busybox-static"; exit 1; }
install -m 755 "$top/guest/init" "$stage/init"
install -m 755 "$top/guest/run-tests" "$stage/bin/run-tests"
install -D -m 644 "$top/scripts/lib.sh" "$stage$guest_lib"
[ -d "$guest_root" ] && cp -a "$guest_root/." "$stage/"
(cd "$stage" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
