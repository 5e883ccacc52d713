//! Browser-only effects through `web-sys`: cookies, `<html lang>`, the query string,
//! and service-worker registration. Every function is a no-op on the server, so
//! components can call them from effects without `cfg` noise.

use crate::i18n::{I18n, Locale, LANG_COOKIE};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
fn document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

/// The language the server rendered the page in.
pub fn html_lang() -> Option<Locale> {
    #[cfg(feature = "hydrate")]
    {
        Locale::parse(&document()?.document_element()?.get_attribute("lang")?)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

pub fn set_html_lang(locale: Locale) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", locale.code());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

/// Stores the chosen language in the cookie the server reads (a year, whole site).
pub fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    if let Some(doc) = document() {
        let _ = doc.set_cookie(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.code()
        ));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

fn cookie_locale() -> Option<Locale> {
    #[cfg(feature = "hydrate")]
    {
        let cookies = document()?.cookie().ok()?;
        cookies
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Locale::parse(v))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = LANG_COOKIE;
        None
    }
}

/// A parameter of the current URL's query string.
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = web_sys::window()?.location().search().ok()?;
        search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| percent_decode(v))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}

/// Decodes `%XX` escapes and `+` (as the query string of a URL carries them).
pub fn percent_decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = v
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs once after hydration; marks `<html data-hydrated>` when done.
pub fn after_hydration(i18n: I18n) {
    if let Some(chosen) = cookie_locale() {
        if chosen != i18n.locale.get_untracked() {
            i18n.locale.set(chosen);
        }
    }
    register_service_worker();
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let container = window.navigator().service_worker();
        let _ = container.register("/sw.js");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decoding() {
        assert_eq!(super::percent_decode("%2Fteach%3Fa%3D1"), "/teach?a=1");
        assert_eq!(super::percent_decode("a+b%"), "a b%");
        assert_eq!(super::percent_decode("%E1%9E%9F"), "ស");
    }
}
