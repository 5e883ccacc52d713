//! `/admin/classes` and `/admin/classes/:id`: the institute's classes, "Open a class"
//! (of a published programme version), and one class — its trainers (checkboxes), its
//! learners with "Withdraw", "Enrol learners" (one username or a pasted list) and the
//! learners withdrawn, with their dates. Plain forms; server-rendered, no island; online
//! only (with the network off, pages seen before open and a form goes to the offline
//! page, changing nothing).

use super::class_strings::strings;
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::status::{ErrorNote, Loading};
use crate::ui::text_box::TextBox;
use domain::classes::ClassFault;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::classes::{ClassAdmin, ClassSummary, ClassesPage};
use wire::AppError;

#[server(endpoint = "admin/classes", input = GetUrl)]
pub async fn get_classes() -> Result<ClassesPage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::classes::page(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[server(endpoint = "admin/class", input = GetUrl)]
pub async fn get_class(id: String) -> Result<ClassAdmin, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::classes::class(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

fn faults_of(q: &leptos_router::params::ParamsMap) -> Vec<ClassFault> {
    q.get("error")
        .map(|e| e.split(',').filter_map(ClassFault::parse).collect())
        .unwrap_or_default()
}

fn faults_note(faults: Vec<ClassFault>, extra: Option<String>) -> impl IntoView {
    let c = strings(use_i18n().get_untracked_locale());
    (!faults.is_empty()).then(|| {
        view! {
            <div class="error" role="alert" id="class-error">
                <ul>
                    {faults.into_iter().map(|f| view! { <li>{c.fault(f)}</li> }).collect_view()}
                    {extra.map(|e| view! { <li>{e}</li> })}
                </ul>
            </div>
        }
    })
}

#[component]
pub fn ClassesListPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    let data = Resource::new(|| (), |_| get_classes());
    view! {
        <Title text=page_title(i18n, c.classes) />
        <h1>{c.classes}</h1>
        <RequireRole roles=&[Role::Admin]>
            <p class="muted">{c.classes_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Classes page /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

fn summary_line(class: &ClassSummary, locale: domain::Locale) -> String {
    let c = strings(locale);
    let trainers = if class.trainers.is_empty() {
        c.no_trainer.to_owned()
    } else {
        class
            .trainers
            .iter()
            .map(|t| t.get(locale).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} · {} · {} · {} · {trainers}",
        class.programme.get(locale),
        c.version.replacen("{}", &locale.number(class.version), 1),
        locale.date(class.starts_on),
        c.n_learners
            .replacen("{}", &locale.number(class.learners), 1),
    )
}

#[component]
fn Classes(page: ClassesPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let (faults, typed) = use_query_map().with_untracked(|q| {
        (
            faults_of(q),
            ["code", "name_km", "name_en", "programme", "starts_on"]
                .map(|n| q.get(n).unwrap_or_default()),
        )
    });
    let [code, km, en, programme, starts_on] = typed;
    let has_programmes = !page.programmes.is_empty();
    view! {
        {if page.classes.is_empty() {
            view! { <p class="muted" id="no-classes">{c.no_classes}</p> }.into_any()
        } else {
            view! {
                <ul class="cards" id="classes">
                    {page.classes.into_iter().map(|class| {
                        let line = summary_line(&class, locale);
                        view! {
                            <li class="card" data-class=class.code.clone()>
                                <a href=format!("/admin/classes/{}", class.id)>{class.code.clone()}" · "{class.name.get(locale).to_owned()}</a>
                                <p class="muted small">{line}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <section class="card stack" id="new-class" aria-labelledby="new-class-heading">
            <h2 id="new-class-heading">{c.new_class}</h2>
            {faults_note(faults, None)}
            {if has_programmes {
                view! {
                    <form method="post" action="/admin/classes/new" class="stack" id="class-form">
                        <label for="class-code">{c.code}</label>
                        <input id="class-code" name="code" maxlength="30" autocapitalize="characters" spellcheck="false" required value=code />
                        <label for="class-name-km">{c.name_km}</label>
                        <input id="class-name-km" name="name_km" lang="km" maxlength="100" value=km />
                        <label for="class-name-en">{c.name_en}</label>
                        <input id="class-name-en" name="name_en" lang="en" maxlength="100" value=en />
                        <label for="class-programme">{c.programme}</label>
                        <select id="class-programme" name="programme">
                            {page.programmes.into_iter().map(|p| {
                                let label = format!("{} · {}", p.title.get(locale), c.version.replacen("{}", &locale.number(p.version), 1));
                                view! { <option value=p.id.clone() selected=p.id == programme>{label}</option> }
                            }).collect_view()}
                        </select>
                        <label for="class-starts">{c.starts_on}</label>
                        <input id="class-starts" name="starts_on" type="date" required value=starts_on />
                        <button type="submit" class="primary" id="create-class">{c.create}</button>
                    </form>
                }.into_any()
            } else {
                view! { <p class="muted" id="no-published">{c.no_published}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ClassAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.classes) />
        <h1>{c.classes}</h1>
        <RequireRole roles=&[Role::Admin]>
            <LoadById param="id" fetch=get_class show=|class| view! { <Class class /> } />
            <p><a href="/admin/classes">{c.back}</a></p>
        </RequireRole>
    }
}

#[component]
fn Class(class: ClassAdmin) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let (faults, unknown, rows, typed, created, trainers_saved, enrolled, withdrawn) =
        use_query_map().with_untracked(|q| {
            (
                faults_of(q),
                q.get("unknown"),
                q.get("rows"),
                q.get("usernames").unwrap_or_default(),
                q.get("created").is_some(),
                q.get("trainers").is_some(),
                q.get("enrolled").and_then(|n| n.parse::<u32>().ok()),
                q.get("withdrawn").is_some(),
            )
        });
    let id = class.class.id;
    let line = summary_line(&class.class, locale);
    let assigned: Vec<domain::UserId> = class.trainers.iter().map(|p| p.id).collect();
    let unknown = unknown
        .map(|u| c.unknown.replacen("{}", &u, 1))
        .or_else(|| {
            rows.map(|r| {
                let numbers: Vec<String> = r
                    .split(',')
                    .filter_map(|n| n.parse::<u32>().ok())
                    .map(|n| locale.number(n))
                    .collect();
                c.rows_without_username
                    .replacen("{}", &numbers.join(", "), 1)
            })
        });
    view! {
        <h2 id="class-title">{class.class.code.clone()}" · "{class.class.name.get(locale).to_owned()}</h2>
        <p class="muted">{line}</p>
        <p class="actions"><a class="button" href=format!("/admin/classes/{id}/timetable") id="timetable-link">{super::timetable_strings::strings(locale).open_timetable}</a>
            <a class="button" href=format!("/admin/classes/{id}/report") id="report-link">{crate::reports::strings::strings(locale).class_report}</a></p>
        {created.then(|| view! { <p class="status" role="status" id="class-created">{c.created}</p> })}
        {trainers_saved.then(|| view! { <p class="status" role="status" id="trainers-saved">{c.trainers_saved}</p> })}
        {enrolled.map(|n| view! { <p class="status" role="status" id="learners-enrolled">{c.enrolled.replacen("{}", &locale.number(n), 1)}</p> })}
        {withdrawn.then(|| view! { <p class="status" role="status" id="learner-withdrawn">{c.withdrawn_note}</p> })}
        {faults_note(faults, unknown)}
        <section class="card stack" id="trainers" aria-labelledby="trainers-heading">
            <h3 id="trainers-heading">{c.trainers}</h3>
            <p class="muted small">{c.trainers_help}</p>
            {if class.all_trainers.is_empty() {
                view! { <p class="muted">{c.no_trainers_here}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=format!("/admin/classes/{id}/trainers") class="stack">
                        <fieldset class="plain">
                            <legend class="sr-only">{c.trainers}</legend>
                            {class.all_trainers.into_iter().map(|p| {
                                let box_id = format!("trainer-{}", p.id);
                                view! {
                                    <div class="check-row">
                                        <input type="checkbox" id=box_id.clone() name="trainer" value=p.id.to_string() checked=assigned.contains(&p.id) />
                                        <label for=box_id>{p.name.get(locale).to_owned()}" ("{p.username}")"</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" id="save-trainers">{c.save_trainers}</button>
                    </form>
                }.into_any()
            }}
        </section>
        <section class="card stack" id="learners" aria-labelledby="learners-heading">
            <h3 id="learners-heading">{c.learners}" ("{locale.number(class.learners.len())}")"</h3>
            {if class.learners.is_empty() {
                view! { <p class="muted" id="no-learners">{c.no_learners}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain roster" id="class-learners">
                        {class.learners.into_iter().map(|p| view! {
                            <li class="roster-person" data-user=p.username.clone()>
                                <span>{p.name.get(locale).to_owned()}" "<span class="muted small">{p.username.clone()}</span></span>
                                <form method="post" action=format!("/admin/classes/{id}/withdraw") class="inline">
                                    <input type="hidden" name="learner" value=p.id.to_string() />
                                    <button type="submit" class="withdraw">{c.withdraw}<span class="sr-only">{format!(" {}", p.name.get(locale))}</span></button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <form method="post" action=format!("/admin/classes/{id}/enrol") class="card stack" id="enrol">
            <h3>{c.enrol}</h3>
            <p class="muted small" id="enrol-help">{c.enrol_help}</p>
            <label for="enrol-usernames">{c.usernames}</label>
            <TextBox id="enrol-usernames" name="usernames" rows=4 text=typed />
            <button type="submit" class="primary" id="enrol-button">{c.enrol_button}</button>
        </form>
        <form method="post" action=format!("/admin/classes/{id}/enrol-file") enctype="multipart/form-data" class="card stack" id="enrol-file">
            <h3>{c.enrol_file}</h3>
            <p class="muted small" id="enrol-file-help">{c.enrol_file_help}</p>
            <label for="enrol-file-input">{c.enrol_file_label}</label>
            <input type="file" id="enrol-file-input" name="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="enrol-file-help" />
            <button type="submit" id="enrol-file-button">{c.enrol_file_button}</button>
        </form>
        {(!class.withdrawn.is_empty()).then(|| view! {
            <section class="card stack" id="withdrawn" aria-labelledby="withdrawn-heading">
                <h3 id="withdrawn-heading">{c.withdrawn}</h3>
                <ul class="plain">
                    {class.withdrawn.into_iter().map(|w| {
                        let when = |s: &str| locale.date_time(s).unwrap_or_else(|| s.to_owned());
                        let dates = c.withdrawn_dates.replacen("{}", &when(&w.enrolled_at), 1).replacen("{}", &when(&w.withdrawn_at), 1);
                        view! { <li>{w.learner.name.get(locale).to_owned()}" · "<span class="muted small">{dates}</span></li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
