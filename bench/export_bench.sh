#!/usr/bin/env bash
# Issue 14 item 3: how fast the 60,000-person run's yearly_events export
# downloads. Generates the census (gen-census, seed 20261127), simulates it
# into a scratch database, serves it on a free loopback port, then times
#   - headless Chromium (bench/export_download.mjs), when node,
#     playwright-core and /usr/bin/chromium are there: click on the Results
#     tab's link to the file saved, three times; the first click finds no
#     written file, so it includes the server writing it (its Server-Timing
#     header gives that time: export;dur=MS;desc="written");
#   - curl, twice, with Accept-Encoding: gzip, deflate, br as a browser
#     sends: the written file (Content-Length, no Content-Encoding).
# usage: bench/export_bench.sh [PLANWISE_BINARY] [TABLE] [FORMAT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
binary=${1:-$root/build/bin/planwise}
table=${2:-yearly_events}
format=${3:-csv}
# shellcheck source=../scripts/scratch_server.sh
. "$root/scripts/scratch_server.sh"
"$binary" gen-census --employees 60000 --seed 20261127 --out "$SCRATCH_DIR/c60k.csv" 2>/dev/null
run=$("$binary" simulate --census "$SCRATCH_DIR/c60k.csv" --db "$SCRATCH_DIR/scratch.duckdb" --quiet --json |
  sed -n 's/^ *"run_id": "\(run_[^"]*\)".*/\1/p' | head -1)
[ -n "$run" ] || { echo "export_bench: the simulation gave no run id" >&2; exit 1; }
scratch_server_start "$binary" "$root/web"
url="$SCRATCH_URL/api/runs/$run/export?table=$table&format=$format"
auth="Authorization: Bearer $SCRATCH_TOKEN"
echo "export_bench: $table.$format of $run at $SCRATCH_URL"
# The browser first: its first click finds no written file (the server
# writes it, then sends it); the later clicks and curl read the file.
if command -v node >/dev/null && [ -x /usr/bin/chromium ] && [ -d "$root/web/node_modules/playwright-core" ]; then
  PLANWISE_URL="$SCRATCH_URL" PLANWISE_TOKEN="$SCRATCH_TOKEN" node "$here/export_download.mjs" "$table" "$format" 3
else
  echo "export_bench: no node, playwright-core or /usr/bin/chromium: browser timing skipped"
fi
for attempt in 1 2; do
  curl -sS -o "$SCRATCH_DIR/out" -D "$SCRATCH_DIR/head" -H "$auth" -H 'Accept-Encoding: gzip, deflate, br' \
    -w "curl $attempt: %{http_code} %{size_download} bytes, first byte %{time_starttransfer} s, total %{time_total} s\n" "$url"
  grep -i '^content-length\|^content-encoding\|^transfer-encoding' "$SCRATCH_DIR/head" | tr -d '\r' | sed 's/^/  /'
done
