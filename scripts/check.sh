#!/usr/bin/env bash
# The host test runner: boots the guest once per line of tests/suites, runs
# the named test programs there (or, for "all", those no other line names), and judges their TAP and the kernel log.
#   check.sh normal|debug
# SUITES=FILE boots the lines of another file of that format instead
# (make check-selftests: tests/suites-selftests).
# Ends with the line "N passed, N failed"; exits 1 on any failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
variant=${1:-normal}
suites=${SUITES:-$top/tests/suites}
mkdir -p "$logs"

release=$(kernel_release "$variant")
say "$("$top/scripts/kernel-tree.sh" version), $variant kernel $release"

# "all" on a suite line means every test program that no other line names.
named=$(grep -v -e '^#' -e '^[[:space:]]*$' "$suites" |
	while IFS= read -r line; do eval "set -- $line"; shift 2; echo "$*"; done |
	tr ' ' '\n' | grep -vx -e all -e '' -e '.*=.*' | sort -u)
every=$(ls "$guest_root/tests")
unnamed=$(comm -23 <(echo "$every" | sort) <(echo "$named") | tr '\n' ' ')

total_pass=0 total_fail=0
failures=$logs/check-$variant${SUITES:+-$(basename "$SUITES")}.failures
: >"$failures"
while IFS= read -r line; do
	case "$line" in '#'* | '') continue ;; esac
	eval "set -- $line"
	suite=$1 append=$2
	shift 2
	# "VARIANT:NAME" boots only for that kernel variant.
	case "$suite" in
	*:*) [ "${suite%%:*}" = "$variant" ] || continue; suite=${suite#*:} ;;
	esac
	tests='' env=''
	for t in "$@"; do
		case "$t" in
		all) tests="$tests $unnamed" ;;
		*=*) env="$env export $t;" ;;
		*) tests="$tests $t" ;;
		esac
	done
	tests=$(echo $tests)
	name=$variant-$suite
	job=$(mktemp)
	cat >"$job" <<JOB
export EXPECT_RELEASE='$release'
export EXPECT_VARIANT='$variant'
$env
run-tests $tests >&3 2>&1
JOB
	start=$(date +%s)
	status=0
	"$top/scripts/run-guest.sh" --variant "$variant" --append " $append" \
		--timeout "${CHECK_TIMEOUT:-900}" "$name" "$job" || status=$?
	rm -f "$job"
	# "FAIL: ..." lines, then the counts "P F" as the last line
	verdict=$("$top/scripts/verdict.sh" "$name" "$(guest_out "$name")" "$(guest_console "$name")" "$status")
	printf '%s\n' "$verdict" | sed '$d' >>"$failures"
	read -r p f <<<"${verdict##*$'\n'}"
	say "suite $name: $p passed, $f failed ($(($(date +%s) - start))s; logs in $(shown "$logs")/$name.*)"
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
done <"$suites"

cat "$failures"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
