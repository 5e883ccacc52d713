//! "Download for offline": a course's pages (in every language) and the images its
//! lessons show, kept in a Cache Storage cache of its own (`sala-course-<class>`), which
//! the service worker reads when the network is gone and app updates leave alone.
//! Pages are kept under the key the service worker uses (`<url>?__lang=<code>`).
//!
//! A download goes to a temporary cache first and replaces the saved copy only when
//! complete: cancelling or losing the network never leaves half a course, and never
//! deletes the copy that was there.

use crate::domain::ClassId;
use crate::i18n::Locale;
use crate::learn::course::OfflineBundle;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

fn cache_name(class: ClassId) -> String {
    format!("{PREFIX}{class}")
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

/// What is saved of `class`, if anything.
pub async fn saved(class: ClassId) -> Option<Saved> {
    let name = cache_name(class);
    let has = JsFuture::from(caches().ok()?.has(&name)).await.ok()?;
    if !has.as_bool().unwrap_or(false) {
        return None;
    }
    let cache = open(&name).await.ok()?;
    let found = JsFuture::from(cache.match_with_str(META_PATH)).await.ok()?;
    let response: web_sys::Response = found.dyn_into().ok()?;
    let text = super::js::text(&response).await.ok()?;
    serde_json::from_str(&text).ok()
}

/// The classes saved on this device.
pub async fn saved_classes() -> Vec<ClassId> {
    let Ok(storage) = caches() else {
        return Vec::new();
    };
    let Ok(keys) = JsFuture::from(storage.keys()).await else {
        return Vec::new();
    };
    js_sys::Array::from(&keys)
        .iter()
        .filter_map(|k| k.as_string())
        .filter_map(|k| k.strip_prefix(PREFIX).and_then(|id| id.parse().ok()))
        .collect()
}

/// Downloads `bundle` for `class`. `progress(done, total)` is called after each file;
/// `cancelled()` is asked before each.
pub async fn download(
    class: ClassId,
    bundle: &OfflineBundle,
    progress: impl Fn(usize, usize),
    cancelled: impl Fn() -> bool,
) -> Result<Saved, DownloadError> {
    let storage = caches()?;
    let temp = format!("{}-new", cache_name(class));
    let _ = JsFuture::from(storage.delete(&temp)).await;
    let result = fill(&temp, bundle, &progress, &cancelled).await;
    let saved = match result {
        Ok(saved) => saved,
        Err(e) => {
            let _ = JsFuture::from(storage.delete(&temp)).await;
            return Err(e);
        }
    };
    // Replace the saved copy by the complete new one.
    let from = open(&temp).await?;
    let final_name = cache_name(class);
    let _ = JsFuture::from(storage.delete(&final_name)).await;
    let to = open(&final_name).await?;
    let keys = js_sys::Array::from(&JsFuture::from(from.keys()).await?);
    for request in keys.iter() {
        let request: web_sys::Request = request.dyn_into()?;
        let found = JsFuture::from(from.match_with_request(&request)).await?;
        if let Ok(response) = found.dyn_into::<web_sys::Response>() {
            JsFuture::from(to.put_with_request(&request, &response)).await?;
        }
    }
    let _ = JsFuture::from(storage.delete(&temp)).await;
    request_persistence().await;
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
        let _ = JsFuture::from(storage.delete(&cache_name(class))).await;
    }
}

/// Removes every saved course (signing out on a shared phone).
pub async fn remove_all() {
    for class in saved_classes().await {
        remove(class).await;
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

/// Asks the browser not to evict saved courses under storage pressure
/// (`navigator.storage.persist()`), once.
async fn request_persistence() {
    let Some(manager) = super::js::window().map(|w| w.navigator().storage()) else {
        return;
    };
    if let Ok(promise) = manager.persisted() {
        if JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
    }
    if let Ok(promise) = manager.persist() {
        let _ = JsFuture::from(promise).await;
    }
}
