//! Trainers: "Today's sessions", the home page of the trainer role, and the roll call.

pub mod class;
pub mod qr;
pub mod roll_call;

use crate::i18n::{tr, use_i18n};
use crate::ui::page::RolePage;
use crate::ui::session_card::SessionCard;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::teach::Agenda;
use wire::teach::SessionSlot;
use wire::AppError;

pub const MAX_AGENDA_DAYS: u8 = 14;

/// The signed-in trainer's sessions for `days` days from today (1–14).
#[server(endpoint = "teach/agenda", input = GetUrl)]
pub async fn trainer_agenda(days: u8) -> Result<Agenda, AppError> {
    if !(1..=MAX_AGENDA_DAYS).contains(&days) {
        return Err(AppError::invalid("days", "between 1 and 14"));
    }
    let (user, state) = crate::auth::service::require(&[Role::Trainer]).await?;
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let to = store::day_start(today.add_days(i64::from(days)));
    let since = store::day_start(today.add_days(-14));
    // One query for the three weeks, split here.
    let all = store::teach::sessions(&state.pool, &user, &since, &to)
        .await
        .map_err(store::internal)?;
    let (mut earlier, sessions): (Vec<_>, Vec<_>) = all.into_iter().partition(|s| s.date < today);
    earlier.reverse();
    Ok(Agenda {
        today,
        sessions,
        earlier,
    })
}

#[component]
pub fn TrainerHome() -> impl IntoView {
    view! {
        <RolePage title=|t| t.todays_sessions roles=&[Role::Trainer]>
            <p class="actions">
                <a class="button" href="/teach/classes" id="my-classes-link">{crate::reports::strings::strings(use_i18n().get_untracked_locale()).my_classes}</a>
            </p>
            <AgendaView />
        </RolePage>
    }
}

#[component]
fn AgendaView() -> impl IntoView {
    let i18n = use_i18n();
    let agenda = Resource::new(|| (), |_| trainer_agenda(7));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match agenda.await {
                    Ok(Agenda { today, sessions, earlier }) => {
                        let (now, later): (Vec<_>, Vec<_>) = sessions.into_iter().partition(|s| s.date == today);
                        view! {
                            <h2 id="today-date">{move || i18n.get().date(today)}</h2>
                            <SessionList slots=now empty=move || i18n.t().no_sessions_today id="today" show_date=false />
                            <h2>{tr(|t| t.coming_days)}</h2>
                            <SessionList slots=later empty=move || i18n.t().no_coming_sessions id="coming" show_date=true />
                            <h2>{tr(|t| t.earlier_sessions)}</h2>
                            <SessionList slots=earlier empty=move || i18n.t().no_earlier_sessions id="earlier" show_date=true />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionList(
    slots: Vec<SessionSlot>,
    empty: impl Fn() -> &'static str + Send + Sync + 'static,
    id: &'static str,
    show_date: bool,
) -> impl IntoView {
    if slots.is_empty() {
        view! { <p class="muted" id=id>{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="sessions" id=id>
                {slots.into_iter().map(|slot| view! { <li><SessionCard session=slot show_date show_learners=true roll_call=true /></li> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
