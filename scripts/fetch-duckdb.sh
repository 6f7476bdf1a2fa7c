#!/usr/bin/env bash
# Fetches the DuckDB 1.4.4 C header and shared library from the npm registry
# with `npm pack` (no install scripts run) and checks them against pinned
# SHA-256 sums. Idempotent: does nothing when verified files are present.
# usage: scripts/fetch-duckdb.sh DEST   -> DEST/include/duckdb.h, DEST/lib/libduckdb.so
set -euo pipefail
DEST=${1:?usage: fetch-duckdb.sh DEST}
HDR_PKG=duckdb@1.4.4
LIB_PKG=@duckdb/node-bindings-linux-x64@1.4.4-r.4
HDR_TGZ_SHA=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed
LIB_TGZ_SHA=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b
HDR_SHA=cbe6a827284375c5a646b8f27dbd3a00808ce8738b5bbb49c190cb1e08540281
LIB_SHA=1ef33048e12235115ac0d277a0aaccbb560e33248144f488b5ac005cd9ba81b5

verified() {
  [ -f "$DEST/include/duckdb.h" ] && [ -f "$DEST/lib/libduckdb.so" ] || return 1
  echo "$HDR_SHA  $DEST/include/duckdb.h" | sha256sum -c --quiet - 2>/dev/null || return 1
  # The library is 65 MB; hashing it costs ~0.2 s, so a stamp records a past check.
  [ -f "$DEST/.verified" ] && [ "$DEST/.verified" -nt "$DEST/lib/libduckdb.so" ] && return 0
  echo "$LIB_SHA  $DEST/lib/libduckdb.so" | sha256sum -c --quiet - || return 1
  touch "$DEST/.verified"
}
verified && exit 0

command -v npm >/dev/null || { echo "fetch-duckdb: npm is required (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "fetch-duckdb: downloading $HDR_PKG and $LIB_PKG with npm pack" >&2
( cd "$tmp" && npm pack --silent "$HDR_PKG" "$LIB_PKG" >/dev/null )
echo "$HDR_TGZ_SHA  $tmp/duckdb-1.4.4.tgz" | sha256sum -c --quiet -
echo "$LIB_TGZ_SHA  $tmp/duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" | sha256sum -c --quiet -
mkdir -p "$DEST/include" "$DEST/lib"
tar -xzf "$tmp/duckdb-1.4.4.tgz" -O package/src/duckdb/src/include/duckdb.h > "$tmp/duckdb.h"
tar -xzf "$tmp/duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" -O package/libduckdb.so > "$tmp/libduckdb.so"
tar -xzf "$tmp/duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz" -O package/LICENSE > "$tmp/LICENSE"
echo "$HDR_SHA  $tmp/duckdb.h" | sha256sum -c --quiet -
echo "$LIB_SHA  $tmp/libduckdb.so" | sha256sum -c --quiet -
mv "$tmp/duckdb.h" "$DEST/include/duckdb.h"
mv "$tmp/libduckdb.so" "$DEST/lib/libduckdb.so"
mv "$tmp/LICENSE" "$DEST/LICENSE"
touch "$DEST/.verified"
echo "fetch-duckdb: DuckDB 1.4.4 ready in $DEST" >&2
