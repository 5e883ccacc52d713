//! "Download for offline": a course's pages (in every language) and the images its
//! lessons show, kept in a Cache Storage cache of its own (`sala-course-<class>`), which
//! the service worker reads when the network is gone and app updates leave alone.
//! Pages are kept under the key the service worker uses (`<url>?__lang=<code>`).
//!
//! A download goes to a cache of its own (`sala-course-<class>.<millis>`) and the older
//! copies are deleted only once it is complete: cancelling, losing the network or
//! running out of storage never leaves half a course, and never deletes the copy that
//! was there.

use crate::i18n::Locale;
use domain::ClassId;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wire::learn::OfflineBundle;

/// Cache names of saved courses start with this.
pub const PREFIX: &str = "sala-course-";
/// Where a saved course keeps its own description.
const META_PATH: &str = "/__sala/course";

/// What is saved of a course on this device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: String,
    pub bytes: u64,
    pub at: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadError {
    Cancelled,
    /// No network, a page that did not load, or a session that has ended.
    Network,
    /// The device refused to store it (full, private mode…).
    Storage,
}

impl From<JsValue> for DownloadError {
    fn from(_: JsValue) -> Self {
        DownloadError::Storage
    }
}

/// The caches of one class's copies: `sala-course-<class>.<millis>`, one per download.
/// (Older builds named it `sala-course-<class>`, with `-new` while downloading.)
fn cache_prefix(class: ClassId) -> String {
    format!("{PREFIX}{class}")
}

/// The class a cache of saved copies belongs to.
fn class_of(name: &str) -> Option<ClassId> {
    name.strip_prefix(PREFIX)?.get(..36)?.parse().ok()
}

/// The names of every cache of `class`'s copies, oldest first.
async fn copies_of(class: ClassId) -> Vec<String> {
    let prefix = cache_prefix(class);
    let mut names = cache_names().await;
    names.retain(|n| n.starts_with(&prefix));
    names
}

