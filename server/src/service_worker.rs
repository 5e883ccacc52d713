//! `GET /sw.js`: the service worker, with this build's id and precache list written
//! in front of the script in `sw.js`. Served `no-cache` so phones pick up new builds.

use app::i18n::Locale;
use app::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

const SCRIPT: &str = include_str!("sw.js");

/// Files every page needs, besides the build's hashed JS, wasm and CSS.
const SHELL: [&str; 7] = [
    app::shell::OFFLINE_PATH,
    "/manifest.webmanifest",
    "/fonts/noto-sans-khmer-400.woff2",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/apple-touch-icon.png",
    "/favicon.png",
];

pub async fn script(State(state): State<AppState>) -> impl IntoResponse {
    let precache: Vec<&str> = state
        .build
        .assets
        .iter()
        .map(String::as_str)
        .chain(SHELL)
        .collect();
    let body = format!(
        "const BUILD = {};\nconst PRECACHE = {};\nconst ON_DEMAND = {};\nconst OFFLINE_URL = {};\nconst LANGS = {};\n{SCRIPT}",
        serde_json::to_string(&state.build.id).unwrap_or_default(),
        serde_json::to_string(&precache).unwrap_or_default(),
        serde_json::to_string(&state.build.trainer_assets).unwrap_or_default(),
        serde_json::to_string(app::shell::OFFLINE_PATH).unwrap_or_default(),
        serde_json::to_string(&Locale::ALL.map(Locale::code)).unwrap_or_default(),
    );
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}
