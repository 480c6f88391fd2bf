#!/usr/bin/env bash
# Runs the libFuzzer targets mk/fuzz.mk builds (see tests/fuzz/README).
#   fuzz.sh run NAME...     fuzz each for FUZZ_SECONDS (default 60) from
#                           tests/fuzz/corpus/NAME; what it finds goes to
#                           build/fuzz/NAME/, never into the repository
#   fuzz.sh replay NAME...  run every input in tests/fuzz/corpus/NAME and
#                           tests/fuzz/regressions/NAME once
#   fuzz.sh merge NAME...   minimize the corpus and what run found back
#                           into tests/fuzz/corpus/NAME (-merge=1)
# A crash, sanitizer report, leak, timeout or out-of-memory fails, and the
# input that caused it is named.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
out=$fuzz_out
seconds=${FUZZ_SECONDS:-60}
# Well below the 512 MB guest the tools run in; an input taking 10 s hangs.
limits=(-timeout=10 -rss_limit_mb=256 -malloc_limit_mb=96)
# A small quarantine, so that RSS shows what the code holds, not ASan.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# A SIGSTRUCT is 1808 bytes; longer inputs only cost time.
options_of() {
	case $1 in
	sigstruct) echo -max_len=1808 ;;
	esac
}

# Prints the failure's report and its input: the last one a replay ran,
# or the one libFuzzer kept.
report_failure() {
	local name=$1 log=$2
	echo "fuzz: $name FAILED (log: ${log#$top/})"
	grep -E -m 8 'ERROR:|SUMMARY:|runtime error|broken promise' "$log" | sed 's/^/  /' || true
	grep -E 'Running: |Test unit written' "$log" | tail -n 1 | sed 's/^/  input: /' || true
}

run_one() {
	local name=$1 work=$out/$1 log=$out/$1/run.log start status=0
	mkdir -p "$work/corpus" "$work/artifacts"
	start=$(date +%s)
	# New inputs go to the first directory, the scratch one.
	nice "$out/fuzz_$name" "${limits[@]}" $(options_of "$name") \
		-max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" \
		"$work/corpus" "$top/tests/fuzz/corpus/$name" >"$log" 2>&1 || status=$?
	if [ "$status" != 0 ]; then
		report_failure "$name" "$log"
		echo "fuzz: keep the input as a regression: cp $(shown "$work")/artifacts/FILE tests/fuzz/regressions/$name/WHAT-IT-DOES"
		return 1
	fi
	# "#N DONE cov: C ft: F corp: K/S ..." and the final stats.
	local done_line rate
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log")
	echo "fuzz: $name: $(($(date +%s) - start))s, $(echo "$done_line" |
		sed -E 's/^#([0-9]+).*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 runs, cov \2, ft \3, corpus \4/'), $rate runs/s"
}

replay_one() {
	local name=$1 log=$out/$1/replay.log start status=0
	local files=()
	mkdir -p "$out/$name"
	shopt -s nullglob
	files=("$top/tests/fuzz/corpus/$name"/* "$top/tests/fuzz/regressions/$name"/*)
	shopt -u nullglob
	if [ ${#files[@]} = 0 ]; then
		echo "fuzz-replay: $name: no inputs in tests/fuzz/corpus/$name" >&2
		return 1
	fi
	start=$(date +%s%N)
	"$out/fuzz_$name" "${limits[@]}" "${files[@]}" >"$log" 2>&1 || status=$?
	if [ "$status" != 0 ]; then
		report_failure "$name" "$log"
		return 1
	fi
	echo "fuzz-replay: $name: ${#files[@]} inputs, all passed ($((($(date +%s%N) - start) / 1000000)) ms)"
}

merge_one() {
	local name=$1 work=$out/$1 corpus=$top/tests/fuzz/corpus/$1 merged before
	merged=$(mktemp -d "$out/merge-$name.XXXXXX")
	mkdir -p "$work/corpus"
	before=$(ls "$corpus" | wc -l)
	"$out/fuzz_$name" "${limits[@]}" $(options_of "$name") -merge=1 \
		"$merged" "$corpus" "$work/corpus" >"$work/merge.log" 2>&1 || {
		report_failure "$name" "$work/merge.log"
		rm -rf "$merged"
		return 1
	}
	rm -rf "$corpus"
	mkdir -p "$corpus"
	cp "$merged"/* "$corpus"/
	rm -rf "$merged"
	echo "fuzz-merge: $name: $before inputs before, $(ls "$corpus" | wc -l) now ($(du -sk "$corpus" | cut -f1) KiB); review and commit tests/fuzz/corpus/$name"
}

mode=${1:?usage: fuzz.sh run|replay|merge NAME...}
shift
failed=0
for name in "$@"; do
	case $mode in
	run) run_one "$name" || failed=1 ;;
	replay) replay_one "$name" || failed=1 ;;
	merge) merge_one "$name" || failed=1 ;;
	*) echo "fuzz.sh: unknown mode $mode" >&2; exit 2 ;;
	esac
done
exit $failed
