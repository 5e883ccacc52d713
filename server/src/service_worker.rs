//! `GET /sw.js`: the service worker, with this build's id, its precache list and its
//! on-demand assets written in front of the script in `sw.js`. Served `no-cache` so
//! phones pick up new builds.

use app::i18n::Locale;
use app::state::{AppState, Build, AUTHOR_BUNDLE, PUBLIC_BUNDLE, TRAINER_BUNDLE};
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

/// What every phone keeps at once (the signed-out bundle, the stylesheet, the shell),
/// and what it keeps once a page has used it (the learners', the trainers' and the
/// authors' bundles: a first visit to the sign-in page downloads none of them). Without a signed-out bundle
/// (a development build) the learners' bundle is kept at once.
pub fn precache_and_on_demand(build: &Build) -> (Vec<&str>, Vec<&str>) {
    let mut precache: Vec<&str> = build.stylesheet().chain(SHELL).collect();
    let mut on_demand: Vec<&str> = [TRAINER_BUNDLE, AUTHOR_BUNDLE]
        .into_iter()
        .flat_map(|b| build.bundle(b))
        .map(String::as_str)
        .collect();
    let public = build.bundle(PUBLIC_BUNDLE);
    if public.is_empty() {
        precache.extend(build.learner_assets());
    } else {
        precache.extend(public.iter().map(String::as_str));
        on_demand.extend(build.learner_assets());
    }
    (precache, on_demand)
}

pub async fn script(State(state): State<AppState>) -> impl IntoResponse {
    let (precache, on_demand) = precache_and_on_demand(&state.build);
    let body = format!(
        "const BUILD = {};\nconst PRECACHE = {};\nconst ON_DEMAND = {};\nconst OFFLINE_URL = {};\nconst LANGS = {};\n{SCRIPT}",
        serde_json::to_string(&state.build.id).unwrap_or_default(),
        serde_json::to_string(&precache).unwrap_or_default(),
        serde_json::to_string(&on_demand).unwrap_or_default(),
        serde_json::to_string(app::shell::OFFLINE_PATH).unwrap_or_default(),
        serde_json::to_string(&Locale::ALL.map(Locale::code)).unwrap_or_default(),
    );
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            // The worker fetches pages and files of this site only.
            (header::CONTENT_SECURITY_POLICY, "default-src 'self'"),
        ],
        body,
    )
}
