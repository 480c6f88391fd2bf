#!/usr/bin/env bash
# The host test runner: boots the guest once per line of tests/suites, runs
# the named test programs there (or, for "all", those no other line names), and judges their TAP and the kernel log.
#   check.sh normal|debug
# SUITES=FILE boots the lines of another file of that format instead;
# SUITE=NAME boots only the line(s) named NAME (make check-selftests:
# SUITE=sgx-selftests).
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
named=''
add_named() { named="$named $4"; }
suites_each "$suites" '' add_named
# shellcheck disable=SC2086 # one name a line
named=$(printf '%s\n' $named | grep -vx -e all -e '' | sort -u || true)
unnamed=$(comm -23 <(ls "$guest_root/tests" | sort) <(echo "$named") | tr '\n' ' ')

total_pass=0 total_fail=0
failures=$logs/check-$variant${SUITES:+-$(basename "$SUITES")}${SUITE:+-$SUITE}.failures
: >"$failures"

run_suite() { # NAME APPEND SETTINGS TESTS, from suites_each
	local name=$variant-$1 append=$2 settings=$3 tests='' t job start status verdict p f
	[ -z "${SUITE:-}" ] || [ "$1" = "$SUITE" ] || return 0
	for t in $4; do
		case "$t" in
		all) tests="$tests $unnamed" ;;
		*) tests="$tests $t" ;;
		esac
	done
	tests=$(echo $tests)
	job=$(mktemp)
	{
		echo "export EXPECT_RELEASE='$release'"
		echo "export EXPECT_VARIANT='$variant'"
		for t in $settings; do echo "export $t"; done
		echo "run-tests $tests >&3 2>&1"
	} >"$job"
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
}
suites_each "$suites" "$variant" run_suite

cat "$failures"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ] && [ "$total_pass" -gt 0 ]
