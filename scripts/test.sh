#!/usr/bin/env bash
# Runs every test: unit and property tests of the domain code, integration
# tests against a real SQLite file and a real throwaway PostgreSQL cluster,
# the WASM build of the frontend, and the end-to-end tests in headless
# Chromium. Installs what is missing first (pinned), idempotently.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_wasm_target
ensure_rust_components
ensure_wasm_bindgen
ensure_leptosfmt
ensure_chromium
ensure_postgres
ensure_e2e_packages

WORK="$(mktemp -d /tmp/portale-test.XXXXXX)"
PG_DIR="$WORK/pg"
SERVER_PID=""
OIDC_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$OIDC_PID" ]; then kill "$OIDC_PID" 2>/dev/null || true; fi
  if [ -f "$PG_DIR/PG_VERSION" ]; then
    runuser -u postgres -- "$(pg_bin pg_ctl)" -D "$PG_DIR" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "Formatting and lints (cargo fmt, leptosfmt, clippy per package)"
cargo fmt --all -- --check
leptosfmt --check --quiet app/src
cargo clippy -p app --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Unit and property tests (app, pure domain code)"
cargo test -p app

say "Starting a throwaway PostgreSQL cluster"
PG_PORT="$(free_port)"
chown postgres "$WORK"
runuser -u postgres -- "$(pg_bin initdb)" -D "$PG_DIR" -A trust -U postgres >/dev/null
runuser -u postgres -- "$(pg_bin pg_ctl)" -D "$PG_DIR" -l "$WORK/pg.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

say "Integration tests (server, SQLite file and PostgreSQL)"
ensure_aiosmtpd
cargo test -p server

# The site as scripts/run.sh builds it (scripts/site.sh, no cargo-leptos);
# the server binary is the one the integration tests just built.
build_frontend debug

say "End-to-end tests in headless Chromium"
PORT="$(free_port)"
E2E_DATA="$WORK/e2e-data"
mkdir -p "$E2E_DATA"
# One fixed password for every demo account, so the browser tests can log in.
export PORTALE_DEMO_PASSWORD="Prova-Portale-2026"
# A real OpenID provider (npm oidc-provider) standing in for the SPID/CIE gateway.
OIDC_PORT="$(free_port)"
CALLBACK="http://127.0.0.1:$PORT/auth/spid/callback"
PORT="$OIDC_PORT" REDIRECT_URI="$CALLBACK" \
  CLIENT_SECRET="segreto-di-prova" node end2end/oidc-provider/provider.mjs >"$WORK/oidc.log" 2>&1 &
OIDC_PID=$!
LEPTOS_SITE_ROOT="$ROOT/target/site" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" \
  PORTALE_DATA_DIR="$E2E_DATA" PORTALE_TODAY="2026-11-24" \
  PORTALE_OIDC_ISSUER="http://127.0.0.1:$OIDC_PORT" PORTALE_OIDC_CLIENT_ID="portale" \
  PORTALE_OIDC_CLIENT_SECRET="segreto-di-prova" \
  PORTALE_OIDC_REDIRECT_URL="$CALLBACK" \
  PORTALE_OIDC_SCOPES="openid profile fiscalNumber" \
  "$TARGET_DIR/debug/server" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
if ! wait_http "$PORT" 120; then
  cat "$WORK/server.log" >&2
  exit 1
fi
if ! (cd end2end && BASE_URL="http://127.0.0.1:$PORT" CHROMIUM_PATH="$(command -v chromium)" npx playwright test); then
  echo "--- last lines of the portal's log ---" >&2
  tail -n 40 "$WORK/server.log" >&2
  exit 1
fi

say "All tests passed"
