//! `/learn/timetable`: the learner's face-to-face and workplace sessions of the next four
//! weeks, in every class they are enrolled in, soonest first — plain server-rendered
//! HTML, no island. "My courses" links to it with `data-keep`, so each visit there online
//! has the service worker fetch it again: the copy kept for offline use follows every
//! session an admin plans, moves or cancels, as of the learner's last time online.

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::RolePage;
use crate::ui::session_card::SessionCard;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::learn::LearnerTimetable;
use wire::AppError;

/// How far ahead the timetable looks.
pub const TIMETABLE_DAYS: u32 = 28;

/// The signed-in learner's timetable.
#[server(endpoint = "learn/timetable", input = GetUrl)]
pub async fn my_timetable() -> Result<LearnerTimetable, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    let sessions = store::learn::timetable(&state.pool, &user, TIMETABLE_DAYS)
        .await
        .map_err(store::internal)?;
    Ok(LearnerTimetable {
        days: TIMETABLE_DAYS,
        sessions,
    })
}

#[component]
pub fn LearnerTimetablePage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.my_timetable roles=&[Role::Learner]>
            <Sessions />
        </RolePage>
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let timetable = Resource::new(|| (), |_| my_timetable());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match timetable.await {
                    Ok(LearnerTimetable { days, sessions }) => view! {
                        <p class="muted" id="timetable-intro">
                            {move || fill(i18n.t().timetable_intro, i18n.get().number(days))}
                        </p>
                        {if sessions.is_empty() {
                            view! { <p class="muted" id="timetable-empty">{tr(|t| t.no_timetable)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="cards" id="timetable">
                                    {sessions.into_iter().map(|s| {
                                        let (id, date) = (s.id.to_string(), s.date.to_string());
                                        view! {
                                            <li data-session=id data-date=date>
                                                <SessionCard session=s show_date=true h2=true />
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
