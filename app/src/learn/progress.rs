//! My progress: per module, the activities done and each lesson's best check score; per
//! unit, the performance criteria the learner has covered (those of done activities).
//! Built from what the sync engine has received.

use crate::domain::{ClassId, Localized, Role};
use crate::error::AppError;
use crate::i18n::{fill, tr, use_i18n};
use crate::shell::page::{LoadById, RolePage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub programme: Localized,
    /// Whole percent of the programme's activities done.
    pub percent_done: u8,
    pub modules: Vec<ModuleProgress>,
    pub units: Vec<UnitProgress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleProgress {
    pub title: Localized,
    pub done: u32,
    pub total: u32,
    pub lessons: Vec<LessonProgress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    pub title: Localized,
    pub done: bool,
    /// Best attempt as (score, max).
    pub best: Option<(u16, u16)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub code: String,
    pub title: Localized,
    /// (number like "1.2", text, covered)
    pub criteria: Vec<(String, Localized, bool)>,
}

/// Share of `done` in `total`, in whole percent (0 when there is nothing to do).
pub fn percent(done: u32, total: u32) -> u8 {
    (u64::from(done) * 100)
        .checked_div(u64::from(total))
        .map_or(0, |p| p.min(100) as u8)
}

#[server(endpoint = "learn/progress", input = GetUrl)]
pub async fn get_progress(class: ClassId) -> Result<Progress, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    crate::store::learn::progress(&state.pool, &user, class)
        .await
        .map_err(crate::store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn ProgressPage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.my_progress roles=&[Role::Learner]>
            <LoadById param="class" fetch=get_progress show=|progress| view! { <ProgressView progress /> } />
        </RolePage>
    }
}

#[component]
fn ProgressView(progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let Progress {
        programme,
        percent_done,
        modules,
        units,
    } = progress;
    let l = move || i18n.get();
    view! {
        <h2>{move || programme.get(l()).to_owned()}</h2>
        <p class="progress-total" id="progress-total">
            <progress max="100" value=percent_done></progress>
            " "
            {move || fill(i18n.t().pct_activities_done, l().number(percent_done))}
        </p>
        {modules
            .into_iter()
            .map(|m| {
                let title = m.title;
                view! {
                    <section class="card module-progress">
                        <h3>{move || title.get(l()).to_owned()}</h3>
                        <p class="muted">{move || l().digits(&format!("{}/{}", m.done, m.total))}</p>
                        <table class="lessons-progress">
                            <thead><tr><th>{tr(|t| t.lessons_done_label)}</th><th>{tr(|t| t.done)}</th><th>{tr(|t| t.best_score)}</th></tr></thead>
                            <tbody>
                                {m.lessons.into_iter().map(|lp| {
                                    let t = lp.title;
                                    view! {
                                        <tr>
                                            <td>{move || t.get(l()).to_owned()}</td>
                                            <td>{if lp.done { "✓" } else { "–" }}</td>
                                            <td>{move || lp.best.map(|(s, max)| l().digits(&format!("{s}/{max}"))).unwrap_or_else(|| "–".into())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })
            .collect_view()}
        <h2>{tr(|t| t.criteria_covered)}</h2>
        {units
            .into_iter()
            .map(|u| {
                let title = u.title;
                let code = u.code;
                view! {
                    <section class="card unit-progress">
                        <h3>{move || format!("{code} · {}", title.get(l()))}</h3>
                        <ul class="criteria">
                            {u.criteria.into_iter().map(|(number, text, covered)| view! {
                                <li data-covered=covered.to_string()>
                                    <span class="criterion-number">{number}</span>
                                    " "
                                    <span>{move || text.get(l()).to_owned()}</span>
                                    " "
                                    <span class="badge">{if covered { tr(|t| t.covered) } else { tr(|t| t.not_covered) }}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_of_activities() {
        assert_eq!(super::percent(0, 0), 0);
        assert_eq!(super::percent(1, 3), 33);
        assert_eq!(super::percent(10, 10), 100);
    }
}
