//! `RequireRole`: renders its children for a signed-in user of the right role, sends
//! a signed-out visitor to the sign-in page, and tells anyone else they may not enter.
//! It only decides what to show; the server functions behind the page check again.

use super::{use_me, UserView};
use crate::domain::Role;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let me = use_me();
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match me.0.await {
                    Ok(Some(UserView { role, .. })) if roles.contains(&role) => {
                        children.with_value(|c| c()).into_any()
                    }
                    Ok(Some(_)) => {
                        set_status(403);
                        view! { <p class="error" role="alert">{move || i18n.t().error_forbidden}</p> }.into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{move || i18n.t().error(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
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
