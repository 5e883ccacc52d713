//! RPL assessment packages (`/curriculum/packages[/:id]`), for curriculum developers and
//! assessors: every unit of the standards the institute sees with its package's
//! versions, and one version — a draft as one plain form (statements per criterion,
//! evidence requirements, the observation checklist, questions, the third-party report;
//! a blank row of each list adds one), with what is left to do before publishing as the
//! domain's `check` finds it; a published version read-only, with "Start a new version".
//! Server-rendered, no island. Offline: a page seen before opens from the service
//! worker's copy; saving goes to the offline page and changes nothing.

use super::package_strings::{strings, PackageStrings};
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::status::{ErrorNote, Loading};
use crate::ui::text_box::TextBox;
use domain::rpl::package::{self, EvidenceKind, Fault, Item, Package, Place, Problem};
use domain::{CriterionId, Locale, Localized, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::ElementChoice;
use wire::rpl::{PackagePage, PackageVersion, PackagesPage, UnitPackages};
use wire::AppError;

/// Who writes packages.
pub const AUTHORS: &[Role] = &[Role::Curriculum, Role::Assessor];

/// The longest text of a package's form field (as `domain::rpl::package::MAX_TEXT`).
const MAX: u32 = package::MAX_TEXT as u32;

#[server(endpoint = "curriculum/packages", input = GetUrl)]
pub async fn get_packages() -> Result<PackagesPage, AppError> {
    let (user, state) = crate::auth::service::require(AUTHORS).await?;
    store::rpl_packages::list(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[server(endpoint = "curriculum/package", input = GetUrl)]
pub async fn get_package(id: String) -> Result<PackagePage, AppError> {
    let (user, state) = crate::auth::service::require(AUTHORS).await?;
    store::rpl_packages::load(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// `/curriculum/packages`.
#[component]
pub fn PackagesPageView() -> impl IntoView {
    let i18n = use_i18n();
    let s = strings(i18n.get_untracked_locale());
    let data = Resource::new(|| (), |_| get_packages());
    view! {
        <Title text=page_title(i18n, s.packages) />
        <h1>{s.packages}</h1>
        <RequireRole roles=AUTHORS>
            <p class="muted">{s.packages_intro}</p>
            <p class="small">{s.offline_note}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Units page /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn Units(page: PackagesPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let s = strings(locale);
    if page.qualifications.is_empty() {
        return view! { <p class="muted" id="no-units">{s.no_units}</p> }.into_any();
    }
    page.qualifications
        .into_iter()
        .map(|q| {
            view! {
                <h2>{q.code.clone()}" · "{q.title.get(locale).to_owned()}</h2>
                <ul class="plain stack" id=format!("units-{}", q.code)>
                    {q.units.into_iter().map(|u| view! { <UnitRow unit=u locale /> }).collect_view()}
                </ul>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn UnitRow(unit: UnitPackages, locale: Locale) -> impl IntoView {
    let s = strings(locale);
    let draft = unit.versions.iter().find(|v| !v.published).cloned();
    let action = match (&draft, unit.versions.is_empty()) {
        (Some(d), _) => s.edit_draft.replacen("{}", &locale.number(d.version), 1),
        (None, true) => s.start_package.to_owned(),
        (None, false) => s.new_version.to_owned(),
    };
    let criteria = s
        .criteria_n
        .replacen("{}", &locale.number(unit.criteria), 1);
    view! {
        <li class="card" data-unit=unit.unit_id.clone()>
            <strong>{unit.unit_code.clone()}" "{unit.unit_title.get(locale).to_owned()}</strong>
            <br /><span class="muted small">{criteria}</span>
            <Versions versions=unit.versions.clone() locale current=None />
            {match draft {
                Some(d) => view! {
                    <p><a class="button" href=format!("/curriculum/packages/{}", d.id)>{action}</a></p>
                }.into_any(),
                None => view! {
                    <form method="post" action="/curriculum/packages/new" class="inline">
                        <input type="hidden" name="unit" value=unit.unit_id.clone() />
                        <button type="submit" class="start-package">{action}</button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}

/// The versions of a unit's package, each a link (but `current`).
#[component]
fn Versions(
    versions: Vec<PackageVersion>,
    locale: Locale,
    current: Option<String>,
) -> impl IntoView {
    let s = strings(locale);
    if versions.is_empty() {
        return view! { <p class="muted small">{s.no_package}</p> }.into_any();
    }
    view! {
        <ul class="plain small versions">
            {versions.into_iter().map(|v| {
                let label = format!(
                    "{} · {}{}",
                    s.version_n.replacen("{}", &locale.number(v.version), 1),
                    if v.published { s.published } else { s.draft },
                    locale.date_time(&v.at).map(|d| format!(" · {d}")).unwrap_or_default(),
                );
                let here = current.as_deref() == Some(v.id.as_str());
                view! {
                    <li data-version=v.version.to_string()>
                        {if here {
                            view! { <strong aria-current="page">{label}</strong> }.into_any()
                        } else {
                            view! { <a href=format!("/curriculum/packages/{}", v.id)>{label}</a> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/curriculum/packages/:id`.
#[component]
pub fn PackagePageView() -> impl IntoView {
    let i18n = use_i18n();
    let s = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, s.package) />
        <h1>{s.package}</h1>
        <RequireRole roles=AUTHORS>
            <LoadById param="id" fetch=get_package show=|page| view! { <PackageView page /> } />
            <p><a href="/curriculum/packages">{s.back_to_packages}</a></p>
        </RequireRole>
    }
}

/// Each criterion's number ("1.2", in the reader's digits) by id.
fn numbers(elements: &[ElementChoice], locale: Locale) -> Vec<(CriterionId, String)> {
    elements
        .iter()
        .flat_map(|e| &e.criteria)
        .filter_map(|c| Some((c.id.parse().ok()?, locale.digits(&c.number))))
        .collect()
}

fn number_of(numbers: &[(CriterionId, String)], id: CriterionId) -> String {
    numbers
        .iter()
        .find(|(c, _)| *c == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

#[component]
fn PackageView(page: PackagePage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let s = strings(locale);
    let query = use_query_map();
    let (note, refused) = query.with_untracked(|q| {
        let problems: Vec<Problem> = q
            .get("problems")
            .map(|p| p.split(',').filter_map(parse_problem).collect())
            .unwrap_or_default();
        let note = if q.get("published").is_some() {
            Some(s.just_published)
        } else if q.get("saved").is_some() {
            Some(s.saved)
        } else {
            None
        };
        let refused = q.get("error").map(|e| (e, problems));
        (note, refused)
    });
    let numbers = numbers(&page.elements, locale);
    let criteria = wire::curriculum::criteria_ids(&page.elements);
    let left = package::check(&page.content, &criteria);
    let status = if page.published { s.published } else { s.draft };
    let saved = s
        .last_saved
        .replacen(
            "{when}",
            &locale.date_time(&page.updated_at).unwrap_or_default(),
            1,
        )
        .replacen("{who}", page.updated_by.get(locale), 1);
    let refused = refused.map(|(code, problems)| {
        let message = match code.as_str() {
            "stale" => s.refused_stale,
            "published" => s.refused_published,
            "not_ready" => s.refused_not_ready,
            _ => s.not_saved,
        };
        let items: Vec<String> = problems
            .iter()
            .map(|p| s.problem(p, locale, |c| number_of(&numbers, c)))
            .collect();
        view! {
            <div class="error" role="alert" id="package-error">
                <p>{message}</p>
                {(!items.is_empty()).then(|| view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> })}
            </div>
        }
    });
    let heading = format!("{} {}", page.unit_code, page.unit_title.get(locale));
    let version = s.version_n.replacen("{}", &locale.number(page.version), 1);
    view! {
        <h2 id="package-unit">{heading}</h2>
        <p class="muted">
            <span id="package-version">{version}" · "{status}</span>
            " · "{page.qualification_code.clone()}
        </p>
        {note.map(|n| view! { <p class="status" role="status" id="package-note">{n}</p> })}
        {refused}
        <Versions versions=page.versions.clone() locale current=Some(page.id.clone()) />
        {if page.published {
            view! { <Published page numbers locale /> }.into_any()
        } else {
            view! {
                <p class="small muted" id="package-saved">{saved}</p>
                <LeftToDo left=left.clone() numbers=numbers.clone() locale />
                <Editor page locale />
            }.into_any()
        }}
        <p class="small">{s.offline_note}</p>
    }
}

#[component]
fn LeftToDo(
    left: Vec<Problem>,
    numbers: Vec<(CriterionId, String)>,
    locale: Locale,
) -> impl IntoView {
    let s = strings(locale);
    view! {
        <section class="card" aria-labelledby="left-heading" id="left-to-do">
            <h3 id="left-heading">{s.left_to_do}</h3>
            {if left.is_empty() {
                view! { <p id="nothing-left">{s.nothing_left}</p> }.into_any()
            } else {
                view! {
                    <ul class="left" data-count=left.len().to_string()>
                        {left.iter().map(|p| view! { <li>{s.problem(p, locale, |c| number_of(&numbers, c))}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A pair of text boxes, Khmer then English, labelled.
#[component]
fn Pair(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    text: Localized,
    label_km: &'static str,
    label_en: &'static str,
    rows: u32,
) -> impl IntoView {
    let (km, en) = (format!("{id}-km"), format!("{id}-en"));
    view! {
        <label for=km.clone()>{label_km}</label>
        <TextBox id=km name=format!("{name}.km") rows text=text.km maxlength=MAX lang="km" />
        <label for=en.clone()>{label_en}</label>
        <TextBox id=en name=format!("{name}.en") rows text=text.en maxlength=MAX lang="en" />
    }
}

/// The unit's criteria as checkboxes named `name.c`, those `chosen` ticked.
#[component]
fn CriteriaChoice(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    elements: Vec<ElementChoice>,
    chosen: Vec<CriterionId>,
    locale: Locale,
) -> impl IntoView {
    let s = strings(locale);
    view! {
        <fieldset class="criteria-choice">
            <legend>{s.shows_criteria}</legend>
            {elements.into_iter().flat_map(|e| e.criteria).map(|c| {
                let box_id = format!("{id}-c-{}", c.id);
                let ticked = c.id.parse().is_ok_and(|c: CriterionId| chosen.contains(&c));
                view! {
                    <label for=box_id.clone() class="choice">
                        <input type="checkbox" id=box_id.clone() name=format!("{name}.c") value=c.id.clone() checked=ticked />
                        <span><span class="criterion-number">{locale.digits(&c.number)}</span>" "{c.text.get(locale).to_owned()}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// "Remove" for the row whose fields are named `name.…` (ids `id-…`).
#[component]
fn Remove(#[prop(into)] id: String, #[prop(into)] name: String, locale: Locale) -> impl IntoView {
    let box_id = format!("{id}-remove");
    view! {
        <label for=box_id.clone() class="choice">
            <input type="checkbox" id=box_id.clone() name=format!("{name}.remove") value="1" /><span>{strings(locale).remove}</span>
        </label>
    }
}

#[component]
fn Editor(page: PackagePage, locale: Locale) -> impl IntoView {
    let s: &PackageStrings = strings(locale);
    let Package {
        statements: _,
        evidence,
        tasks,
        questions,
        third_party,
    } = page.content.clone();
    let elements = page.elements.clone();
    let statement = |c: &str| {
        c.parse()
            .ok()
            .and_then(|c| page.content.statement(c).cloned())
            .unwrap_or_default()
    };
    let item_rows = |items: Vec<Item>, kind: &'static str, question: bool| {
        let blank = items.len();
        items
            .into_iter()
            .map(Some)
            .chain(std::iter::once(None))
            .enumerate()
            .map(|(i, item)| {
                let prefix = format!("{kind}.{i}");
                let id = format!("{kind}-{i}");
                let legend = match (question, item.is_some()) {
                    (false, true) => s.task_n.replacen("{}", &locale.number(i + 1), 1),
                    (true, true) => s.question_n.replacen("{}", &locale.number(i + 1), 1),
                    (false, false) => s.new_task.to_owned(),
                    (true, false) => s.new_question.to_owned(),
                };
                let item = item.unwrap_or_default();
                let exists = i < blank;
                view! {
                    <fieldset class="card stack" data-row=i.to_string() data-kind=kind>
                        <legend>{legend}</legend>
                        <Pair id=id.clone() name=prefix.clone() text=item.text label_km=s.in_khmer label_en=s.in_english rows=2 />
                        {question.then(|| view! {
                            <Pair id=format!("{id}-good") name=format!("{prefix}.good") text=item.good_answer.clone()
                                label_km=s.good_answer_km label_en=s.good_answer_en rows=2 />
                        })}
                        <CriteriaChoice id=id.clone() name=prefix.clone() elements=elements.clone() chosen=item.criteria locale />
                        {exists.then(|| view! { <Remove id=id.clone() name=prefix.clone() locale /> })}
                    </fieldset>
                }
            })
            .collect_view()
    };
    let task_rows = item_rows(tasks, "task", false);
    let question_rows = item_rows(questions, "q", true);
    let blank_rule = evidence.len();
    let evidence_rows = evidence
        .into_iter()
        .map(Some)
        .chain(std::iter::once(None))
        .enumerate()
        .map(|(i, rule)| {
            let id = format!("ev-{i}");
            let prefix = format!("ev.{i}");
            let exists = i < blank_rule;
            let legend = if exists {
                format!("{} {}", s.evidence, locale.number(i + 1))
            } else {
                s.add_requirement.to_owned()
            };
            let kind = rule.as_ref().map(|r| r.kind);
            let (at_least, years) = rule
                .as_ref()
                .map(|r| (r.at_least.to_string(), r.within_years.to_string()))
                .unwrap_or(("1".into(), "0".into()));
            let note = rule.map(|r| r.note).unwrap_or_default();
            view! {
                <fieldset class="card stack" data-row=i.to_string() data-kind="ev">
                    <legend>{legend}</legend>
                    <label for=format!("{id}-kind")>{s.kind}</label>
                    <select id=format!("{id}-kind") name=format!("{prefix}.kind")>
                        {(!exists).then(|| view! { <option value="" selected=true>{s.add_requirement}</option> })}
                        {EvidenceKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=kind == Some(k)>{s.kind(k)}</option>
                        }).collect_view()}
                    </select>
                    <label for=format!("{id}-n")>{s.at_least}</label>
                    <input type="number" id=format!("{id}-n") name=format!("{prefix}.n") min="1" max="20" inputmode="numeric" value=at_least />
                    <label for=format!("{id}-years")>{s.within_years}</label>
                    <input type="number" id=format!("{id}-years") name=format!("{prefix}.years") min="0" max="30" inputmode="numeric"
                        value=years aria-describedby=format!("{id}-years-help") />
                    <p class="muted small" id=format!("{id}-years-help")>{s.any_age}</p>
                    <Pair id=format!("{id}-note") name=prefix.clone() text=note label_km=s.note_km label_en=s.note_en rows=2 />
                    {exists.then(|| view! { <Remove id=id.clone() name=prefix.clone() locale /> })}
                </fieldset>
            }
        })
        .collect_view();
    let blank_tp = third_party.len();
    let third_party_rows = third_party
        .into_iter()
        .map(Some)
        .chain(std::iter::once(None))
        .enumerate()
        .map(|(i, q)| {
            let exists = i < blank_tp;
            let legend = if exists {
                s.question_n.replacen("{}", &locale.number(i + 1), 1)
            } else {
                s.new_third_party.to_owned()
            };
            let id = format!("tp-{i}");
            view! {
                <fieldset class="card stack" data-row=i.to_string() data-kind="tp">
                    <legend>{legend}</legend>
                    <Pair id=id.clone() name=format!("tp.{i}") text=q.unwrap_or_default() label_km=s.in_khmer label_en=s.in_english rows=2 />
                    {exists.then(|| view! { <Remove id=id.clone() name=format!("tp.{i}") locale /> })}
                </fieldset>
            }
        })
        .collect_view();
    let statements = page
        .elements
        .iter()
        .map(|e| {
            let title = format!("{}. {}", locale.number(e.number), e.title.get(locale));
            view! {
                <h4>{title}</h4>
                {e.criteria.iter().map(|c| {
                    let id = format!("st-{}", c.id);
                    view! {
                        <div class="card stack" data-criterion=c.id.clone()>
                            <p><strong>{locale.digits(&c.number)}</strong>" "{c.text.get(locale).to_owned()}</p>
                            <Pair id name=format!("st.{}", c.id) text=statement(&c.id) label_km=s.in_khmer label_en=s.in_english rows=2 />
                        </div>
                    }
                }).collect_view()}
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/curriculum/packages/{}", page.id) class="stack" id="package-form">
            <input type="hidden" name="rev" value=page.revision.to_string() />
            <section aria-labelledby="statements-heading" class="stack">
                <h3 id="statements-heading">{s.statements}</h3>
                <p class="muted small">{s.statements_help}</p>
                {statements}
            </section>
            <section aria-labelledby="evidence-heading" class="stack">
                <h3 id="evidence-heading">{s.evidence}</h3>
                <p class="muted small">{s.evidence_help}</p>
                {evidence_rows}
            </section>
            <section aria-labelledby="tasks-heading" class="stack">
                <h3 id="tasks-heading">{s.tasks}</h3>
                <p class="muted small">{s.tasks_help}</p>
                {task_rows}
            </section>
            <section aria-labelledby="questions-heading" class="stack">
                <h3 id="questions-heading">{s.questions}</h3>
                <p class="muted small">{s.questions_help}</p>
                {question_rows}
            </section>
            <section aria-labelledby="third-party-heading" class="stack">
                <h3 id="third-party-heading">{s.third_party}</h3>
                <p class="muted small">{s.third_party_help}</p>
                {third_party_rows}
            </section>
            <p class="actions">
                <button type="submit" class="primary" name="action" value="save" id="save-package">{s.save}</button>
                <button type="submit" name="action" value="publish" id="publish-package">{s.publish}</button>
            </p>
        </form>
    }
}

/// A published version, read-only.
#[component]
fn Published(
    page: PackagePage,
    numbers: Vec<(CriterionId, String)>,
    locale: Locale,
) -> impl IntoView {
    let s = strings(locale);
    let on = page
        .published_at
        .as_deref()
        .and_then(|at| locale.date_time(at))
        .unwrap_or_default();
    let draft = page.versions.iter().find(|v| !v.published).cloned();
    let criteria_list = |criteria: &[CriterionId]| {
        criteria
            .iter()
            .map(|c| number_of(&numbers, *c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list = |items: &[Item], question: bool| {
        if items.is_empty() {
            return view! { <p class="muted">{s.none_yet}</p> }.into_any();
        }
        view! {
            <ol>
                {items.iter().map(|i| view! {
                    <li>
                        {i.text.get(locale).to_owned()}
                        {question.then(|| view! { <br /><span class="small">{s.good_answer}": "{i.good_answer.get(locale).to_owned()}</span> })}
                        <br /><span class="muted small">{s.shows_criteria}": "{criteria_list(&i.criteria)}</span>
                    </li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let content = &page.content;
    view! {
        <p class="status" id="published-note">{s.published_on.replacen("{}", &on, 1)}</p>
        {match draft {
            Some(d) => view! {
                <p><a class="button" href=format!("/curriculum/packages/{}", d.id)>{s.edit_draft.replacen("{}", &locale.number(d.version), 1)}</a></p>
            }.into_any(),
            None => view! {
                <form method="post" action="/curriculum/packages/new" class="inline">
                    <input type="hidden" name="unit" value=page.unit_id.clone() />
                    <button type="submit" id="new-version">{s.new_version}</button>
                </form>
            }.into_any(),
        }}
        <h3>{s.statements}</h3>
        <ul id="published-statements">
            {content.statements.iter().map(|st| view! {
                <li><strong>{number_of(&numbers, st.criterion)}</strong>" "{st.text.get(locale).to_owned()}</li>
            }).collect_view()}
        </ul>
        <h3>{s.evidence}</h3>
        <ul>
            {content.evidence.iter().map(|r| view! {
                <li>
                    {s.kind(r.kind)}" · "{s.at_least}": "{locale.number(r.at_least)}" · "{s.within_years}": "{locale.number(r.within_years)}
                    {(!r.note.get(locale).is_empty()).then(|| view! { <br /><span class="small">{r.note.get(locale).to_owned()}</span> })}
                </li>
            }).collect_view()}
        </ul>
        <h3>{s.tasks}</h3>
        {list(&content.tasks, false)}
        <h3>{s.questions}</h3>
        {list(&content.questions, true)}
        <h3>{s.third_party}</h3>
        {if content.third_party.is_empty() {
            view! { <p class="muted">{s.none_yet}</p> }.into_any()
        } else {
            view! { <ol>{content.third_party.iter().map(|q| view! { <li>{q.get(locale).to_owned()}</li> }).collect_view()}</ol> }.into_any()
        }}
    }
}

/// A problem as the query string carries it: `fault:place` (`pkg`, `s-<criterion>`,
/// `e-<n>`, `t-<n>`, `q-<n>`, `tp-<n>`).
pub fn problem_code(problem: &Problem) -> String {
    let place = match problem.place {
        Place::Package => "pkg".to_owned(),
        Place::Statement(c) => format!("s-{c}"),
        Place::Evidence(i) => format!("e-{i}"),
        Place::Task(i) => format!("t-{i}"),
        Place::Question(i) => format!("q-{i}"),
        Place::ThirdParty(i) => format!("tp-{i}"),
    };
    format!("{}:{place}", problem.fault.code())
}

fn parse_problem(code: &str) -> Option<Problem> {
    let (fault, place) = code.split_once(':')?;
    let fault = Fault::parse(fault)?;
    let place = if place == "pkg" {
        Place::Package
    } else {
        let (kind, rest) = place.split_once('-')?;
        match kind {
            "s" => Place::Statement(rest.parse().ok()?),
            "e" => Place::Evidence(rest.parse().ok()?),
            "t" => Place::Task(rest.parse().ok()?),
            "q" => Place::Question(rest.parse().ok()?),
            "tp" => Place::ThirdParty(rest.parse().ok()?),
            _ => return None,
        }
    };
    Some(Problem { place, fault })
}

/// The package a posted editor form holds: each statement typed in either language,
/// each row of a list that is not blank and not ticked "Remove", in the form's order. A
/// count that is not a number reads as 0 (out of range: the check refuses it).
#[cfg(feature = "ssr")]
pub fn from_form(form: &[(String, String)]) -> Package {
    use domain::rpl::package::{EvidenceRule, Statement};
    use std::collections::BTreeMap;
    /// Rows beyond this are not the editor's (it adds one at a time).
    const ROWS: usize = 200;
    #[derive(Default)]
    struct Row {
        km: String,
        en: String,
        good_km: String,
        good_en: String,
        kind: String,
        n: String,
        years: String,
        criteria: Vec<CriterionId>,
        remove: bool,
    }
    let mut statements: Vec<(CriterionId, Localized)> = Vec::new();
    let mut rows: BTreeMap<(&str, usize), Row> = BTreeMap::new();
    for (name, value) in form {
        let mut parts = name.splitn(3, '.');
        let (Some(kind), Some(key), part) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if kind == "st" {
            let Ok(criterion) = key.parse::<CriterionId>() else {
                continue;
            };
            let at = match statements.iter().position(|(c, _)| *c == criterion) {
                Some(at) => at,
                None => {
                    statements.push((criterion, Localized::default()));
                    statements.len() - 1
                }
            };
            match part {
                Some("km") => statements[at].1.km = value.trim().to_owned(),
                Some("en") => statements[at].1.en = value.trim().to_owned(),
                _ => {}
            }
            continue;
        }
        let kind = match kind {
            "ev" => "ev",
            "task" => "task",
            "q" => "q",
            "tp" => "tp",
            _ => continue,
        };
        let Some(i) = key.parse::<usize>().ok().filter(|i| *i < ROWS) else {
            continue;
        };
        let row = rows.entry((kind, i)).or_default();
        let value = value.trim().to_owned();
        match part {
            Some("km") => row.km = value,
            Some("en") => row.en = value,
            Some("good.km") => row.good_km = value,
            Some("good.en") => row.good_en = value,
            Some("kind") => row.kind = value,
            Some("n") => row.n = value,
            Some("years") => row.years = value,
            Some("c") => {
                if let Ok(c) = value.parse() {
                    if !row.criteria.contains(&c) {
                        row.criteria.push(c);
                    }
                }
            }
            Some("remove") => row.remove = true,
            _ => {}
        }
    }
    let count = |text: &str| text.parse::<u8>().unwrap_or(0);
    let mut package = Package {
        statements: statements
            .into_iter()
            .filter(|(_, t)| !t.km.is_empty() || !t.en.is_empty())
            .map(|(criterion, text)| Statement { criterion, text })
            .collect(),
        ..Package::default()
    };
    for ((kind, _), row) in rows {
        if row.remove {
            continue;
        }
        let text = Localized::new(row.km, row.en);
        let blank = text.km.is_empty() && text.en.is_empty();
        match kind {
            "ev" => {
                if let Some(kind) = EvidenceKind::parse(&row.kind) {
                    package.evidence.push(EvidenceRule {
                        kind,
                        at_least: count(&row.n),
                        within_years: count(&row.years),
                        note: text,
                    });
                }
            }
            "tp" if !blank => package.third_party.push(text),
            "task" | "q" => {
                let good_answer = Localized::new(row.good_km, row.good_en);
                if blank
                    && good_answer.km.is_empty()
                    && good_answer.en.is_empty()
                    && row.criteria.is_empty()
                {
                    continue;
                }
                let item = Item {
                    text,
                    good_answer,
                    criteria: row.criteria,
                };
                if kind == "task" {
                    package.tasks.push(item);
                } else {
                    package.questions.push(item);
                }
            }
            _ => {}
        }
    }
    package
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_form_reads_back_as_the_package_it_shows() {
        let c1 = CriterionId(Uuid::from_u128(1));
        let c2 = CriterionId(Uuid::from_u128(2));
        let form = f(&[
            ("rev", "3"),
            (&format!("st.{c1}.km"), " ខ្ញុំអាច "),
            (&format!("st.{c1}.en"), "I can"),
            (&format!("st.{c2}.km"), ""),
            (&format!("st.{c2}.en"), ""),
            ("ev.0.kind", "photo"),
            ("ev.0.n", "2"),
            ("ev.0.years", "x"),
            ("ev.0.km", ""),
            ("ev.0.en", ""),
            ("ev.1.kind", ""),
            ("ev.1.n", "1"),
            ("task.0.km", "ក"),
            ("task.0.en", "A"),
            ("task.0.c", &c2.to_string()),
            ("task.0.c", &c1.to_string()),
            ("task.0.c", &c2.to_string()),
            ("task.1.km", "ខ"),
            ("task.1.en", "B"),
            ("task.1.remove", "1"),
            ("task.2.km", ""),
            ("task.2.en", ""),
            ("q.0.km", "?"),
            ("q.0.good.en", "safety"),
            ("tp.0.en", "Does she?"),
            ("tp.1.km", ""),
            ("task.999999.km", "ignored"),
        ]);
        let p = from_form(&form);
        assert_eq!(p.statements.len(), 1);
        assert_eq!(p.statements[0].text, Localized::new("ខ្ញុំអាច", "I can"));
        assert_eq!(p.evidence.len(), 1);
        assert_eq!((p.evidence[0].at_least, p.evidence[0].within_years), (2, 0));
        assert_eq!(p.tasks.len(), 1);
        assert_eq!(p.tasks[0].criteria, vec![c2, c1]);
        assert_eq!(p.questions[0].good_answer.en, "safety");
        assert_eq!(p.third_party, vec![Localized::new("", "Does she?")]);
    }

    #[test]
    fn problems_cross_the_query_string() {
        for place in [
            Place::Package,
            Place::Statement(CriterionId(Uuid::from_u128(9))),
            Place::Evidence(2),
            Place::Task(0),
            Place::Question(11),
            Place::ThirdParty(3),
        ] {
            for fault in Fault::ALL {
                let p = Problem { place, fault };
                assert_eq!(parse_problem(&problem_code(&p)), Some(p));
            }
        }
        assert_eq!(parse_problem("nonsense"), None);
    }
}
