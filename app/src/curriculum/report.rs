//! `/curriculum/programmes/:id/report`: the blend report, server-rendered with no island —
//! an SVG chart of the share of minutes per delivery mode (per module and for the whole
//! programme) with the same figures in a table beside it; planned hours against the
//! units' nominal hours; the institute's targets and the gap; and per module the
//! coverage matrix of performance criteria × activities, the criteria no activity
//! covers, and practical criteria covered only online. The arithmetic is
//! `domain::blend`'s.

use super::strings::{strings, CurriculumStrings};
use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use domain::blend::Target;
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use wire::curriculum::{BlendReport, CriterionRef, ModeShare, ModuleBlend};
use wire::AppError;

/// The blend report of a programme of the signed-in developer's institute.
#[server(endpoint = "curriculum/blend-report", input = GetUrl)]
pub async fn get_blend_report(id: String) -> Result<BlendReport, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::blend::report(&state.pool, &user, &id)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn BlendReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.blend_report) />
        <h1>{c.blend_report}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <LoadById param="id" fetch=get_blend_report show=|report| view! { <Report report /> } />
        </RequireRole>
    }
}

/// Minutes as a signed difference of hours and minutes.
fn difference(c: &CurriculumStrings, locale: Locale, planned: u32, nominal: u32) -> String {
    if planned >= nominal {
        format!("+{}", c.duration(locale, planned - nominal))
    } else {
        format!("−{}", c.duration(locale, nominal - planned))
    }
}

/// One bar of the chart: a label above a 100 % stacked bar.
struct Bar {
    label: String,
    blend: Vec<ModeShare>,
}

const CHART_WIDTH: u32 = 320;
const ROW: u32 = 38;

