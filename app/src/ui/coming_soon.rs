//! The tools a role will get that are not built yet, listed as "coming soon" on its home
//! page.

use crate::i18n::{tr, Strings};
use leptos::prelude::*;

/// The list of `tools` (a translated list), each marked "coming soon".
#[component]
pub fn ComingSoon(tools: fn(&'static Strings) -> &'static [&'static str]) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <h2>{tr(|t| t.your_tools)}</h2>
        <ul class="tools" id="tools">
            {move || tools(i18n.t()).iter().map(|&name| view! {
                <li class="card tool">
                    <span>{name}</span>
                    <span class="badge">{tr(|t| t.coming_soon)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
