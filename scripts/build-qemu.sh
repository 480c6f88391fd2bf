#!/usr/bin/env bash
# Builds the guest's QEMU: Debian bookworm's qemu 7.2 source package plus
# patches/qemu (the third layer of the series), x86_64 system emulation with
# TCG and nothing else the guest does not use.
#
#   build-qemu.sh [build]   fetch and extract the source once (build/qemu/src,
#                           a git repository whose first commit, tag
#                           "pristine", is Debian's source as dpkg-source
#                           unpacks it), apply patches/qemu/series, configure
#                           once, build build/qemu/build/qemu-system-x86_64;
#                           a re-run with nothing changed does nothing
#   build-qemu.sh export    write build/qemu/src's commits back to
#                           patches/qemu and its series, then run QEMU's
#                           checkpatch.pl on them
#
# The source comes through apt as a source package (deb-src), from the same
# archives and suites as the machine's own Debian entries, with apt pointed
# at a private configuration in build/qemu/apt: the system's apt sources,
# lists and caches are left alone.  The version is that of the installed
# qemu-system-x86 when bookworm still serves it, else the newest it serves.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
qdir=$qemu_dir
src=$qdir/src
out=$qemu_out
patches=$patches/qemu
jobs=${JOBS:-$(nproc)}
author=$("$top/scripts/kernel-tree.sh" author)

git_src() { git -C "$src" "$@"; }

# ---- the source package ----

# The machine's enabled "deb" entries for this release's suites (bookworm,
# bookworm-updates, bookworm-security, ...), one-line or deb822, printed as
# deb822 "deb-src" stanzas with the same URIs, suites, components and keys.
deb_src_stanzas() {
	local codename f
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed 's/#.*//' "$f" | awk -v c="$codename" '
		function ours(s) { return s == c || index(s, c "-") == 1 }
		$1 == "deb" {
			i = 2; opts = ""
			if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) opts = opts " " $(i++); opts = opts " " $(i++) }
			if (!ours($(i + 1))) next
			printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $i, $(i + 1)
			for (j = i + 2; j <= NF; j++) printf " %s", $j
			printf "\n"
			if (match(opts, /signed-by=[^] ]+/))
				printf "Signed-By: %s\n", substr(opts, RSTART + 10, RLENGTH - 10)
			printf "\n"
		}'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v c="$codename" '
		function ours(s) { return s == c || index(s, c "-") == 1 }
		function flush(  n, k, s, suites) {
			n = split(v["suites"], s, /[ \t]+/); suites = ""
			for (k = 1; k <= n; k++) if (ours(s[k])) suites = suites " " s[k]
			if (v["types"] ~ /(^|[ \t])deb([ \t]|$)/ && tolower(v["enabled"]) != "no" &&
			    v["uris"] != "" && suites != "") {
				printf "Types: deb-src\nURIs: %s\nSuites:%s\nComponents: %s\n", v["uris"], suites, v["components"]
				if (v["signed-by"] != "") printf "Signed-By: %s\n", v["signed-by"]
				printf "\n"
			}
			delete v; key = ""
		}
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ { if (key != "") v[key] = v[key] "\n" $0; next }
		{ key = tolower($0); sub(/:.*/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val); v[key] = val }
		END { flush() }' "$f"
	done
}

