//! A class's attendance: learners × the sessions held so far, each learner's rate by the
//! institute's points, "at risk" below its threshold, a history per learner with every
//! version of every mark (who changed what, and when), and a CSV export.

use crate::i18n::{fill, tr, use_i18n, Locale, LocaleStrings};
use crate::ui::page::{LoadById, RolePage};
use domain::attendance::StatusDef;
use domain::calendar::Date;
use domain::{ClassId, Role, SessionId, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::teach::{ClassAttendance, HistoryEntry};
use wire::AppError;

/// The attendance of a class the signed-in trainer teaches.
#[server(endpoint = "teach/class-attendance", input = GetUrl)]
pub async fn get_class_attendance(class: ClassId) -> Result<ClassAttendance, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Trainer]).await?;
    store::attendance::class_attendance(&state.pool, &user, class)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn ClassAttendancePage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.class_attendance roles=&[Role::Trainer]>
            <LoadById param="class" fetch=get_class_attendance show=|a| view! { <AttendanceTable attendance=a /> } />
        </RolePage>
    }
}

/// A status's label in `locale` (its code if the institute no longer has it).
pub fn label(statuses: &[StatusDef], code: &str, locale: Locale) -> String {
    statuses
        .iter()
        .find(|s| s.code == code)
        .map_or_else(|| code.to_owned(), |s| s.label.get(locale).to_owned())
}

#[component]
fn AttendanceTable(attendance: ClassAttendance) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_untracked_locale();
    let t = locale.strings();
    let ClassAttendance {
        class,
        class_name,
        threshold,
        statuses,
        sessions,
        learners,
    } = attendance;
    let at_risk = learners.iter().filter(|l| l.at_risk).count();
    let session_dates: Vec<(SessionId, Date)> = sessions.iter().map(|s| (s.id, s.date)).collect();
    let learners_history: Vec<(UserId, String, Vec<HistoryEntry>)> = learners
        .iter()
        .map(|l| (l.id, l.name.get(locale).to_owned(), l.history.clone()))
        .collect();
    let statuses = StoredValue::new(statuses);
    view! {
        <h2 id="class-name">{class_name.get(locale).to_owned()}</h2>
        <p class="muted">
            {fill(t.at_risk_below, locale.number(threshold))}" · "
            <span id="at-risk-count">{fill(t.n_at_risk, locale.number(at_risk))}</span>
        </p>
        <p class="actions no-print">
            <a class="button" id="export-csv" href=format!("/teach/class/{class}/attendance.csv") download="" rel="external">{tr(|t| t.export_csv)}</a>
            <PrintButton label=t.print_sheet.to_owned() />
        </p>
        <div class="table-scroll">
            <table class="attendance" id="attendance-table">
                <thead>
                    <tr>
                        <th scope="col">{t.learner}</th>
                        {sessions.iter().map(|s| view! {
                            <th scope="col" title=s.activity.get(locale).to_owned()>
                                <a href=format!("/teach/session/{}", s.id)>{locale.date(s.date)}</a>
                            </th>
                        }).collect_view()}
                        <th scope="col">{t.attendance_rate}</th>
                    </tr>
                </thead>
                <tbody>
                    {learners.into_iter().map(|l| {
                        let rate = l.rate.map_or_else(|| "—".to_owned(), |r| format!("{}%", locale.number(r)));
                        view! {
                            <tr data-learner=l.id.to_string() class:at-risk=l.at_risk>
                                <th scope="row"><a href=format!("#history-{}", l.id)>{l.name.get(locale).to_owned()}</a></th>
                                {l.marks.into_iter().map(|m| {
                                    let shown = m.as_deref().map(|c| statuses.with_value(|s| label(s, c, locale))).unwrap_or_default();
                                    view! { <td data-status=m.unwrap_or_default()>{shown}</td> }
                                }).collect_view()}
                                <td class="rate">
                                    {rate}
                                    {l.at_risk.then(|| view! { <span class="badge risk">{t.at_risk}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t.history}</h2>
        <ul class="plain histories">
            {learners_history.into_iter().map(|(id, name, history)| view! {
                <li>
                    <details id=format!("history-{id}")>
                        <summary>{name}</summary>
                        <ol class="plain history">
                            {history.into_iter().map(|h| {
                                let session = session_dates.iter().find(|(s, _)| *s == h.session).map(|(_, d)| locale.date(*d)).unwrap_or_default();
                                let mut line = format!("{session}: {}", statuses.with_value(|s| label(s, &h.status, locale)));
                                if h.minutes_late > 0 {
                                    line.push_str(&format!(" · {}", fill(t.n_minutes, locale.number(h.minutes_late))));
                                }
                                if !h.note.is_empty() {
                                    line.push_str(&format!(" · {}", h.note));
                                }
                                let who = format!(" — {} · {}", h.by.get(locale), locale.date_time(&h.at).unwrap_or_default());
                                view! { <li>{line}<span class="small">{who}</span></li> }
                            }).collect_view()}
                        </ol>
                    </details>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// "Print the sheet": the browser's print dialog (an island, not an inline handler, which
/// the Content-Security-Policy forbids).
#[cfg_attr(any(feature = "ssr", feature = "trainer"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "trainer")), component)]
fn PrintButton(label: String) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! { <button type="button" class="button" id="print-sheet" on:click=print>{label}</button> }
}

/// The CSV of a class's attendance: UTF-8 with a byte-order mark (so spreadsheet
/// programs read Khmer names right), a header row, one row per learner.
#[cfg(feature = "ssr")]
pub fn csv(attendance: &ClassAttendance, locale: Locale) -> String {
    // Quoting, and a cell a spreadsheet would run as a formula neutralised: the
    // domain's one CSV rule.
    use domain::csv::field;
    let t = locale.strings();
    let mut out = String::from("\u{feff}");
    let mut header = vec![
        field(&format!("{} (ខ្មែរ)", t.learner)),
        field(&format!("{} (English)", t.learner)),
    ];
    for s in &attendance.sessions {
        header.push(field(&format!(
            "{} {:02}:{:02}",
            s.date, s.start.hour, s.start.minute
        )));
    }
    header.push(field(&format!("{} %", t.attendance_rate)));
    header.push(field(t.at_risk));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for l in &attendance.learners {
        let mut row = vec![field(&l.name.km), field(&l.name.en)];
        for m in &l.marks {
            row.push(field(
                &m.as_deref()
                    .map(|c| label(&attendance.statuses, c, locale))
                    .unwrap_or_default(),
            ));
        }
        row.push(l.rate.map(|r| r.to_string()).unwrap_or_default());
        row.push(if l.at_risk { "1" } else { "0" }.to_owned());
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
