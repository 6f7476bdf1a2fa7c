#!/usr/bin/env bash
# Browser end-to-end test of the dashboard (issue 5): starts `planwise serve`
# on a free loopback port with a fresh database, runs the Playwright script
# in headless Chromium against it, and stops the server.
# usage: tests/e2e/run.sh PLANWISE_BINARY ARTIFACT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary=${1:?usage: run.sh PLANWISE_BINARY ARTIFACT_DIR}
artifacts=${2:?usage: run.sh PLANWISE_BINARY ARTIFACT_DIR}
command -v node >/dev/null || { echo "e2e: node is required" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium is required (make setup installs it)" >&2; exit 1; }
[ -d "$root/web/node_modules/playwright-core" ] || { echo "e2e: web/node_modules is missing (make setup)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$artifacts"
"$binary" serve --port 0 --db "$work/e2e.duckdb" --web "$root/web" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$work/server.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "e2e: the server did not start" >&2; cat "$work/server.err" >&2; exit 1; }
echo "e2e: server at $url (PID $server_pid)"
PLANWISE_URL="${url%/}" PLANWISE_ARTIFACTS="$artifacts" node "$here/dashboard.test.mjs"
