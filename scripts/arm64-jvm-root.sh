#!/usr/bin/env bash
# Prepares an aarch64 Java 17 runtime that runs on this x86_64 host under qemu-user:
# Debian's arm64 packages are downloaded with a private apt configuration
# (scripts/apt-download.sh: its own architecture, state and cache; the host's dpkg is never
# touched) and unpacked with `dpkg -x` into a private root.
#
#   scripts/arm64-jvm-root.sh        prints the root directory (prepares it when needed)
#
# LSM_ARM64_ROOT overrides where the root goes. Default: ~/.cache/libsharedmemory-java/arm64-root,
# or for root /var/cache/libsharedmemory-java/arm64-root, readable by every user: the tests
# run a second JVM as nobody, which cannot enter /root.
# The package sources are the host's own apt sources. Idempotent: a prepared root is reused.
#
# qemu runs this JVM without a path prefix (test-aarch64.sh says why), so the packages'
# absolute symlinks (the JDK's conf/ and lib/jvm.cfg point into /etc/java-17-openjdk) are
# made to point inside the root: the runtime never reads the host's files instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"

root="${LSM_ARM64_ROOT:-$("$(dirname "$0")/cache-dir.sh" arm64-root)}"
java="$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java"

# Absolute symlinks → relative ones inside the root (when the target is in the root).
relink_inside() {
  local link target
  while IFS= read -r -d '' link; do
    target="$(readlink "$link")"
    if [[ -e "$root$target" ]]; then ln -sfnr "$root$target" "$link"; fi
  done < <(find "$root" -type l -lname '/*' -print0)
}

if [[ -x "$java" && -f "$root/.complete" ]]; then
  relink_inside  # a root prepared by an older version of this script
  echo "$root"
  exit 0
fi

packages=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
work="$root.apt"
"$(dirname "$0")/apt-download.sh" "$work" arm64 host "${packages[@]}"

rm -rf "$root"
mkdir -p "$root"
chmod 755 "$root" "$(dirname "$root")"
for deb in "$work"/debs/*.deb; do
  dpkg -x "$deb" "$root"
done
[[ -x "$java" ]] || { echo "arm64 root: $java missing after unpacking" >&2; exit 1; }
relink_inside
touch "$root/.complete"
echo "$root"
