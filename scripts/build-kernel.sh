#!/usr/bin/env bash
# Builds the kernel of one variant incrementally:
#   build-kernel.sh normal   tinyconfig + config/kernel.config
#   build-kernel.sh debug    ... + config/kernel-debug.config
# Output: build/kernel/<variant>/arch/x86/boot/bzImage.  The .config is
# regenerated only when a fragment changed, so a one-file change in the
# tree recompiles just that file.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
variant=${1:-normal}
out=$(kernel_out "$variant")
jobs=${JOBS:-$(nproc)}

confdir=${KERNEL_CONFIG_DIR:-$kernel_config}
case "$variant" in
normal) fragments=("$confdir/kernel.config") ;;
debug) fragments=("$confdir/kernel.config" "$confdir/kernel-debug.config") ;;
*) warn "unknown variant '$variant' (normal or debug)"; exit 1 ;;
esac

mkdir -p "$out"
stamp=$out/.fragments.sha256
digest=$(cat "${fragments[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
	say "configuring $variant (tinyconfig + ${fragments[*]##*/})"
	kmake "$variant" tinyconfig >/dev/null
	KCONFIG_CONFIG=$out/.config "$kernel_tree/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${fragments[@]}" >/dev/null
	kmake "$variant" olddefconfig >/dev/null
	# Fail loudly when Kconfig dropped a requested symbol.
	bad=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*} want=${line#*=}
		if [ "$want" = n ]; then
			grep -qx "$sym=y" "$out/.config" && { warn "$sym is y, wanted n"; bad=1; }
		elif ! grep -qxF "$line" "$out/.config"; then
			warn "$line did not stick ($(grep "^$sym=\|# $sym " "$out/.config" || echo unset))"
			bad=1
		fi
	done < <(cat "${fragments[@]}")
	[ $bad = 0 ] || exit 1
	echo "$digest" >"$stamp"
fi

say "building $variant kernel ($jobs jobs)"
kmake "$variant" -j"$jobs" bzImage
kmake "$variant" headers_install INSTALL_HDR_PATH="$(kernel_headers "$variant")" >/dev/null
say "$(kernel_image "$variant") ($(kernel_release "$variant"))"
