//! A gap-training plan: each criterion not yet met, with the programme's activities
//! that cover it (the assessor's sheet and the candidate's outcome).

use crate::i18n::judging::strings;
use domain::Locale;
use leptos::prelude::*;
use wire::rpl::GapView;

#[component]
pub fn GapList(gaps: Vec<GapView>, locale: Locale) -> impl IntoView {
    let s = strings(locale);
    view! {
        <ul class="gap-plan small">
            {gaps.into_iter().map(|g| view! {
                <li>
                    <strong>{g.criterion_number.clone()}</strong>" "{g.criterion.get(locale).to_owned()}
                    {if g.activities.is_empty() {
                        view! { <p class="muted">{s.no_activity}</p> }.into_any()
                    } else {
                        view! { <ul>{g.activities.iter().map(|a| view! { <li>{a.get(locale).to_owned()}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>
    }
}
