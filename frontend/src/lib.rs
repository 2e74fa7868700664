//! WASM entry point: hydrates the interactive islands of the server-rendered
//! pages, nothing else. Pages are plain HTML from the server; only forms and
//! widgets (`#[island]`) ship as WASM, which keeps the bundle small for
//! schools on slow connections.

// Links the app so its islands' exports are part of this module.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
