//! Configuration from the environment (documented in the README).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `DATABASE_URL`, default `sqlite://data/sala.db`.
    pub database_url: String,
    /// `LEPTOS_SITE_ROOT`, default `target/site`: the built JS, wasm, CSS and `public/`.
    pub site_root: PathBuf,
    /// `SALA_DEMO=1`: seed the demo institute and its sign-ins at start-up.
    pub demo: bool,
    /// `SALA_SECURE_COOKIES=1`: mark cookies `Secure` (set it behind HTTPS).
    pub secure_cookies: bool,
    /// `SALA_BEHIND_PROXY=1`: the client's address is the last hop of `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// `SALA_HASH_THREADS`, default 1: threads checking passwords, each keeping 19 MiB.
    pub hash_threads: usize,
    /// `SALA_PUBLIC_ORIGIN`: the origin people reach Sala at (`https://sala.example`),
    /// when a proxy in front changes the `Host` header; else a request's own `Host`.
    pub public_origin: Option<String>,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr = addr_text.parse().map_err(|e| {
            format!("LEPTOS_SITE_ADDR={addr_text:?} is not an address like 127.0.0.1:3000: {e}")
        })?;
        Ok(Config {
            addr,
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/sala.db".to_owned()),
            site_root: get("LEPTOS_SITE_ROOT")
                .unwrap_or_else(|| "target/site".to_owned())
                .into(),
            demo: flag(get("SALA_DEMO")),
            secure_cookies: flag(get("SALA_SECURE_COOKIES")),
            behind_proxy: flag(get("SALA_BEHIND_PROXY")),
            hash_threads: match get("SALA_HASH_THREADS") {
                None => 1,
                Some(text) => text
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=64).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "SALA_HASH_THREADS={text:?} is not a number of threads from 1 to 64"
                        )
                    })?,
            },
            public_origin: get("SALA_PUBLIC_ORIGIN")
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty()),
        })
    }
}

fn flag(value: Option<String>) -> bool {
    matches!(
        value.as_deref().map(str::trim),
        Some("1" | "true" | "yes" | "on")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let c = Config::from_lookup(|_| None).expect("defaults");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/sala.db");
        assert!(!c.demo);
        let c = Config::from_lookup(|k| match k {
            "LEPTOS_SITE_ADDR" => Some("0.0.0.0:8080".into()),
            "SALA_DEMO" => Some("true".into()),
            _ => None,
        })
        .expect("overrides");
        assert_eq!(c.addr.port(), 8080);
        assert!(c.demo);
    }

    #[test]
    fn a_bad_address_is_a_clear_error() {
        let err = Config::from_lookup(|k| (k == "LEPTOS_SITE_ADDR").then(|| "localhost".into()))
            .expect_err("bad");
        assert!(err.contains("LEPTOS_SITE_ADDR"), "{err}");
    }
}
