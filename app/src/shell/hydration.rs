//! The scripts that bring the islands to life: Leptos's own island script, with resource
//! hints that stay off the critical path. Leptos's `HydrationScripts` preloads the wasm
//! at high priority from the `<head>`; on a slow connection that download (80–220 KB)
//! competed with the stylesheet and held the first paint of the page's text back by more
//! than a second (Lighthouse, mobile: LCP 2.4 s on the roll call, render delay 81 %).
//! Islands hydrate when the browser is idle anyway, so here the JS is preloaded at low
//! priority and the wasm is fetched by that JS once it runs.

use leptos::prelude::*;

const ISLAND_SCRIPT: &str = include_str!("island_script.js");

/// The hashed names of a bundle's JS and wasm (`<name>.<hash>`), from its hash file next
/// to the server binary, as Leptos reads them.
#[cfg(feature = "ssr")]
fn file_names(options: &LeptosOptions) -> (String, String) {
    let mut js = options.output_name.to_string();
    let mut wasm = options.output_name.to_string();
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok());
    match hashes {
        Some(text) if options.hash_files => {
            for (kind, hash) in text.lines().filter_map(|l| l.split_once(':')) {
                match kind.trim() {
                    "js" => js.push_str(&format!(".{}", hash.trim())),
                    "wasm" => wasm.push_str(&format!(".{}", hash.trim())),
                    _ => {}
                }
            }
        }
        _ => wasm.push_str("_bg"),
    }
    (js, wasm)
}

/// In place of Leptos's `HydrationScripts` (islands mode).
#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        let (js, wasm) = file_names(&options);
        let pkg = options.site_pkg_dir.to_string();
        let nonce = leptos::nonce::use_nonce();
        let call = format!("{ISLAND_SCRIPT}(\"\", {pkg:?}, {js:?}, {wasm:?});");
        view! {
            <link rel="modulepreload" href=format!("/{pkg}/{js}.js") fetchpriority="low" />
            <script type="module" nonce=nonce>{call}</script>
        }
        .into_any()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (options, ISLAND_SCRIPT);
    }
}
