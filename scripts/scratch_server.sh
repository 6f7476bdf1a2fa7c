# Sourced by tests/e2e/run.sh and bench/dashboard_bench.sh: start
# `planwise serve` on a free loopback port with a scratch database, wait for
# its URL, and stop it (and remove the scratch folder) on exit.
#   scratch_server_start PLANWISE_BINARY WEB_ROOT [serve options...]
# sets SCRATCH_URL (no trailing slash), SCRATCH_TOKEN (the personal
# session's token from the printed URL; empty when the server was given an
# admin token or has users) and SCRATCH_DIR.
SCRATCH_DIR=$(mktemp -d)
SCRATCH_PID=""
SCRATCH_URL=""
SCRATCH_TOKEN=""

scratch_server_stop() {
  if [ -n "$SCRATCH_PID" ] && kill -0 "$SCRATCH_PID" 2>/dev/null; then
    kill -TERM "$SCRATCH_PID" 2>/dev/null || true
    wait "$SCRATCH_PID" 2>/dev/null || true
  fi
  SCRATCH_PID=""
}
trap 'scratch_server_stop; rm -rf "$SCRATCH_DIR"' EXIT

scratch_server_start() {
  local binary=$1 web=$2
  shift 2
  "$binary" serve --port 0 --db "$SCRATCH_DIR/scratch.duckdb" --web "$web" "$@" \
    >"$SCRATCH_DIR/server.out" 2>"$SCRATCH_DIR/server.err" &
  SCRATCH_PID=$!
  local url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$SCRATCH_DIR/server.out" 2>/dev/null | head -1 || true)
    [ -n "$url" ] && break
    kill -0 "$SCRATCH_PID" 2>/dev/null || { cat "$SCRATCH_DIR/server.err" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the server did not start" >&2; cat "$SCRATCH_DIR/server.err" >&2; return 1; }
  SCRATCH_URL=${url%/}
  SCRATCH_TOKEN=$(grep -o '?token=[0-9a-f]*' "$SCRATCH_DIR/server.out" | head -1 | cut -d= -f2 || true)
}
