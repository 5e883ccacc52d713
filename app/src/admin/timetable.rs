//! `/admin/classes/:id/timetable` and `…/timetable/:session`: a class's sessions (a
//! compact list, each a link to its own page — never a list of open editors), "Plan
//! sessions" from a weekly pattern over a range of days (skipping holidays) for one
//! face-to-face or workplace activity, and one session's page: "Move this session",
//! "Cancel" / "Restore", and — for a cancelled session a trainer marked offline — the
//! decision to make. Plain forms; server-rendered, no island; online only (with the
//! network off, pages seen before open and a form goes to the offline page, changing
//! nothing).

use super::timetable_strings::strings;
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::status::{ErrorNote, Loading};
use crate::ui::text_box::TextBox;
use domain::timetable::PlanFault;
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use wire::timetable::{PlannedSession, TimetablePage};
use wire::AppError;

#[server(endpoint = "admin/timetable", input = GetUrl)]
pub async fn get_timetable(class: String) -> Result<TimetablePage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::timetable::page(&state.pool, &user, &class)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "admin/timetable/session", input = GetUrl)]
pub async fn get_planned_session(
    class: String,
    session: String,
) -> Result<PlannedSession, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::timetable::one(&state.pool, &user, &class, &session)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

fn faults_note(q: &leptos_router::params::ParamsMap, locale: Locale) -> impl IntoView {
    let t = strings(locale);
    let faults: Vec<PlanFault> = q
        .get("error")
        .map(|e| e.split(',').filter_map(PlanFault::parse).collect())
        .unwrap_or_default();
    (!faults.is_empty()).then(|| {
        view! {
            <div class="error" role="alert" id="timetable-error">
                <ul>{faults.into_iter().map(|f| view! { <li>{t.fault(f)}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// "Mon 4 Jan 2027 · 07:30–11:30".
fn when(s: &PlannedSession, locale: Locale) -> String {
    format!(
        "{} · {}–{}",
        locale.date(s.date),
        locale.clock_time(s.start),
        locale.clock_time(s.end)
    )
}

#[component]
pub fn TimetableAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, t.timetable) />
        <h1>{t.timetable}</h1>
        <RequireRole roles=&[Role::Admin]>
            <LoadById param="id" fetch=get_timetable show=|page| view! { <Timetable page /> } />
        </RequireRole>
    }
}

#[component]
fn Timetable(page: TimetablePage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let t = strings(locale);
    let id = page.class.id;
    let query = use_query_map();
    let (planned, errors, typed, days) = query.with_untracked(|q| {
        let days: Vec<u8> = q
            .get_all("weekday")
            .unwrap_or_default()
            .iter()
            .filter_map(|d| d.parse().ok())
            .collect();
        (
            q.get("planned").and_then(|n| n.parse::<u32>().ok()),
            faults_note(q, locale),
            [
                "activity", "from", "to", "start", "end", "place_km", "place_en", "holidays",
            ]
            .map(|n| q.get(n).unwrap_or_default()),
            days,
        )
    });
    let [activity, from, to, start, end, place_km, place_en, holidays] = typed;
    // A first visit: Monday to Friday, mornings.
    let days = if days.is_empty() && from.is_empty() {
        vec![0, 1, 2, 3, 4]
    } else {
        days
    };
    let (start, end) = (
        if start.is_empty() {
            "07:30".to_owned()
        } else {
            start
        },
        if end.is_empty() {
            "11:30".to_owned()
        } else {
            end
        },
    );
    let has_activities = !page.activities.is_empty();
    view! {
        <h2 id="class-title">{page.class.code.clone()}" · "{page.class.name.get(locale).to_owned()}</h2>
        <p class="muted">{t.timetable_intro}</p>
        {planned.map(|n| view! { <p class="status" role="status" id="sessions-planned">{t.planned.replacen("{}", &locale.number(n), 1)}</p> })}
        <section class="card stack" id="sessions" aria-labelledby="sessions-heading">
            <h3 id="sessions-heading">{t.sessions}" ("{locale.number(page.sessions.len())}")"</h3>
            {if page.sessions.is_empty() {
                view! { <p class="muted" id="no-sessions">{t.no_sessions}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain session-list" id="planned-sessions">
                        {page.sessions.into_iter().map(|s| {
                            let href = format!("/admin/classes/{id}/timetable/{}", s.id);
                            let line = when(&s, locale);
                            let what = [s.activity.get(locale), s.place.get(locale)]
                                .into_iter()
                                .filter(|x| !x.is_empty())
                                .collect::<Vec<_>>()
                                .join(" · ");
                            view! {
                                <li class="planned" class:cancelled=s.cancelled data-session=s.id.clone() data-date=s.date.to_string()>
                                    <a href=href>{line}</a>
                                    <span class="muted small">{what}</span>
                                    {s.cancelled.then(|| view! { <span class="badge">{t.cancelled}</span> })}
                                    {(s.marked > 0).then(|| view! { <span class="muted small">{t.marked.replacen("{}", &locale.number(s.marked), 1)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card stack" id="plan" aria-labelledby="plan-heading">
            <h3 id="plan-heading">{t.plan}</h3>
            <p class="muted small">{t.plan_help}</p>
            {errors}
            {if has_activities {
                view! {
                    <form method="post" action=format!("/admin/classes/{id}/timetable") class="stack" id="plan-form">
                        <label for="plan-activity">{t.activity}</label>
                        <select id="plan-activity" name="activity">
                            {page.activities.into_iter().map(|a| {
                                let label = format!("{} · {}", a.module.get(locale), a.title.get(locale));
                                view! { <option value=a.id.clone() selected=a.id == activity>{label}</option> }
                            }).collect_view()}
                        </select>
                        <div class="field-pair">
                            <div class="stack">
                                <label for="plan-from">{t.from}</label>
                                <input id="plan-from" name="from" type="date" required value=from />
                            </div>
                            <div class="stack">
                                <label for="plan-to">{t.to}</label>
                                <input id="plan-to" name="to" type="date" required value=to />
                            </div>
                        </div>
                        <fieldset class="plain weekdays">
                            <legend>{t.days}</legend>
                            {(0u8..7).map(|d| {
                                let box_id = format!("weekday-{d}");
                                view! {
                                    <span class="check-row">
                                        <input type="checkbox" id=box_id.clone() name="weekday" value=d.to_string() checked=days.contains(&d) />
                                        <label for=box_id>{locale.weekday(d)}</label>
                                    </span>
                                }
                            }).collect_view()}
                        </fieldset>
                        <div class="field-pair">
                            <div class="stack">
                                <label for="plan-start">{t.start}</label>
                                <input id="plan-start" name="start" type="time" required value=start />
                            </div>
                            <div class="stack">
                                <label for="plan-end">{t.end}</label>
                                <input id="plan-end" name="end" type="time" required value=end />
                            </div>
                        </div>
                        <label for="plan-place-km">{t.place_km}</label>
                        <input id="plan-place-km" name="place_km" lang="km" maxlength="100" value=place_km />
                        <label for="plan-place-en">{t.place_en}</label>
                        <input id="plan-place-en" name="place_en" lang="en" maxlength="100" value=place_en />
                        <label for="plan-holidays">{t.holidays}</label>
                        <p class="muted small" id="holidays-help">{t.holidays_help}</p>
                        <TextBox id="plan-holidays" name="holidays" rows=3 text=holidays />
                        <button type="submit" class="primary" id="plan-button">{t.plan_button}</button>
                    </form>
                }.into_any()
            } else {
                view! { <p class="muted" id="no-activities">{t.no_activities}</p> }.into_any()
            }}
        </section>
        <p><a href=format!("/admin/classes/{id}")>{t.back_to_class}</a></p>
    }
}

#[component]
pub fn PlannedSessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = strings(i18n.get_untracked_locale());
    let params = use_params_map();
    let data = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("id").unwrap_or_default(),
                    p.get("session").unwrap_or_default(),
                )
            })
        },
        |(class, session)| get_planned_session(class, session),
    );
    view! {
        <Title text=page_title(i18n, t.session) />
        <h1>{t.session}</h1>
        <RequireRole roles=&[Role::Admin]>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let class = params.with_untracked(|p| p.get("id").unwrap_or_default());
                    match data.await {
                        Ok(session) => view! { <Session class session /> }.into_any(),
                        Err(error) => {
                            crate::ui::status::set_status(error.status());
                            view! { <ErrorNote error /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn Session(class: String, session: PlannedSession) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let t = strings(locale);
    let (moved, cancelled_now, restored, errors, typed) = use_query_map().with_untracked(|q| {
        (
            q.get("moved").is_some(),
            q.get("cancelled").is_some(),
            q.get("restored").is_some(),
            faults_note(q, locale),
            ["date", "start", "end", "place_km", "place_en"].map(|n| q.get(n)),
        )
    });
    let [date, start, end, place_km, place_en] = typed;
    let date = date.unwrap_or_else(|| session.date.to_string());
    let start =
        start.unwrap_or_else(|| format!("{:02}:{:02}", session.start.hour, session.start.minute));
    let end = end.unwrap_or_else(|| format!("{:02}:{:02}", session.end.hour, session.end.minute));
    let place_km = place_km.unwrap_or_else(|| session.place.km.clone());
    let place_en = place_en.unwrap_or_else(|| session.place.en.clone());
    let base = format!("/admin/classes/{class}/timetable/{}", session.id);
    let activity = session.activity.get(locale).to_owned();
    view! {
        <h2 id="session-when">{when(&session, locale)}</h2>
        <p class="muted">{activity}" · "{session.place.get(locale).to_owned()}</p>
        {moved.then(|| view! { <p class="status" role="status" id="session-moved">{t.moved}</p> })}
        {restored.then(|| view! { <p class="status" role="status" id="session-restored">{t.restored}</p> })}
        {(session.cancelled || cancelled_now).then(|| view! { <p class="status" role="status" id="session-cancelled">{t.cancelled_note}</p> })}
        {(session.cancelled && session.marked > 0).then(|| view! {
            <p class="warning" role="alert" id="session-decide">{t.decide.replacen("{}", &locale.number(session.marked), 1)}</p>
        })}
        {errors}
        {if session.cancelled {
            view! {
                <form method="post" action=format!("{base}/cancelled") class="card stack" id="restore">
                    <input type="hidden" name="cancelled" value="0" />
                    <button type="submit" class="primary" id="restore-button">{t.restore_button}</button>
                </form>
            }.into_any()
        } else {
            view! {
                <form method="post" action=format!("{base}/move") class="card stack" id="move">
                    <h3>{t.move_session}</h3>
                    <p class="muted small">{t.move_help}</p>
                    <label for="move-date">{t.date}</label>
                    <input id="move-date" name="date" type="date" required value=date />
                    <div class="field-pair">
                        <div class="stack">
                            <label for="move-start">{t.start}</label>
                            <input id="move-start" name="start" type="time" required value=start />
                        </div>
                        <div class="stack">
                            <label for="move-end">{t.end}</label>
                            <input id="move-end" name="end" type="time" required value=end />
                        </div>
                    </div>
                    <label for="move-place-km">{t.place_km}</label>
                    <input id="move-place-km" name="place_km" lang="km" maxlength="100" value=place_km />
                    <label for="move-place-en">{t.place_en}</label>
                    <input id="move-place-en" name="place_en" lang="en" maxlength="100" value=place_en />
                    <button type="submit" class="primary" id="move-button">{t.move_button}</button>
                </form>
                <form method="post" action=format!("{base}/cancelled") class="card stack" id="cancel">
                    <h3>{t.cancel_session}</h3>
                    <p class="muted small">{t.cancel_help}</p>
                    <input type="hidden" name="cancelled" value="1" />
                    <button type="submit" class="danger" id="cancel-button">{t.cancel_button}</button>
                </form>
            }.into_any()
        }}
        <p><a href=format!("/admin/classes/{class}/timetable")>{t.back_to_timetable}</a></p>
    }
}
