#!/usr/bin/env bash
# Fails when a tracked .cpp or .h file is not clang-format 14 clean (the repo's .clang-format),
# and prints each offending file. Files listed in .ci/format-pending.txt (one path a line, #
# comments) are reported but do not fail: they wait for one repo-wide format. Remove a file from
# that list once it is clean; the check says which listed files already are.
set -euo pipefail
cd "$(dirname "$0")/.."
cf=${CLANG_FORMAT:-clang-format-14}
pending_list=.ci/format-pending.txt
declare -A pending=()
if [ -f "$pending_list" ]; then
  while IFS= read -r line; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [ -n "$line" ] && pending[$line]=1
  done < "$pending_list"
fi
# One clang-format run over every file; its diagnostics name the files that differ.
declare -A differs=()
while IFS= read -r f; do differs[$f]=1; done < <(
  git ls-files -z -- '*.cpp' '*.h' | xargs -0 -r "$cf" --dry-run -Werror 2>&1 |
    sed -n 's/^\(.*\.\(cpp\|h\)\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u)
bad=() waiting=() clean_listed=()
while IFS= read -r -d '' f; do
  if [ -z "${differs[$f]:-}" ]; then
    [ -n "${pending[$f]:-}" ] && clean_listed+=("$f")
  elif [ -n "${pending[$f]:-}" ]; then
    waiting+=("$f")
  else
    bad+=("$f")
  fi
done < <(git ls-files -z -- '*.cpp' '*.h')
if [ ${#waiting[@]} -gt 0 ]; then
  echo "format: ${#waiting[@]} file(s) listed in $pending_list are not clang-format clean (not an error):"
  printf '  %s\n' "${waiting[@]}"
fi
if [ ${#clean_listed[@]} -gt 0 ]; then
  echo "format: these files in $pending_list are clean now; remove them from the list:"
  printf '  %s\n' "${clean_listed[@]}"
fi
if [ ${#bad[@]} -gt 0 ]; then
  echo "format: ${#bad[@]} file(s) are not clang-format clean (run $cf -i on them):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "format: every other tracked .cpp/.h file is clang-format clean"
