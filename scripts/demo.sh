#!/usr/bin/env bash
# make demo: boots the guest with the software SGX model and shows the
# system at work.  The guest's side is guest/demo.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
echo "demo: $("$top/scripts/kernel-tree.sh" version); booting the guest (QEMU TCG)"
status=0
"$top/scripts/run-guest.sh" --append " ${DEMO_APPEND:-lsm=capability,selinux sgx_model}" \
	--timeout 300 demo "$top/guest/demo.sh" || status=$?
out=$top/build/logs/demo.out
grep -v '^# sgx-lsm: ' "$out" || true
echo "demo: full kernel log in build/logs/demo.console"
if grep -q '^# demo failed' "$out"; then
	echo "demo: a step did not go as expected (see above)" >&2
	exit 1
fi
exit $status
