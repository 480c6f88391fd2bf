#!/usr/bin/env bash
# Builds the feature layer of patches/series alone (every patch before the
# first "x86/sgx/model:" one) on pristine Linux 6.12, once per config:
#
#   full          tinyconfig + config/kernel.config
#   no-security   the same with CONFIG_SECURITY off
#   no-selinux    the same with CONFIG_SECURITY_SELINUX off
#   no-sgx        the same with CONFIG_X86_SGX off
#
#   check-configs.sh [VARIANT...]     default: all four, in that order
#
# The tree is a git worktree of build/linux's repository, build/configs/src,
# checked out at tag "pristine" with the feature patches applied by git am;
# it is re-applied only when those patches changed, and files whose contents
# did not change keep their timestamps, so a re-run rebuilds only what the
# change touched.  Each variant builds vmlinux into build/configs/<variant>
# with KCFLAGS=-Werror, make -k (every failing file is reported), nice -n 10
# and JOBS (default 2) jobs; any "warning:" in the build output fails the
# variant too.  Prints one line per variant, logs to
# build/logs/check-configs-<variant>.log, and exits non-zero if any variant
# failed.
#
# build/configs/src is this script's scratch tree: edits made there are built
# as they are until patches/ changes, then discarded.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cfgdir=$build/configs
src=$cfgdir/src
fragment=$kernel_config/kernel.config
jobs=${JOBS:-2}

all_variants=(full no-security no-selinux no-sgx)
# The option each variant turns off, and the fragment's options that depend
# on it and so go off with it.  Any other fragment option that does not end
# as the fragment says fails the variant.
declare -A flip=([full]='' [no-security]=SECURITY [no-selinux]=SECURITY_SELINUX [no-sgx]=X86_SGX)
declare -A goes_with=(
	[full]=''
	[no-security]='SECURITY_NETWORK SECURITY_SELINUX SECURITY_SELINUX_DEVELOP LSM'
	[no-selinux]='SECURITY_SELINUX_DEVELOP'
	[no-sgx]='X86_SGX_MODEL'
)
# A symbol of each option's code that must be in vmlinux exactly when the
# option is on (upstream names, not the feature's).
declare -A marker=([X86_SGX]=sgx_ioctl [SECURITY]=security_init [SECURITY_SELINUX]=selinux_init)

