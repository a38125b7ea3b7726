#!/usr/bin/env bash
# Installs libsharedmemory-java (main JAR, nonatives JAR, every natives-<platform> JAR that
# was built) and runs java/consumer-test twice against the installed coordinates: once on
# the main JAR, once on the nonatives JAR plus this machine's natives JAR.
#
#   scripts/consumer-test.sh [--no-install]
#
# The local repository is a private one (LSM_CONSUMER_REPO, default
# ~/.cache/libsharedmemory-java/m2), so ~/.m2 is left alone; it is kept between runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
repo="$(cd "$(dirname "$0")/.." && pwd)"
local_repo="${LSM_CONSUMER_REPO:-${XDG_CACHE_HOME:-$HOME/.cache}/libsharedmemory-java/m2}"
mkdir -p "$local_repo"
mvn=(mvn -B -q "-Dmaven.repo.local=$local_repo")
mvn_test=(mvn -B -ntp "-Dmaven.repo.local=$local_repo")  # not quiet: surefire reports what ran

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=natives-linux-x86_64 ;;
  Linux-aarch64) classifier=natives-linux-aarch64 ;;
  Darwin-x86_64) classifier=natives-macos-x86_64 ;;
  Darwin-arm64) classifier=natives-macos-aarch64 ;;
  MINGW*-x86_64|MSYS*-x86_64) classifier=natives-windows-x86_64 ;;
  *) echo "consumer-test: no natives classifier for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

if [[ "${1:-}" != --no-install ]]; then
  echo "== mvn install (tests skipped: mvn verify runs them) into $local_repo"
  (cd "$repo" && "${mvn[@]}" install -DskipTests)
fi
echo "== consumer on the main JAR"
(cd "$repo/java/consumer-test" && "${mvn_test[@]}" test -Pbundled)
echo "== consumer on the nonatives JAR + $classifier"
(cd "$repo/java/consumer-test" && "${mvn_test[@]}" test -Psplit "-Dnatives.classifier=$classifier")
echo "consumer-test: both layouts passed"
