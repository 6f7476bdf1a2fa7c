#!/usr/bin/env bash
# Runs the libFuzzer targets (issue 15 item 3; docs/reliability.md
# "Fuzzing"), each for SECONDS, on a scratch copy of its seeds so the
# repository's corpus is never written, and prints per target the inputs
# run, the final coverage (cov: edges, ft: features) and the crashes found.
# Usage: run.sh BUILD_DIR SECONDS [TARGET...] (default: every target).
# FUZZ_JOBS targets run at once (default 1). Exits non-zero on any crash,
# hang, leak or out-of-memory; the inputs that caused them are kept in
# BUILD_DIR/fuzz-work/<target>/artifacts/ (a target is restarted after each
# until its time is up, so one run can find several).
set -uo pipefail
build=$(cd "$1" && pwd)
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(census_csv census_parquet config_yaml lever_csv seed_tables
                                     api_json http_request)
jobs=${FUZZ_JOBS:-1}
here=$(cd "$(dirname "$0")" && pwd)
work=$build/fuzz-work

rm -rf "$work"
mkdir -p "$work"
"$here/make_corpus.sh" "$build" "$work/seeds" || exit 1

run_one() {
  local t=$1 dir=$work/$1 rc=0 left=$seconds round=0
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
  cp -r "$work/seeds/$t/." "$dir/corpus/"
  local end=$((SECONDS + seconds))
  # libFuzzer stops at the first crash; start it again on the same corpus
  # until the time is used, so one bug does not hide the next.
  # (At most 50 rounds: a target that fails as it starts would loop.)
  while [ "$left" -gt 0 ] && [ "$round" -lt 50 ]; do
    round=$((round + 1))
    # -timeout: one input running 30 s is a hang (10 s flagged YAML inputs
    # that simulate while a second target shares the cores); -rss_limit_mb: 2 GiB is a
    # leak or a runaway allocation. Leaks are checked at exit (detect_leaks).
    TMPDIR=$dir/tmp ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build/bin/fuzz_$t" -max_total_time="$left" -timeout=30 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log.$round" 2>&1
    local code=$?
    [ "$code" = 0 ] || rc=$code
    left=$((end - SECONDS))
  done
  echo "$rc" >"$dir/rc"
}

for t in "${targets[@]}"; do
  [ -x "$build/bin/fuzz_$t" ] || { echo "no fuzz target $build/bin/fuzz_$t" >&2; exit 1; }
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_one "$t" &
done
wait

status=0
printf '%-16s %12s %8s %8s %8s  %s\n' target executions cov ft crashes result
for t in "${targets[@]}"; do
  dir=$work/$t
  # Inputs run over every round; coverage as the last round ended.
  execs=$(cat "$dir"/log.* | sed -n 's/^stat::number_of_executed_units: *//p' |
    awk '{n += $1} END {print n}')
  last=$(ls "$dir"/log.* | sort -t. -k2 -n | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$last" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$last" | tail -n 1 | cut -d' ' -f2)
  # slow-unit-* files are inputs libFuzzer found slow, not failures.
  crashes=$(find "$dir/artifacts" -type f ! -name 'slow-unit-*' | wc -l)
  rc=$(cat "$dir/rc")
  result=ok
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
    result="FAILED (exit $rc; logs $dir/log.*)"
    status=1
  fi
  printf '%-16s %12s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" "$result"
done
exit $status