#[component]
fn Chart(bars: Vec<Bar>) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (c, t) = (strings(locale), locale.strings());
    let height = ROW * bars.len() as u32 + 4;
    view! {
        <figure class="blend-chart">
            <svg viewBox=format!("0 0 {CHART_WIDTH} {height}") width="100%" role="img" aria-labelledby="chart-caption" id="blend-chart">
                {bars.into_iter().enumerate().map(|(row, bar)| {
                    let y = ROW * row as u32;
                    let mut x = 0u32;
                    view! {
                        <g>
                            <text x="0" y=y + 12 class="chart-label">{bar.label}</text>
                            {bar.blend.into_iter().filter(|s| s.share > 0).map(|s| {
                                let width = s.share * CHART_WIDTH / 100;
                                let at = x;
                                x += width;
                                view! {
                                    <rect x=at y=y + 16 width=width height="16" class=format!("seg mode-{}", s.mode.as_str())>
                                        <title>{format!("{}: {} %", t.mode(s.mode), locale.number(s.share))}</title>
                                    </rect>
                                }
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption id="chart-caption">
                {c.chart_caption}
                <ul class="legend">
                    {domain::DeliveryMode::ALL.into_iter().map(|m| view! {
                        <li><span class=format!("swatch mode-{}", m.as_str()) aria-hidden="true"></span>{t.mode(m)}</li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
}

fn criterion_list(locale: Locale, list: Vec<CriterionRef>, id: String) -> impl IntoView {
    view! {
        <ul class="criteria-named" id=id>
            {list.into_iter().map(|cr| view! {
                <li><span class="criterion-number">{locale.digits(&cr.number)}</span>" "{cr.text.get(locale).to_owned()}</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Report(report: BlendReport) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (c, t) = (strings(locale), locale.strings());
    let pct = move |p: u32| format!("{} %", locale.number(p));
    let whole = c.whole_programme.to_owned();
    let mut bars = vec![Bar {
        label: whole.clone(),
        blend: report.blend.clone(),
    }];
    bars.extend(report.modules.iter().map(|m| Bar {
        label: m.title.get(locale).chars().take(48).collect(),
        blend: m.blend.clone(),
    }));
    let gaps = report.gaps.clone();
    let pid = report.programme.id.clone();
    view! {
        <p class="muted">
            <a href=format!("/curriculum/programmes/{pid}") id="back-to-programme">{c.back_to_programme}</a>
            " · "<span id="report-title">{report.programme.title.get(locale).to_owned()}</span>" · "
            {c.version.replacen("{}", &report.programme.version.to_string(), 1)}
        </p>
        <p>{c.report_intro}</p>
        <Chart bars />
        <div class="table-scroll" tabindex="0" role="region" aria-label=c.blend>
            <table class="report" id="blend-table">
                <caption class="sr-only">{c.blend}</caption>
                <thead>
                    <tr>
                        <th scope="col">{c.module}</th>
                        {domain::DeliveryMode::ALL.into_iter().map(|m| view! { <th scope="col">{t.mode(m)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {report.modules.iter().map(|m| view! {
                        <tr>
                            <th scope="row">{m.title.get(locale).to_owned()}</th>
                            {m.blend.iter().map(|s| view! { <td>{pct(s.share)}<br /><span class="small">{c.duration(locale, s.minutes)}</span></td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr id="blend-total">
                        <th scope="row">{whole}</th>
                        {report.blend.iter().map(|s| view! { <td data-mode=s.mode.as_str()>{pct(s.share)}<br /><span class="small">{c.duration(locale, s.minutes)}</span></td> }).collect_view()}
                    </tr>
                </tfoot>
            </table>
        </div>

        <h2>{c.targets}</h2>
        {if gaps.is_empty() {
            view! { <p class="muted" id="no-targets">{c.no_targets}</p> }.into_any()
        } else {
            view! {
                <ul class="plain targets" id="targets">
                    {gaps.into_iter().map(|g| {
                        let target = match g.target {
                            Target::OnlineAtLeast => c.target_online,
                            Target::WorkplaceAtLeast => c.target_workplace,
                            Target::FaceToFaceAtMost => c.target_face,
                        };
                        let actual = locale.number(g.actual);
                        let state = if g.met() {
                            c.target_met.replacen("{}", &actual, 1)
                        } else {
                            c.target_short.replacen("{}", &actual, 1).replacen("{}", &locale.number(g.short_by), 1)
                        };
                        view! {
                            <li data-met=g.met().to_string() data-target=format!("{:?}", g.target)>
                                <strong>{target.replacen("{}", &locale.number(g.percent), 1)}</strong>" — "
                                <span class=if g.met() { "status" } else { "gap" }>{state}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}

        <h2>{c.hours_title}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=c.hours_title>
            <table class="report" id="hours-table">
                <thead><tr><th scope="col">{c.module}</th><th scope="col">{c.planned}</th><th scope="col">{c.nominal}</th><th scope="col">{c.difference}</th></tr></thead>
                <tbody>
                    {report.modules.iter().map(|m| view! {
                        <tr>
                            <th scope="row">{m.title.get(locale).to_owned()}</th>
                            <td>{c.duration(locale, m.planned_minutes)}</td>
                            <td>{c.duration(locale, m.nominal_minutes)}</td>
                            <td>{difference(c, locale, m.planned_minutes, m.nominal_minutes)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{c.whole_programme}</th>
                        <td>{c.duration(locale, report.planned_minutes)}</td>
                        <td>{c.duration(locale, report.nominal_minutes)}</td>
                        <td>{difference(c, locale, report.planned_minutes, report.nominal_minutes)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>

        <h2>{c.coverage}</h2>
        <p id="coverage-total">{c.covered_n.replacen("{}", &locale.number(report.covered), 1).replacen("{}", &locale.number(report.criteria), 1)}</p>
        {report.modules.into_iter().map(|m| view! { <ModuleCoverage module=m /> }).collect_view()}
    }
}

#[component]
fn ModuleCoverage(module: ModuleBlend) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let ModuleBlend {
        id,
        title,
        activities,
        coverage,
        uncovered,
        online_only,
        ..
    } = module;
    view! {
        <section class="card coverage" id=format!("coverage-{id}")>
            <h3>{title.get(locale).to_owned()}</h3>
            {if uncovered.is_empty() {
                view! { <p class="status">{c.all_covered}</p> }.into_any()
            } else {
                view! {
                    <div class="error" role="note">
                        <p>{c.uncovered}</p>
                        {criterion_list(locale, uncovered, format!("uncovered-{id}"))}
                    </div>
                }.into_any()
            }}
            {(!online_only.is_empty()).then(|| view! {
                <div class="warning" role="note">
                    <p>{c.online_only}</p>
                    {criterion_list(locale, online_only, format!("online-only-{id}"))}
                </div>
            })}
            {(!activities.is_empty() && !coverage.is_empty()).then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=format!("{}: {}", c.coverage, title.get(locale))>
                    <table class="matrix">
                        <thead>
                            <tr>
                                <th scope="col">{c.criterion}</th>
                                {activities.iter().enumerate().map(|(i, a)| view! {
                                    <th scope="col"><abbr title=a.title.get(locale).to_owned()>{format!("A{}", locale.number(i + 1))}</abbr></th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {coverage.into_iter().map(|row| view! {
                                <tr>
                                    <th scope="row"><span class="criterion-number">{locale.digits(&row.criterion.number)}</span>" "<span class="small">{row.criterion.text.get(locale).chars().take(60).collect::<String>()}</span></th>
                                    {row.covered_by.into_iter().map(|covers| view! {
                                        <td>{if covers { view! { <span class="sr-only">{c.covers}</span><span aria-hidden="true">"✓"</span> }.into_any() } else { view! { <span aria-hidden="true">"·"</span> }.into_any() }}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <ul class="small activity-key">
                    {activities.into_iter().enumerate().map(|(i, a)| view! {
                        <li><strong>{format!("A{}", locale.number(i + 1))}</strong>" "{a.title.get(locale).to_owned()}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
