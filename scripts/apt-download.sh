#!/usr/bin/env bash
# Downloads Debian packages with a private apt configuration: its own architecture, state
# and cache under WORK (apt sees an empty system), never the host's dpkg (no
# --add-architecture) nor its sources unless asked. The .deb files land in WORK/debs.
#
#   scripts/apt-download.sh WORK ARCH SOURCES PACKAGE...
#     ARCH     the packages' Debian architecture (arm64, amd64, ...)
#     SOURCES  "host" for the host's apt sources, or one sources.list line of its own
#              (e.g. "deb [signed-by=...] http://deb.debian.org/debian trixie main")
#
# Used by arm64-jvm-root.sh (the aarch64 JVM) and qemu-aarch64.sh (a newer qemu-user).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
(($# >= 4)) || { echo "usage: apt-download.sh WORK ARCH SOURCES PACKAGE..." >&2; exit 1; }
work="$1" arch="$2" sources="$3"
shift 3

mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/debs"
: > "$work/state/status"
{
  echo "APT::Architecture \"$arch\";"
  echo "APT::Architectures { \"$arch\"; };"
  if [[ "$sources" != host ]]; then
    mkdir -p "$work/etc/sources.list.d" "$work/etc/preferences.d"
    echo "$sources" > "$work/etc/sources.list"
    echo "Dir::Etc::sourcelist \"$work/etc/sources.list\";"
    echo "Dir::Etc::sourceparts \"$work/etc/sources.list.d\";"
    echo "Dir::Etc::preferencesparts \"$work/etc/preferences.d\";"
  fi
  echo "Dir::State \"$work/state\";"
  echo "Dir::State::status \"$work/state/status\";"
  echo "Dir::Cache \"$work/cache\";"
  echo 'Debug::NoLocking "true";'
  echo 'APT::Sandbox::User "root";'
} > "$work/apt.conf"

export APT_CONFIG="$work/apt.conf"
echo "apt-download: fetching package lists ($arch)" >&2
apt-get -q -o APT::Get::List-Cleanup=false update >&2
echo "apt-download: downloading $*" >&2
(cd "$work/debs" && apt-get -q download "$@" >&2)
