//! The assessor's judging of an application assigned to them: `/assess/rpl/:id` (the
//! candidate, the units with where each decision stands, "give the outcome", "start gap
//! training") and `/assess/rpl/:id/units/:unit` (one unit's sheet: what covers each
//! criterion, the observation checklist per task and criterion, questioning, the
//! third-party report, and the decision with its gap-training plan, earlier versions and
//! any conflict between two assessors). Plain forms (`server::judging`), server-rendered:
//! online for now; offline, a page seen before opens as it was (the service worker keeps
//! it) and a save goes to the offline page, changing nothing.

use crate::i18n::judging::{strings, JudgingStrings};
use crate::i18n::use_i18n;
use crate::ui::gap_plan::GapList;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::stages::StagePath;
use crate::ui::status::{ErrorNote, Loading};
use crate::ui::text_box::TextBox;
use domain::rpl::application::Stage;
use domain::rpl::judgement::{DecisionFault, Subject, MAX_NOTE};
use domain::{ApplicationId, Locale, Role, UnitId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use wire::rpl::{AssessorApplication, DecisionView, FindingView, UnitSheet};
use wire::AppError;

#[server(endpoint = "assess/application", input = GetUrl)]
pub async fn get_assessor_application(id: ApplicationId) -> Result<AssessorApplication, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Assessor]).await?;
    store::rpl_judging::assessor_page(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "assess/unit", input = GetUrl)]
pub async fn get_unit_sheet(
    application: ApplicationId,
    unit: UnitId,
) -> Result<UnitSheet, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Assessor]).await?;
    store::rpl_judging::sheet(&state.pool, &user, application, unit)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// The form field of a subject's finding (its comment is `note.` and this).
pub fn field_of(subject: &Subject) -> String {
    match subject {
        Subject::Observation { task, criterion } => format!("task.{task}.{criterion}"),
        Subject::Question { question } => format!("question.{question}"),
        Subject::ThirdParty => "third_party".to_owned(),
        Subject::Evidence { evidence } => format!("evidence.{evidence}"),
    }
}

/// The status and error lines a save or a signature came back with.
fn notes(s: &'static JudgingStrings) -> impl IntoView {
    let query = use_query_map();
    let (saved, signed, error) = query.with_untracked(|q| {
        (
            q.get("saved").is_some(),
            q.get("signed").is_some(),
            q.get("error"),
        )
    });
    let error = error.map(|e| match e.as_str() {
        "not_now" => s.not_now.to_owned(),
        "subject" => s.refused_subject.to_owned(),
        "too_long" => s.refused_too_long.to_owned(),
        "outcome" => s.choose_outcome.to_owned(),
        "step" => crate::i18n::rpl::strings(use_i18n().get_untracked_locale())
            .refused_step
            .to_owned(),
        codes => codes
            .split(',')
            .filter_map(DecisionFault::parse)
            .map(|f| s.fault(f))
            .collect::<Vec<_>>()
            .join(" "),
    });
    view! {
        {saved.then(|| view! { <p class="status" role="status" id="judging-note">{s.saved}</p> })}
        {signed.then(|| view! { <p class="status" role="status" id="judging-note">{s.signed}</p> })}
        {error.map(|e| view! { <p class="error" role="alert" id="judging-error">{e}</p> })}
    }
}

#[component]
pub fn AssessorApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let r = crate::i18n::rpl::strings(locale);
    view! {
        <Title text=page_title(i18n, r.applications) />
        <h1>{r.applications}</h1>
        <RequireRole roles=&[Role::Assessor]>
            <LoadById param="id" fetch=get_assessor_application show=|page| view! { <Application page /> } />
            <p><a href="/assess">{r.assigned_to_me}</a></p>
        </RequireRole>
    }
}

