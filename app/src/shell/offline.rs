//! The offline page. The service worker precaches it (in both languages) and redirects a
//! navigation here (as `/offline?from=…`) when the network is gone and that URL was never
//! saved. It renders the same whatever the query; the retry link is an island that
//! reads `from` in the browser.

use crate::i18n::{tr, use_i18n, Locale, LocaleStrings};
use crate::ui::page::page_title;
use leptos::prelude::*;
use leptos_meta::Title;

pub const OFFLINE_PATH: &str = "/offline";

#[component]
pub fn Offline() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=page_title(i18n, i18n.t().offline_title) />
        <section class="card narrow" id="offline">
            <h1>{tr(|t| t.offline_title)}</h1>
            <p>{tr(|t| t.offline_body)}</p>
            <p><RetryLink locale=i18n.get_untracked_locale() /></p>
        </section>
    }
}

#[island]
fn RetryLink(locale: Locale) -> impl IntoView {
    let retry = RwSignal::new(String::from("/"));
    Effect::new(move |_| {
        if let Some(from) =
            super::browser::query_param("from").filter(|f| domain::role::safe_path(f).is_some())
        {
            retry.set(from);
        }
    });
    view! { <a href=move || retry.get() class="button">{locale.strings().try_again}</a> }
}
