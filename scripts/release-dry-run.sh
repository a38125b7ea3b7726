#!/usr/bin/env bash
# The release build, without publishing: builds the natives this machine can (linux-x86_64,
# linux-aarch64, windows-x86_64; scripts/build-natives.sh --strict), then deploys the release
# profile (parent POM and library: main JAR with every native, nonatives and natives-<platform>
# JARs, sources and javadoc JARs, each GPG-signed) into a local file repository, signed with a
# throwaway key generated in a temporary GNUPGHOME. Then checks what a public repository (Maven
# Central) requires: every .pom and .jar with its .asc (verified), .md5 and .sha1 (matching);
# the main JAR holding all three natives; a release version (no -SNAPSHOT) that the README's
# <dependency> snippet names.
#
#   scripts/release-dry-run.sh [--no-natives]    --no-natives: use target/natives-cross as it is
#
# LSM_MAVEN_REPO names a Maven local repository to use instead of ~/.m2. The repository and
# the key are deleted at the end; .github/workflows/release.yml runs the same deploy for real.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
mvn=(mvn -B -ntp ${LSM_MAVEN_REPO:+"-Dmaven.repo.local=$LSM_MAVEN_REPO"})
work="$(mktemp -d)"
trap 'gpgconf --kill gpg-agent >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
failures=0
fail() { echo "release-dry-run: $*" >&2; failures=$((failures + 1)); }

# The project's version: the parent POM's own <version>, the first one in the file.
version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)"
[[ -n "$version" ]] || { echo "release-dry-run: no version in pom.xml" >&2; exit 1; }
[[ "$version" != *-SNAPSHOT ]] || fail "version $version is a SNAPSHOT: Central takes releases only"
# The README's <dependency> on libsharedmemory-java must name that version.
readme_version="$(awk '/<artifactId>libsharedmemory-java<\/artifactId>/ { getline; print; exit }' README.md \
  | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')"
[[ "$readme_version" == "$version" ]] \
  || fail "README's <dependency> names version '$readme_version', the build makes $version"

if [[ "${1:-}" != --no-natives ]]; then
  bash scripts/build-natives.sh --strict linux-x86_64 linux-aarch64 windows-x86_64
fi

echo "== a throwaway signing key in $work/gnupg"
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key "libsharedmemory-java dry run <dry-run@libsharedmemory.dev>" \
  ed25519 sign 1d
key="$(gpg --batch --list-secret-keys --with-colons | awk -F: '/^fpr:/ { print $10; exit }')"

echo "== mvn deploy -Prelease into file://$work/repository"
"${mvn[@]}" -q -Prelease deploy -pl java/libsharedmemory -am -DskipTests "-Dgpg.keyname=$key" \
  "-DaltDeploymentRepository=dry-run::file://$work/repository"

# check_file PATH: present, signed (signature verifies), and with matching md5 and sha1.
check_file() {
  local file="$1"
  [[ -f "$file" ]] || { fail "missing ${file#"$work/repository/"}"; return; }
  [[ -f "$file.asc" ]] && gpg --batch --quiet --verify "$file.asc" "$file" 2>/dev/null \
    || fail "no valid signature ${file#"$work/repository/"}.asc"
  [[ -f "$file.md5" && "$(cat "$file.md5")" == "$(md5sum "$file" | cut -d' ' -f1)" ]] \
    || fail "missing or wrong ${file#"$work/repository/"}.md5"
  [[ -f "$file.sha1" && "$(cat "$file.sha1")" == "$(sha1sum "$file" | cut -d' ' -f1)" ]] \
    || fail "missing or wrong ${file#"$work/repository/"}.sha1"
}
group="$work/repository/dev/libsharedmemory"
check_file "$group/libsharedmemory-java-parent/$version/libsharedmemory-java-parent-$version.pom"
lib="$group/libsharedmemory-java/$version/libsharedmemory-java-$version"
natives=(natives-linux-x86_64 natives-linux-aarch64 natives-windows-x86_64)
for suffix in .pom .jar -sources.jar -javadoc.jar -nonatives.jar "${natives[@]/#/-}"; do
  [[ $suffix == -natives-* ]] && suffix="$suffix.jar"
  check_file "$lib$suffix"
done
if [[ -f "$lib.jar" ]]; then
  for native in natives/linux_64/liblsmjava.so natives/linux_arm64/liblsmjava.so natives/windows_64/lsmjava.dll; do
    unzip -l "$lib.jar" "$native" >/dev/null 2>&1 || fail "the main JAR lacks $native"
  done
  unzip -l "$lib.jar" module-info.class >/dev/null 2>&1 || fail "the main JAR has no module-info.class"
fi
for pom in "$lib.pom" "$group/libsharedmemory-java-parent/$version/libsharedmemory-java-parent-$version.pom"; do
  [[ -f "$pom" ]] || continue
  # What Central checks in a POM (the library inherits the rest from the parent, published beside it).
  for tag in name description; do
    grep -q "<$tag[ >]" "$pom" || fail "$(basename "$pom") has no <$tag>"
  done
done
parent_pom="$group/libsharedmemory-java-parent/$version/libsharedmemory-java-parent-$version.pom"
for tag in url licenses developers scm; do
  [[ -f "$parent_pom" ]] && ! grep -q "<$tag[ >]" "$parent_pom" && fail "the parent POM has no <$tag>"
done

echo "== deployed:"
(cd "$work/repository" && find . -type f ! -name 'maven-metadata*' | sort | sed 's:^\./:   :')
if ((failures)); then
  echo "release-dry-run: $failures problem(s)" >&2
  exit 1
fi
echo "release-dry-run: $version is complete for a public repository (signed, checksummed, every native)"
