#!/usr/bin/env bash
# Installs the Debian bookworm packages the project needs, and nothing else.
# Packages come from bookworm / bookworm-security as the machine's apt
# sources pin them; the kernel source is whatever 6.12.y bookworm serves.
set -euo pipefail

packages=(
	linux-source-6.12 qemu-system-x86 busybox-static
	gcc make libc6-dev flex bison bc libelf-dev libssl-dev openssl
	cpio xz-utils rsync git perl python3 python3-ply kmod checkpolicy
	libsepol-dev m4
	# make fuzz / fuzz-replay: clang, and its libFuzzer and ASan/UBSan runtimes
	clang libclang-rt-14-dev
	# scripts/build-qemu.sh: the patched QEMU
	dpkg-dev meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#packages[@]} packages already installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run 'make deps' as root to install them" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "deps: apt-get update failed; trying the cached lists" >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${#missing[@]} packages"
