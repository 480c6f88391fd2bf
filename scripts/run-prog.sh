#!/usr/bin/env bash
# Runs a static program of the user's inside the guest and returns its
# output and exit status:   make run PROG=/path/to/prog [ARGS='...']
# The program runs as root in the test guest, with /dev/sgx_enclave, the
# project's tools in /bin and data in /data.  Set APPEND='...' for extra
# kernel command-line arguments.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${1:-}
[ -n "$prog" ] || { echo "usage: make run PROG=/path/to/static-program [ARGS='...']" >&2; exit 2; }
shift
[ -f "$prog" ] || { echo "run: $prog: no such file" >&2; exit 2; }
if readelf -l "$prog" 2>/dev/null | grep -q INTERP; then
	echo "run: $prog is dynamically linked; build it with -static" >&2
	exit 2
fi

job=$(mktemp)
trap 'rm -f "$job"' EXIT
{
	# Keep the program's name: it is the task's comm, e.g. in audit records.
	printf 'cd /tmp\n/extra/%q' "$(basename "$prog")"
	printf ' %q' "$@"
	printf ' >&3 2>&1\necho "# sgx-lsm: exit status $?" >&3\n'
} >"$job"
name=run-$(basename "$prog")
status=0
"$top/scripts/run-guest.sh" --append " ${APPEND:-lsm=capability sgx_model}" \
	--timeout "${RUN_TIMEOUT:-300}" --file "$prog:/extra/$(basename "$prog")" "$name" "$job" || status=$?
out=$top/build/logs/$name.out
grep -v '^# sgx-lsm: ' "$out" || true
if [ $status != 0 ]; then
	echo "run: the guest did not finish; kernel log: build/logs/$name.console" >&2
	exit 2
fi
rc=$(sed -n 's/^# sgx-lsm: exit status //p' "$out")
echo "run: $(basename "$prog") exited with status $rc (kernel log: build/logs/$name.console)" >&2
exit "$rc"
