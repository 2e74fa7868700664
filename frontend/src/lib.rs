//! WASM hydrate entry point.
