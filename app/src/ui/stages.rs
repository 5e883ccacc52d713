//! Where an RPL application is: the stages of its path, the current one marked (the
//! candidate's and the admin's pages).

use crate::i18n::rpl::strings;
use domain::rpl::application::Stage;
use domain::Locale;
use leptos::prelude::*;

/// The stages of an application's path, the current one marked.
#[component]
pub fn StagePath(stage: String, locale: Locale) -> impl IntoView {
    let s = strings(locale);
    let current = Stage::parse(&stage).unwrap_or(Stage::Submitted);
    view! {
        <ol class="stages" aria-label=s.where_it_is>
            {current.path().into_iter().map(|st| {
                let here = st == current;
                view! {
                    <li class:current=here aria-current=here.then_some("step") data-stage=st.code()>{s.stage(st)}</li>
                }
            }).collect_view()}
        </ol>
    }
}
