//! `/login/slip`: setting one's own password with a sign-in slip — the first sign-in of
//! someone an admin added, or after a lost password. A plain form posted to `/login/slip`
//! (`server/src/forms.rs`), which signs the person in; the server redirects back here
//! with `?error=…` when it refuses. It needs the network: with none, the service worker
//! shows the offline page and the slip stays unused.

use crate::admin::strings::strings;
use crate::i18n::{fill, use_i18n, LocaleStrings};
use crate::ui::page::page_title;
use domain::people::PasswordFault;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SlipPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let (p, t) = (strings(locale), locale.strings());
    let query = use_query_map();
    let (error, username) = query.with_untracked(|q| {
        let error = q.get("error").map(|e| match e.as_str() {
            "slip" => p.redeem_refused.to_owned(),
            "missing" => t.error_missing_fields.to_owned(),
            "busy" => t.error_busy.to_owned(),
            "rate_limited" => {
                let secs: u64 = q.get("wait").and_then(|w| w.parse().ok()).unwrap_or(60);
                fill(t.error_rate_limited, locale.number(secs.div_ceil(60)))
            }
            other => PasswordFault::parse(other).map_or_else(
                || t.error_internal.to_owned(),
                |f| p.password_fault(f).to_owned(),
            ),
        });
        (error, q.get("user").unwrap_or_default())
    });
    view! {
        <Title text=page_title(i18n, p.redeem_title) />
        <section class="card narrow">
            <h1>{p.redeem_title}</h1>
            <p class="muted">{p.redeem_intro}</p>
            {error.map(|message| view! { <p class="error" role="alert" id="slip-error">{message}</p> })}
            <form method="post" action="/login/slip" class="stack" id="slip-form">
                <label for="slip-username">{t.username}</label>
                <input id="slip-username" name="username" autocomplete="username" autocapitalize="none"
                    spellcheck="false" required maxlength="100" value=username />
                <label for="slip-code">{p.code_label}</label>
                <input id="slip-code" name="code" autocomplete="one-time-code" autocapitalize="characters"
                    spellcheck="false" required maxlength="20" />
                <label for="slip-password">{p.new_password}</label>
                <input id="slip-password" name="password" type="password" autocomplete="new-password"
                    required minlength="8" maxlength="1000" />
                <label for="slip-again">{p.new_password_again}</label>
                <input id="slip-again" name="again" type="password" autocomplete="new-password"
                    required minlength="8" maxlength="1000" />
                <button type="submit" class="primary" id="set-password">{p.set_password}</button>
            </form>
            <p><a href="/login">{t.sign_in}</a></p>
        </section>
    }
}
