#!/usr/bin/env bash
# Judges one guest run: the TAP the guest printed and the kernel's console.
#   verdict.sh NAME RESULTS CONSOLE GUEST_STATUS
# Prints one "FAIL: ..." line per failure and, as its last line, the counts
# "P F" (checks passed, failures).
set -euo pipefail
name=$1 results=$2 console=$3 guest_status=$4

# Failures the TAP cannot show: the guest did not finish, or the kernel
# reported trouble; one "FAIL: ..." line each.
others=''
if [ "$guest_status" != 0 ]; then
	others+="FAIL: $name: the guest did not finish its job (see $console)"$'\n'
fi

# Kernel reports that fail a run even when every test passed.
patterns=(
	'Kernel panic' 'Oops' 'BUG:' 'WARNING:' 'general protection fault'
	'KASAN' 'possible circular locking' 'inconsistent lock state'
	'unreferenced object' 'unchecked MSR access' 'INFO: task .* blocked'
	'detected stalls'
)
kernel_reports=0
for p in "${patterns[@]}"; do
	if line=$(grep -m1 -e "$p" "$console" 2>/dev/null); then
		others+="FAIL: $name: kernel log: ${line#*] } (see $console)"$'\n'
		kernel_reports=$((kernel_reports + 1))
	fi
done
# Any other backtrace is a report too, unless one above already explains it.
if [ $kernel_reports = 0 ] && line=$(grep -m1 -B3 'Call Trace:' "$console" 2>/dev/null | head -n1); then
	others+="FAIL: $name: kernel log: backtrace after: ${line#*] } (see $console)"$'\n'
	kernel_reports=1
fi

# Leaf results are the indented lines of each program's subtest; a program
# that exits non-zero (or dies) without a failed check counts as a failure.
# A skip (TAP's "ok N name # SKIP why", or a "1..0 # SKIP why" plan, as
# kselftest prints them) is a failure too: every check here must run.
# Then the failures above, and last the counts.
OTHERS=$others awk -v suite="$name" '
	function flush() {
		if (prog == "") return
		if (plan_seen == 0 && leaf > 0) { fail++; printf "FAIL: %s: %s: no TAP plan (died after %d checks?)\n", suite, prog, leaf }
		else if (plan_seen && plan != leaf) { fail++; printf "FAIL: %s: %s: planned %d checks, ran %d\n", suite, prog, plan, leaf }
	}
	/^# Subtest: / { flush(); prog = substr($0, 12); leaf = 0; leaf_fail = 0; plan_seen = 0; next }
	/^    ok / && toupper($0) ~ /# *SKIP/ { fail++; leaf++; leaf_fail++; sub(/^    ok [0-9]+ (- )?/, ""); printf "FAIL: %s: %s: %s (a skip is a failure)\n", suite, prog, $0; next }
	/^    ok / { pass++; leaf++; next }
	/^    not ok / { fail++; leaf++; leaf_fail++; sub(/^    not ok [0-9]+ (- )?/, ""); printf "FAIL: %s: %s: %s\n", suite, prog, $0; next }
	/^    1\.\.0/ && toupper($0) ~ /# *SKIP/ { fail++; leaf_fail++; sub(/^    1\.\.0 */, ""); printf "FAIL: %s: %s: skipped entirely: %s\n", suite, prog, $0 }
	/^    1\.\.[0-9]+/ { plan_seen = 1; plan = substr($1, 4) + 0; next }
	/^not ok / && leaf_fail == 0 { fail++; sub(/^not ok [0-9]+ - /, ""); printf "FAIL: %s: %s\n", suite, $0; next }
	/^ok / { next }
	/^1\.\.[0-9]+/ { top = substr($1, 4) + 0; next }
	END {
		flush()
		if (top == 0 && pass + fail == 0) { fail++; printf "FAIL: %s: the guest printed no test results\n", suite }
		others = ENVIRON["OTHERS"]
		printf "%s", others
		fail += gsub(/\n/, "", others)
		printf "%d %d\n", pass, fail
	}
' "$results"
