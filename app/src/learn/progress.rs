//! My progress: per module, the activities done and each lesson's best check score; per
//! unit, the performance criteria the learner has covered (those of done activities).
//! Built from what the sync engine has received.

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::{LoadById, RolePage};
use domain::{ClassId, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::learn::{CriterionProgress, Progress};
use wire::AppError;

#[server(endpoint = "learn/progress", input = GetUrl)]
pub async fn get_progress(class: ClassId) -> Result<Progress, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    store::learn::progress(&state.pool, &user, class)
        .await
        .map_err(store::internal)?
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
                                            <td>{move || lp.best.map(|b| l().digits(&format!("{}/{}", b.score, b.max))).unwrap_or_else(|| "–".into())}</td>
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
                            {u.criteria.into_iter().map(|CriterionProgress { number, text, covered }| view! {
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
