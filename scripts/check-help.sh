#!/usr/bin/env bash
# Runs every script's --help and checks that it prints the script's whole usage header (the
# leading comment block; for bench_table.py its docstring; for lsm the tool's usage) on stdout,
# nothing on stderr, exits 0 and does nothing else (each must return within seconds).
#
#   scripts/check-help.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
dir="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp)" err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
failures=0
fail() { echo "check-help: $1: $2" >&2; failures=$((failures + 1)); }

# expected FILE: its comment block from line 2 up to the first line that is not a comment.
expected() { sed -n '2,$p' "$1" | sed '/^[^#]/,$d; /^$/,$d' | sed -E 's/^# ?//'; }

run_help() {  # run_help NAME COMMAND...: leaves stdout in $out, stderr in $err; 0 if it passed
  local name="$1"; shift
  if ! timeout 60 "$@" --help >"$out" 2>"$err"; then
    fail "$name" "--help exited non-zero"; return 1
  fi
  if [[ -s "$err" ]]; then
    fail "$name" "--help wrote to stderr: $(head -c 200 "$err")"; return 1
  fi
}

for script in "$dir"/*.sh; do
  name="$(basename "$script")"
  want="$(expected "$script")"
  [[ -n "$want" ]] || { fail "$name" "has no usage header"; continue; }
  run_help "$name" bash "$script" || continue
  if [[ "$(cat "$out")" != "$want" ]]; then
    fail "$name" "--help printed something else than its header:"
    diff <(echo "$want") "$out" | head -10 >&2 || true
  fi
done

run_help bench_table.py python3 "$dir/bench_table.py" && grep -q '^usage: bench_table.py' "$out" \
  || fail bench_table.py "--help did not print its usage"

if [[ -f "$dir/../java/tools/target/libsharedmemory-tools.jar" ]]; then
  run_help lsm "$dir/lsm" && grep -qi 'usage' "$out" || fail lsm "--help did not print the tool's usage"
else
  echo "check-help: note: java/tools is not built; lsm --help not checked"
fi

if ((failures)); then
  echo "check-help: $failures script(s) failed" >&2
  exit 1
fi
echo "check-help: every script's --help prints its usage header"
