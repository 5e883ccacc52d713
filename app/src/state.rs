//! What every server-side request can reach: options, the database pool, the password
//! hashing threads and the build's asset names. Server only. Nothing here is state that
//! several server processes would need to share: that is in the database.

use crate::auth::password::Hasher;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: AnyPool,
    /// One connection of its own for `/healthz`, which never queues behind requests.
    #[from_ref(skip)]
    pub health: AnyPool,
    /// The password hashing threads (sign-in limits live in the database).
    pub hasher: Hasher,
    pub build: Arc<Build>,
    /// `SALA_PUBLIC_ORIGIN` (`https://sala.example`), when set: where exported
    /// identifiers (CASE URIs) say Sala lives, rather than the request's `Host`.
    #[from_ref(skip)]
    pub public_origin: Option<String>,
}

/// The build's identity and its hashed asset names (from `hash.txt`).
#[derive(Clone, Debug, Default)]
pub struct Build {
    /// Names the service worker's cache; changes with every build.
    pub id: String,
    /// Site-relative URLs of the hashed JS, wasm and CSS files.
    pub assets: Vec<String>,
    /// The other bundles' JS and wasm (from `hash-<name>.txt`), by name
    /// ([`OTHER_BUNDLES`]): the trainers' (pages under `/teach`), the authors' (pages under
    /// `/curriculum`) and the signed-out one (the sign-in and offline pages).
    pub bundles: Vec<(&'static str, Vec<String>)>,
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
            bundles: Vec::new(),
        }
    }

    /// Adds another bundle (one of [`OTHER_BUNDLES`]) from its hash file (same format).
    pub fn with_bundle(mut self, bundle: &'static str, text: &str, pkg_dir: &str) -> Build {
        let other = Build::from_hash_file(text, bundle, pkg_dir, "");
        self.id.push_str(&other.id);
        self.bundles.retain(|(name, _)| *name != bundle);
        self.bundles.push((bundle, other.assets));
        self
    }

    /// The JS and wasm of another bundle; empty when this build has none of that name.
    pub fn bundle(&self, bundle: &str) -> &[String] {
        self.bundles
            .iter()
            .find(|(name, _)| *name == bundle)
            .map_or(&[], |(_, assets)| assets.as_slice())
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
pub const AUTHOR_BUNDLE: &str = "sala-author";
pub const PUBLIC_BUNDLE: &str = "sala-public";
pub const OTHER_BUNDLES: [&str; 3] = [TRAINER_BUNDLE, AUTHOR_BUNDLE, PUBLIC_BUNDLE];

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
            b.bundle(TRAINER_BUNDLE),
            ["/pkg/sala-trainer.77aa.js", "/pkg/sala-trainer.88bb.wasm"]
        );
        assert_eq!(
            b.bundle(PUBLIC_BUNDLE),
            ["/pkg/sala-public.99cc.js", "/pkg/sala-public.00dd.wasm"]
        );
        assert!(b.bundle(AUTHOR_BUNDLE).is_empty());
        assert_eq!(b.id, "0.1.0-abc123de-00112233-ffee-77aa-88bb-99cc-00dd");
        assert_eq!(
            b.learner_assets().collect::<Vec<_>>(),
            ["/pkg/sala.abc123def.js", "/pkg/sala.0011223344.wasm"]
        );
    }
}
