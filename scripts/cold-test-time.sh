#!/usr/bin/env bash
# Times `make test` from a fresh clone with an empty compiler cache, phase by
# phase (issue 15 item 7; docs/reliability.md "Test time"). Usage:
#   scripts/cold-test-time.sh [COMMIT]      (default HEAD)
# The clone and its ccache folder go under ${TMPDIR:-/tmp} and are kept, with
# each phase's log beside them. Exit status 1 when a phase failed.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="${1:-HEAD}"
work="$(mktemp -d "${TMPDIR:-/tmp}/planwise-cold.XXXXXX")"
git clone -q "$repo" "$work/src" && git -C "$work/src" checkout -q "$commit" || exit 1
export CCACHE_DIR="$work/ccache"  # empty: nothing compiled before counts
cd "$work/src" || exit 1
failed=0
start=$(date +%s)
# `make test` runs the sanitizer build beside the release tests; its own
# "make test:" lines say when each of the two ended.
for phase in setup build test; do
  t=$(date +%s)
  if make "$phase" > "$work/$phase.log" 2>&1; then status=ok; else status=FAILED; failed=1; fi
  printf '%-13s %5d s  %s\n' "$phase" $(( $(date +%s) - t )) "$status"
done
grep '^make test:' "$work/test.log" | sed 's/^/  /'
grep -h 'Total Test time' "$work/test.log" | sed 's/^/  /'
printf '%-13s %5d s  (%s, logs in %s)\n' total $(( $(date +%s) - start )) \
  "$(git rev-parse --short HEAD)" "$work"
exit "$failed"