fetch_source() {
	local apt=$qdir/apt dl=$qdir/dl want served version v
	mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$dl"
	deb_src_stanzas >"$apt/sources.list.d/deb-src.sources"
	[ -s "$apt/sources.list.d/deb-src.sources" ] ||
		die "no Debian 'deb' entry in the apt sources to derive a deb-src entry from"
	: >"$apt/sources.list"
	local opts=(-o "Dir::Etc::sourcelist=$apt/sources.list"
		-o "Dir::Etc::sourceparts=$apt/sources.list.d"
		-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
		-o "APT::Sandbox::User=$(id -un)")
	say "fetching the index of Debian's source packages ($(shown "$apt"))"
	apt-get "${opts[@]}" -qq update || die "apt-get update of the deb-src entries failed"
	served=$(apt-cache "${opts[@]}" showsrc qemu | sed -n 's/^Version: //p' | sort -u)
	[ -n "$served" ] || die "no qemu source package is served"
	want=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null || true)
	if [ -n "$want" ] && grep -qxF "$want" <<<"$served"; then
		version=$want
	else
		version=''
		for v in $served; do
			if [ -z "$version" ] || dpkg --compare-versions "$v" gt "$version"; then
				version=$v
			fi
		done
		say "the installed qemu-system-x86's source ($want) is not served; taking $version"
	fi
	say "downloading qemu $version"
	rm -rf "${dl:?}"/*
	# apt checks the files against the signed archive index it fetched.
	(cd "$dl" && apt-get "${opts[@]}" -qq source --download-only "qemu=$version") ||
		die "apt-get source qemu=$version failed"
	echo "$version" >"$dl/version"
}

extract() {
	local dl=$qdir/dl dsc version upstream
	[ -f "$dl/version" ] || fetch_source
	version=$(cat "$dl/version")
	dsc=$(ls "$dl"/qemu_*.dsc)
	say "extracting Debian qemu $version into $src"
	rm -rf "$src.tmp"
	dpkg-source --no-copy -x "$dsc" "$src.tmp" >"$qdir/extract.log" 2>&1 ||
		die "dpkg-source -x failed; see $qdir/extract.log"
	# quilt's record of Debian's patches, which are applied already
	rm -rf "$src.tmp/.pc"
	upstream=$(cat "$src.tmp/VERSION")
	git -C "$src.tmp" init -q
	git_identity "$src.tmp" "$author"
	git -C "$src.tmp" add -A -f
	git -C "$src.tmp" commit -q -m "QEMU $upstream from Debian qemu $version (Debian's patches applied)"
	git -C "$src.tmp" tag pristine
	mv "$src.tmp" "$src"
}

# ---- patches/qemu on top of it ----

prepare() {
	[ -f "$patches/series" ] || die "$patches/series is missing"
	[ -d "$src/.git" ] || extract
	local state=$src/.git/sgx-lsm-applied digest head applied_digest='' applied_head='' p n=0
	digest=$(series_digest "$patches")
	head=$(git_src rev-parse HEAD)
	[ -f "$state" ] && read -r applied_digest applied_head <"$state"
	if [ "$digest" = "$applied_digest" ]; then
		[ "$head" = "$applied_head" ] ||
			say "the tree has commits not yet in patches/qemu (run '$0 export'); building them as they are"
		return
	fi
	if [ -n "$applied_head" ] && [ "$head" != "$applied_head" ] && [ "${FORCE:-0}" != 1 ]; then
		die "patches/qemu changed and $(shown "$src") has its own commits; export them first, or rerun with FORCE=1 to discard them"
	fi
	if [ -n "$(git_src status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
		die "patches/qemu changed and $(shown "$src") has uncommitted edits; commit and export them, or rerun with FORCE=1"
	fi
	git_src reset -q --hard pristine
	for p in $(series_files "$patches"); do
		git_src am -q "$patches/$p" || { git_src am --abort || true; die "patch $p does not apply"; }
		n=$((n + 1))
	done
	echo "$digest $(git_src rev-parse HEAD)" >"$state"
	say "applied $n patches from patches/qemu/series to $(git_src log -1 --format=%s pristine)"
}

# ---- configure and build ----

# x86_64 system emulation under TCG, for a guest started with -kernel,
# -initrd, -nodefaults, -display none and serial ports only.  The firmware
# (SeaBIOS, the option ROMs) is Debian's, from the directories its own
# qemu-system-x86 searches.
firmware_dirs=(/usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu)
configure_args=(
	--target-list=x86_64-softmmu
	--without-default-features
	--enable-tcg
	--disable-docs
	--disable-debug-info
	--enable-fdt=system
	--firmwarepath="$(IFS=:; echo "${firmware_dirs[*]}")"
)

build() {
	prepare
	local stamp=$out/.sgx-lsm-configure args
	# --version names the source package; a new one configures anew.
	configure_args+=(--with-pkgversion="Debian $(cat "$qdir/dl/version") + patches/qemu")
	args=$(printf '%s\n' "${configure_args[@]}")
	if [ ! -f "$out/build.ninja" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$args" ]; then
		say "configuring (log: $(shown "$qdir/configure.log"))"
		rm -rf "$out"
		mkdir -p "$out"
		(cd "$out" && "$src/configure" "${configure_args[@]}") >"$qdir/configure.log" 2>&1 ||
			die "configure failed; see $qdir/configure.log"
		echo "$args" >"$stamp"
	fi
	# Run from the build tree, QEMU looks for its data in qemu-bundle/
	# instead of the configured directories: link Debian's there.
	for d in "${firmware_dirs[@]}"; do
		mkdir -p "$(dirname "$out/qemu-bundle$d")"
		ln -sfn "$d" "$out/qemu-bundle$d"
	done
	# ninja -n cannot tell: qemu-version.h is regenerated every time, and
	# what depends on it is rebuilt only when its contents changed.
	local bin=$qemu_bin before
	before=$(stat -c %Y "$bin" 2>/dev/null || echo none)
	nice ninja -C "$out" -j"$jobs" qemu-system-x86_64 >"$qdir/build.log" 2>&1 ||
		{ tail -n 30 "$qdir/build.log" >&2; die "the build failed; see $qdir/build.log"; }
	if [ "$(stat -c %Y "$bin")" = "$before" ]; then
		say "$(shown "$bin") is up to date"
	else
		say "built $("$bin" --version | head -n1) ($jobs jobs; log: $(shown "$qdir/build.log"))"
	fi
}

# ---- patches/qemu from the tree's commits ----

export_patches() {
	[ -d "$src/.git" ] || die "no QEMU tree at $src; run '$0' first"
	[ -z "$(git_src status --porcelain --untracked-files=no)" ] ||
		die "$(shown "$src") has uncommitted edits; commit them first"
	local n
	rm -f "$patches"/[0-9][0-9][0-9][0-9]-*.patch
	mkdir -p "$patches"
	format_patches "$src" "$author" -o "$patches" pristine..HEAD
	{
		echo "# Applied in order by scripts/build-qemu.sh on top of Debian bookworm's"
		echo "# qemu 7.2 source package ($(shown "$src"), tag pristine)."
		echo "# Layer 3: QEMU changes the guest needs (upstream-shaped)."
		(cd "$patches" && ls [0-9][0-9][0-9][0-9]-*.patch)
	} >"$patches/series"
	echo "$(series_digest "$patches") $(git_src rev-parse HEAD)" >"$src/.git/sgx-lsm-applied"
	n=$(series_files "$patches" | wc -l)
	say "exported $n commits to patches/qemu"
	(cd "$src" && series_files "$patches" | sed "s|^|$patches/|" |
		xargs ./scripts/checkpatch.pl --patch --strict --mailback) ||
		die "checkpatch.pl found problems in patches/qemu"
	say "checkpatch.pl: no problems"
}

case "${1:-build}" in
build) build ;;
prepare) prepare ;;
export) export_patches ;;
*) die "usage: $0 [build|prepare|export]" ;;
esac
