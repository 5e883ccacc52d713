//! Browser-only code through `web-sys`: the `Boot` island (registers the service
//! worker, marks `<html data-hydrated>`), the language switch's effects, and reading
//! the query string. Every function is a no-op on the server.

use crate::i18n::{Locale, LANG_COOKIE};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
fn document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

/// Runs once in the browser, on every page: registers the service worker and marks
/// `<html data-hydrated>` (tests wait for it).
#[island]
pub fn Boot() -> impl IntoView {
    Effect::new(move |_| {
        register_service_worker();
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}

/// Remembers `locale` (cookie for the server, a message for the service worker) and
/// reloads the page in it.
pub fn switch_language(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(doc) = document() {
            let _ = doc.set_cookie(&format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                locale.code()
            ));
        }
        if let Some(window) = web_sys::window() {
            if let Some(worker) = window.navigator().service_worker().controller() {
                let _ = worker.post_message(&wasm_bindgen::JsValue::from_str(&format!(
                    "lang:{}",
                    locale.code()
                )));
            }
            let _ = window.location().reload();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, LANG_COOKIE);
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

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decoding() {
        assert_eq!(super::percent_decode("%2Fteach%3Fa%3D1"), "/teach?a=1");
        assert_eq!(super::percent_decode("a+b%"), "a b%");
        assert_eq!(super::percent_decode("%E1%9E%9F"), "ស");
    }
}
