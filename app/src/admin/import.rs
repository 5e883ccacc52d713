//! `/admin/people/import`: learners from a spreadsheet. The template to download, the
//! upload form (a plain multipart form posted to `/admin/people/import`), and the last
//! import's outcome (`?result=…`): the learners it added, with "Print sign-in slips" for
//! all of them, and how many rows were someone already here — or every problem with its
//! row and column, and nothing imported. Server-rendered, no island.

use super::strings::strings;
use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::page_title;
use crate::ui::status::{ErrorNote, Loading};
use domain::roster::{RosterFault, RosterProblem};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::{AppError, PeopleImport};

/// One of the signed-in admin's imports.
#[server(endpoint = "admin/people-import", input = GetUrl)]
pub async fn get_people_import(id: String) -> Result<PeopleImport, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::roster::result(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn ImportPeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let p = strings(locale);
    let result = use_query_map().with_untracked(|q| q.get("result"));
    let outcome = result.map(|id| Resource::new(move || id.clone(), get_people_import));
    view! {
        <Title text=page_title(i18n, p.import_title) />
        <h1>{p.import_title}</h1>
        <RequireRole roles=&[Role::Admin]>
            {outcome.map(|outcome| view! {
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match outcome.await {
                            Ok(import) => view! { <Outcome import /> }.into_any(),
                            Err(error) => view! { <ErrorNote error /> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
            <form method="post" action="/admin/people/import" enctype="multipart/form-data" class="card stack" id="import-people">
                <p class="muted">{p.import_help}</p>
                <p><a href="/admin/people/template.csv" id="people-template" download="">{p.import_template}</a></p>
                <label for="people-file">{p.import_file}</label>
                <input id="people-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
                <button type="submit" class="primary" id="import-button">{p.import_button}</button>
            </form>
            <p><a href="/admin/people">{p.back_to_people}</a></p>
        </RequireRole>
    }
}

/// Where a problem is and what it is, in words.
fn problem_text(problem: &RosterProblem, locale: domain::Locale) -> String {
    let p = strings(locale);
    let what = match RosterFault::parse(&problem.fault) {
        Some(RosterFault::MissingColumn) => {
            p.import_missing_column.replacen("{}", &problem.column, 1)
        }
        Some(RosterFault::Empty) => p.import_empty.to_owned(),
        Some(RosterFault::TooMany) => p.import_too_many.to_owned(),
        Some(RosterFault::Twice) => p.import_twice.to_owned(),
        Some(RosterFault::PhoneAsNumber) => p.import_phone_as_number.to_owned(),
        Some(RosterFault::Unreadable) | None => p.import_unreadable.to_owned(),
        Some(RosterFault::Person(f)) => p.fault(f).to_owned(),
    };
    let row = locale.number(problem.row);
    if problem.row == 0 || RosterFault::parse(&problem.fault) == Some(RosterFault::MissingColumn) {
        what
    } else if problem.column.is_empty() {
        format!("{}: {what}", p.import_row.replacen("{}", &row, 1))
    } else {
        format!(
            "{}: {what}",
            p.import_row_column
                .replacen("{}", &row, 1)
                .replacen("{}", &problem.column, 1)
        )
    }
}

#[component]
fn Outcome(import: PeopleImport) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (p, t) = (strings(locale), locale.strings());
    if !import.problems.is_empty() {
        let lines: Vec<String> = import
            .problems
            .iter()
            .map(|pr| problem_text(pr, locale))
            .collect();
        return view! {
            <section class="error" role="alert" id="import-problems">
                <p>{p.import_refused.replacen("{}", &import.file_name, 1)}</p>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </section>
        }
        .into_any();
    }
    let summary = p
        .import_done
        .replacen("{}", &import.file_name, 1)
        .replacen("{}", &locale.number(import.added.len()), 1)
        .replacen("{}", &locale.number(import.already), 1);
    let has_added = !import.added.is_empty();
    view! {
        <section class="card stack" id="import-done">
            <p class="status" role="status">{summary}</p>
            {has_added.then(|| {
                let ids: Vec<String> = import.added.iter().map(|a| a.id.to_string()).collect();
                view! {
                    <form method="post" action="/admin/people/slips" id="print-imported">
                        {ids.into_iter().map(|id| view! { <input type="hidden" name="person" value=id /> }).collect_view()}
                        <button type="submit" class="primary" id="print-imported-slips">
                            {p.import_print.replacen("{}", &locale.number(import.added.len()), 1)}
                        </button>
                    </form>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=p.import_added>
                        <table id="imported">
                            <thead><tr><th scope="col">{t.person}</th><th scope="col">{t.username}</th></tr></thead>
                            <tbody>
                                {import.added.into_iter().map(|a| view! {
                                    <tr><th scope="row">{a.name.get(locale).to_owned()}</th><td>{a.username}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
    .into_any()
}