#[component]
fn Application(page: AssessorApplication) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (s, r) = (strings(locale), crate::i18n::rpl::strings(locale));
    let a = page.application;
    let id = a.id.clone();
    let stage = Stage::parse(&a.stage).unwrap_or(Stage::Submitted);
    let step = {
        let id = id.clone();
        move |step: &'static str, label: &'static str| {
            view! {
                <form method="post" action=format!("/assess/rpl/{id}/step") class="inline">
                    <input type="hidden" name="step" value=step />
                    <button type="submit" class="primary" id=format!("step-{step}")>{label}</button>
                </form>
            }
        }
    };
    let all_decided = page
        .units
        .iter()
        .all(|u| u.outcome.is_some() && !u.conflict);
    let some_not_yet = page
        .units
        .iter()
        .any(|u| u.outcome.as_deref() == Some("not_yet_competent"));
    view! {
        <h2 id="candidate-name">{a.candidate.get(locale).to_owned()}</h2>
        {notes(s)}
        <p>{a.qualification_code.clone()}" · "{a.qualification_title.get(locale).to_owned()}</p>
        <dl class="figures">
            <dt>{r.workplace}</dt><dd>{a.workplace.clone()}</dd>
            <dt>{r.third_party_name}</dt><dd>{page.third_party_name.clone()}</dd>
            <dt>{r.third_party_phone}</dt><dd><a href=format!("tel:{}", page.third_party_phone)>{page.third_party_phone.clone()}</a></dd>
        </dl>
        <h3>{r.where_it_is}</h3>
        <StagePath stage=a.stage.clone() locale />
        <h3>{s.units_to_judge}</h3>
        <ul class="plain stack" id="units-to-judge">
            {a.units.iter().map(|u| {
                let decided = page.units.iter().find(|d| d.unit_id == u.unit_id);
                let state = match decided {
                    Some(d) if d.conflict => s.decisions_differ.to_owned(),
                    Some(d) => d.outcome.as_deref().map(|o| s.outcome_code(o)).unwrap_or_else(|| s.not_decided.to_owned()),
                    None => s.not_decided.to_owned(),
                };
                view! {
                    <li class="card" data-unit=u.unit_id.clone()>
                        <a href=format!("/assess/rpl/{id}/units/{}", u.unit_id)><strong>{u.code.clone()}</strong>" "{u.title.get(locale).to_owned()}</a>
                        <br /><span class="small unit-state">{state}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(stage == Stage::Assessment && all_decided).then(|| view! {
            <p class="muted small">{s.give_outcome_help}</p>
            {step("decided", s.give_outcome)}
        })}
        {(stage == Stage::Decided && some_not_yet).then(|| step("gap_training", s.start_gap_training))}
        <p class="small">{s.online_note}</p>
    }
}

#[component]
pub fn UnitSheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = strings(i18n.get_untracked_locale());
    let params = use_params_map();
    let sheet = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("id").and_then(|v| v.parse::<ApplicationId>().ok()),
                    p.get("unit").and_then(|v| v.parse::<UnitId>().ok()),
                )
            })
        },
        |ids| async move {
            match ids {
                (Some(application), Some(unit)) => get_unit_sheet(application, unit).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(i18n, s.judge) />
        <RequireRole roles=&[Role::Assessor]>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match sheet.await {
                        Ok(sheet) => view! { <Sheet sheet /> }.into_any(),
                        Err(error) => {
                            crate::ui::status::set_status(error.status());
                            view! { <h1>{s.judge}</h1><ErrorNote error /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

/// Satisfactory / not yet and a comment for one subject, with its finding now.
#[component]
fn Judge(
    subject: Subject,
    legend: String,
    found: Option<FindingView>,
    yes: &'static str,
    no: &'static str,
    note_label: &'static str,
    locale: Locale,
    enabled: bool,
) -> impl IntoView {
    let s = strings(locale);
    let field = field_of(&subject);
    let dom = field.replace('.', "-");
    let conflict = found.as_ref().is_some_and(|f| !f.conflict.is_empty());
    let current = found
        .as_ref()
        .filter(|_| !conflict)
        .map(|f| f.current.satisfactory);
    let note = found
        .as_ref()
        .map(|f| f.current.note.clone())
        .unwrap_or_default();
    let by = found.as_ref().filter(|_| !conflict).map(|f| {
        format!(
            "{} {} · {}",
            s.judged_by,
            f.current.assessor.get(locale),
            locale.date_time(&f.current.at).unwrap_or_default()
        )
    });
    view! {
        <fieldset class="judge" data-subject=field.clone() data-found=current.map(|c| if c { "s" } else { "n" }) disabled=!enabled>
            <legend>{legend}</legend>
            {conflict.then(|| view! {
                <div class="conflict" role="note">
                    <p class="small">{s.two_findings}</p>
                    <ul class="small">
                        {found.iter().flat_map(|f| f.conflict.clone()).map(|j| view! {
                            <li>{j.assessor.get(locale).to_owned()}": "{if j.satisfactory { yes } else { no }}{(!j.note.is_empty()).then(|| format!(" — {}", j.note))}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <label class="choice" for=format!("{dom}-s")>
                <input type="radio" id=format!("{dom}-s") name=field.clone() value="s" checked=current == Some(true) />
                <span>{yes}</span>
            </label>
            <label class="choice" for=format!("{dom}-n")>
                <input type="radio" id=format!("{dom}-n") name=field.clone() value="n" checked=current == Some(false) />
                <span>{no}</span>
            </label>
            <label for=format!("{dom}-note")>{note_label}</label>
            <TextBox id=format!("{dom}-note") name=format!("note.{field}") rows=2 text=note maxlength=MAX_NOTE as u32 />
            {by.map(|by| view! { <p class="muted small">{by}</p> })}
        </fieldset>
    }
}

/// A signed decision: outcome, who, when, basis, feedback, reason, gap plan.
#[component]
fn DecisionCard(decision: DecisionView, locale: Locale) -> impl IntoView {
    let s = strings(locale);
    view! {
        <div class="rpl-decision" data-outcome=decision.outcome.clone() data-decision=decision.id.clone()>
            <p><strong class="outcome">{s.outcome_code(&decision.outcome)}</strong></p>
            <p class="muted small">{s.decided_by}" "{decision.assessor.get(locale).to_owned()}" · "{locale.date_time(&decision.at).unwrap_or_default()}</p>
            <dl class="figures">
                <dt>{s.basis}</dt><dd>{decision.basis.clone()}</dd>
                <dt>{s.feedback}</dt><dd>{decision.feedback.clone()}</dd>
                {(!decision.reason.is_empty()).then(|| view! { <dt>{s.reason}</dt><dd>{decision.reason.clone()}</dd> })}
            </dl>
            {(!decision.gaps.is_empty()).then(|| view! { <p class="small">{s.gap_plan}</p><GapList gaps=decision.gaps.clone() locale /> })}
        </div>
    }
}

#[component]
fn Sheet(sheet: UnitSheet) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let s = strings(locale);
    let app = sheet.application.id.clone();
    let action = format!("/assess/rpl/{app}/units/{}", sheet.unit_id);
    let enabled = sheet.may_judge;
    let found = |subject: Subject| {
        sheet
            .findings
            .iter()
            .find(|f| f.subject == subject)
            .cloned()
    };
    let criterion = |id: &domain::CriterionId| {
        sheet
            .criteria
            .iter()
            .find(|c| c.id == id.to_string())
            .map(|c| format!("{} {}", c.number, c.text.get(locale)))
            .unwrap_or_default()
    };
    let covered = move |code: &str| {
        let (kind, n) = code.split_once(':').unwrap_or((code, ""));
        let n = n
            .parse::<usize>()
            .map(|n| locale.number((n + 1) as i64))
            .unwrap_or_default();
        match kind {
            "task" => format!("{} {n}", s.covered_by_task),
            "question" => format!("{} {n}", s.covered_by_question),
            _ => s.covered_by_evidence.to_owned(),
        }
    };
    // A refused decision comes back with what was typed.
    let [outcome, basis, feedback, reason] = use_query_map().with_untracked(|q| {
        ["outcome", "basis", "feedback", "reason"].map(|k| q.get(k).unwrap_or_default())
    });
    let decision = sheet.decision.clone();
    let seen_decisions = decision
        .as_ref()
        .map(|d| d.heads.join(","))
        .unwrap_or_default();
    view! {
        <h1>{sheet.unit_code.clone()}" "{sheet.unit_title.get(locale).to_owned()}</h1>
        <p id="candidate-name">{sheet.application.candidate.get(locale).to_owned()}" · "{sheet.application.qualification_code.clone()}</p>
        {notes(s)}
        {(!enabled).then(|| view! { <p class="muted" id="not-now">{s.not_now}</p> })}
        <section class="card stack" aria-labelledby="criteria-heading">
            <h2 id="criteria-heading">{s.criteria}</h2>
            <ul class="plain criteria-coverage" id="coverage">
                {sheet.criteria.iter().map(|c| {
                    let state = if c.covered_by.is_empty() {
                        s.not_covered.to_owned()
                    } else {
                        c.covered_by.iter().map(|b| covered(b)).collect::<Vec<_>>().join(", ")
                    };
                    view! {
                        <li data-criterion=c.id.clone() data-covered=(!c.covered_by.is_empty()).to_string()>
                            <strong>{c.number.clone()}</strong>" "{c.text.get(locale).to_owned()}
                            <br /><span class=if c.covered_by.is_empty() { "small badge risk" } else { "small badge ok" }>{state}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <form method="post" action=format!("{action}/judge") class="stack" id="findings-form">
            <input type="hidden" name="seen" value=sheet.seen.join(",") />
            <section class="card stack" aria-labelledby="observation-heading">
                <h2 id="observation-heading">{s.observation}</h2>
                <p class="muted small">{s.observation_help}</p>
                {sheet.package.tasks.iter().enumerate().map(|(i, task)| {
                    let t = i as u16;
                    view! {
                        <div class="task stack" data-task=i.to_string()>
                            <h3>{s.task}" "{locale.number(i as i64 + 1)}": "{task.text.get(locale).to_owned()}</h3>
                            {task.criteria.iter().map(|c| {
                                let subject = Subject::Observation { task: t, criterion: *c };
                                view! { <Judge subject legend=criterion(c) found=found(subject) yes=s.satisfactory no=s.not_yet note_label=s.comment locale enabled /> }
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()}
            </section>
            <section class="card stack" aria-labelledby="questioning-heading">
                <h2 id="questioning-heading">{s.questioning}</h2>
                {sheet.package.questions.iter().enumerate().map(|(i, q)| {
                    let subject = Subject::Question { question: i as u16 };
                    let shows: Vec<String> = q.criteria.iter().map(criterion).collect();
                    view! {
                        <div class="question stack" data-question=i.to_string()>
                            <h3>{locale.number(i as i64 + 1)}". "{q.text.get(locale).to_owned()}</h3>
                            <p class="small"><strong>{s.good_answer}": "</strong>{q.good_answer.get(locale).to_owned()}</p>
                            <p class="muted small">{shows.join("; ")}</p>
                            <Judge subject legend=s.answer_notes.to_owned() found=found(subject) yes=s.satisfactory no=s.not_yet note_label=s.answer_notes locale enabled />
                        </div>
                    }
                }).collect_view()}
            </section>
            {(!sheet.package.third_party.is_empty()).then(|| view! {
                <section class="card stack" aria-labelledby="third-party-heading">
                    <h2 id="third-party-heading">{s.third_party}</h2>
                    <p class="muted small">{s.third_party_help}</p>
                    <ol class="small">
                        {sheet.package.third_party.iter().map(|q| view! { <li>{q.get(locale).to_owned()}</li> }).collect_view()}
                    </ol>
                    <Judge subject=Subject::ThirdParty legend=s.third_party.to_owned() found=found(Subject::ThirdParty) yes=s.supports no=s.does_not_support note_label=s.call_notes locale enabled />
                </section>
            })}
            <p class="muted small">{s.evidence_later}</p>
            <button type="submit" class="primary" id="save-findings" disabled=!enabled>{s.save_findings}</button>
        </form>
        <section class="card stack" aria-labelledby="decision-heading">
            <h2 id="decision-heading">{s.decision}</h2>
            {decision.clone().map(|d| {
                let conflict = !d.conflict.is_empty();
                view! {
                    {if conflict {
                        view! {
                            <div class="conflict" role="note" id="decision-conflict">
                                <p>{s.two_decisions}</p>
                                {d.conflict.into_iter().map(|d| view! { <DecisionCard decision=d locale /> }).collect_view()}
                            </div>
                        }.into_any()
                    } else {
                        view! { <div id="current-decision"><DecisionCard decision=d.current locale /></div> }.into_any()
                    }}
                    {(!d.history.is_empty()).then(|| view! {
                        <details id="earlier-decisions">
                            <summary>{s.earlier_versions}</summary>
                            {d.history.into_iter().map(|d| view! { <DecisionCard decision=d locale /> }).collect_view()}
                        </details>
                    })}
                }
            })}
            <form method="post" action=format!("{action}/decide") class="stack" id="decision-form">
                <input type="hidden" name="seen" value=seen_decisions />
                <fieldset class="judge" disabled=!enabled>
                    <legend>{s.outcome}</legend>
                    <label class="choice" for="outcome-competent">
                        <input type="radio" id="outcome-competent" name="outcome" value="competent" checked=outcome == "competent" />
                        <span>{s.outcome_code("competent")}</span>
                    </label>
                    <label class="choice" for="outcome-nyc">
                        <input type="radio" id="outcome-nyc" name="outcome" value="not_yet_competent" checked=outcome == "not_yet_competent" />
                        <span>{s.outcome_code("not_yet_competent")}</span>
                    </label>
                </fieldset>
                {(!sheet.gap_plan.is_empty()).then(|| view! {
                    <div id="gap-plan-preview">
                        <p class="small"><strong>{s.gap_plan}</strong>" — "{s.gap_plan_help}</p>
                        <GapList gaps=sheet.gap_plan.clone() locale />
                    </div>
                })}
                <label for="basis">{s.basis}</label>
                <TextBox id="basis" name="basis" rows=3 text=basis maxlength=MAX_NOTE as u32 />
                <label for="feedback">{s.feedback}</label>
                <TextBox id="feedback" name="feedback" rows=3 text=feedback maxlength=MAX_NOTE as u32 />
                {decision.is_some().then(|| view! {
                    <label for="reason">{s.reason}</label>
                    <TextBox id="reason" name="reason" rows=2 text=reason.clone() maxlength=MAX_NOTE as u32 />
                    <p class="muted small">{s.reason_help}</p>
                })}
                <button type="submit" id="sign-decision" disabled=!enabled>{s.sign_decision}</button>
            </form>
        </section>
        <p><a href=format!("/assess/rpl/{app}") id="back-to-application">{s.back_to_application}</a></p>
        <p class="small">{s.online_note}</p>
    }
}
