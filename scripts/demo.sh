#!/usr/bin/env bash
# make demo: boots the guest with the software SGX model and shows the
# system at work.  The guest's side is guest/demo.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
echo "demo: $("$top/scripts/kernel-tree.sh" version); booting the guest (QEMU TCG)"
status=0
"$top/scripts/run-guest.sh" --append " ${DEMO_APPEND:-lsm=capability,selinux sgx_model}" \
	--timeout 300 demo "$top/guest/demo.sh" || status=$?
grep -v '^# sgx-lsm: ' "$top/build/logs/demo.out" || true
echo "demo: full kernel log in build/logs/demo.console"
exit $status
