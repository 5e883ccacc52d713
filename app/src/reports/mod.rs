//! Reports, server-rendered with no island: a class's report — attendance per learner
//! and per session, progress per learner, knowledge-check results per lesson and who is
//! at risk, each drawn as an SVG chart with the same figures in a table beside it and a
//! CSV export — for the institute's admin (`/admin/classes/:id/report`) and, as "Who is
//! behind", for a trainer of the class (`/teach/class/:class/report`, from "My classes",
//! `/teach/classes`); and the institute at a glance (`/admin/reports`). Like every page,
//! a report once opened is kept by the service worker and reads offline, stamped with
//! the time its figures were read. The rules are `domain::report`'s.

pub mod strings;

use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::status::{ErrorNote, Loading};
use domain::{ClassId, Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use strings::{strings, ReportStrings};
use wire::reports::{ClassReport, ClassSummary, InstituteReport, LearnerFigures};
use wire::AppError;

/// A class's report, for an admin of its institute or a trainer of the class.
#[server(endpoint = "reports/class", input = GetUrl)]
pub async fn get_class_report(class: ClassId) -> Result<ClassReport, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin, Role::Trainer]).await?;
    store::reports::class_report(&state.pool, &user, class)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

/// The signed-in admin's institute at a glance.
#[server(endpoint = "reports/institute", input = GetUrl)]
pub async fn get_institute_report() -> Result<InstituteReport, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::reports::institute_report(&state.pool, &user)
        .await
        .map_err(store::internal)
}

/// The classes the signed-in trainer teaches, with their figures.
#[server(endpoint = "reports/my-classes", input = GetUrl)]
pub async fn get_my_classes() -> Result<Vec<ClassSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Trainer]).await?;
    store::reports::trainer_classes(&state.pool, &user)
        .await
        .map_err(store::internal)
}

fn pct(locale: Locale, p: Option<u8>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{}%", locale.number(p)))
}

fn as_of(r: &ReportStrings, locale: Locale, at: &str) -> String {
    r.as_of
        .replacen("{}", &locale.date_time(at).unwrap_or_default(), 1)
}

#[component]
pub fn AdminClassReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let r = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, r.class_report) />
        <h1>{r.class_report}</h1>
        <RequireRole roles=&[Role::Admin]>
            <LoadById param="id" fetch=get_class_report show=|report| view! { <Report report admin=true /> } />
        </RequireRole>
    }
}

#[component]
pub fn TrainerClassReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let r = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, r.who_is_behind) />
        <h1>{r.who_is_behind}</h1>
        <RequireRole roles=&[Role::Trainer]>
            <LoadById param="class" fetch=get_class_report show=|report| view! { <Report report admin=false /> } />
        </RequireRole>
    }
}

