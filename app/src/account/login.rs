//! The sign-in page: a plain form posted to `/login` (works without JavaScript). The
//! server redirects back here with `?error=…` when it refuses.

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::page_title;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = move || {
        let t = i18n.t();
        query.with(|q| match q.get("error").as_deref() {
            Some("credentials") => Some(t.error_credentials.to_owned()),
            Some("busy") => Some(t.error_busy.to_owned()),
            Some("missing") => Some(t.error_missing_fields.to_owned()),
            Some("deactivated") => Some(
                crate::admin::strings::strings(i18n.get())
                    .account_deactivated
                    .to_owned(),
            ),
            Some("rate_limited") => {
                let secs: u64 = q.get("wait").and_then(|w| w.parse().ok()).unwrap_or(60);
                Some(fill(
                    t.error_rate_limited,
                    i18n.get().number(secs.div_ceil(60)),
                ))
            }
            Some(_) => Some(t.error_internal.to_owned()),
            None => None,
        })
    };
    let username = move || query.with(|q| q.get("user").unwrap_or_default());
    // Where to go once signed in (the server checks it is a page of this site).
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text=page_title(i18n, i18n.t().sign_in) />
        <section class="card narrow">
            <h1>{tr(|t| t.sign_in_title)}</h1>
            <p class="muted">{tr(|t| t.sign_in_intro)}</p>
            {move || error().map(|message| view! { <p class="error" role="alert" id="login-error">{message}</p> })}
            <form method="post" action="/login" class="stack">
                <input type="hidden" name="next" value=next />
                <label for="username">{tr(|t| t.username)}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    maxlength="100"
                    prop:value=username
                    value=username
                />
                <label for="password">{tr(|t| t.password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1000" />
                <button type="submit" class="primary">{tr(|t| t.sign_in)}</button>
            </form>
            <p><a href="/login/slip" id="slip-link">{crate::admin::strings::strings(i18n.get()).redeem_link}</a></p>
        </section>
    }
}
