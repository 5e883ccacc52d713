//! Browser-only code through `web-sys`: the `Boot` island (registers the service
//! worker, offers a new version of the app, marks `<html data-hydrated>`), the language
//! switch's effects, and reading the query string. Every function is a no-op on the
//! server.

use crate::i18n::{Locale, LocaleStrings, LANG_COOKIE};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
fn document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

/// Runs once in the browser, on every page: registers the service worker, shows
/// "A new version of Sala is ready — Update" when a new build has installed (never
/// reloading by itself: a learner mid-lesson is not interrupted), and marks
/// `<html data-hydrated>` (tests wait for it).
#[island]
pub fn Boot(locale: Locale) -> impl IntoView {
    let t = locale.strings();
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        register_service_worker(ready);
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner card" role="status" id="app-update">
                <span>{t.app_update}</span>
                <button type="button" class="primary" id="app-update-now" on:click=move |_| apply_update()>{t.update_now}</button>
            </div>
        </Show>
    }
}

/// Registers `/sw.js` and sets `ready` when a new version waits to take over.
fn register_service_worker(ready: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let container = window.navigator().service_worker();
        let registered = container.register("/sw.js");
        leptos::task::spawn_local(async move {
            let Ok(registration) = wasm_bindgen_futures::JsFuture::from(registered).await else {
                return;
            };
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            let controlled = move || {
                web_sys::window()
                    .is_some_and(|w| w.navigator().service_worker().controller().is_some())
            };
            if registration.waiting().is_some() && controlled() {
                ready.set(true);
            }
            let found = registration.clone();
            let on_update_found = Closure::<dyn FnMut()>::new(move || {
                let Some(worker) = found.installing() else {
                    return;
                };
                let watched = worker.clone();
                let on_state = Closure::<dyn FnMut()>::new(move || {
                    if watched.state() == web_sys::ServiceWorkerState::Installed && controlled() {
                        ready.set(true);
                    }
                });
                worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            });
            registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
            on_update_found.forget();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ready;
}

/// The person tapped "Update": the waiting service worker takes over, then the page
/// reloads once in the new version.
fn apply_update() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let container = window.navigator().service_worker();
        let reload = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        leptos::task::spawn_local(async move {
            let Ok(found) =
                wasm_bindgen_futures::JsFuture::from(container.get_registration()).await
            else {
                return;
            };
            let registration: web_sys::ServiceWorkerRegistration = found.unchecked_into();
            if let Some(waiting) = registration.waiting() {
                let _ = waiting.post_message(&wasm_bindgen::JsValue::from_str("skip-waiting"));
            }
        });
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
