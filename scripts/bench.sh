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
# Each boot also runs sgx-bench-ranges: one mprotect() of N enclave pages
# beside the same on N anonymous pages, N from 1 to 262,144 (1 GiB), which
# needs a 1 GiB EPC (sgx_model=1040M) and more guest memory.
set -euo pipefail
export QEMU_ACCEL=tcg,thread=single QEMU_EXTRA="-icount shift=0,sleep=off -smp 1"
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
args=${BENCH_ARGS:-256 15 2000}
range_args=${RANGE_ARGS:-262144 9}
pairs=${PAIRS:-3}

selinux_setup='
mount -t selinuxfs selinuxfs /sys/fs/selinux
cat /data/selinux/policy.33 >/sys/fs/selinux/load
echo 1 >/sys/fs/selinux/enforce
echo "enforcing: $(cat /sys/fs/selinux/enforce)" >&3'

run() { # NAME APPEND SETUP
	local job out
	job=$(mktemp)
	printf '%s\n%s\nsgx-bench %s >&3 2>&1 || echo "sgx-bench failed: $?" >&3\n' \
		"$3" "$epc_settle" "$args" >"$job"
	printf 'sgx-bench-ranges %s >&3 2>&1 || echo "sgx-bench-ranges failed: $?" >&3\n' \
		"$range_args" >>"$job"
	echo 'sgx-bench-enclu >&3 2>&1 || echo "sgx-bench-enclu failed: $?" >&3' >>"$job"
	local t0=$SECONDS
	"$top/scripts/run-guest.sh" --mem 3G --append " $2" --timeout 900 "bench-$1" "$job" >&2
	warn "the $1 boot took $((SECONDS - t0)) s of host time, building the 1 GiB enclave included"
	rm -f "$job"
	out=$(guest_out "bench-$1")
	if ! grep -q '^mprotect_ns ' "$out" ||
		! grep -q '^range_build_ns ' "$out" ||
		! grep -q '^enclu_roundtrip_ns ' "$out"; then
		warn "the $1 run produced no figures:"
		cat "$out" >&2
		exit 1
	fi
}

value() { sed -n "s/^$2 //p" "$(guest_out "bench-$1")"; }

# ksgxd EREMOVEs every EPC page after boot, 262,400 of them here, on the
# one vCPU: wait until it is done, or it runs during the first figures.
epc_settle='
last=-1
while :; do
	now=$(sed -n "s/^EREMOVE //p" /sys/kernel/sgx_model/leaf_counts)
	[ "$now" = "$last" ] && break
	last=$now
	sleep 1
done'

# awk: the median of a[1..n] (sorts a).
median='
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}'

results=$(mktemp) ranges=$(mktemp)
trap 'rm -f "$results" "$ranges"' EXIT
for i in $(seq "$pairs"); do
	run selinux "lsm=capability,selinux sgx_model=1040M" "$selinux_setup"
	grep -q '^enforcing: 1$' "$(guest_out bench-selinux)" ||
		{ warn "SELinux was not enforcing in the selinux run"; exit 1; }
	run none "lsm=capability sgx_model=1040M" ''
	echo "$(value selinux eadd_pages_per_sec) $(value none eadd_pages_per_sec)" \
		"$(value selinux mprotect_ns) $(value none mprotect_ns)" \
		"$(value selinux file_mprotect_ns) $(value none file_mprotect_ns)" >>"$results"
	warn "pair $i: $(tail -n1 "$results")"
	for boot in selinux none; do
		sed -n "s/^range_build_ns /build $boot /p; s/^range /range $boot /p;
			s/^enclu_roundtrip_ns /enclu $boot /p; s/^syscall_ns /syscall $boot /p" \
			"$(guest_out "bench-$boot")" >>"$ranges"
	done
done

awk "$median"'
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

# The range table: medians over the pairs, per boot and range size.
awk "$median"'
	function med(key,   n, i, a) {
		n = cnt[key]
		for (i = 1; i <= n; i++) a[i] = val[key, i]
		return median(a, n)
	}
	function add(key, v) { val[key, ++cnt[key]] = v }
	$1 == "build" { add($2 " build", $3) }
	$1 == "enclu" || $1 == "syscall" { add($2 " " $1, $3) }
	$1 == "range" {
		if (!seen[$3]++) sizes[++nsizes] = $3
		add($2 " " $3 " erw", $4); add($2 " " $3 " arw", $5)
		add($2 " " $3 " erx", $6); add($2 " " $3 " arx", $7)
	}
	END {
		split("none selinux", boots, " ")
		label["none"] = "no LSM"; label["selinux"] = "SELinux enforcing"
		for (b = 1; b <= 2; b++) {
			boot = boots[b]
			printf "bench: mprotect() of N untouched pages, raised from R--, %s (ns; building the %d-page enclave took %.1f s of guest time)\n", \
				label[boot], sizes[nsizes], med(boot " build") / 1e9
			printf "bench: %8s %10s %10s %7s %10s %10s %7s\n", "N", "encl RW-", "anon RW-", "ratio", "encl R-X", "anon R-X", "ratio"
			for (i = 1; i <= nsizes; i++) {
				k = boot " " sizes[i]
				erw = med(k " erw"); arw = med(k " arw"); erx = med(k " erx"); arx = med(k " arx")
				printf "bench: %8d %10.0f %10.0f %7.2f %10.0f %10.0f %7.2f\n", sizes[i], erw, arw, erw / arw, erx, arx, erx / arx
				worst = erw / arw > worst ? erw / arw : worst
				worst = erx / arx > worst ? erx / arx : worst
			}
		}
		printf "bench: worst enclave / anonymous ratio %.2f (<= 1.5 meets the goal)\n", worst
		for (b = 1; b <= 2; b++) {
			boot = boots[b]
			printf "bench: EENTER+EEXIT round trip %.0f ns, getppid() %.0f ns: %.1f system calls, %s\n", \
				med(boot " enclu"), med(boot " syscall"), med(boot " enclu") / med(boot " syscall"), label[boot]
		}
	}' "$ranges"
