//! The institute admin's attendance settings: the statuses trainers mark with (in tap
//! order, each with points for the rate, whether it counts, whether it asks for minutes
//! late) and the at-risk threshold. A plain form (works without JavaScript), checked
//! whole on the server before anything is saved.

use crate::i18n::{tr, use_i18n, Strings};
use crate::ui::page::RolePage;
use crate::ui::status::{ErrorNote, Loading};
use domain::attendance::{SettingsError, StatusDef};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_router::hooks::use_query_map;
use wire::admin::AttendanceSettings;
use wire::AppError;

/// The signed-in admin's institute's statuses and threshold.
#[server(endpoint = "admin/attendance-settings", input = GetUrl)]
pub async fn get_attendance_settings() -> Result<AttendanceSettings, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::attendance::settings(&state.pool, user.institute)
        .await
        .map_err(store::internal)
}

pub fn error_text(t: &'static Strings, error: SettingsError) -> &'static str {
    match error {
        SettingsError::NoStatuses => t.settings_no_statuses,
        SettingsError::BadCode => t.settings_bad_code,
        SettingsError::DuplicateCode => t.settings_duplicate_code,
        SettingsError::BadLabel => t.settings_bad_label,
        SettingsError::BadPoints => t.settings_bad_points,
        SettingsError::BadThreshold => t.settings_bad_threshold,
    }
}

#[component]
pub fn AttendanceSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let settings = Resource::new(|| (), |_| get_attendance_settings());
    let saved = move || query.with(|q| q.get("saved").is_some());
    let error = move || query.with(|q| q.get("error").and_then(|e| SettingsError::parse(&e)));
    view! {
        <RolePage title=|t| t.attendance_settings roles=&[Role::Admin]>
            {move || saved().then(|| view! { <p class="status" role="status" id="settings-saved">{tr(|t| t.saved)}</p> })}
            {move || error().map(|e| view! { <p class="error" role="alert" id="settings-error">{move || error_text(i18n.t(), e)}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(AttendanceSettings { statuses, threshold }) => view! { <SettingsForm statuses threshold /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RolePage>
    }
}

#[component]
fn SettingsForm(statuses: Vec<StatusDef>, threshold: u8) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    // The institute's statuses, then one empty row to add a status.
    let rows: Vec<Option<StatusDef>> = statuses.into_iter().map(Some).chain([None]).collect();
    view! {
        <form method="post" action="/admin/attendance" class="card settings" id="attendance-settings">
            <p class="muted">{t.settings_intro}</p>
            <div class="table-scroll">
                <table class="attendance">
                    <thead>
                        <tr>
                            <th scope="col">{t.status_code}</th>
                            <th scope="col">"ខ្មែរ"</th>
                            <th scope="col">"English"</th>
                            <th scope="col">{t.points}</th>
                            <th scope="col">{t.counts_in_rate}</th>
                            <th scope="col">{t.asks_minutes}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().enumerate().map(|(i, s)| {
                            let (code, km, en, points, counts, late) = s.map_or_else(
                                || (String::new(), String::new(), String::new(), String::new(), true, false),
                                |s| (s.code, s.label.km, s.label.en, s.points.to_string(), s.counts, s.late),
                            );
                            view! {
                                <tr>
                                    <td><input name=format!("code_{i}") value=code maxlength="20" pattern="[a-z_]+" aria-label=t.status_code /></td>
                                    <td><input name=format!("km_{i}") value=km maxlength="40" lang="km" aria-label="ខ្មែរ" /></td>
                                    <td><input name=format!("en_{i}") value=en maxlength="40" lang="en" aria-label="English" /></td>
                                    <td><input name=format!("points_{i}") value=points type="number" min="0" max="100" inputmode="numeric" aria-label=t.points /></td>
                                    <td><input name=format!("counts_{i}") type="checkbox" checked=counts aria-label=t.counts_in_rate /></td>
                                    <td><input name=format!("late_{i}") type="checkbox" checked=late aria-label=t.asks_minutes /></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <label>
                {t.at_risk_threshold}
                <input name="threshold" id="threshold" type="number" min="0" max="100" inputmode="numeric" value=threshold.to_string() />
            </label>
            <button type="submit" class="primary" id="save-settings">{t.save}</button>
        </form>
    }
}
