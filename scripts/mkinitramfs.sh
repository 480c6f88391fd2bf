#!/usr/bin/env bash
# Builds the guest's base initramfs (uncompressed: unpacking gzip under TCG
# costs seconds of boot): busybox-static, /init, the test runner,
# and everything under build/guest/root (static test programs, tools, data).
#   mkinitramfs.sh OUTPUT.cpio
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$1
stage=$top/build/guest/stage
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,etc,proc,sys,dev,tmp,tests,data,root}
cp /bin/busybox "$stage/bin/busybox"
! readelf -l "$stage/bin/busybox" | grep -q INTERP ||
	{ echo "mkinitramfs: /bin/busybox is not static; install busybox-static" >&2; exit 1; }
install -m 755 "$top/guest/init" "$stage/init"
install -m 755 "$top/guest/run-tests" "$stage/bin/run-tests"
[ -d "$top/build/guest/root" ] && cp -a "$top/build/guest/root/." "$stage/"
(cd "$stage" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