git_src() { git -C "$src" "$@"; }
patch_subject() { sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$1" | head -n1; }

# ---- the feature patches: a consistent snapshot of patches/ ----

snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
feature=()

# Copies patches/series and its feature patches into $snap; fails (to be
# retried) when patches/ changes while being read, e.g. during an export.
take_snapshot() {
	local p subj seen_model=0
	rm -rf "${snap:?}"/* && feature=()
	cp "$patches/series" "$snap/series" 2>/dev/null || return 1
	for p in $(series_files "$snap"); do
		mkdir -p "$(dirname "$snap/$p")"
		cp "$patches/$p" "$snap/$p" 2>/dev/null || return 1
		subj=$(patch_subject "$snap/$p")
		[ -n "$subj" ] || die "patches/$p has no Subject line"
		case "$subj" in
		"$model_prefix"*) seen_model=1 ;;
		*)
			[ $seen_model = 0 ] || die "feature patch after the model layer in patches/series: $p"
			feature+=("$p")
			;;
		esac
	done
	cmp -s "$patches/series" "$snap/series" || return 1
	for p in "${feature[@]}"; do cmp -s "$patches/$p" "$snap/$p" || return 1; done
}

snapshot() {
	local _
	for _ in 1 2 3 4 5; do
		take_snapshot && return 0
		sleep 2
	done
	die "patches/ kept changing while being read (an export under way?); run again"
}

feature_digest() {
	{ printf '%s\n' "${feature[@]}"; for p in "${feature[@]}"; do cat "$snap/$p"; done; } |
		sha256sum | cut -d' ' -f1
}

# ---- the tree: build/configs/src ----

ensure_worktree() {
	if [ ! -d "$kernel_tree/.git" ]; then
		say "no kernel repository at $kernel_tree yet; creating it (make kernel-tree)"
		"$top/scripts/kernel-tree.sh" prepare
	fi
	git -C "$kernel_tree" rev-parse -q --verify 'pristine^{commit}' >/dev/null ||
		die "$kernel_tree has no tag 'pristine'"
	local common
	common=$(git_src rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	if [ -e "$src" ] && [ "$common" != "$(cd "$kernel_tree/.git" && pwd)" ]; then
		say "$src is not a worktree of $kernel_tree; recreating it"
		rm -rf "$src" "$cfgdir/src.applied"
	fi
	if [ ! -e "$src" ]; then
		git -C "$kernel_tree" worktree prune
		say "checking out pristine into $src (once)"
		git -C "$kernel_tree" worktree add -q --detach "$src" pristine
		rm -f "$cfgdir/src.applied"
	fi
}

# Resets the tree to pristine and applies the feature patches.  Files whose
# contents end up as they were keep their old mtime, so make does not
# rebuild what includes them.
reapply() {
	local old keep hash mtime f p
	old=$(git_src rev-parse HEAD)
	keep=$snap/.mtimes
	{ git_src diff --name-only pristine "$old"; git_src diff --name-only HEAD; } | sort -u |
		while read -r f; do
			[ -f "$src/$f" ] || continue
			printf '%s\t%s\t%s\n' "$(git_src hash-object -- "$f")" "$(stat -c %.9Y "$src/$f")" "$f"
		done >"$keep"
	rm -f "$cfgdir/src.applied"
	git_src am --quit >/dev/null 2>&1 || true # an earlier run interrupted
	git_src reset -q --hard pristine
	git_src clean -q -fd
	for p in "${feature[@]}"; do
		git_src am -q --keep-cr "$snap/$p" >/dev/null 2>"$snap/.am.err" || {
			cat "$snap/.am.err" >&2
			git_src am --abort >/dev/null 2>&1 || true
			die "patch $p does not apply to pristine"
		}
	done
	while IFS=$'\t' read -r hash mtime f; do
		if [ -f "$src/$f" ] && [ "$(git_src hash-object -- "$f")" = "$hash" ]; then
			touch -m -d "@$mtime" "$src/$f"
		fi
	done <"$keep"
	echo "$1 $(git_src rev-parse HEAD)" >"$cfgdir/src.applied"
}

prepare_tree() {
	local digest applied_digest='' applied_head='' range
	digest=$(feature_digest)
	[ -f "$cfgdir/src.applied" ] && read -r applied_digest applied_head <"$cfgdir/src.applied"
	range="${feature[0]%%-*}..$(basename "${feature[-1]%%-*}")"
	if [ "$digest" = "$applied_digest" ] && git_src merge-base --is-ancestor pristine HEAD 2>/dev/null; then
		if [ "$(git_src rev-parse HEAD)" = "$applied_head" ] &&
			[ -z "$(git_src status --porcelain --untracked-files=no)" ]; then
			say "feature layer: ${#feature[@]} patches ($range), unchanged"
		else
			say "feature layer: ${#feature[@]} patches ($range); $src has local changes, building them as they are"
		fi
		return
	fi
	if [ -n "$applied_head" ] && { [ "$(git_src rev-parse HEAD)" != "$applied_head" ] ||
		[ -n "$(git_src status --porcelain --untracked-files=no)" ]; }; then
		say "discarding local changes in $src"
	fi
	reapply "$digest"
	say "feature layer: ${#feature[@]} patches ($range), applied to pristine"
}

# ---- one variant ----

kmake() { nice -n 10 make -C "$src" O="$out" ARCH=x86_64 "$@"; }

# Writes .config for the variant when the fragment, the flipped option or
# the tree changed since it was last written.
configure() {
	local stamp=$out/.check-configs.sha256 digest
	digest=$({ echo "${flip[$variant]}"; feature_digest; git -C "$kernel_tree" rev-parse pristine; cat "$fragment"; } |
		sha256sum | cut -d' ' -f1)
	[ -f "$out/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ] && return 0
	rm -f "$stamp"
	echo "== configuring: tinyconfig + ${fragment##*/}${flip[$variant]:+, then CONFIG_${flip[$variant]} off}"
	# (called where set -e does not apply, hence every || return)
	kmake tinyconfig || return 1
	KCONFIG_CONFIG=$out/.config "$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$fragment" || return 1
	kmake olddefconfig || return 1
	if [ -n "${flip[$variant]}" ]; then
		"$src/scripts/config" --file "$out/.config" --disable "${flip[$variant]}" || return 1
		kmake olddefconfig || return 1
	fi
	echo "$digest" >"$stamp"
}

