#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:3000 on the embedded default: a SQLite
# file (WAL) under ./portale-data, migrated at start, demo data on first start.
# Installs what is missing first (pinned), and is fast when it is there.
#
#   ./scripts/run.sh            optimised build (release)
#   ./scripts/run.sh --rapido   unoptimised build, much shorter the first time
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

mode=release
case "${1:-}" in
  --rapido | --quick | --debug) mode=debug ;;
  "") ;;
  *)
    echo "uso: $0 [--rapido]" >&2
    exit 2
    ;;
esac

started=$SECONDS
ensure_wasm_target
ensure_wasm_bindgen
ensure_wasm_opt
ensure_esbuild
build_site "$mode"

export LEPTOS_SITE_ROOT="$SITE_ROOT"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_ENV="PROD"
export PORTALE_DATA_DIR="${PORTALE_DATA_DIR:-$ROOT/portale-data}"
say "Avvio del portale (preparazione: $((SECONDS - started)) s; Ctrl+C per fermarlo)"
exec "$TARGET_DIR/$mode/server" serve
