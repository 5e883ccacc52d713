//! The translated 404 page (with a real 404 status).

use crate::i18n::{tr, use_i18n};
use crate::ui::page::page_title;
use crate::ui::status::set_status;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <Title text=page_title(i18n, i18n.t().not_found_title) />
        <section class="card narrow" id="not-found">
            <h1>{tr(|t| t.not_found_title)}</h1>
            <p>{tr(|t| t.not_found_body)}</p>
            <p><a href="/" rel="external" class="button">{tr(|t| t.go_home)}</a></p>
        </section>
    }
}
