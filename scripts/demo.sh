#!/usr/bin/env bash
# make demo: boots the guest with the software SGX model and shows the
# system at work.  The guest's side is guest/demo.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
say "$("$top/scripts/kernel-tree.sh" version); booting the guest (QEMU TCG)"
status=0
"$top/scripts/run-guest.sh" --append " ${DEMO_APPEND:-lsm=capability,selinux sgx_model}" \
	--timeout 300 demo "$top/guest/demo.sh" || status=$?
out=$(guest_out demo)
guest_job_output "$out"
say "full kernel log in $(shown "$(guest_console demo)")"
if guest_demo_failed "$out"; then
	warn "a step did not go as expected (see above)"
	exit 1
fi
exit $status
