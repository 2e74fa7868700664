#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:3000 on the embedded default: a SQLite
# file (WAL) under ./portale-data, migrated at start, demo data on first start.
# Installs what is missing first (pinned), and is fast when it is there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt

say "Building the portal (release)"
cargo leptos build --release

export LEPTOS_SITE_ROOT="$ROOT/target/site"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_ENV="PROD"
export PORTALE_DATA_DIR="${PORTALE_DATA_DIR:-$ROOT/portale-data}"
say "Starting (Ctrl+C to stop)"
exec "$TARGET_DIR/release/server" serve
