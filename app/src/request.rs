//! What a request says about itself (server only): its cookies and its language — each
//! read by one function that pages, server functions and the server's plain handlers
//! all use.

use crate::i18n::{Locale, LANG_COOKIE, LANG_HEADER};

/// The value of cookie `name` in a request's headers.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The language of a request — the one rule, for pages and downloads alike: the
/// `x-sala-lang` header (a service worker fetching a page in a given language cannot set
/// cookies), else the `sala_lang` cookie, else `Accept-Language`, else Khmer.
pub fn locale(headers: &http::HeaderMap) -> Locale {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    header(LANG_HEADER)
        .and_then(Locale::parse)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(|c| Locale::parse(&c)))
        .or_else(|| {
            header(http::header::ACCEPT_LANGUAGE.as_str()).and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}
