#!/usr/bin/env bash
# Prints where the test tooling caches NAME (the arm64 JVM root, the newer qemu): for root
# /var/cache/libsharedmemory-java/NAME, readable by every user (some tests run as nobody, who
# cannot enter /root); otherwise ~/.cache/libsharedmemory-java/NAME.
#
#   scripts/cache-dir.sh NAME
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
name="${1:?usage: cache-dir.sh NAME}"
if [[ $(id -u) -eq 0 ]]; then
  echo "/var/cache/libsharedmemory-java/$name"
else
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/libsharedmemory-java/$name"
fi
