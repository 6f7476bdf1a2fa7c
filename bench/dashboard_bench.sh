#!/usr/bin/env bash
# Issue 5's dashboard figures for one census: page load and browser
# edit-to-impact (bench/page_load.mjs), API edit-to-impact and run-to-results
# (bench/dashboard_latency.py) against a fresh `planwise serve`, then the
# 50-client load test (planwise_load).
# usage: bench/dashboard_bench.sh BIN_DIR [CENSUS_CSV]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin=${1:?usage: dashboard_bench.sh BIN_DIR [CENSUS_CSV]}
census=${2:-}
# shellcheck source=../scripts/scratch_server.sh
. "$root/scripts/scratch_server.sh"

census_args=()
[ -n "$census" ] && census_args=(--census "$census")
echo "== census: ${census:-bundled (data/)}"
scratch_server_start "$bin/planwise" "$root/web" "${census_args[@]}"
node "$root/bench/page_load.mjs" "$SCRATCH_URL" 5 "$SCRATCH_TOKEN"
python3 "$root/bench/dashboard_latency.py" --url "$SCRATCH_URL" --token "$SCRATCH_TOKEN" --repeat 10
scratch_server_stop
"$bin/planwise_load" --clients 50 --seconds 10 "${census_args[@]}"
"$bin/planwise_load" --clients 50 --seconds 10 --impact-every 20 "${census_args[@]}"
