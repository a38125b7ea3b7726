#!/usr/bin/env bash
# Prints the path of the qemu-aarch64 that scripts/test-aarch64.sh runs the aarch64 JVM with,
# fetching it the first time: Debian 13 (trixie)'s qemu-user, whose binaries are static, so
# they run on Debian 12 as they are. It is downloaded with a private apt configuration
# (scripts/apt-download.sh: its own sources list, state and cache; the host's sources and
# dpkg are never touched), and only usr/bin/qemu-aarch64 is kept.
#
# Why not Debian 12's qemu-user-static (7.2): it is linked with GLib 2.74, whose GSlice
# allocator holds a mutex that fork() does not take. qemu runs every guest fork or vfork as
# a host fork(), so a child forked while another thread was allocating blocks forever before
# it execs (seen about once in 1,000 process starts from a JVM). Trixie's build uses GLib
# 2.84, where GSlice is plain malloc, which fork() handles. (Its path prefix lock, the other
# such lock left, is avoided by the caller with -L /: see test-aarch64.sh.)
#
#   scripts/qemu-aarch64.sh      prints the binary's path (fetches it when needed)
#
# LSM_QEMU_AARCH64 names a qemu-aarch64 to use instead. The cache goes to
# ~/.cache/libsharedmemory-java/qemu-user, or for root /var/cache/libsharedmemory-java/qemu-user,
# readable by every user (the tests run a JVM as nobody). Idempotent: a fetched binary is
# reused, nothing is downloaded again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"

if [[ -n "${LSM_QEMU_AARCH64:-}" ]]; then
  echo "$LSM_QEMU_AARCH64"
  exit 0
fi
dir="${LSM_QEMU_DIR:-$("$(dirname "$0")/cache-dir.sh" qemu-user)}"
qemu="$dir/qemu-aarch64"
if [[ -x "$qemu" && -f "$dir/.complete" ]]; then
  echo "$qemu"
  exit 0
fi

suite=trixie
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$keyring" ]] || { echo "qemu-aarch64: $keyring missing (package debian-archive-keyring)" >&2; exit 1; }
work="$dir.apt"
rm -rf "$work"
"$(dirname "$0")/apt-download.sh" "$work" "$(dpkg --print-architecture)" \
  "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" qemu-user

mkdir -p "$dir"
chmod 755 "$dir" "$(dirname "$dir")"
dpkg-deb --fsys-tarfile "$work"/debs/qemu-user_*.deb | tar -xO ./usr/bin/qemu-aarch64 > "$qemu.part"
chmod 755 "$qemu.part"
mv "$qemu.part" "$qemu"
"$qemu" --version | head -1 >&2
rm -rf "$work"  # the .deb and lists (about 100 MB); the binary is all that is needed
touch "$dir/.complete"
echo "$qemu"
