//! The offline page. The service worker precaches it and redirects a navigation here
//! (as `/offline?from=…`) when the network is gone and that URL was never saved. It
//! renders the same whatever the query, so the cached copy hydrates for any `from`.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

pub const OFFLINE_PATH: &str = "/offline";

#[component]
pub fn Offline() -> impl IntoView {
    let i18n = use_i18n();
    // Where "try again" goes: read from the query only after hydration.
    let retry = RwSignal::new(String::from("/"));
    Effect::new(move |_| {
        if let Some(from) = super::browser::query_param("from")
            .filter(|f| f.starts_with('/') && !f.starts_with("//"))
        {
            retry.set(from);
        }
    });
    view! {
        <Title text=move || format!("{} · {}", i18n.t().offline_title, i18n.t().app_name) />
        <section class="card narrow" id="offline">
            <h1>{tr(|t| t.offline_title)}</h1>
            <p>{tr(|t| t.offline_body)}</p>
            <p><a href=move || retry.get() rel="external" class="button">{tr(|t| t.try_again)}</a></p>
        </section>
    }
}
