//! The course page: modules → learning activities in order, each with its delivery mode
//! (icon and word), duration, done / not done, a link to its lesson, and — for
//! face-to-face, live and workplace activities — the class's sessions of it.

use super::download::CourseDownload;
use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::{LoadById, RolePage};
use crate::ui::session_card::SessionCard;
use domain::{ClassId, DeliveryMode, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::learn::{ActivityOutline, CourseOutline};
use wire::AppError;

/// The outline of a course the signed-in learner is enrolled in.
#[server(endpoint = "learn/course", input = GetUrl)]
pub async fn get_course_outline(class: ClassId) -> Result<CourseOutline, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    let stored = store::learn::course_outline(&state.pool, &user, class)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)?;
    let offline = super::markdown::offline_bundle(class, &stored.lessons);
    Ok(stored.with_offline(offline))
}

#[component]
pub fn CoursePage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.my_courses roles=&[Role::Learner]>
            <LoadById param="class" fetch=get_course_outline show=|outline| view! { <OutlineView outline /> } />
        </RolePage>
    }
}

#[component]
fn OutlineView(outline: CourseOutline) -> impl IntoView {
    let i18n = use_i18n();
    let CourseOutline {
        class,
        programme,
        class_name,
        modules,
        offline,
    } = outline;
    view! {
        <h2 id="course-title">{move || programme.get(i18n.get()).to_owned()}</h2>
        <p class="muted">{move || class_name.get(i18n.get()).to_owned()}</p>
        <CourseDownload class bundle=offline locale=i18n.get_untracked_locale() />
        {modules
            .into_iter()
            .map(|module| {
                let title = module.title;
                view! {
                    <section class="module">
                        <h3>{move || title.get(i18n.get()).to_owned()}</h3>
                        <ol class="activities">
                            {module.activities.into_iter().map(|a| view! { <li><Activity activity=a /></li> }).collect_view()}
                        </ol>
                    </section>
                }
            })
            .collect_view()}
    }
}

#[component]
fn Activity(activity: ActivityOutline) -> impl IntoView {
    let i18n = use_i18n();
    let ActivityOutline {
        title,
        mode,
        minutes,
        lesson,
        done,
        sessions,
        ..
    } = activity;
    view! {
        <article class="card activity">
            <h4>{move || title.get(i18n.get()).to_owned()}</h4>
            <p class="session-meta">
                <span class="mode" data-mode=mode.as_str()>
                    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                        <path d=mode.icon_path() fill="currentColor" />
                    </svg>
                    {move || i18n.t().mode(mode)}
                </span>
                <span>{move || fill(i18n.t().n_minutes, i18n.get().number(minutes))}</span>
                {lesson.map(|id| {
                    view! {
                        <span class="status" data-lesson=id.to_string() data-done=done.to_string()>
                            <span class="if-done">{tr(|t| t.done)}</span>
                            <span class="if-not-done">{tr(|t| t.not_done)}</span>
                        </span>
                    }
                })}
            </p>
            {lesson.map(|id| view! { <a class="button" href=format!("/learn/lesson/{id}")>{tr(|t| t.read_lesson)}</a> })}
            {(sessions.is_empty() && mode != DeliveryMode::OnlineSelfPaced).then(|| view! {
                <p class="small no-sessions">{tr(|t| t.no_sessions_scheduled)}</p>
            })}
            {(!sessions.is_empty()).then(|| view! {
                <details class="sessions-of-activity">
                    <summary>{tr(|t| t.sessions_label)}</summary>
                    <ul class="sessions">
                        {sessions.into_iter().map(|s| view! { <li><SessionCard session=s show_date=true /></li> }).collect_view()}
                    </ul>
                </details>
            })}
        </article>
    }
}
