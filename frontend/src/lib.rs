//! The browser entry point: hydrates the islands of the server-rendered page (the few
//! interactive components marked `#[island]`). Nothing else lives here.

// Links the app crate so its islands' exported hydration functions stay in the wasm.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
