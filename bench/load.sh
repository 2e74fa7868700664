#!/usr/bin/env bash
# Load test of the running portal (server/benches/load.rs): builds the
# release server and the bench, then runs it; LOAD_CLIENTS, LOAD_SECONDS,
# LOAD_BACKEND, LOAD_DATABASE_URL, LOAD_INSTANCES pass through. With
# LOAD_BACKEND=postgres and no LOAD_DATABASE_URL a throwaway PostgreSQL
# cluster is started on a free port and stopped at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

WORK=""
cleanup() {
  if [ -n "$WORK" ]; then
    if [ -f "$WORK/pg/PG_VERSION" ]; then
      runuser -u postgres -- "$(pg_bin pg_ctl)" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

if [ "${LOAD_BACKEND:-sqlite}" = "postgres" ] && [ -z "${LOAD_DATABASE_URL:-}" ]; then
  ensure_postgres
  WORK="$(mktemp -d /tmp/portale-load.XXXXXX)"
  PG_PORT="$(free_port)"
  chown postgres "$WORK"
  runuser -u postgres -- "$(pg_bin initdb)" -D "$WORK/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$(pg_bin pg_ctl)" -D "$WORK/pg" -l "$WORK/pg.log" -w \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  export LOAD_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
fi

cargo bench -p server --bench load