async fn cache_names() -> Vec<String> {
    let Ok(storage) = caches() else {
        return Vec::new();
    };
    let Ok(keys) = JsFuture::from(storage.keys()).await else {
        return Vec::new();
    };
    js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// What a complete copy says of itself (an interrupted one has no description).
async fn described(name: &str) -> Option<Saved> {
    let cache = open(name).await.ok()?;
    let found = JsFuture::from(cache.match_with_str(META_PATH)).await.ok()?;
    let response: web_sys::Response = found.dyn_into().ok()?;
    let text = super::js::text(&response).await.ok()?;
    serde_json::from_str(&text).ok()
}

fn caches() -> Result<web_sys::CacheStorage, JsValue> {
    super::js::window().ok_or(JsValue::NULL)?.caches()
}

async fn open(name: &str) -> Result<web_sys::Cache, JsValue> {
    JsFuture::from(caches()?.open(name)).await?.dyn_into()
}

fn origin() -> String {
    super::js::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The key the service worker looks a page up by.
pub fn page_key(origin: &str, path: &str, locale: Locale) -> String {
    format!("{origin}{path}?__lang={}", locale.code())
}

/// What is saved of `class`, if anything: the newest complete copy.
pub async fn saved(class: ClassId) -> Option<Saved> {
    for name in copies_of(class).await.iter().rev() {
        if let Some(saved) = described(name).await {
            return Some(saved);
        }
    }
    None
}

/// The classes with a complete copy on this device.
pub async fn saved_classes() -> Vec<ClassId> {
    let mut classes = Vec::new();
    for name in cache_names().await {
        if let Some(class) = class_of(&name) {
            if !classes.contains(&class) && described(&name).await.is_some() {
                classes.push(class);
            }
        }
    }
    classes
}

/// Downloads `bundle` for `class`. `progress(done, total)` is called after each file;
/// `cancelled()` is asked before each.
///
/// The new copy goes into a cache of its own, and the older copies are deleted only once
/// it is whole: an update that fails half-way (no network, the device's storage full)
/// leaves the copy that was there working. (The service worker finds a page in any of
/// them.)
pub async fn download(
    class: ClassId,
    bundle: &OfflineBundle,
    progress: impl Fn(usize, usize),
    cancelled: impl Fn() -> bool,
) -> Result<Saved, DownloadError> {
    let storage = caches()?;
    let fresh = format!("{}.{}", cache_prefix(class), js_sys::Date::now() as u64);
    let saved = match fill(&fresh, bundle, &progress, &cancelled).await {
        Ok(saved) => saved,
        Err(e) => {
            let _ = JsFuture::from(storage.delete(&fresh)).await;
            return Err(e);
        }
    };
    for older in copies_of(class).await.into_iter().filter(|n| *n != fresh) {
        let _ = JsFuture::from(storage.delete(&older)).await;
    }
    super::js::persist_storage().await;
    Ok(saved)
}

async fn fill(
    temp: &str,
    bundle: &OfflineBundle,
    progress: &impl Fn(usize, usize),
    cancelled: &impl Fn() -> bool,
) -> Result<Saved, DownloadError> {
    let cache = open(temp).await?;
    let origin = origin();
    let total = bundle.pages.len() * Locale::ALL.len() + bundle.files.len();
    let mut done = 0;
    let mut bytes = 0u64;
    let step = |done: &mut usize| {
        *done += 1;
        progress(*done, total);
    };
    for page in &bundle.pages {
        for locale in Locale::ALL {
            if cancelled() {
                return Err(DownloadError::Cancelled);
            }
            let response = super::js::fetch("GET", page, None, Some(locale.code()))
                .await
                .map_err(|_| DownloadError::Network)?;
            let html = response
                .headers()
                .get("content-type")
                .ok()
                .flatten()
                .is_some_and(|t| t.starts_with("text/html"));
            if response.status() != 200 || !html {
                return Err(DownloadError::Network);
            }
            bytes += body_size(&response).await;
            JsFuture::from(cache.put_with_str(&page_key(&origin, page, locale), &response)).await?;
            step(&mut done);
        }
    }
    for file in &bundle.files {
        if cancelled() {
            return Err(DownloadError::Cancelled);
        }
        let response = super::js::fetch("GET", file, None, None)
            .await
            .map_err(|_| DownloadError::Network)?;
        if response.status() != 200 {
            return Err(DownloadError::Network);
        }
        bytes += body_size(&response).await;
        JsFuture::from(cache.put_with_str(&format!("{origin}{file}"), &response)).await?;
        step(&mut done);
    }
    let saved = Saved {
        version: bundle.version.clone(),
        bytes,
        at: super::js::now_iso(),
    };
    let text = serde_json::to_string(&saved).map_err(|_| DownloadError::Storage)?;
    let meta = web_sys::Response::new_with_opt_str(Some(&text))?;
    JsFuture::from(cache.put_with_str(META_PATH, &meta)).await?;
    Ok(saved)
}

/// The size of an answer's body (read from a copy, so the answer can still be stored).
async fn body_size(response: &web_sys::Response) -> u64 {
    let Ok(copy) = response.clone() else { return 0 };
    let Ok(promise) = copy.array_buffer() else {
        return 0;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| u64::from(b.byte_length()))
}

/// Removes the saved copy of `class`.
pub async fn remove(class: ClassId) {
    if let Ok(storage) = caches() {
        for name in copies_of(class).await {
            let _ = JsFuture::from(storage.delete(&name)).await;
        }
    }
}

/// Removes every saved course, complete or not (signing out on a shared phone).
pub async fn remove_all() {
    if let Ok(storage) = caches() {
        for name in cache_names().await {
            if name.starts_with(PREFIX) {
                let _ = JsFuture::from(storage.delete(&name)).await;
            }
        }
    }
}

/// Bytes this site uses and may use on this device (`navigator.storage.estimate()`).
pub async fn estimate() -> Option<(u64, u64)> {
    let manager = super::js::window()?.navigator().storage();
    let estimate = JsFuture::from(manager.estimate().ok()?).await.ok()?;
    let get = |name: &str| {
        js_sys::Reflect::get(&estimate, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
            .map(|n| n.max(0.0) as u64)
    };
    Some((get("usage")?, get("quota")?))
}
