#!/usr/bin/env bash
# Runs the whole test suite for linux-aarch64 on this x86_64 machine, under qemu-user:
#  1. an aarch64 Java 17 runtime (scripts/arm64-jvm-root.sh: Debian's arm64 packages in a
#     private root, LSM_ARM64_ROOT, cached outside the repo);
#  2. the aarch64 natives, lsm-peer and native tests (scripts/build-natives.sh linux-aarch64);
#  3. the native tests under qemu (ctest), then every JUnit test with Surefire forking the
#     aarch64 JVM. The library is loaded the way users get it: NativePlatform picks
#     natives/linux_arm64 from the class path. lsm-peer and child JVMs are aarch64 too.
#
# Without binfmt_misc the host kernel cannot exec an aarch64 binary, so every aarch64
# program started here, or by the tests, goes through a small wrapper that calls qemu.
#
# Starting processes from an emulated JVM is where qemu-user can hang: it runs every guest
# fork or vfork as a host fork() of the multithreaded emulator, and a lock that another
# thread held at that moment stays locked in the child forever, so the child never execs
# and ProcessBuilder.start() never returns. Each lock found that way is avoided:
#  - the guest's malloc lock: the JVM's default POSIX_SPAWN cannot work here (its spawn
#    helper is an aarch64 binary the kernel cannot exec), VFORK skips glibc's fork handlers
#    while the child still mallocs (opendir) before it execs; launchMechanism=FORK runs them;
#  - GLib's GSlice lock in Debian 12's qemu 7.2: scripts/qemu-aarch64.sh fetches trixie's
#    static qemu 10, built with a GLib whose GSlice is plain malloc;
#  - qemu's path-prefix lock (taken for every path a syscall names when a prefix is set, and
#    a default one is built in): -L / turns the prefix off, and the aarch64 dynamic loader
#    of the root is run directly with the root's library directories instead.
# Each of them, left alone, hung a stress test here (an emulated JVM starting /bin/true from
# 4 threads while another thread creates threads) within 200 to 2,800 starts; with all three
# avoided it started 5,000 without a hang, and the full suite stopped hanging.
#
# qemu runs aarch64 code on x86's stronger (TSO) memory model: these tests do not show
# missing acquire/release ordering. The lock words rely on CAS-acquire / store-release
# (lsm/spin_lock.hpp), which is what makes the payload and header stores visible in order on
# ARM; any new cross-process hand-off must be reasoned about by hand, not tested into shape.
#
# Usage: scripts/test-aarch64.sh [--library | --in-process]
#   (default)      every JUnit test of every module, cross-process tests included (~19 minutes);
#   --library      every test of the library module, cross-process ones included (child aarch64
#                  JVMs and lsm-peer): CI runs this, about 5 minutes. The tools module's tests
#                  start about a hundred JVMs, 14 more minutes under qemu: run them by hand (default).
#   --in-process   only the library's test classes that start no other process (a quicker check).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
mode="${1:-full}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
qemu="$("$repo/scripts/qemu-aarch64.sh")"
root="$("$repo/scripts/arm64-jvm-root.sh")"
"$repo/scripts/build-natives.sh" --strict linux-aarch64

wrappers="$repo/target/aarch64"
jdk="$root/usr/lib/jvm/java-17-openjdk-arm64"
# wrapper FILE PROGRAM ARGS...: a script running the aarch64 PROGRAM under qemu with no path
# prefix, through the root's dynamic loader and libraries (see above).
wrapper() {
  local file="$1"; shift
  mkdir -p "$(dirname "$file")"
  {
    echo '#!/bin/sh'
    printf 'exec "%s" -L / "%s" --inhibit-cache --library-path "%s" \\\n ' \
      "$qemu" "$root/lib/ld-linux-aarch64.so.1" "$root/lib/aarch64-linux-gnu:$root/usr/lib/aarch64-linux-gnu"
    printf ' "%s"' "$@"
    echo ' "$@"'
  } > "$file"
  chmod +x "$file"
}
# Surefire accepts a custom JVM only if its path ends in /bin/java.
wrapper "$wrappers/jvm/bin/java" "$jdk/bin/java" -Djdk.lang.Process.launchMechanism=FORK
# The JVMs the tests start (peers, the lsm tool) live a few seconds: C1 alone starts them
# about a quarter faster under qemu, and the tools module starts a hundred of them.
wrapper "$wrappers/child-jvm/bin/java" "$jdk/bin/java" -Djdk.lang.Process.launchMechanism=FORK \
  -XX:TieredStopAtLevel=1
wrapper "$wrappers/lsm-peer" "$repo/target/cmake-linux-aarch64/jni/tools/lsm-peer"
"$wrappers/jvm/bin/java" -version 2>&1 | head -1

echo "== native tests (aarch64, qemu)"
ctest --test-dir "$repo/target/cmake-linux-aarch64" --output-on-failure

echo "== JUnit suite on the aarch64 JVM"
cd "$repo"
selection=()
if [[ "$mode" == --library ]]; then
  selection=(-pl java/libsharedmemory)
elif [[ "$mode" == --in-process ]]; then
  spawning='CrossProcessSegmentTest,DeadLockHolderTest,KillSoakTest,SharedMemoryErrorsTest,SharedMemoryQueueProcessesTest,StaleHandleTest,StreamContentionTest,StreamCrossProcessTest'
  selection=(-pl java/libsharedmemory "-Dtest=!${spawning//,/,!}" -Dsurefire.failIfNoSpecifiedTests=false)
  echo "(in-process test classes only; the tools module's tests all start processes)"
fi
mvn -B -ntp test "${selection[@]}" \
  -Djvm="$wrappers/jvm/bin/java" \
  -Dlsm.peer="$wrappers/lsm-peer" \
  -DargLine="-Dlsm.test.java=$wrappers/child-jvm/bin/java -Dlsm.expected.platform=linux-aarch64" \
  -Dsurefire.timeout="${LSM_AARCH64_TIMEOUT:-1800}"
