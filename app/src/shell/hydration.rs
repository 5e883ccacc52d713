//! The scripts that bring the islands to life: Leptos's own island script, with resource
//! hints that stay off the critical path. Leptos's `HydrationScripts` preloads the wasm
//! at high priority from the `<head>`; on a slow connection that download (80–220 KB)
//! competed with the stylesheet and held the first paint of the page's text back by more
//! than a second (Lighthouse, mobile: LCP 2.4 s on the roll call, render delay 81 %).
//! Islands hydrate when the browser is idle anyway, so here the JS is preloaded at low
//! priority and the wasm is fetched by that JS once it runs.

use leptos::prelude::*;

const ISLAND_SCRIPT: &str = include_str!("island_script.js");

/// The hashed names of a bundle's JS and wasm (`<name>.<hash>`): from the build's asset
/// list read once at start-up (`AppState::build`); without one (a build without hashed
/// files), from the bundle's hash file next to the server binary, as Leptos reads them.
/// Reading that file on every page cost a `readlink`, an `open` and a `read` per request
/// (about 3 % of a lesson page's time at 50 connections, `perf`).
#[cfg(feature = "ssr")]
fn file_names(options: &LeptosOptions) -> (String, String) {
    let pkg = format!("/{}/", options.site_pkg_dir);
    if let Some(state) = use_context::<crate::state::AppState>() {
        let name = options.output_name.as_ref();
        let assets: Vec<&str> = if crate::state::OTHER_BUNDLES.contains(&name) {
            state
                .build
                .bundle(name)
                .iter()
                .map(String::as_str)
                .collect()
        } else {
            state.build.learner_assets().collect()
        };
        let stem = |ext: &str| {
            assets.iter().find_map(|a| {
                a.strip_prefix(pkg.as_str())
                    .and_then(|a| a.strip_suffix(ext))
                    .map(str::to_owned)
            })
        };
        if let (Some(js), Some(wasm)) = (stem(".js"), stem(".wasm")) {
            return (js, wasm);
        }
    }
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

/// The stylesheet every page loads, by its hashed name from the build's asset list (as
/// [`file_names`]); Leptos's `HashedStylesheet` when there is none.
#[component]
pub fn Stylesheet(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let href = use_context::<crate::state::AppState>()
            .and_then(|state| state.build.stylesheet().next().map(str::to_owned));
        match href {
            Some(href) => view! { <link rel="stylesheet" id="leptos" href=href /> }.into_any(),
            None => view! { <leptos_meta::HashedStylesheet options id="leptos" /> }.into_any(),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
    }
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
