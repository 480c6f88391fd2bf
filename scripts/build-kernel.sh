#!/usr/bin/env bash
# Builds the kernel of one variant incrementally:
#   build-kernel.sh normal   tinyconfig + config/kernel.config
#   build-kernel.sh debug    ... + config/kernel-debug.config
# Output: build/kernel/<variant>/arch/x86/boot/bzImage.  The .config is
# regenerated only when a fragment changed, so a one-file change in the
# tree recompiles just that file.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
variant=${1:-normal}
tree=${KERNEL_TREE:-$top/build/linux}
out=${KERNEL_OUT:-$top/build/kernel/$variant}
jobs=${JOBS:-$(nproc)}

confdir=${KERNEL_CONFIG_DIR:-$top/config}
case "$variant" in
normal) fragments=("$confdir/kernel.config") ;;
debug) fragments=("$confdir/kernel.config" "$confdir/kernel-debug.config") ;;
*) echo "build-kernel: unknown variant '$variant' (normal or debug)" >&2; exit 1 ;;
esac

kmake() { make -s -C "$tree" O="$out" ARCH=x86_64 "$@"; }

mkdir -p "$out"
stamp=$out/.fragments.sha256
digest=$(cat "${fragments[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
	echo "build-kernel: configuring $variant (tinyconfig + ${fragments[*]##*/})"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG=$out/.config "$tree/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${fragments[@]}" >/dev/null
	kmake olddefconfig >/dev/null
	# Fail loudly when Kconfig dropped a requested symbol.
	bad=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*} want=${line#*=}
		if [ "$want" = n ]; then
			grep -qx "$sym=y" "$out/.config" && { echo "build-kernel: $sym is y, wanted n" >&2; bad=1; }
		elif ! grep -qxF "$line" "$out/.config"; then
			echo "build-kernel: $line did not stick ($(grep "^$sym=\|# $sym " "$out/.config" || echo unset))" >&2
			bad=1
		fi
	done < <(cat "${fragments[@]}")
	[ $bad = 0 ] || exit 1
	echo "$digest" >"$stamp"
fi

echo "build-kernel: building $variant kernel ($jobs jobs)"
kmake -j"$jobs" bzImage
kmake headers_install INSTALL_HDR_PATH="$out/headers" >/dev/null
echo "build-kernel: $out/arch/x86/boot/bzImage ($(kmake -s kernelrelease))"
