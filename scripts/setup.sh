#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine (run as root, or with
# sudo available): apt packages, then the pinned DuckDB fetch. A second run
# with everything present takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev
  libnlopt-cxx-dev libspdlog-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  libtbb-dev libxxhash-dev libsodium-dev
  libxlsxwriter-dev python3
  # the linker of both builds (CMakeLists.txt, PLANWISE_LLD)
  lld
  # make fuzz (issue 15 item 3): clang, its libFuzzer and sanitizer runtimes, its OpenMP
  clang-14 libclang-rt-14-dev libomp-14-dev
  chromium
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# The machine image may carry its own Node.js (with npm bundled); only a
# machine with no npm at all gets Debian's.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

scripts/fetch-duckdb.sh .deps/duckdb

# The dashboard's libraries (htm+preact, uPlot) and the browser-test driver
# (playwright-core), exactly as web/package-lock.json pins them, with no
# install scripts. The stamp holds the lockfile's SHA-256 and skips the step
# while it matches: a content check, not a date check, since a fresh git
# checkout (a new clone or worktree) dates the lockfile now.
lock_sum=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ "$(cat web/node_modules/.planwise-stamp 2>/dev/null)" != "$lock_sum" ]; then
  echo "setup: npm ci in web/" >&2
  ( cd web && npm ci --ignore-scripts --no-audit --no-fund --silent )
  echo "$lock_sum" > web/node_modules/.planwise-stamp
fi
