//! What a page shows while it loads and when it cannot: "Loading…", a translated error
//! note, and the HTTP status the server answers with.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use wire::AppError;

/// "Loading…", in the reader's language.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="muted">{tr(|t| t.loading)}</p> }
}

/// An error the reader can act on, in their language.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="error" role="alert">{move || i18n.t().error(&error)}</p> }
}

/// Sets the HTTP status of a server-rendered page (no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
