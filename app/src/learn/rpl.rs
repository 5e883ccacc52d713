//! `/learn/rpl`: a candidate's RPL applications — each with where it is (the stages of
//! `domain::rpl::application`, the current one marked) and the steps that are theirs
//! ("my evidence is ready", withdraw) — and the form to apply for units whose packages
//! are published. Once the assessor gave the outcome, each unit's decision with the
//! assessor's feedback and, where a criterion is not yet met, the gap-training plan (the
//! programme's activities that cover it). Plain forms (`server::rpl`), server-rendered,
//! no island: online for now; with the network off the page opens as last seen and a
//! form goes to the offline page, changing nothing.

use crate::i18n::rpl::{strings, RplStrings};
use crate::i18n::use_i18n;
use crate::ui::gap_plan::GapList;
use crate::ui::guard::RequireRole;
use crate::ui::page::page_title;
use crate::ui::stages::StagePath;
use crate::ui::status::{ErrorNote, Loading};
use domain::rpl::application::Stage;
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::rpl::{ApplicationSummary, CandidatePage, QualificationOffer, UnitOutcome};
use wire::AppError;

#[server(endpoint = "learn/rpl", input = GetUrl)]
pub async fn get_candidate_page() -> Result<CandidatePage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    let applications = store::rpl_applications::list(&state.pool, &user)
        .await
        .map_err(store::internal)?;
    let offer = store::rpl_applications::offer(&state.pool, &user)
        .await
        .map_err(store::internal)?;
    let outcomes = store::rpl_judging::outcomes(&state.pool, &user)
        .await
        .map_err(store::internal)?;
    Ok(CandidatePage {
        applications,
        offer,
        outcomes,
    })
}

#[component]
pub fn CandidatePageView() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let s = strings(locale);
    let data = Resource::new(|| (), |_| get_candidate_page());
    let query = use_query_map();
    let (applied, error) = query.with_untracked(|q| (q.get("applied").is_some(), q.get("error")));
    let error = error.map(|e| match e.as_str() {
        "too_long" => s.refused_too_long,
        "step" => s.refused_step,
        _ => s.refused_units,
    });
    view! {
        <Title text=page_title(i18n, s.my_applications) />
        <h1>{s.my_applications}</h1>
        <RequireRole roles=&[Role::Learner]>
            <p class="muted">{s.intro}</p>
            {applied.then(|| view! { <p class="status" role="status" id="rpl-note">{s.applied}</p> })}
            {error.map(|e| view! { <p class="error" role="alert" id="rpl-error">{e}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <Candidate page locale /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="small">{s.online_note}</p>
        </RequireRole>
    }
}

#[component]
fn Candidate(page: CandidatePage, locale: Locale) -> impl IntoView {
    let s = strings(locale);
    view! {
        <h2>{s.applications}</h2>
        {if page.applications.is_empty() {
            view! { <p class="muted" id="no-applications">{s.none}</p> }.into_any()
        } else {
            view! {
                <ul class="plain stack" id="my-applications">
                    {page.applications.into_iter().map(|a| {
                        let outcomes: Vec<UnitOutcome> = page.outcomes.iter().filter(|o| o.application_id == a.id).cloned().collect();
                        view! { <Application application=a outcomes locale /> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>{s.apply}</h2>
        {if page.offer.is_empty() {
            view! { <p class="muted" id="nothing-to-apply-for">{s.nothing_to_apply_for}</p> }.into_any()
        } else {
            page.offer.into_iter().map(|q| view! { <ApplyForm offer=q s locale /> }).collect_view().into_any()
        }}
    }
}

#[component]
fn Application(
    application: ApplicationSummary,
    outcomes: Vec<UnitOutcome>,
    locale: Locale,
) -> impl IntoView {
    let s = strings(locale);
    let j = crate::i18n::judging::strings(locale);
    let stage = Stage::parse(&application.stage).unwrap_or(Stage::Submitted);
    let id = application.id.clone();
    let step = move |step: &'static str, label: &'static str| {
        view! {
            <form method="post" action=format!("/learn/rpl/{id}/step") class="inline">
                <input type="hidden" name="step" value=step />
                <button type="submit" class=format!("step-{step}")>{label}</button>
            </form>
        }
    };
    view! {
        <li class="card" data-application=application.id.clone() data-stage=application.stage.clone()>
            <strong>{application.qualification_code.clone()}" · "{application.qualification_title.get(locale).to_owned()}</strong>
            <ul class="small">
                {application.units.iter().map(|u| view! { <li>{u.code.clone()}" "{u.title.get(locale).to_owned()}</li> }).collect_view()}
            </ul>
            <h3 class="small">{s.where_it_is}</h3>
            <StagePath stage=application.stage.clone() locale />
            {(!outcomes.is_empty()).then(|| view! {
                <h3 class="small">{j.your_outcome}</h3>
                <ul class="plain stack outcomes">
                    {outcomes.into_iter().map(|o| view! {
                        <li class="outcome" data-outcome=o.outcome.clone()>
                            <strong>{o.unit_code.clone()}" "{o.unit_title.get(locale).to_owned()}": "{j.outcome_code(&o.outcome)}</strong>
                            <p class="small feedback">{o.feedback.clone()}</p>
                            {(!o.gaps.is_empty()).then(|| view! {
                                <p class="small"><strong>{j.gap_plan}</strong>" — "{j.gap_plan_help}</p>
                                <GapList gaps=o.gaps.clone() locale />
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <p class="actions">
                {(stage == Stage::Evidence).then(|| step("ready", s.ready))}
                {matches!(stage, Stage::Submitted | Stage::Evidence | Stage::Assessment).then(|| step("withdraw", s.withdraw))}
            </p>
        </li>
    }
}

#[component]
fn ApplyForm(offer: QualificationOffer, s: &'static RplStrings, locale: Locale) -> impl IntoView {
    let form_id = format!("apply-{}", offer.code);
    view! {
        <form method="post" action="/learn/rpl/apply" class="card stack apply-form" id=form_id.clone()>
            <input type="hidden" name="qualification" value=offer.id.clone() />
            <fieldset class="criteria-choice">
                <legend>{offer.code.clone()}" · "{offer.title.get(locale).to_owned()}</legend>
                <p class="muted small">{s.apply_help}</p>
                {offer.units.into_iter().map(|u| {
                    let id = format!("{form_id}-unit-{}", u.id);
                    view! {
                        <label for=id.clone() class="choice">
                            <input type="checkbox" id=id.clone() name="unit" value=u.id.clone() />
                            <span>{u.code.clone()}" "{u.title.get(locale).to_owned()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for=format!("{form_id}-workplace")>{s.workplace}</label>
            <input id=format!("{form_id}-workplace") name="workplace" maxlength="200" autocomplete="organization" />
            <label for=format!("{form_id}-tp-name")>{s.third_party_name}</label>
            <input id=format!("{form_id}-tp-name") name="third_party_name" maxlength="200" autocomplete="off"
                aria-describedby=format!("{form_id}-tp-help") />
            <label for=format!("{form_id}-tp-phone")>{s.third_party_phone}</label>
            <input id=format!("{form_id}-tp-phone") name="third_party_phone" type="tel" inputmode="tel" maxlength="30" autocomplete="off"
                aria-describedby=format!("{form_id}-tp-help") />
            <p class="muted small" id=format!("{form_id}-tp-help")>{s.third_party_help}</p>
            <button type="submit" class="primary send-application">{s.send_application}</button>
        </form>
    }
}
