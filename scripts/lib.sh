# Shared by scripts/run.sh and scripts/test.sh: idempotent installs of what
# the portal needs, each skipped when already present at the pinned version.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${PORTALE_TOOLS:-$HOME/.cache/portale-scuole/tools}"
CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132.0.0"
ESBUILD_VERSION="0.28.2"
LEPTOSFMT_VERSION="0.1.33"

# Tools installed by `cargo install` land in $CARGO_HOME/bin.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
# Leptos bakes the output name in at build time; exporting it for every
# cargo command keeps plain `cargo test` from rebuilding all of leptos.
export LEPTOS_OUTPUT_NAME="portale-scuole"

# A target cache outside the clone, reused across CI runs when it exists.
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  cache="${PORTALE_TARGET_CACHE:-$HOME/.cache/portale-scuole/target}"
  if [ -d "$cache" ] || [ "${CI:-}" = "true" ]; then
    mkdir -p "$cache"
    export CARGO_TARGET_DIR="$cache"
  fi
fi
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

say() { printf '\n==> %s\n' "$*"; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_rust_components() {
  local c
  for c in clippy rustfmt; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
      say "Installing the Rust component $c"
      rustup component add "$c"
    fi
  done
}

# Only for `cargo leptos watch` (development with live reload): the two
# commands build the site with scripts/site.sh and do not need it.
ensure_cargo_leptos() {
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (12-34 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, "", $0); print; exit}' "$ROOT/Cargo.lock")"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (matches Cargo.lock; about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    say "Installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
}

# JavaScript minifier for the release site (cargo-leptos used swc for this).
ensure_esbuild() {
  if [ "$(esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
    say "Installing esbuild $ESBUILD_VERSION (npm)"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "esbuild@$ESBUILD_VERSION"
  fi
}

# Formatter of the view! macros (rustfmt leaves macro bodies alone).
ensure_leptosfmt() {
  local bin="$TOOLS/leptosfmt/bin/leptosfmt"
  if [ "$("$bin" --version 2>/dev/null)" != "leptosfmt $LEPTOSFMT_VERSION" ]; then
    say "Installing leptosfmt $LEPTOSFMT_VERSION (cargo install)"
    CARGO_TARGET_DIR="$TOOLS/leptosfmt-build" cargo install leptosfmt \
      --version "$LEPTOSFMT_VERSION" --locked --root "$TOOLS/leptosfmt"
    rm -rf "$TOOLS/leptosfmt-build"
  fi
  export PATH="$TOOLS/leptosfmt/bin:$PATH"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    say "Installing Chromium (Debian package)"
    apt_install chromium
  fi
}

ensure_postgres() {
  if ! pg_bin initdb >/dev/null 2>&1; then
    say "Installing PostgreSQL server (Debian package)"
    apt_install postgresql
  fi
}

# Path of a PostgreSQL server program (initdb, pg_ctl), wherever Debian put it.
pg_bin() {
  local name="$1" p
  for p in "$(command -v "$name" 2>/dev/null)" /usr/lib/postgresql/*/bin/"$name"; do
    if [ -n "$p" ] && [ -x "$p" ]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

ensure_e2e_packages() {
  local dir="$ROOT/end2end"
  local stamp="$dir/node_modules/.portale-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "Installing end-to-end test packages (npm ci)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# The SMTP server the reminder tests start on loopback (PyPI aiosmtpd).
AIOSMTPD_VERSION="1.4.6"
ensure_aiosmtpd() {
  if [ "$(python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)" != "$AIOSMTPD_VERSION" ]; then
    say "Installing aiosmtpd $AIOSMTPD_VERSION (pip)"
    python3 -m pip install --quiet "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until http://127.0.0.1:$1/ answers, or fails after $2 seconds.
wait_http() {
  local port="$1" limit="$2" i
  for ((i = 0; i < limit * 4; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/"; then
      return 0
    fi
    sleep 0.25
  done
  echo "the server on port $port did not answer within ${limit}s" >&2
  return 1
}

# The site builder (WASM, wasm-bindgen, wasm-opt, CSS, server binary).
source "$ROOT/scripts/site.sh"
