#!/usr/bin/env bash
# make bench: the cost of the enclave LSM hooks, as ratios measured side by
# side in one run.  The same kernel boots twice: once with SELinux enforcing
# the project's policy (every enclave hook active), once with SELinux not
# loaded (lsm=capability); sgx-bench runs the same work in both.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$top/build/logs
args=${BENCH_ARGS:-256 9 2000}

run() { # NAME APPEND PRE-COMMANDS
	local job
	job=$(mktemp)
	printf '%s\nsgx-bench %s >&3 2>&1 || echo "sgx-bench failed: $?" >&3\n' "$3" "$args" >"$job"
	"$top/scripts/run-guest.sh" --append " $2" --timeout 600 "bench-$1" "$job"
	rm -f "$job"
	if ! grep -q '^mprotect_ns ' "$logs/bench-$1.out"; then
		echo "bench: the $1 run produced no figures:" >&2
		cat "$logs/bench-$1.out" >&2
		exit 1
	fi
}

value() { sed -n "s/^$2 //p" "$logs/bench-$1.out"; }

run selinux "lsm=capability,selinux sgx_model" '
mount -t selinuxfs selinuxfs /sys/fs/selinux
cat /data/selinux/policy.33 >/sys/fs/selinux/load
echo 1 >/sys/fs/selinux/enforce
echo "enforcing: $(cat /sys/fs/selinux/enforce)" >&3'
run none "lsm=capability sgx_model" ''

grep -q '^enforcing: 1$' "$logs/bench-selinux.out" ||
	{ echo "bench: SELinux was not enforcing in the selinux run" >&2; exit 1; }

awk -v e1="$(value selinux eadd_pages_per_sec)" -v e0="$(value none eadd_pages_per_sec)" \
    -v m1="$(value selinux mprotect_ns)" -v m0="$(value none mprotect_ns)" 'BEGIN {
	printf "bench: %-32s %12s %12s %8s\n", "", "SELinux", "no LSM", "ratio"
	printf "bench: %-32s %12.0f %12.0f %8.3f  (throughput; >= 0.95 meets the 5%% goal)\n", \
		"EADD pages/s", e1, e0, e1 / e0
	printf "bench: %-32s %12.0f %12.0f %8.3f  (latency; <= 1.05 meets the 5%% goal)\n", \
		"enclave mprotect() ns", m1, m0, m1 / m0
}'
