//! What every server-side request can reach: options, the database pool, the sign-in
//! rate limiter and the build's asset names. Server only.

use crate::auth::limiter::LoginLimiter;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub limiter: Arc<LoginLimiter>,
    pub build: Arc<Build>,
}

/// The build's identity and its hashed asset names (from `hash.txt`).
#[derive(Clone, Debug, Default)]
pub struct Build {
    /// Names the service worker's cache; changes with every build.
    pub id: String,
    /// Site-relative URLs of the hashed JS, wasm and CSS files.
    pub assets: Vec<String>,
    /// The trainers' bundle (JS and wasm, from `hash-trainer.txt`): loaded only by
    /// pages under `/teach`, so the service worker caches it when such a page is
    /// loaded or kept rather than on every phone.
    pub trainer_assets: Vec<String>,
}

impl Build {
    /// Reads `hash.txt` (`js: <hash>` lines) as written by cargo-leptos.
    pub fn from_hash_file(text: &str, output_name: &str, pkg_dir: &str, version: &str) -> Build {
        let mut assets = Vec::new();
        let mut id = String::from(version);
        for line in text.lines() {
            let Some((kind, hash)) = line.split_once(':') else {
                continue;
            };
            let (kind, hash) = (kind.trim(), hash.trim());
            let ext = match kind {
                "js" => "js",
                "wasm" => "wasm",
                "css" => "css",
                _ => continue,
            };
            assets.push(format!("/{pkg_dir}/{output_name}.{hash}.{ext}"));
            id.push('-');
            id.push_str(&hash[..hash.len().min(8)]);
        }
        Build {
            id,
            assets,
            trainer_assets: Vec::new(),
        }
    }

    /// Adds the trainers' bundle from its hash file (same format).
    pub fn with_trainer_bundle(mut self, text: &str, pkg_dir: &str) -> Build {
        let trainer = Build::from_hash_file(text, TRAINER_BUNDLE, pkg_dir, "");
        self.id.push_str(&trainer.id);
        self.trainer_assets = trainer.assets;
        self
    }
}

/// The output name of the trainers' bundle (`scripts/build`).
pub const TRAINER_BUNDLE: &str = "sala-trainer";
/// Its hash file, next to the server binary.
pub const TRAINER_HASH_FILE: &str = "hash-trainer.txt";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_leptos_hash_file() {
        let b = Build::from_hash_file(
            "js: abc123def\nwasm: 0011223344\ncss: ffee\n",
            "sala",
            "pkg",
            "0.1.0",
        );
        assert_eq!(
            b.assets,
            [
                "/pkg/sala.abc123def.js",
                "/pkg/sala.0011223344.wasm",
                "/pkg/sala.ffee.css"
            ]
        );
        assert_eq!(b.id, "0.1.0-abc123de-00112233-ffee");
        let b = b.with_trainer_bundle("js: 77aa\nwasm: 88bb\n", "pkg");
        assert_eq!(
            b.trainer_assets,
            ["/pkg/sala-trainer.77aa.js", "/pkg/sala-trainer.88bb.wasm"]
        );
        assert_eq!(b.id, "0.1.0-abc123de-00112233-ffee-77aa-88bb");
    }
}