# Checks the .config: the flipped option off, every fragment line as the
# fragment says, except options going off with the flipped one and options
# the feature-only tree does not have (the model layer adds them).
check_config() {
	local line sym name want off=" ${flip[$variant]} ${goes_with[$variant]} " bad=0
	echo "== checking .config"
	if [ -n "${flip[$variant]}" ] && grep -q "^CONFIG_${flip[$variant]}=[ym]" "$out/.config"; then
		echo "check-configs: CONFIG_${flip[$variant]} is still on: $(grep "^CONFIG_${flip[$variant]}=" "$out/.config")"
		bad=1
	fi
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*} want=${line#*=} name=${sym#CONFIG_}
		if ! grep -qx "$name" "$snap/.kconfig-symbols"; then
			echo "   not in this tree, not checked: $line"
			continue
		fi
		if [[ "$off" == *" $name "* ]]; then
			echo "   off with CONFIG_${flip[$variant]}: $line -> $(grep "^$sym=\|# $sym is not set" "$out/.config" || echo unset)"
			continue
		fi
		if [ "$want" = n ]; then
			grep -qx "$sym=[ym]" "$out/.config" || continue
		elif grep -qxF "$line" "$out/.config"; then
			continue
		fi
		echo "check-configs: $line did not stick ($(grep "^$sym=\|# $sym is not set" "$out/.config" || echo unset))"
		bad=1
	done <"$fragment"
	return $bad
}

# Checks vmlinux against the variant: each marked option's code is linked in
# exactly when the option should be on.
check_image() {
	local opt want have bad=0 off=" ${flip[$variant]} ${goes_with[$variant]} "
	echo "== checking System.map"
	for opt in "${!marker[@]}"; do
		want=yes have=no
		[[ "$off" == *" $opt "* ]] && want=no
		grep -qE " [tT] ${marker[$opt]}\$" "$out/System.map" && have=yes
		echo "   CONFIG_$opt: ${marker[$opt]} in vmlinux: $have (expected $want)"
		[ $want = $have ] || {
			echo "check-configs: CONFIG_$opt: ${marker[$opt]} in vmlinux: $have, expected $want"
			bad=1
		}
	done
	return $bad
}

build() {
	local from
	from=$(($(wc -l <"$log") + 1))
	echo "== building vmlinux (make -k -j$jobs KCFLAGS=-Werror, nice -n 10)"
	# -k: report every file that fails in this config, not just the first
	kmake -k -j"$jobs" KCFLAGS=-Werror vmlinux || return 1
	if tail -n +"$from" "$log" | grep 'warning:' >/dev/null; then
		echo "check-configs: the build printed warnings"
		return 1
	fi
}

run_variant() {
	variant=$1 out=$cfgdir/$1 log=$logs/check-configs-$1.log
	local start=$SECONDS from=1 ok=1
	mkdir -p "$out"
	{
		echo "== check-configs $variant: $(date -u '+%F %T UTC'), tree $(git_src rev-parse --short HEAD)"
		configure && check_config && build && check_image
	} >"$log" 2>&1 || ok=0
	if [ $ok = 1 ]; then
		say "$variant: ok ($((SECONDS - start))s)"
		return 0
	fi
	say "$variant: FAILED ($((SECONDS - start))s), log: ${log#"$top"/}"
	from=$(grep -n '^== building' "$log" | tail -n1 | cut -d: -f1 || true)
	{
		grep '^check-configs: ' "$log" || true
		tail -n +"${from:-1}" "$log" |
			grep -E ': (fatal )?error:|warning:|undefined reference|\*\*\* No rule' || true
	} | head -n 8 | sed 's/^/    /' >"$snap/.first"
	[ -s "$snap/.first" ] || tail -n 8 "$log" | sed 's/^/    /' >"$snap/.first"
	cat "$snap/.first"
	return 1
}

# ---- main ----

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=("${all_variants[@]}")
for v in "${variants[@]}"; do
	[ -n "${flip[$v]+x}" ] || die "unknown variant '$v' (${all_variants[*]})"
done

mkdir -p "$cfgdir" "$logs"
exec 9>"$cfgdir/.lock"
flock -n 9 || die "another check-configs is running"

snapshot
[ ${#feature[@]} -gt 0 ] || die "patches/series has no feature patches"
ensure_worktree
prepare_tree

# Every Kconfig symbol of the tree, to tell fragment lines the feature-only
# tree cannot have (CONFIG_X86_SGX_MODEL comes with the model layer).
git_src grep -hE '^[[:space:]]*(menu)?config [A-Za-z0-9_]+[[:space:]]*$' -- '*Kconfig*' |
	awk '{print $2}' | sort -u >"$snap/.kconfig-symbols"
missing=$(grep -o '^CONFIG_[A-Za-z0-9_]*=' "$fragment" | tr -d = | sed 's/^CONFIG_//' |
	grep -vxF -f "$snap/.kconfig-symbols" | sed 's/^/CONFIG_/' | tr '\n' ' ' || true)
[ -z "$missing" ] || say "not in the feature-only tree, not checked: ${missing% }"

failed=0
for v in "${variants[@]}"; do
	run_variant "$v" || failed=$((failed + 1))
done
[ $failed = 0 ] || { say "$failed of ${#variants[@]} variants FAILED"; exit 1; }
