#!/usr/bin/env bash
# Kernel source tree management.
#
#   kernel-tree.sh prepare   extract Debian's linux-source-6.12 into
#                            build/linux as a git repository (first commit:
#                            the pristine tree, tagged "pristine") and apply
#                            patches/series with git am
#   kernel-tree.sh export    write the commits made on top of "pristine"
#                            back to patches/ and rewrite patches/series
#   kernel-tree.sh version   print the kernel source version in use
#   kernel-tree.sh author    print the author of the patches (also QEMU's)
#
# Both commands are safe to re-run; each says what it did.  The patch layer
# of a commit is taken from its subject: "x86/sgx/model: ..." commits are the
# test-only software SGX model and must come after every feature commit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
tree=$kernel_tree
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
# Who the series is from: the tree's commits, the patches' From: lines.
# The commit messages' Signed-off-by lines must name the same.
author=${SGX_LSM_AUTHOR:-"sgx-lsm developer <sgx-lsm@localhost>"}

git_tree() { git -C "$tree" "$@"; }

debian_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown
}

state_file() { echo "$tree/.git/sgx-lsm-applied"; }

extract() {
	[ -f "$tarball" ] || die "$tarball not found; run 'make deps' first"
	say "extracting $(basename "$tarball") (Debian $(debian_version)) into $tree"
	rm -rf "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
	# Debian's tarball ignores every top-level path (its .gitignore ends
	# with "/*" for its packaging repository); drop that rule so git sees
	# the kernel tree.  It is the only difference from the tarball.
	sed -i '/^# Debian packaging/,$d' "$tree.tmp/.gitignore"
	sed -i '${/^#$/d}' "$tree.tmp/.gitignore"
	git -C "$tree.tmp" init -q
	git_identity "$tree.tmp" "$author"
	git -C "$tree.tmp" config core.abbrev 12
	git -C "$tree.tmp" add -A
	git -C "$tree.tmp" commit -q -m "Linux $(make -s -C "$tree.tmp" kernelversion) from Debian linux-source-6.12 $(debian_version)"
	git -C "$tree.tmp" tag pristine
	mv "$tree.tmp" "$tree"
}

apply_series() {
	git_tree reset -q --hard pristine
	git_tree clean -q -fd
	local n=0
	for p in $(series_files "$patches"); do
		git_tree am -q --keep-cr "$patches/$p" ||
			{ git_tree am --abort || true; die "patch $p does not apply"; }
		n=$((n + 1))
	done
	echo "$(series_digest "$patches") $(git_tree rev-parse HEAD)" >"$(state_file)"
	say "applied $n patches from patches/series on top of pristine $(kernel_version)"
}

kernel_version() { make -s -C "$tree" kernelversion; }

prepare() {
	[ -f "$patches/series" ] || die "patches/series is missing"
	[ -d "$tree/.git" ] || extract
	local digest head applied_digest='' applied_head=''
	digest=$(series_digest "$patches")
	head=$(git_tree rev-parse HEAD)
	[ -f "$(state_file)" ] && read -r applied_digest applied_head <"$(state_file)"

	if [ "$digest" = "$applied_digest" ] && [ "$head" = "$applied_head" ]; then
		say "tree is up to date with patches/series ($(kernel_version), Debian $(debian_version))"
		return
	fi
	if [ "$digest" = "$applied_digest" ]; then
		say "tree has commits not yet in patches/ (run 'make export-patches'); building them as they are"
		return
	fi
	if [ -n "$applied_head" ] && [ "$head" != "$applied_head" ] && [ "${FORCE:-0}" != 1 ]; then
		die "patches/ changed and the tree has its own commits; export them first, or rerun with FORCE=1 to discard them"
	fi
	if [ -n "$(git_tree status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
		die "patches/ changed and the tree has uncommitted edits; commit and export them, or rerun with FORCE=1"
	fi
	apply_series
}

# format-patch's cover letter for the feature series, with the title and
# the text of patches/cover-letter.txt (first line, then the rest); git
# adds the shortlog and the diffstat.
fill_cover_letter() {
	local cover=$1 last=$2 text=$patches/cover-letter.txt title date
	title=$(head -n1 "$text")
	# The last patch's date, not today's: a re-export changes nothing.
	date=$(git_tree log -1 --format=%aD "$last")
	tail -n +3 "$text" >"$cover.blurb"
	awk -v title="$title" -v date="$date" '
		FNR == NR { blurb = blurb $0 "\n"; next }
		/^Date: / && !dated { print "Date: " date; dated = 1; next }
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, title) }
		/\*\*\* BLURB HERE \*\*\*/ { printf "%s", blurb; next }
		{ print }' "$cover.blurb" "$cover" >"$cover.new"
	mv "$cover.new" "$cover"
	rm -f "$cover.blurb"
}

# Writes the commits from..to as a numbered series into patches/DIR and
# their names, as DIR/NAME, to stdout.
export_range() {
	local dir=$1 from=$2 to=$3
	shift 3
	rm -rf "${patches:?}/$dir"
	mkdir -p "$patches/$dir"
	format_patches "$tree" "$author" "$@" -o "$patches/$dir" "$from..$to"
	[ ! -f "$patches/$dir/0000-cover-letter.patch" ] ||
		fill_cover_letter "$patches/$dir/0000-cover-letter.patch" "$to"
	(cd "$patches" && ls "$dir"/[0-9][0-9][0-9][0-9]-*.patch) |
		grep -v '/0000-cover-letter.patch$'
}

export_series() {
	[ -d "$tree/.git" ] || die "no kernel tree at $tree; run 'make kernel-tree' first"
	[ -z "$(git_tree status --porcelain --untracked-files=no)" ] ||
		die "the tree has uncommitted edits; commit them first"
	local commits subj seen_model=0 last_feature=pristine
	commits=$(git_tree rev-list --reverse pristine..HEAD)
	for c in $commits; do
		subj=$(git_tree log -1 --format=%s "$c")
		case "$subj" in
		"$model_prefix"*) seen_model=1 ;;
		*) [ $seen_model = 0 ] || die "feature commit after model commits: $subj"
		   last_feature=$c ;;
		esac
	done

	rm -f "$patches"/[0-9][0-9][0-9][0-9]-*.patch
	{
		echo "# Applied in order on top of pristine Linux 6.12 by scripts/kernel-tree.sh."
		echo "# Layer 1: the feature (upstream-shaped, builds without the model);"
		echo "# feature/0000-cover-letter.patch introduces it for git send-email."
		export_range feature pristine "$last_feature" --cover-letter
		echo "# Layer 2: the software SGX model (test-only, no security)."
		export_range model "$last_feature" HEAD
	} >"$patches/series"
	echo "$(series_digest "$patches") $(git_tree rev-parse HEAD)" >"$(state_file)"
	say "exported $(echo "$commits" | grep -c . || true) commits to patches/feature and patches/model"
}

case "${1:-}" in
prepare) prepare ;;
export) export_series ;;
version) echo "Linux $(kernel_version) (Debian linux-source-6.12 $(debian_version))" ;;
author) echo "$author" ;;
*) die "usage: $0 prepare|export|version|author" ;;
esac
