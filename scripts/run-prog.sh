#!/usr/bin/env bash
# Runs a static program of the user's inside the guest and returns its
# output and exit status:   make run PROG=/path/to/prog [ARGS='...']
# The program runs as root in the test guest, with /dev/sgx_enclave, the
# project's tools in /bin and data in /data.  Set APPEND='...' for extra
# kernel command-line arguments.
set -euo pipefail
me=run
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
prog=${1:-}
[ -n "$prog" ] || { echo "usage: make run PROG=/path/to/static-program [ARGS='...']" >&2; exit 2; }
shift
[ -f "$prog" ] || { warn "$prog: no such file"; exit 2; }
if readelf -l "$prog" 2>/dev/null | grep -q INTERP; then
	warn "$prog is dynamically linked; build it with -static"
	exit 2
fi

in_guest=/extra/$(basename "$prog")
job=$(mktemp)
trap 'rm -f "$job"' EXIT
{
	# Keep the program's name: it is the task's comm, e.g. in audit records.
	printf 'cd /tmp\n%q' "$in_guest"
	printf ' %q' "$@"
	printf ' >&3 2>&1\nmark_exit_status $?\n'
} >"$job"
name=run-$(basename "$prog")
status=0
"$top/scripts/run-guest.sh" --append " ${APPEND:-lsm=capability sgx_model}" \
	--timeout "${RUN_TIMEOUT:-300}" --file "$prog:$in_guest" "$name" "$job" || status=$?
out=$(guest_out "$name")
guest_job_output "$out"
if [ $status != 0 ]; then
	warn "the guest did not finish; kernel log: $(shown "$(guest_console "$name")")"
	exit 2
fi
rc=$(guest_exit_status "$out")
warn "$(basename "$prog") exited with status $rc (kernel log: $(shown "$(guest_console "$name")"))"
exit "$rc"
