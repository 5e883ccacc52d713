//! What every server-side request can reach: options, the database pool, the password
//! hashing threads and the build's asset names. Server only. Nothing here is state that
//! several server processes would need to share: that is in the database.

use crate::auth::password::Hasher;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    /// The password hashing threads (sign-in limits live in the database).
    pub hasher: Hasher,
    pub build: Arc<Build>,
}

/// The build's identity and its hashed asset names (from `hash.txt`).
#[derive(Clone, Debug, Default)]
pub struct Build {
    /// Names the service worker's cache; changes with every build.
    pub id: String,
    /// Site-relative URLs of the hashed JS, wasm and CSS files.
    pub assets: Vec<String>,
    /// The trainers' bundle (JS and wasm, from `hash-sala-trainer.txt`): loaded only by
    /// pages under `/teach`.
    pub trainer_assets: Vec<String>,
    /// The signed-out bundle (from `hash-sala-public.txt`): the sign-in and offline pages.
    pub public_assets: Vec<String>,
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
            public_assets: Vec::new(),
        }
    }

    /// Adds another bundle (`TRAINER_BUNDLE`, `PUBLIC_BUNDLE`) from its hash file (same
    /// format).
    pub fn with_bundle(mut self, bundle: &str, text: &str, pkg_dir: &str) -> Build {
        let other = Build::from_hash_file(text, bundle, pkg_dir, "");
        self.id.push_str(&other.id);
        if bundle == PUBLIC_BUNDLE {
            self.public_assets = other.assets;
        } else {
            self.trainer_assets = other.assets;
        }
        self
    }

    /// The learners' bundle: this build's JS and wasm of `sala`.
    pub fn learner_assets(&self) -> impl Iterator<Item = &str> {
        self.assets
            .iter()
            .map(String::as_str)
            .filter(|a| !a.ends_with(".css"))
    }

    /// The stylesheet every page loads.
    pub fn stylesheet(&self) -> impl Iterator<Item = &str> {
        self.assets
            .iter()
            .map(String::as_str)
            .filter(|a| a.ends_with(".css"))
    }
}

/// The output names of the other bundles (`scripts/build`); their hash files are
/// `hash-<name>.txt`, next to the server binary.
pub const TRAINER_BUNDLE: &str = "sala-trainer";
pub const PUBLIC_BUNDLE: &str = "sala-public";

/// The hash file of a bundle.
pub fn hash_file_of(bundle: &str) -> String {
    format!("hash-{bundle}.txt")
}

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
        let b = b
            .with_bundle(TRAINER_BUNDLE, "js: 77aa\nwasm: 88bb\n", "pkg")
            .with_bundle(PUBLIC_BUNDLE, "js: 99cc\nwasm: 00dd\n", "pkg");
        assert_eq!(
            b.trainer_assets,
            ["/pkg/sala-trainer.77aa.js", "/pkg/sala-trainer.88bb.wasm"]
        );
        assert_eq!(
            b.public_assets,
            ["/pkg/sala-public.99cc.js", "/pkg/sala-public.00dd.wasm"]
        );
        assert_eq!(b.id, "0.1.0-abc123de-00112233-ffee-77aa-88bb-99cc-00dd");
        assert_eq!(
            b.learner_assets().collect::<Vec<_>>(),
            ["/pkg/sala.abc123def.js", "/pkg/sala.0011223344.wasm"]
        );
    }
}
