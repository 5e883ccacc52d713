//! `/curriculum/programmes/:id`: a programme's modules and learning activities, and its
//! blend — minutes and share per delivery mode, as a table (the rounding rule is the
//! domain's: shares add to 100). Server-rendered plain forms; on a draft, the `BlendLive`
//! island (authors' bundle) moves activities and shows live totals without a page load.

use super::strings::strings;
use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use domain::blend::EditFault;
use domain::{DeliveryMode, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::{ProgrammeSummary, ProgrammeView};
use wire::AppError;

/// The programmes of the signed-in developer's institute.
#[server(endpoint = "curriculum/programmes", input = GetUrl)]
pub async fn get_programmes() -> Result<Vec<ProgrammeSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::programmes::list(&state.pool, &user)
        .await
        .map_err(store::internal)
}

/// One programme of the signed-in developer's institute.
#[server(endpoint = "curriculum/programme", input = GetUrl)]
pub async fn get_programme(id: String) -> Result<ProgrammeView, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::programmes::load(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// The institute's programmes, for the curriculum home.
#[component]
pub fn ProgrammeList() -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let programmes = Resource::new(|| (), |_| get_programmes());
    view! {
        <h2>{c.programmes}</h2>
        <Suspense fallback=crate::ui::status::Loading>
            {move || Suspend::new(async move {
                match programmes.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted" id="no-programmes">{c.no_programmes}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards" id="programmes">
                            {list.into_iter().map(|p| view! {
                                <li class="card">
                                    <a href=format!("/curriculum/programmes/{}", p.id)>{p.title.get(locale).to_owned()}</a>
                                    <p class="muted">
                                        {p.qualification_code}" · "{c.version.replacen("{}", &p.version.to_string(), 1)}" · "
                                        {if p.draft { c.draft } else { c.published }}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <crate::ui::status::ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.programmes) />
        <h1>{c.programmes}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <LoadById param="id" fetch=get_programme show=|programme| view! { <Programme programme /> } />
        </RequireRole>
    }
}

/// What a form's answer says in the query string: a change saved, an activity removed,
/// the version published, or why a change was refused (and for "add", what was typed).
#[derive(Clone, Default)]
struct Outcome {
    changed: Option<String>,
    removed: bool,
    published: bool,
    moved: bool,
    fault: Option<EditFault>,
    /// The module whose "add" was refused, and the typed title (km, en), minutes, mode.
    add_module: Option<String>,
    typed: (String, String, String, String),
}

fn outcome() -> Outcome {
    let query = use_query_map();
    query.with_untracked(|q| Outcome {
        changed: q.get("changed"),
        removed: q.get("removed").is_some(),
        published: q.get("published").is_some(),
        moved: q.get("moved").is_some(),
        fault: q.get("error").and_then(|e| EditFault::parse(&e)),
        add_module: q.get("module"),
        typed: (
            q.get("title_km").unwrap_or_default(),
            q.get("title_en").unwrap_or_default(),
            q.get("minutes").unwrap_or_default(),
            q.get("mode").unwrap_or_default(),
        ),
    })
}

/// The four delivery modes as a `<select>`, `chosen` selected.
#[component]
pub fn ModeSelect(id: String, chosen: String) -> impl IntoView {
    let t = use_i18n().get_untracked_locale().strings();
    view! {
        <select name="mode" id=id>
            {DeliveryMode::ALL.into_iter().map(|m| view! {
                <option value=m.as_str() selected=chosen == m.as_str()>{t.mode(m)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn Programme(programme: ProgrammeView) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (c, t) = (strings(locale), locale.strings());
    let minutes = move |m: u32| c.minutes.replacen("{}", &locale.number(m), 1);
    let outcome = outcome();
    let blend = domain::delivery::blend(
        programme
            .modules
            .iter()
            .flat_map(|m| &m.activities)
            .map(|a| (a.mode, a.minutes)),
    );
    let total: u32 = blend.iter().map(|(_, m, _)| m).sum();
    let draft = programme.draft;
    let pid = programme.id.clone();
    let versions = programme.versions.clone();
    let classes = programme.classes.clone();
    let this_version = programme.version;
    let action = format!("/curriculum/programme/{pid}/activity");
    view! {
        <h2 id="programme-title">{programme.title.get(locale).to_owned()}</h2>
        <p class="muted">
            {programme.qualification_code.clone()}" · "{c.version.replacen("{}", &programme.version.to_string(), 1)}" · "
            <span id="programme-status">{if draft { c.draft } else { c.published }}</span>
        </p>
        {outcome.published.then(|| view! { <p class="status" role="status" id="published-note">{c.published_note}</p> })}
        {outcome.removed.then(|| view! { <p class="status" role="status" id="edit-saved">{c.removed}</p> })}
        {outcome.moved.then(|| view! { <p class="status" role="status" id="class-moved">{c.class_moved}</p> })}
        {outcome.changed.is_some().then(|| view! { <p class="status" role="status" id="edit-saved">{c.changed}</p> })}
        {outcome.fault.map(|f| view! { <p class="error" role="alert" id="edit-error">{c.edit_fault(f)}</p> })}
        <p class="actions">
            <a class="button" href=format!("/curriculum/programmes/{pid}/report") id="open-report">{c.blend_report}</a>
        </p>
        {
            let pid = pid.clone();
            let editor = move || view! {
        <h3>{c.blend}</h3>
                <div class="table-scroll" tabindex="0" role="region" aria-label=c.blend>
                    <table id="blend">
                        <thead><tr><th scope="col">{c.mode}</th><th scope="col">{c.time}</th><th scope="col">{c.share}</th></tr></thead>
                        <tbody>
                            {blend.into_iter().map(|(mode, m, share)| view! {
                                <tr data-mode=mode.as_str()><th scope="row">{t.mode(mode)}</th><td class="minutes">{minutes(m)}</td><td class="share">{format!("{share} %")}</td></tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr><th scope="row">{c.total}</th><td class="minutes">{minutes(total)}</td><td>"100 %"</td></tr></tfoot>
                    </table>
                </div>
                <p class="muted small" id="blend-pending" hidden>{c.blend_pending}</p>
                <div id="activities">
                {programme.modules.into_iter().map(|module| {
                    let adding = outcome.add_module.as_deref() == Some(module.id.as_str());
                    let (km, en, typed_minutes, mode) = if adding { outcome.typed.clone() } else { Default::default() };
                    let count = module.activities.len();
                    view! {
                        <section class="card module" id=format!("m-{}", module.id)>
                            <h3>{module.title.get(locale).to_owned()}</h3>
                            <ol class="plain activities">
                                {module.activities.into_iter().enumerate().map(|(i, a)| {
                                    let title = a.title.get(locale).to_owned();
                                    view! {
                                        <li class="activity-row" id=format!("a-{}", a.id) data-mode=a.mode.as_str() data-minutes=a.minutes>
                                            <p class="activity-title">
                                                <a href=format!("/curriculum/programmes/{pid}/activities/{}", a.id)>{title}</a>
                                            </p>
                                            <p class="muted small">
                                                <span class="mode" data-mode=a.mode.as_str()>
                                                    <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                                                        <path d=a.mode.icon_path() fill="currentColor" />
                                                    </svg>
                                                    {t.mode(a.mode)}
                                                </span>
                                                " · "{minutes(a.minutes)}" · "{c.criteria_n.replacen("{}", &a.criteria.to_string(), 1)}
                                            </p>
                                            {draft.then(|| view! {
                                                <form method="post" action=action.clone() class="activity-actions">
                                                    <input type="hidden" name="activity" value=a.id.clone() />
                                                    <button type="submit" name="action" value="up" disabled=i == 0>{c.move_up}</button>
                                                    <button type="submit" name="action" value="down" disabled=i + 1 == count>{c.move_down}</button>
                                                    <button type="submit" name="action" value="split" disabled=a.minutes < 2>{c.split}</button>
                                                    <button type="submit" name="action" value="remove">{c.remove}</button>
                                                </form>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            {draft.then(|| view! {
                                <details class="add-activity" open=adding>
                                    <summary>{c.add_activity}</summary>
                                    <form method="post" action=action.clone() class="stack">
                                        <input type="hidden" name="action" value="add" />
                                        <input type="hidden" name="module" value=module.id.clone() />
                                        <label for=format!("add-km-{}", module.id)>{c.title_km}</label>
                                        <input id=format!("add-km-{}", module.id) name="title_km" lang="km" maxlength="200" value=km />
                                        <label for=format!("add-en-{}", module.id)>{c.title_en}</label>
                                        <input id=format!("add-en-{}", module.id) name="title_en" lang="en" maxlength="200" value=en />
                                        <label for=format!("add-minutes-{}", module.id)>{c.minutes_label}</label>
                                        <input id=format!("add-minutes-{}", module.id) name="minutes" type="number" min="1" max="6000" inputmode="numeric"
                                            value=if typed_minutes.is_empty() { "60".to_owned() } else { typed_minutes } />
                                        <label for=format!("add-mode-{}", module.id)>{c.mode}</label>
                                        <ModeSelect id=format!("add-mode-{}", module.id) chosen=mode />
                                        <button type="submit" class="primary">{c.add_activity}</button>
                                    </form>
                                </details>
                            })}
                        </section>
                    }
                }).collect_view()}
                </div>
            };
            if draft {
                view! { <super::live::BlendLive locale>{editor()}</super::live::BlendLive> }.into_any()
            } else {
                editor().into_any()
            }
        }
        {(!draft).then(|| view! {
            <form method="post" action=format!("/curriculum/programme/{pid}/new-version") class="card stack" id="new-version">
                <p class="muted">{c.new_version_help}</p>
                <button type="submit" class="primary">{c.new_version}</button>
            </form>
        })}
        {(!classes.is_empty()).then(|| view! {
            <section class="card stack" id="classes" aria-labelledby="classes-heading">
                <h3 id="classes-heading">{c.classes_heading}</h3>
                {(!draft).then(|| view! { <p class="muted small">{c.move_class_help}</p> })}
                <ul class="plain stack">
                    {classes.into_iter().map(|class| {
                        let movable = !draft && class.version < this_version;
                        let cid = class.id.clone();
                        view! {
                            <li class="class-version" data-class=class.code.clone()>
                                <span>{class.code.clone()}" · "{class.name.get(locale).to_owned()}" · "
                                    <span class="muted">{c.class_follows.replacen("{}", &locale.number(class.version), 1)}</span>
                                </span>
                                {movable.then(|| view! {
                                    <form method="post" action=format!("/curriculum/class/{cid}/version")>
                                        <input type="hidden" name="programme" value=pid.clone()/>
                                        <button type="submit" class="move-class">{c.move_class.replacen("{}", &locale.number(this_version), 1)}</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!versions.is_empty()).then(|| view! {
            <form method="get" action=format!("/curriculum/programmes/{pid}/diff") class="card stack" id="compare">
                <label for="compare-with">{c.compare}</label>
                <select name="with" id="compare-with">
                    {versions.into_iter().map(|v| view! {
                        <option value=v.id>{c.version.replacen("{}", &locale.number(v.version), 1)}" · "{if v.draft { c.draft } else { c.published }}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{c.compare_button}</button>
            </form>
        })}
        {draft.then(|| view! {
            <form method="post" action=format!("/curriculum/programme/{pid}/publish") class="card stack" id="publish">
                <p class="muted">{c.publish_help}</p>
                <button type="submit" class="primary">{c.publish}</button>
            </form>
        })}
    }
}
