# Sourced by the scripts in scripts/, right after `set -euo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
# When the first argument is -h or --help it prints the calling script's usage header (its
# leading comment block after the shebang, without the "# ") and exits 0; otherwise it does
# nothing. Reading the block itself keeps --help right however long the header grows.
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  awk 'NR == 1 && /^#!/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
  exit 0
fi
