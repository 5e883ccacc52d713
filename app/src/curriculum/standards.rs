//! `/curriculum/standards`: the competency standards an institute sees, the import form
//! (a plain multipart form, no JavaScript) with what came of the last import, and
//! `/curriculum/standards/:id`: one standard whole, with its exports. Server-rendered;
//! no island, so nothing of it reaches a learner's phone.

use super::strings::{strings, CurriculumStrings};
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::status::{ErrorNote, Loading};
use domain::standard::{Standard, UnitKind};
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::{ImportReport, StandardPage, StandardsPage};
use wire::AppError;

/// The standards of the signed-in developer's institute, and the import `import` (theirs).
#[server(endpoint = "curriculum/standards", input = GetUrl)]
pub async fn get_standards(import: Option<String>) -> Result<StandardsPage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    let standards = store::standards::list(&state.pool, &user)
        .await
        .map_err(store::internal)?;
    let report = match import {
        Some(id) => store::standards::import_report(&state.pool, &user, &id)
            .await
            .map_err(store::internal)?,
        None => None,
    };
    Ok(StandardsPage { standards, report })
}

/// One standard the signed-in developer's institute sees.
#[server(endpoint = "curriculum/standard", input = GetUrl)]
pub async fn get_standard(id: String) -> Result<StandardPage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    let standard = store::standards::load(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)?;
    Ok(StandardPage {
        untranslated: standard.untranslated(),
        standard,
    })
}

fn fill2(template: &str, a: impl ToString, b: impl ToString) -> String {
    template
        .replacen("{}", &a.to_string(), 1)
        .replacen("{}", &b.to_string(), 1)
}

/// `<title>` and `<h1>` from the curriculum strings, the content behind the role guard.
#[component]
fn CurriculumPage(
    title: fn(&'static CurriculumStrings) -> &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, title(c)) />
        <h1>{title(c)}</h1>
        <RequireRole roles=&[Role::Curriculum] children />
    }
}

#[component]
pub fn StandardsPageView() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("import")), get_standards);
    view! {
        <CurriculumPage title=|c| c.standards>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Standards page /> }.into_any(),
                        Err(error) => {
                            crate::ui::status::set_status(error.status());
                            view! { <ErrorNote error /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </CurriculumPage>
    }
}

#[component]
fn Standards(page: StandardsPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let report = page.report.map(|report| view! { <Report report locale /> });
    let list = if page.standards.is_empty() {
        view! { <p class="muted" id="no-standards">{c.no_standards}</p> }.into_any()
    } else {
        view! {
            <ul class="cards" id="standards">
                {page.standards.into_iter().map(|s| view! {
                    <li class="card">
                        <a href=format!("/curriculum/standards/{}", s.id)>
                            <strong>{s.code.clone()}</strong>" · "{s.title.get(locale).to_owned()}
                        </a>
                        <p class="muted">
                            {fill2(c.units_criteria, s.units, s.criteria)}" · "
                            {if s.own { c.ours } else { c.shared }}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p class="muted">{c.standards_intro}</p>
        {report}
        {list}
        <form method="post" action="/curriculum/import" enctype="multipart/form-data" class="card" id="import-standard">
            <h2>{c.import_title}</h2>
            <p class="muted">{c.import_help}</p>
            <label>
                {c.file}
                <input type="file" name="file" id="standard-file" accept=".json,.csv,.xlsx,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            </label>
            <label>
                {c.level_if_missing}
                <select name="cqf_level" id="cqf-level">
                    <option value="">{c.level_from_file}</option>
                    {(1..=8).map(|l| view! { <option value=l.to_string()>{l}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="primary" id="import-button">{c.import_button}</button>
            <p><a href="/curriculum/template.csv" download id="template">{c.template}</a></p>
        </form>
    }
}

#[component]
fn Report(report: ImportReport, locale: Locale) -> impl IntoView {
    let c = strings(locale);
    let name = if report.file_name.is_empty() {
        c.file.to_owned()
    } else {
        report.file_name.clone()
    };
    match report.standard {
        Some(id) => view! {
            <div class="status card" role="status" id="import-report">
                <p>{c.imported.replacen("{}", &name, 1)}</p>
                <p><a href=format!("/curriculum/standards/{id}")>{c.open_standard}</a></p>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="error card" role="alert" id="import-report">
                <p>{c.refused.replacen("{}", &name, 1)}</p>
                <ul id="import-problems">
                    {report.problems.iter().map(|p| {
                        let (place, fault) = c.problem(p);
                        view! { <li><strong>{place}</strong>" — "{fault}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
    }
}

#[component]
pub fn StandardPageView() -> impl IntoView {
    view! {
        <CurriculumPage title=|c| c.standards>
            <LoadById param="id" fetch=get_standard show=|page| view! { <StandardView page /> } />
        </CurriculumPage>
    }
}

fn kind(c: &CurriculumStrings, kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Core => c.unit_kind[0],
        UnitKind::Common => c.unit_kind[1],
        UnitKind::Elective => c.unit_kind[2],
    }
}

#[component]
fn StandardView(page: StandardPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let StandardPage {
        standard,
        untranslated,
    } = page;
    let Standard {
        qualification: q,
        units,
    } = standard;
    let id = q.id.to_string();
    let text = move |l: &domain::Localized| l.get(locale).to_owned();
    let section = move |label: &'static str, value: &domain::Localized| {
        let value = text(value);
        (!value.trim().is_empty()).then(|| view! { <p><strong>{label}": "</strong>{value}</p> })
    };
    view! {
        <p><a href="/curriculum/standards">{c.back_to_standards}</a></p>
        <h2 id="standard-title">{q.code.clone()}" · "{text(&q.title)}</h2>
        <p class="muted">{q.cqf_level.map(|l| c.cqf_level.replacen("{}", &l.to_string(), 1))}</p>
        <ul class="links" id="exports">
            <li><a href=format!("/curriculum/standard/{id}/case.json") download>{c.export_case}</a></li>
            <li><a href=format!("/curriculum/standard/{id}/moodle.csv") download>{c.export_moodle}</a></li>
            <li><a href=format!("/curriculum/standard/{id}/sala.csv") download>{c.export_sala}</a></li>
        </ul>
        <form method="post" action=format!("/curriculum/standard/{id}/programme") class="card" id="start-programme">
            <p class="muted">{c.start_programme_help}</p>
            <button type="submit" class="primary">{c.start_programme}</button>
        </form>
        {(!untranslated.is_empty()).then(|| view! {
            <details class="card" id="untranslated">
                <summary>{c.to_translate}" ("{untranslated.len()}")"</summary>
                <ul>{untranslated.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul>
            </details>
        })}
        {units.into_iter().map(|unit| view! {
            <section class="card unit">
                <h3>{unit.code.clone()}" · "{text(&unit.title)}</h3>
                <p class="muted">{kind(c, unit.kind)}" · "{fill2(c.hours, unit.hours_theory, unit.hours_practical)}</p>
                {section(c.descriptor, &unit.descriptor)}
                {section(c.range_statement, &unit.range_statement)}
                {section(c.knowledge, &unit.knowledge)}
                {section(c.skills, &unit.skills)}
                {section(c.evidence_guide, &unit.evidence.critical_aspects)}
                <ol class="elements">
                    {unit.elements.into_iter().enumerate().map(|(e, element)| view! {
                        <li>
                            {text(&element.title)}
                            <ul class="criteria">
                                {element.criteria.into_iter().enumerate().map(|(n, criterion)| view! {
                                    <li>{format!("{}.{} ", e + 1, n + 1)}{text(&criterion.text)}</li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }).collect_view()}
    }
}
