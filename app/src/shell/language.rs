//! The language switch. Without JavaScript it is a form posted to `/lang` (the server
//! sets the cookie and sends you back); once hydrated it switches in place, offline too.

use crate::i18n::use_i18n;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let next = i18n.locale.get_untracked().other();
        super::browser::remember_locale(next);
        i18n.locale.set(next);
    };
    view! {
        <form method="post" action="/lang" class="lang-switch" on:submit=on_submit>
            <input type="hidden" name="lang" value=move || i18n.get().other().code() />
            <input type="hidden" name="back" value=back />
            <button
                type="submit"
                id="lang-switch"
                lang=move || i18n.get().other().code()
                aria-label=move || format!("{}: {}", i18n.t().language, i18n.get().other().strings().lang_name)
            >
                {move || i18n.get().other().strings().lang_name}
            </button>
        </form>
    }
}
