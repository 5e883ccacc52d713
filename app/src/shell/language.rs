//! The language switch. Without JavaScript it is a form posted to `/lang` (the server
//! sets the cookie and sends you back). As an island it sets the cookie itself, tells
//! the service worker, and reloads the page: online the server renders it in the new
//! language, offline the service worker serves its copy in that language.

use crate::i18n::{Locale, LocaleStrings};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Server side: works out where to come back to, then renders the island.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let back = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    view! { <LanguageForm locale=i18n.get_untracked_locale() back /> }
}

#[island]
fn LanguageForm(locale: Locale, back: String) -> impl IntoView {
    let other = locale.other();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        super::browser::switch_language(other);
    };
    view! {
        <form method="post" action="/lang" class="lang-switch" on:submit=on_submit>
            <input type="hidden" name="lang" value=other.code() />
            <input type="hidden" name="back" value=back />
            <button
                type="submit"
                id="lang-switch"
                lang=other.code()
                aria-label=format!("{}: {}", locale.strings().language, other.strings().lang_name)
            >
                {other.strings().lang_name}
            </button>
        </form>
    }
}
