#!/usr/bin/env bash
# make bench: the cost of the enclave LSM hooks, as ratios measured side by
# side in one run.  The same kernel boots alternately with SELinux enforcing
# the project's policy (every enclave hook active) and with SELinux not
# loaded (lsm=capability), PAIRS times; sgx-bench does the same work in each
# boot.  QEMU runs with -icount: guest time advances with the instructions
# the guest executes, so the figures count work done, whatever else the
# host is doing; one vCPU, so that only the benchmark's CPU counts.  The
# ratio is taken per pair of boots and the median of the pairs is reported.
# SELinux checks every mprotect() (selinux_file_mprotect), enclave or not;
# the same mprotect() on an ordinary file mapping shows that share, and the
# last line divides it out: what the enclave hooks add on top.
set -euo pipefail
export QEMU_ACCEL=tcg,thread=single QEMU_EXTRA="-icount shift=0,sleep=off -smp 1"
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/logs
args=${BENCH_ARGS:-256 15 2000}
pairs=${PAIRS:-3}

selinux_setup='
mount -t selinuxfs selinuxfs /sys/fs/selinux
cat /data/selinux/policy.33 >/sys/fs/selinux/load
echo 1 >/sys/fs/selinux/enforce
echo "enforcing: $(cat /sys/fs/selinux/enforce)" >&3'

run() { # NAME APPEND SETUP
	local job
	job=$(mktemp)
	printf '%s\nsgx-bench %s >&3 2>&1 || echo "sgx-bench failed: $?" >&3\n' "$3" "$args" >"$job"
	"$top/scripts/run-guest.sh" --append " $2" --timeout 600 "bench-$1" "$job" >&2
	rm -f "$job"
	if ! grep -q '^mprotect_ns ' "$logs/bench-$1.out"; then
		echo "bench: the $1 run produced no figures:" >&2
		cat "$logs/bench-$1.out" >&2
		exit 1
	fi
}

value() { sed -n "s/^$2 //p" "$logs/bench-$1.out"; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for i in $(seq "$pairs"); do
	run selinux "lsm=capability,selinux sgx_model" "$selinux_setup"
	grep -q '^enforcing: 1$' "$logs/bench-selinux.out" ||
		{ echo "bench: SELinux was not enforcing in the selinux run" >&2; exit 1; }
	run none "lsm=capability sgx_model" ''
	echo "$(value selinux eadd_pages_per_sec) $(value none eadd_pages_per_sec)" \
		"$(value selinux mprotect_ns) $(value none mprotect_ns)" \
		"$(value selinux file_mprotect_ns) $(value none file_mprotect_ns)" >>"$results"
	echo "bench: pair $i: $(tail -n1 "$results")" >&2
done

awk '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		n++; e1[n] = $1; e0[n] = $2; m1[n] = $3; m0[n] = $4; f1[n] = $5; f0[n] = $6
		er[n] = $1 / $2; mr[n] = $3 / $4; fr[n] = $5 / $6; hr[n] = mr[n] / fr[n]
	}
	END {
		printf "bench: %d pairs of boots (QEMU -icount: 1 ns of guest time per instruction);\n", n
		printf "bench: median per boot, then median of the pairs\n"
		printf "bench: %-24s %10s %10s %8s\n", "", "SELinux", "no LSM", "ratio"
		printf "bench: %-24s %10.0f %10.0f %8.3f  (throughput: >= 0.95 meets the 5%% goal)\n", \
			"EADD pages/s", median(e1, n), median(e0, n), median(er, n)
		printf "bench: %-24s %10.0f %10.0f %8.3f  (latency: <= 1.05 meets the 5%% goal)\n", \
			"enclave mprotect() ns", median(m1, n), median(m0, n), median(mr, n)
		printf "bench: %-24s %10.0f %10.0f %8.3f  (SELinux'"'"'s usual mprotect() checks)\n", \
			"file mprotect() ns", median(f1, n), median(f0, n), median(fr, n)
		printf "bench: %-24s %10s %10s %8.3f  (enclave ratio / file ratio: <= 1.05 meets the goal)\n", \
			"enclave hooks on mprotect", "", "", median(hr, n)
	}' "$results"
