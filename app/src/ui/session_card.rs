//! A scheduled session as both learners and trainers see it: time, activity, where,
//! how it is delivered.

use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use wire::teach::SessionSlot;

/// One session: time, what, where, how it is delivered (icon and word), who.
#[component]
pub fn SessionCard(
    session: SessionSlot,
    #[prop(optional)] show_date: bool,
    #[prop(optional)] show_learners: bool,
    /// For trainers: "N of M marked" and a link to the roll call.
    #[prop(optional)]
    roll_call: bool,
    /// The title is an `<h2>` (the card comes straight under the page's `<h1>`), not an
    /// `<h3>`: heading levels are never skipped.
    #[prop(optional)]
    h2: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let SessionSlot {
        class_name,
        activity,
        mode,
        date,
        start,
        end,
        place,
        learners,
        marked,
        id,
        ..
    } = session;
    view! {
        <article class="session">
            <p class="session-time">
                {move || {
                    let l = i18n.get();
                    let time = format!("{}–{}", l.clock_time(start), l.clock_time(end));
                    if show_date { format!("{} · {time}", l.date(date)) } else { time }
                }}
            </p>
            {
                let title = if roll_call {
                    view! { <a href=format!("/teach/session/{id}")>{move || activity.get(i18n.get()).to_owned()}</a> }.into_any()
                } else {
                    view! { <span>{move || activity.get(i18n.get()).to_owned()}</span> }.into_any()
                };
                if h2 {
                    view! { <h2 class="session-title">{title}</h2> }.into_any()
                } else {
                    view! { <h3 class="session-title">{title}</h3> }.into_any()
                }
            }
            <p class="session-meta">
                <span class="mode" data-mode=mode.as_str()>
                    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                        <path d=mode.icon_path() fill="currentColor" />
                    </svg>
                    " "
                    {move || i18n.t().mode(mode)}
                </span>
                <span>{move || class_name.get(i18n.get()).to_owned()}</span>
                <span>{move || format!("{}: {}", i18n.t().place, place.get(i18n.get()))}</span>
                {show_learners.then(|| view! {
                    <span>{move || fill(i18n.t().n_learners, i18n.get().number(learners))}</span>
                })}
                {roll_call.then(|| view! {
                    <span class="marked-count">{move || {
                        let l = i18n.get();
                        fill(&fill(i18n.t().n_of_m_marked, l.number(marked)), l.number(learners))
                    }}</span>
                })}
            </p>
        </article>
    }
}
