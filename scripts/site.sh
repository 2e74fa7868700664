# Builds the portal's site the way `cargo leptos build` lays it out, without
# needing cargo-leptos (a 12 to 34 minute compile on a fresh 2-core machine):
#
#   target/site/pkg/portale-scuole.wasm   the hydrating WASM (wasm-bindgen, --target web)
#   target/site/pkg/portale-scuole.js     its JavaScript glue (minified in release)
#   target/site/pkg/portale-scuole.css    the stylesheet (minified in release)
#   target/site/…                         the files of public/
#
# plus the server binary. The names and folders are those of
# [workspace.metadata.leptos] in Cargo.toml, which `cargo leptos watch` still
# reads for development. The WASM is built in the same target directory as
# the server, so the two share their host-side builds (proc macros).
# shellcheck shell=bash

SITE_ROOT="$ROOT/target/site"
SITE_PKG="$SITE_ROOT/pkg"

# Runs one build step, saying what it does and how long it took.
timed() {
  local what="$1" start=$SECONDS
  shift
  printf '\n==> %s\n' "$what"
  "$@"
  printf '    (%s: %ss)\n' "$what" "$((SECONDS - start))"
}

# The browser side: WASM, wasm-bindgen, wasm-opt (release), CSS, assets.
build_frontend() {
  local mode="$1" profile out
  if [ "$mode" = release ]; then profile="wasm-release"; else profile="dev"; fi
  out="$TARGET_DIR/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo "$profile")"
  timed "WASM frontend (cargo build -p frontend, profile $profile)" \
    cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile"
  mkdir -p "$SITE_PKG"
  timed "JavaScript glue (wasm-bindgen --target web)" \
    wasm-bindgen --target web --no-typescript --out-name "$LEPTOS_OUTPUT_NAME" \
    --out-dir "$SITE_PKG" "$out/frontend.wasm"
  # Leptos' hydration script asks for NAME.wasm, wasm-bindgen writes NAME_bg.wasm.
  mv -f "$SITE_PKG/${LEPTOS_OUTPUT_NAME}_bg.wasm" "$SITE_PKG/$LEPTOS_OUTPUT_NAME.wasm"
  if [ "$mode" = release ]; then
    timed "WASM size optimisation (wasm-opt -Oz)" \
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$SITE_PKG/$LEPTOS_OUTPUT_NAME.wasm" -o "$SITE_PKG/$LEPTOS_OUTPUT_NAME.wasm"
    timed "JavaScript minification (esbuild)" \
      esbuild --minify --format=esm --log-level=warning --allow-overwrite \
      "$SITE_PKG/$LEPTOS_OUTPUT_NAME.js" --outfile="$SITE_PKG/$LEPTOS_OUTPUT_NAME.js"
  fi
  if [ "$mode" = release ]; then
    esbuild --minify --log-level=warning "$ROOT/style/main.css" \
      --outfile="$SITE_PKG/$LEPTOS_OUTPUT_NAME.css"
  else
    cp "$ROOT/style/main.css" "$SITE_PKG/$LEPTOS_OUTPUT_NAME.css"
  fi
  if [ -d "$ROOT/public" ]; then
    cp -R "$ROOT/public/." "$SITE_ROOT/"
  fi
}

# The server binary: debug (shares the test build) or release.
build_server() {
  local mode="$1"
  if [ "$mode" = release ]; then
    timed "Server (cargo build -p server --release)" cargo build -p server --release
  else
    timed "Server (cargo build -p server)" cargo build -p server
  fi
}

# The whole site and server; "release" (optimised, wasm-opt) or "debug".
build_site() {
  local mode="${1:-release}"
  build_frontend "$mode"
  build_server "$mode"
}
