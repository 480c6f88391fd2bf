# Sourced by the guest's /init for `make demo`; output goes to fd 3.
# demo_failed (scripts/lib.sh) marks a step that went wrong.
{
	echo "== The guest kernel"
	echo "$(uname -sr) on $(grep -c ^processor /proc/cpuinfo) CPUs; LSMs: $(cat /sys/kernel/security/lsm)"
	echo
	echo "== SGX as the driver sees it"
	dmesg | grep -E 'sgx|SGX' | sed 's/^\[[^]]*\] /  kernel: /'
	ls -l /dev/sgx_enclave /dev/sgx_provision 2>&1 | sed 's/^/  /'
	for f in /sys/devices/system/node/node*/x86/sgx_total_bytes /sys/kernel/sgx_model/*; do
		[ -f "$f" ] && echo "  $f = $(cat "$f")"
	done
	if [ -x /bin/sgx-demo ]; then
		echo
		echo "== An enclave built, signed and loaded, then mmap()/mprotect() against its pages"
		sgx-demo /data/sample.elf || demo_failed "sgx-demo exited with $?"
	fi
	if [ -x /bin/lsm-demo ]; then
		echo
		echo "== SELinux deciding, at build time, what enclave pages may become"
		lsm-demo || demo_failed "lsm-demo exited with $?"
	fi
	if [ -x /tests/loader_patterns ]; then
		echo
		echo "== Real runtimes' loaders under the policy, none with process:execmem"
		/tests/loader_patterns ||
			demo_failed "loader_patterns exited with $?"
	fi
} >&3 2>&1
