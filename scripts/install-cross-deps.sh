#!/usr/bin/env bash
# Installs what the cross builds and their tests need on a Debian/Ubuntu machine:
# the aarch64 and mingw-w64 compilers, qemu-user (aarch64 native tests; the aarch64 JVM runs
# under a newer qemu that scripts/qemu-aarch64.sh fetches) and wine (Windows tests).
# Idempotent: installs only what is missing (apt-get update only then). Needs root or sudo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
packages=(g++-aarch64-linux-gnu g++-mingw-w64-x86-64 qemu-user-static wine wine64)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-cross-deps: all present (${packages[*]})"
  exit 0
fi
command -v apt-get >/dev/null || { echo "install-cross-deps: needs apt-get; install ${missing[*]} by hand" >&2; exit 1; }
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "install-cross-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
