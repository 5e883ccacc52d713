//! `/admin/rpl` and `/admin/rpl/:id`: the institute's RPL applications, and one with
//! its candidate, units, where it is, "Accept", the assessors assigned and the form to
//! assign one (under the conflict-of-interest rule, whose reasons a refusal lists), the
//! conflicts declared for its candidate (each can be taken back), and its audit trail (who, when, which device). Plain forms (`server::rpl`); online only:
//! offline, a page seen before opens as it was and a form goes to the offline page.

use crate::i18n::rpl::strings;
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::stages::StagePath;
use crate::ui::status::{ErrorNote, Loading};
use domain::rpl::application::Stage;
use domain::rpl::assignment::Conflict;
use domain::{ApplicationId, Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::rpl::{ApplicationPage, ApplicationSummary};
use wire::AppError;

#[server(endpoint = "admin/rpl", input = GetUrl)]
pub async fn get_applications() -> Result<Vec<ApplicationSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::rpl_applications::list(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[server(endpoint = "admin/rpl/application", input = GetUrl)]
pub async fn get_application(id: ApplicationId) -> Result<ApplicationPage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::rpl_applications::page(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// A list of applications, each a link to `link(id)` when given.
#[component]
pub fn ApplicationList(
    list: Vec<ApplicationSummary>,
    locale: Locale,
    link: Option<fn(&str) -> String>,
) -> impl IntoView {
    let s = strings(locale);
    view! {
        <ul class="plain stack" id="applications">
            {list.into_iter().map(|a| {
                let units: Vec<String> = a.units.iter().map(|u| u.code.clone()).collect();
                let name = a.candidate.get(locale).to_owned();
                view! {
                    <li class="card" data-application=a.id.clone() data-stage=a.stage.clone()>
                        {match link {
                            Some(link) => view! { <a href=link(&a.id)><strong>{name}</strong></a> }.into_any(),
                            None => view! { <strong>{name}</strong> }.into_any(),
                        }}
                        " · "{s.stage_code(&a.stage)}
                        <br /><span class="small">{a.qualification_code.clone()}" · "{units.join(", ")}</span>
                        {(!a.workplace.is_empty()).then(|| view! { <br /><span class="small">{a.workplace.clone()}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let s = strings(locale);
    let data = Resource::new(|| (), |_| get_applications());
    view! {
        <Title text=page_title(i18n, s.applications) />
        <h1>{s.applications}</h1>
        <RequireRole roles=&[Role::Admin]>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted" id="no-applications">{s.no_applications}</p> }.into_any(),
                        Ok(list) => view! { <ApplicationList list locale link=Some(|id: &str| format!("/admin/rpl/{id}")) /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="small">{s.online_note}</p>
        </RequireRole>
    }
}

#[component]
pub fn ApplicationPageView() -> impl IntoView {
    let i18n = use_i18n();
    let s = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, s.applications) />
        <h1>{s.applications}</h1>
        <RequireRole roles=&[Role::Admin]>
            <LoadById param="id" fetch=get_application show=|page| view! { <Application page /> } />
            <p><a href="/admin/rpl">{s.applications}</a></p>
        </RequireRole>
    }
}

#[component]
fn Application(page: ApplicationPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let s = strings(locale);
    let query = use_query_map();
    let (assigned, declared, withdrawn, error) = query.with_untracked(|q| {
        (
            q.get("assigned").is_some(),
            q.get("declared").is_some(),
            q.get("withdrawn").is_some(),
            q.get("error"),
        )
    });
    let error = error.map(|e| {
        let reasons: Vec<&str> = e
            .split(',')
            .filter_map(Conflict::parse)
            .map(|c| s.conflict(c))
            .collect();
        if reasons.is_empty() {
            s.refused_step.to_owned()
        } else {
            format!("{} {}", s.refused_conflict, reasons.join("; "))
        }
    });
    let a = page.application;
    let id = a.id.clone();
    let stage = Stage::parse(&a.stage).unwrap_or(Stage::Submitted);
    view! {
        <h2 id="candidate-name">{a.candidate.get(locale).to_owned()}</h2>
        {assigned.then(|| view! { <p class="status" role="status" id="rpl-note">{s.assigned}</p> })}
        {declared.then(|| view! { <p class="status" role="status" id="rpl-note">{s.declared}</p> })}
        {withdrawn.then(|| view! { <p class="status" role="status" id="rpl-note">{s.withdrawn}</p> })}
        {error.map(|e| view! { <p class="error" role="alert" id="rpl-error">{e}</p> })}
        <p>{a.qualification_code.clone()}" · "{a.qualification_title.get(locale).to_owned()}</p>
        <ul class="small" id="applied-units">
            {a.units.iter().map(|u| view! { <li>{u.code.clone()}" "{u.title.get(locale).to_owned()}</li> }).collect_view()}
        </ul>
        <dl class="figures">
            <dt>{s.workplace}</dt><dd>{a.workplace.clone()}</dd>
            <dt>{s.third_party_name}</dt><dd>{page.third_party_name.clone()}</dd>
            <dt>{s.third_party_phone}</dt><dd>{page.third_party_phone.clone()}</dd>
        </dl>
        <h3>{s.where_it_is}</h3>
        <StagePath stage=a.stage.clone() locale />
        {(stage == Stage::Submitted).then(|| view! {
            <form method="post" action=format!("/admin/rpl/{id}/step") class="inline">
                <input type="hidden" name="step" value="accept" />
                <button type="submit" class="primary" id="accept-application">{s.accept}</button>
            </form>
        })}
        <section class="card stack" aria-labelledby="assessors-heading">
            <h3 id="assessors-heading">{s.assessors}</h3>
            {if a.assessors.is_empty() {
                view! { <p class="muted" id="no-assessor">{s.no_assessor}</p> }.into_any()
            } else {
                view! { <ul id="assigned-assessors">{a.assessors.iter().map(|n| view! { <li>{n.get(locale).to_owned()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <form method="post" action=format!("/admin/rpl/{id}/assign") class="stack" id="assign-form">
                <label for="assessor">{s.assessors}</label>
                <select id="assessor" name="assessor" aria-describedby="assign-help">
                    {page.assessors.iter().map(|p| view! { <option value=p.id.clone()>{p.name.get(locale).to_owned()}</option> }).collect_view()}
                </select>
                <p class="muted small" id="assign-help">{s.assign_help}</p>
                <button type="submit" id="assign">{s.assign}</button>
            </form>
            {(!page.conflicts.is_empty()).then(|| view! {
                <h4>{s.conflicts_declared}</h4>
                <ul class="plain" id="declared-conflicts">
                    {page.conflicts.iter().map(|c| view! {
                        <li data-assessor=c.assessor_id.clone()>
                            <strong>{c.assessor.get(locale).to_owned()}</strong>
                            {(!c.note.is_empty()).then(|| format!(" — {}", c.note))}
                            <br /><span class="small muted">{locale.date_time(&c.declared_at).unwrap_or_default()}</span>
                            <form method="post" action=format!("/admin/rpl/{id}/conflict/withdraw") class="inline">
                                <input type="hidden" name="assessor" value=c.assessor_id.clone() />
                                <button type="submit" class="withdraw-conflict">{s.withdraw_conflict}</button>
                            </form>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <form method="post" action=format!("/admin/rpl/{id}/conflict") class="stack" id="conflict-form">
                <h4>{s.declare_conflict}</h4>
                <label for="conflict-assessor">{s.assessors}</label>
                <select id="conflict-assessor" name="assessor">
                    {page.assessors.iter().map(|p| view! { <option value=p.id.clone()>{p.name.get(locale).to_owned()}</option> }).collect_view()}
                </select>
                <label for="conflict-note">{s.conflict_note}</label>
                <input id="conflict-note" name="note" maxlength="200" autocomplete="off" />
                <button type="submit" id="declare-conflict">{s.declare_conflict}</button>
            </form>
        </section>
        <h3>{s.trail}</h3>
        <ol class="small" id="trail">
            {page.trail.iter().map(|e| {
                let what = match e.action.as_str() {
                    "applied" => s.action_applied.to_owned(),
                    "assigned" => {
                        let who = page.assessors.iter().find(|p| p.id == e.detail).map(|p| p.name.get(locale).to_owned()).unwrap_or_default();
                        format!("{} {who}", s.action_assigned)
                    }
                    "conflict_withdrawn" => {
                        let who = page.assessors.iter().find(|p| p.id == e.detail).map(|p| p.name.get(locale).to_owned()).unwrap_or_default();
                        format!("{} {who}", s.action_conflict_withdrawn)
                    }
                    // "UNIT N" (findings) and "UNIT OUTCOME" (a decision).
                    action @ ("judged" | "decided") => {
                        let (unit, rest) = e.detail.split_once(' ').unwrap_or((e.detail.as_str(), ""));
                        let code = a.units.iter().find(|u| u.unit_id == unit).map(|u| u.code.clone()).unwrap_or_default();
                        if action == "judged" {
                            format!("{} {code}", s.action_judged)
                        } else {
                            format!("{} {code}: {}", s.action_decided, crate::i18n::judging::strings(locale).outcome_code(rest))
                        }
                    }
                    _ => match e.detail.split_once(" → ") {
                        Some((_, to)) => format!("{} {}", s.action_step, s.stage_code(to)),
                        None => s.refused_step.to_owned(),
                    },
                };
                view! {
                    <li>
                        {locale.date_time(&e.at).unwrap_or_default()}" · "{e.actor.get(locale).to_owned()}" · "{what}
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="small">{s.online_note}</p>
    }
}
