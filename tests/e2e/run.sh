#!/usr/bin/env bash
# Browser end-to-end tests of the dashboard (issues 5 and 10): starts
# `planwise serve` on a free loopback port with a fresh database serving this
# checkout's web/, runs each Playwright script in headless Chromium against
# it in turn (dashboard first: the later ones read what it leaves; ensemble
# before governance, which adds users and publishes a scenario; census last,
# as it switches the census and back), and stops
# the server.
# usage: tests/e2e/run.sh PLANWISE_BINARY ARTIFACT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary=${1:?usage: run.sh PLANWISE_BINARY ARTIFACT_DIR}
artifacts=${2:?usage: run.sh PLANWISE_BINARY ARTIFACT_DIR}
command -v node >/dev/null || { echo "e2e: node is required" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "e2e: /usr/bin/chromium is required (make setup installs it)" >&2; exit 1; }
[ -d "$root/web/node_modules/playwright-core" ] || { echo "e2e: web/node_modules is missing (make setup)" >&2; exit 1; }

# shellcheck source=../../scripts/scratch_server.sh
. "$root/scripts/scratch_server.sh"
mkdir -p "$artifacts"
scratch_server_start "$binary" "$root/web"
echo "e2e: server at $SCRATCH_URL (PID $SCRATCH_PID)"
for test in dashboard grid workbench ensemble governance census; do
  echo "e2e: $test.test.mjs"
  PLANWISE_URL="$SCRATCH_URL" PLANWISE_TOKEN="$SCRATCH_TOKEN" PLANWISE_ARTIFACTS="$artifacts" node "$here/$test.test.mjs"
done
