//! Browser calls through `web-sys`: the clock, randomness for ids, `fetch`, events.

use domain::{DeviceId, RecordId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Now, on the device's clock, as the protocol writes times (`…T08:15:00.000Z`).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// `N` random bytes from the platform's generator (`crypto.getRandomValues`).
fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let filled = window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A fresh record id: UUIDv7 (time-ordered), made on the device.
pub fn new_record_id() -> RecordId {
    let millis = js_sys::Date::now().max(0.0) as u64;
    RecordId(uuid::Builder::from_unix_timestamp_millis(millis, &random::<10>()).into_uuid())
}

/// A fresh device id (random UUID).
pub fn new_device_id() -> DeviceId {
    DeviceId(uuid::Builder::from_random_bytes(random::<16>()).into_uuid())
}

/// Whether the browser believes it has a network.
pub fn online() -> bool {
    window().is_some_and(|w| w.navigator().on_line())
}

/// Tells every island on the page that something changed.
pub fn emit(name: &str) {
    if let (Some(w), Ok(event)) = (window(), web_sys::Event::new(name)) {
        let _ = w.dispatch_event(&event);
    }
}

/// `text` gzip-compressed by the browser (`CompressionStream`), if it can.
async fn gzip(text: &str) -> Option<js_sys::Uint8Array> {
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"CompressionStream".into()).ok()?;
    if !constructor.is_function() {
        return None;
    }
    let constructor: &js_sys::Function = constructor.unchecked_ref();
    let stream =
        js_sys::Reflect::construct(constructor, &js_sys::Array::of1(&"gzip".into())).ok()?;
    let source = web_sys::Response::new_with_opt_str(Some(text))
        .ok()?
        .body()?;
    let compressed = source.pipe_through(stream.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&compressed)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer))
}

/// A same-origin request with the session cookie; a JSON body goes gzip-compressed when
/// the browser can (a batch of marks or progress costs a fraction of the data).
/// `Err` means no answer at all (offline, server down); any HTTP status is `Ok`.
pub async fn fetch(
    method: &str,
    url: &str,
    body: Option<&str>,
    lang: Option<&str>,
) -> Result<web_sys::Response, JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    let mut gzipped = false;
    if let Some(body) = body {
        match gzip(body).await {
            Some(bytes) => {
                init.set_body(&bytes);
                gzipped = true;
            }
            None => init.set_body(&JsValue::from_str(body)),
        }
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init)?;
    if body.is_some() {
        request.headers().set("content-type", "application/json")?;
    }
    if gzipped {
        request.headers().set("content-encoding", "gzip")?;
    }
    if let Some(lang) = lang {
        request.headers().set(crate::i18n::LANG_HEADER, lang)?;
    }
    let window = window().ok_or(JsValue::NULL)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await?
        .dyn_into::<web_sys::Response>()?;
    emit(super::REACHED_EVENT);
    Ok(response)
}

/// The text of an answer.
pub async fn text(response: &web_sys::Response) -> Result<String, JsValue> {
    Ok(JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default())
}

/// Asks the service worker to keep these pages (in every language) for offline use.
pub fn keep_pages(paths: &[String]) {
    if paths.is_empty() {
        return;
    }
    let Some(worker) = window().and_then(|w| w.navigator().service_worker().controller()) else {
        return;
    };
    if let Ok(list) = serde_json::to_string(paths) {
        let _ = worker.post_message(&JsValue::from_str(&format!("keep:{list}")));
    }
}

/// Keeps the screen on (Screen Wake Lock) while the trainer shows a check-in code; the
/// lock to pass to [`release`], or `None` where the browser has no such thing. The
/// browser lets go by itself when the page is hidden.
pub async fn keep_screen_on() -> Option<JsValue> {
    let navigator = window()?.navigator();
    let lock = js_sys::Reflect::get(&navigator, &"wakeLock".into()).ok()?;
    let request: js_sys::Function = js_sys::Reflect::get(&lock, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = request
        .call1(&lock, &"screen".into())
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(promise).await.ok()
}

/// Lets the screen sleep again.
pub fn release(lock: &JsValue) {
    if let Some(release) = js_sys::Reflect::get(lock, &"release".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = release.call0(lock);
    }
}

thread_local! {
    static PERSIST_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the browser not to evict this site's storage (the outbox, saved courses) under
/// storage pressure (`navigator.storage.persist()`), at most once per page: at a
/// device's first write of any role and at a course download — an outbox that can be
/// evicted is data waiting to be lost.
pub async fn persist_storage() {
    if PERSIST_ASKED.with(|a| a.replace(true)) {
        return;
    }
    let Some(manager) = window().map(|w| w.navigator().storage()) else {
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
