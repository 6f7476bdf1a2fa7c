#!/usr/bin/env bash
# Issue 13 "Done when", whole process: the wall time of the `planwise simulate`
# command a user types, under /usr/bin/time (with its peak RSS), census load and
# database open and close included, with the in-process split beside it.
#
#   bench/whole_process.sh PLANWISE [WORK_DIR] [REPEAT]
#
# Run from the repository root (the bundled data/ folder). Cases:
#   60,000 x 5 stored into an existing database     (goal < 300 ms)
#   bundled x 5 stored into an existing database    (goal < 100 ms)
#   bundled x 5 with --no-db                         (goal <  30 ms)
# "Existing database": one untimed run creates the database (and warms the page
# cache) before the timed runs; each timed run adds one run to it, as a user's
# runs do. Figures are the median (and min, max) of REPEAT runs.
#
# Wall time is taken around /usr/bin/time with bash's microsecond clock
# (EPOCHREALTIME), because /usr/bin/time prints it in 10 ms steps; it therefore
# includes /usr/bin/time's own fork and exec (well under 1 ms). The split comes
# from the summary's "Time: T ms (load L ms, simulate S ms)" line: load is
# app::load_inputs, simulate the engine with the per-year store writes, and
# "rest" = T - L - S (run store open, commit). "Outside" = wall - T: process start,
# argument parsing, closing the database (its checkpoint) and process exit.
set -euo pipefail

planwise=${1:?usage: bench/whole_process.sh PLANWISE [WORK_DIR] [REPEAT]}
work=${2:-build/bench-data}
repeat=${3:-5}
mkdir -p "$work/whole-process"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

census_60k=$work/census_60000.csv
# The same census as `planwise bench` and `make bench-tuning` (seed 20261127).
[[ -f $census_60k ]] || "$planwise" gen-census --employees 60000 --seed 20261127 --out "$census_60k" >/dev/null

# median, min and max of the numbers on stdin, one per line
stats() { sort -g | awk '{v[NR] = $1} END {printf "%.1f %.1f %.1f", v[int((NR + 1) / 2)], v[1], v[NR]}'; }
median() { stats | cut -d' ' -f1; }

# case NAME GOAL_MS ARGS...: one untimed run, then REPEAT timed ones.
run_case() {
  local name=$1 goal=$2
  shift 2
  "$planwise" simulate --quiet "$@" >/dev/null
  : >"$tmp/rows"
  for ((i = 0; i < repeat; i++)); do
    local t0=${EPOCHREALTIME/./}
    /usr/bin/time -f '%M' -o "$tmp/time" "$planwise" simulate --quiet "$@" >"$tmp/out"
    local t1=${EPOCHREALTIME/./}
    local line
    line=$(grep '^Time: ' "$tmp/out") || {
      echo "whole_process.sh: no Time line from: planwise simulate $*" >&2
      exit 1
    }
    # Time: 123.4 ms (load 1.2 ms, simulate 3.4 ms)
    read -r total load sim < <(sed -E 's/^Time: ([0-9.]+) ms \(load ([0-9.]+) ms, simulate ([0-9.]+) ms\)$/\1 \2 \3/' <<<"$line")
    echo "$(((t1 - t0) / 1000)).$(((t1 - t0) % 1000 / 100)) $(tail -n1 "$tmp/time") $load $sim $total" >>"$tmp/rows"
  done
  local wall rss load sim total rest outside
  wall=$(cut -d' ' -f1 "$tmp/rows" | stats)
  rss=$(awk '{print $2 / 1024}' "$tmp/rows" | median)
  load=$(cut -d' ' -f3 "$tmp/rows" | median)
  sim=$(cut -d' ' -f4 "$tmp/rows" | median)
  total=$(cut -d' ' -f5 "$tmp/rows" | median)
  rest=$(awk '{print $5 - $3 - $4}' "$tmp/rows" | median)
  outside=$(awk '{print $1 - $5}' "$tmp/rows" | median)
  read -r wall_med wall_min wall_max <<<"$wall"
  printf '%-42s %10s %8s %8s %8s %9s %8s %9s %8s %8s %7s\n' "$name" "$wall_med" "$wall_min" \
    "$wall_max" "$rss" "$load" "$sim" "$rest" "$total" "$outside" "< $goal"
}

echo "$planwise simulate, whole process: median of $repeat (min, max); $(nproc) cores; $(date -u +%FT%TZ)"
printf '%-42s %10s %8s %8s %8s %9s %8s %9s %8s %8s %7s\n' "Case" "Wall ms" "Min" "Max" "RSS MB" \
  "Load ms" "Sim ms" "Rest ms" "Total" "Outside" "Goal"
db=$work/whole-process/runs.duckdb
rm -f "$db" "$db.wal"
run_case "60,000 x 5, stored (existing database)" 300 --census "$census_60k" --db "$db"
db=$work/whole-process/bundled.duckdb
rm -f "$db" "$db.wal"
run_case "bundled x 5, stored (existing database)" 100 --db "$db"
run_case "bundled x 5, --no-db" 30 --no-db
echo "Wall: around /usr/bin/time; RSS: its peak RSS (median); Load/Sim/Total: the command's own"
echo "Time line (median); Rest = Total - Load - Sim (store open, commit); Outside = Wall - Total"
echo "(process start and exit, closing the database). Each column's median is taken on its own."
