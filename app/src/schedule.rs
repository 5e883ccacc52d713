//! Scheduled sessions as both learners and trainers see them: the wire type and the
//! card that shows one.

use crate::domain::calendar::Date;
use crate::domain::{DeliveryMode, Localized, SessionId};
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSlot {
    pub id: SessionId,
    pub class: crate::domain::ClassId,
    pub class_name: Localized,
    pub activity: Localized,
    pub mode: DeliveryMode,
    /// The day in Cambodia.
    pub date: Date,
    /// Start and end on Cambodia's clock (hour, minute).
    pub start: (u8, u8),
    pub end: (u8, u8),
    pub place: Localized,
    pub learners: u32,
    /// How many learners have an attendance mark.
    pub marked: u32,
}

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
                    let time = format!("{}–{}", l.time(start.0, start.1), l.time(end.0, end.1));
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

#[cfg(feature = "ssr")]
pub(crate) mod rows {
    //! Turning a stored session row into a `SessionSlot`.
    use super::*;
    use crate::domain::calendar::cambodia_clock;
    use crate::store::unix_seconds;

    #[derive(sqlx::FromRow)]
    pub struct SessionRow {
        pub id: String,
        pub class_id: String,
        pub starts_at: String,
        pub ends_at: String,
        pub place_km: String,
        pub place_en: String,
        pub class_km: String,
        pub class_en: String,
        pub activity_km: Option<String>,
        pub activity_en: Option<String>,
        pub delivery_mode: Option<String>,
        pub activity_id: Option<String>,
        pub learners: i64,
        pub marked: i64,
    }

    impl SessionRow {
        pub fn into_slot(self) -> Option<SessionSlot> {
            let starts = unix_seconds(&self.starts_at)?;
            let ends = unix_seconds(&self.ends_at)?;
            Some(SessionSlot {
                id: self.id.parse().ok()?,
                class: self.class_id.parse().ok()?,
                class_name: Localized::new(self.class_km, self.class_en),
                activity: Localized::new(
                    self.activity_km.unwrap_or_default(),
                    self.activity_en.unwrap_or_default(),
                ),
                mode: self
                    .delivery_mode
                    .as_deref()
                    .and_then(DeliveryMode::parse)
                    .unwrap_or(DeliveryMode::FaceToFace),
                date: Date::in_cambodia(starts),
                start: cambodia_clock(starts),
                end: cambodia_clock(ends),
                place: Localized::new(self.place_km, self.place_en),
                learners: u32::try_from(self.learners).unwrap_or(0),
                marked: u32::try_from(self.marked).unwrap_or(0),
            })
        }
    }

    /// The columns `SessionRow` reads; callers add `FROM class_sessions s JOIN classes c …`.
    pub const SELECT: &str = "SELECT s.id, s.class_id, s.starts_at, s.ends_at, s.place_km, s.place_en, \
        c.name_km AS class_km, c.name_en AS class_en, a.title_km AS activity_km, \
        a.title_en AS activity_en, a.delivery_mode, s.activity_id, \
        (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id) AS learners, \
        (SELECT COUNT(DISTINCT am.learner_id) FROM attendance_marks am WHERE am.session_id = s.id) AS marked ";
}