#[component]
fn Report(report: ClassReport, admin: bool) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    let class = report.class;
    let base = if admin {
        format!("/admin/classes/{class}")
    } else {
        format!("/teach/class/{class}")
    };
    let rule = match report.median_progress {
        Some(m) => r
            .risk_rule
            .replacen("{}", &locale.number(report.threshold), 1)
            .replacen("{}", &locale.number(m), 1)
            .replacen("{}", &locale.number(report.behind_by), 1),
        None => r
            .no_median
            .replacen("{}", &locale.number(report.threshold), 1),
    };
    let at_risk = report.learners.iter().filter(|l| l.at_risk()).count();
    let risk_class = if at_risk > 0 { "gap" } else { "status" };
    let ClassReport {
        class_name,
        programme,
        threshold,
        median_progress,
        sessions,
        learners,
        checks,
        as_of: at,
        ..
    } = report;
    view! {
        <h2 id="report-class">{class_name.get(locale).to_owned()}</h2>
        <p class="muted">{programme.get(locale).to_owned()}" · "<span id="as-of">{as_of(r, locale, &at)}</span></p>
        <p>{r.class_intro}</p>
        <p id="risk-rule">{rule}</p>
        <p class="actions no-print">
            <a class="button" id="report-csv" href=format!("{base}/report.csv") download="" rel="external">{r.export_csv}</a>
            {if admin {
                view! { <a class="button" href=base.clone() id="back-to-class">{r.back_to_class}</a> }.into_any()
            } else {
                view! {
                    <a class="button" href=base.clone() id="attendance-sheet-link">{r.attendance_sheet}</a>
                    <a class="button" href="/teach/classes" id="back-to-classes">{r.back_to_classes}</a>
                }.into_any()
            }}
        </p>
        <p class="small no-print">{r.offline_note}</p>

        <h2>{r.learners_title}</h2>
        {if learners.is_empty() {
            view! { <p class="muted" id="no-learners">{r.no_learners}</p> }.into_any()
        } else {
            view! {
                <p id="at-risk-count" class=risk_class>
                    {if at_risk > 0 { r.n_at_risk.replacen("{}", &locale.number(at_risk), 1) } else { r.none_at_risk.to_owned() }}
                </p>
                <ProgressChart learners=learners.clone() median=median_progress />
                <LearnerTable learners />
            }.into_any()
        }}

        <h2>{r.over_time}</h2>
        {if sessions.is_empty() {
            view! { <p class="muted" id="no-sessions">{r.no_sessions}</p> }.into_any()
        } else {
            let bars: Vec<(String, Option<u8>)> = sessions
                .iter()
                .map(|s| (format!("{} {}", locale.date(s.date), locale.digits(&format!("{:02}:{:02}", s.start.hour, s.start.minute))), s.rate))
                .collect();
            view! {
                <AttendanceChart bars threshold />
                <div class="table-scroll" tabindex="0" role="region" aria-label=r.over_time>
                    <table class="report" id="sessions-table">
                        <thead><tr><th scope="col">{r.session}</th><th scope="col">{r.activity}</th><th scope="col">{r.marked}</th><th scope="col">{r.rate}</th></tr></thead>
                        <tbody>
                            {sessions.into_iter().map(|s| view! {
                                <tr data-session=s.id.to_string()>
                                    <th scope="row">{locale.date(s.date)}" "<span class="small">{locale.digits(&format!("{:02}:{:02}", s.start.hour, s.start.minute))}</span></th>
                                    <td class="wrap">{s.activity.get(locale).to_owned()}</td>
                                    <td>{locale.number(s.marked)}</td>
                                    <td class="rate">{pct(locale, s.rate)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}

        <h2>{r.checks}</h2>
        {if checks.is_empty() {
            view! { <p class="muted" id="no-checks">{r.no_checks}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=r.checks>
                    <table class="report" id="checks-table">
                        <thead><tr><th scope="col">{r.lesson}</th><th scope="col">{r.tried}</th><th scope="col">{r.mean_best}</th></tr></thead>
                        <tbody>
                            {checks.into_iter().map(|c| view! {
                                <tr data-lesson=c.lesson.clone()>
                                    <th scope="row" class="wrap">{c.title.get(locale).to_owned()}</th>
                                    <td class="tried">{format!("{} / {}", locale.number(c.tried), locale.number(c.learners))}</td>
                                    <td class="mean">{pct(locale, c.mean_best)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn LearnerTable(learners: Vec<LearnerFigures>) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=r.learners_title>
            <table class="report" id="learners-table">
                <thead>
                    <tr>
                        <th scope="col">{r.learner}</th>
                        <th scope="col">{r.attendance}</th>
                        <th scope="col">{r.progress}</th>
                    </tr>
                </thead>
                <tbody>
                    {learners.into_iter().map(|l| {
                        let risk = l.at_risk();
                        view! {
                            <tr data-learner=l.id.to_string() data-username=l.username.clone() class:at-risk=risk>
                                <th scope="row" class="wrap">
                                    {l.name.get(locale).to_owned()}<br /><span class="small">{l.username.clone()}</span>
                                    {l.low_attendance.then(|| view! { <br /><span class="badge risk" data-risk="attendance">{r.low_attendance}</span> })}
                                    {l.behind.then(|| view! { <br /><span class="badge risk" data-risk="behind">{r.behind}</span> })}
                                </th>
                                <td class="attendance">{pct(locale, l.attendance)}<br /><span class="small">{r.n_marked.replacen("{}", &locale.number(l.sessions_marked), 1)}</span></td>
                                <td class="progress">{pct(locale, Some(l.progress))}<br /><span class="small">{format!("{} / {}", locale.number(l.done), locale.number(l.activities))}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

const WIDTH: u32 = 320;

/// Each learner's progress as a bar, with the class's median as a line.
#[component]
fn ProgressChart(learners: Vec<LearnerFigures>, median: Option<u8>) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    const ROW: u32 = 18;
    const LEFT: u32 = 120;
    let span = WIDTH - LEFT - 10;
    let height = ROW * learners.len() as u32 + 6;
    view! {
        <figure class="report-chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-labelledby="progress-caption" id="progress-chart">
                {learners.into_iter().enumerate().map(|(i, l)| {
                    let y = ROW * i as u32;
                    let width = u32::from(l.progress) * span / 100;
                    let name: String = l.name.get(locale).chars().take(20).collect();
                    view! {
                        <g>
                            <text x="0" y=y + 13 class="chart-label">{name}</text>
                            <rect x=LEFT y=y + 3 width=span height="12" class="track" />
                            <rect x=LEFT y=y + 3 width=width height="12" class=if l.at_risk() { "bar risk" } else { "bar" }>
                                <title>{format!("{}: {}%", l.name.get(locale), locale.number(l.progress))}</title>
                            </rect>
                        </g>
                    }
                }).collect_view()}
                {median.map(|m| {
                    let x = LEFT + u32::from(m) * span / 100;
                    view! { <line x1=x x2=x y1="0" y2=height class="median"><title>{format!("{}: {}%", r.median, locale.number(m))}</title></line> }
                })}
            </svg>
            <figcaption id="progress-caption">{r.progress_caption}</figcaption>
        </figure>
    }
}

/// The attendance rate of each session held as a column, with the threshold as a line.
#[component]
fn AttendanceChart(bars: Vec<(String, Option<u8>)>, threshold: u8) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    const TOP: u32 = 8;
    const LEFT: u32 = 34;
    let plot = WIDTH - LEFT - 4;
    let n = bars.len().max(1) as u32;
    let step = plot / n;
    let width = step.saturating_sub(2).clamp(1, 24);
    let y_of = move |p: u8| TOP + 100 - u32::from(p);
    view! {
        <figure class="report-chart">
            <svg viewBox=format!("0 0 {WIDTH} 122") width="100%" role="img" aria-labelledby="over-time-caption" id="attendance-chart">
                <text x="0" y=TOP + 4 class="chart-label">{format!("{}%", locale.number(100))}</text>
                <text x="0" y=TOP + 104 class="chart-label">{format!("{}%", locale.number(0))}</text>
                <line x1=LEFT x2=WIDTH y1=TOP + 100 y2=TOP + 100 class="axis" />
                {bars.into_iter().enumerate().map(|(i, (label, rate))| {
                    let x = LEFT + step * i as u32 + (step - width) / 2;
                    let p = rate.unwrap_or(0);
                    let class = if rate.is_some_and(|p| p < threshold) { "bar risk" } else { "bar" };
                    view! {
                        <rect x=x y=y_of(p) width=width height=u32::from(p) class=class>
                            <title>{format!("{label}: {}", pct(locale, rate))}</title>
                        </rect>
                    }
                }).collect_view()}
                <line x1=LEFT x2=WIDTH y1=y_of(threshold) y2=y_of(threshold) class="threshold">
                    <title>{format!("{}: {}%", r.threshold_line, locale.number(threshold))}</title>
                </line>
            </svg>
            <figcaption id="over-time-caption">{r.over_time_caption}</figcaption>
        </figure>
    }
}

#[component]
pub fn InstituteReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let r = strings(i18n.get_untracked_locale());
    let data = Resource::new(|| (), |_| get_institute_report());
    view! {
        <Title text=page_title(i18n, r.institute) />
        <h1>{r.institute}</h1>
        <RequireRole roles=&[Role::Admin]>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(report) => view! { <Institute report /> }.into_any(),
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
fn Institute(report: InstituteReport) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    let summary = r
        .institute_summary
        .replacen("{}", &locale.number(report.learners), 1)
        .replacen("{}", &locale.number(report.enrolled), 1);
    let InstituteReport {
        classes, as_of: at, ..
    } = report;
    view! {
        <p id="institute-summary">{summary}</p>
        <p class="muted"><span id="as-of">{as_of(r, locale, &at)}</span></p>
        <p class="actions no-print">
            <a class="button" id="institute-csv" href="/admin/reports.csv" download="" rel="external">{r.export_csv}</a>
        </p>
        <p class="small no-print">{r.offline_note}</p>
        {if classes.is_empty() {
            view! { <p class="muted" id="no-classes">{r.no_classes}</p> }.into_any()
        } else {
            view! {
                <ClassesChart classes=classes.clone() />
                <ClassesTable classes admin=true />
            }.into_any()
        }}
    }
}

/// Each class's mean attendance and completion, as two bars.
#[component]
fn ClassesChart(classes: Vec<ClassSummary>) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    const ROW: u32 = 44;
    let height = ROW * classes.len() as u32 + 4;
    let bar = move |y: u32, value: Option<u8>, kind: &'static str, label: &'static str| {
        let width = u32::from(value.unwrap_or(0)) * WIDTH / 100;
        view! {
            <rect x="0" y=y width=WIDTH height="10" class="track" />
            <rect x="0" y=y width=width height="10" class=format!("bar {kind}")>
                <title>{format!("{label}: {}", pct(locale, value))}</title>
            </rect>
        }
    };
    view! {
        <figure class="report-chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" aria-labelledby="classes-caption" id="classes-chart">
                {classes.into_iter().enumerate().map(|(i, c)| {
                    let y = ROW * i as u32;
                    let name: String = c.name.get(locale).chars().take(48).collect();
                    view! {
                        <g>
                            <text x="0" y=y + 12 class="chart-label">{name}</text>
                            {bar(y + 16, c.attendance, "attendance", r.attendance)}
                            {bar(y + 28, c.completion, "completion", r.completion)}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption id="classes-caption">
                {r.institute_caption}
                <ul class="legend">
                    <li><span class="swatch bar attendance" aria-hidden="true"></span>{r.attendance}</li>
                    <li><span class="swatch bar completion" aria-hidden="true"></span>{r.completion}</li>
                </ul>
            </figcaption>
        </figure>
    }
}

#[component]
fn ClassesTable(classes: Vec<ClassSummary>, admin: bool) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let r = strings(locale);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=r.class>
            <table class="report" id="classes-table">
                <thead>
                    <tr>
                        <th scope="col">{r.class}</th>
                        <th scope="col">{r.learners}</th>
                        <th scope="col">{r.sessions_held}</th>
                        <th scope="col">{r.attendance}</th>
                        <th scope="col">{r.completion}</th>
                        <th scope="col">{r.at_risk}</th>
                    </tr>
                </thead>
                <tbody>
                    {classes.into_iter().map(|c| {
                        let href = if admin { format!("/admin/classes/{}/report", c.class) } else { format!("/teach/class/{}/report", c.class) };
                        view! {
                            <tr data-class=c.class.to_string()>
                                <th scope="row" class="wrap">
                                    <a href=href>{c.name.get(locale).to_owned()}</a><br />
                                    <span class="small">{c.code.clone()}" · "{c.programme.get(locale).to_owned()}</span>
                                </th>
                                <td class="learners">{locale.number(c.learners)}</td>
                                <td class="held">{locale.number(c.sessions_held)}</td>
                                <td class="attendance">{pct(locale, c.attendance)}</td>
                                <td class="completion">{pct(locale, c.completion)}</td>
                                <td class="at-risk">{locale.number(c.at_risk)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn MyClassesPage() -> impl IntoView {
    let i18n = use_i18n();
    let r = strings(i18n.get_untracked_locale());
    let data = Resource::new(|| (), |_| get_my_classes());
    view! {
        <Title text=page_title(i18n, r.my_classes) />
        <h1>{r.my_classes}</h1>
        <RequireRole roles=&[Role::Trainer]>
            <p>{r.my_classes_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(classes) if classes.is_empty() => view! { <p class="muted" id="no-classes">{r.no_my_classes}</p> }.into_any(),
                        Ok(classes) => view! { <ClassesTable classes admin=false /> }.into_any(),
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

/// The CSV of a class's report: UTF-8 with a byte-order mark (so spreadsheet programs
/// read Khmer names right), one row per learner, figures as plain numbers.
#[cfg(feature = "ssr")]
pub fn class_csv(report: &ClassReport, locale: Locale) -> String {
    use domain::csv::field;
    let r = strings(locale);
    let header = [
        format!("{} (ខ្មែរ)", r.learner),
        format!("{} (English)", r.learner),
        r.username.to_owned(),
        format!("{} %", r.attendance),
        r.sessions_marked.to_owned(),
        r.activities_done.to_owned(),
        r.activities_all.to_owned(),
        format!("{} %", r.progress),
        r.low_attendance.to_owned(),
        r.behind.to_owned(),
    ];
    let mut out = String::from("\u{feff}");
    push_row(&mut out, header.iter().map(|h| field(h)));
    for l in &report.learners {
        push_row(
            &mut out,
            [
                field(&l.name.km),
                field(&l.name.en),
                field(&l.username),
                l.attendance.map(|a| a.to_string()).unwrap_or_default(),
                l.sessions_marked.to_string(),
                l.done.to_string(),
                l.activities.to_string(),
                l.progress.to_string(),
                u8::from(l.low_attendance).to_string(),
                u8::from(l.behind).to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

/// The CSV of the institute at a glance: one row per class.
#[cfg(feature = "ssr")]
pub fn institute_csv(report: &InstituteReport, locale: Locale) -> String {
    use domain::csv::field;
    let r = strings(locale);
    let mut out = String::from("\u{feff}");
    push_row(
        &mut out,
        [
            field(r.code),
            field(&format!("{} (ខ្មែរ)", r.class)),
            field(&format!("{} (English)", r.class)),
            field(&format!("{} (ខ្មែរ)", r.programme)),
            field(&format!("{} (English)", r.programme)),
            field(r.learners),
            field(r.sessions_held),
            field(&format!("{} %", r.attendance)),
            field(&format!("{} %", r.completion)),
            field(r.at_risk),
        ]
        .into_iter(),
    );
    for c in &report.classes {
        push_row(
            &mut out,
            [
                field(&c.code),
                field(&c.name.km),
                field(&c.name.en),
                field(&c.programme.km),
                field(&c.programme.en),
                c.learners.to_string(),
                c.sessions_held.to_string(),
                c.attendance.map(|a| a.to_string()).unwrap_or_default(),
                c.completion.map(|a| a.to_string()).unwrap_or_default(),
                c.at_risk.to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

#[cfg(feature = "ssr")]
fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    out.push_str(&cells.collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}
