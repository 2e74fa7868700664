#!/usr/bin/env bash
# Size of the release browser bundle, as shipped: the release frontend of
# scripts/site.sh (wasm-release profile, wasm-bindgen, wasm-opt), then raw
# and gzip -9 sizes of each file under target/site/pkg.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"
ensure_wasm_target
ensure_wasm_bindgen
ensure_wasm_opt
ensure_esbuild
build_frontend release >/dev/null
total=0
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-40s raw %8d B   gzip %8d B\n' "$f" "$(stat -c %s "$f")" "$gz"
done
printf '%-40s                 gzip %8d B\n' "total" "$total"
