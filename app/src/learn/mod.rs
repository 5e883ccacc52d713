//! Learners: "My courses" (the learner's home), the course page, the lesson reader and
//! the timetable.

pub mod check;
pub mod check_in;
pub mod course;
pub mod download;
pub mod lesson;
pub mod mark;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod progress;
pub mod rpl;
pub mod timetable;

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::RolePage;
use crate::ui::session_card::SessionCard;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::learn::CourseCard;
use wire::AppError;

/// The signed-in learner's courses.
#[server(endpoint = "learn/courses", input = GetUrl)]
pub async fn my_courses() -> Result<Vec<CourseCard>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    store::learn::courses(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[component]
pub fn LearnerHome() -> impl IntoView {
    view! {
        <RolePage title=|t| t.my_courses roles=&[Role::Learner]>
            <p class="actions">
                <a class="button" href="/check-in" data-keep="">{tr(|t| t.check_in)}</a>
                <a class="button" href="/learn/timetable" id="timetable-link" data-keep="">{tr(|t| t.my_timetable)}</a>
                <a class="button" href="/learn/rpl" id="rpl-link">{crate::i18n::rpl::strings(use_i18n().get_untracked_locale()).my_applications}</a>
            </p>
            <CourseList />
        </RolePage>
    }
}

#[component]
fn CourseList() -> impl IntoView {
    let courses = Resource::new(|| (), |_| my_courses());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match courses.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{tr(|t| t.no_courses)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards" id="courses">
                            {list.into_iter().map(|c| view! { <li><Course course=c /></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Course(course: CourseCard) -> impl IntoView {
    let i18n = use_i18n();
    let CourseCard {
        class,
        class_name,
        programme,
        qualification_code,
        cqf_level,
        modules,
        activities,
        lessons,
        percent_done,
        next_session,
    } = course;
    view! {
        <article class="card course">
            <h2>{move || programme.get(i18n.get()).to_owned()}</h2>
            <p class="muted">
                {move || format!("{} · {}", qualification_code, fill(i18n.t().cqf_level, i18n.get().number(cqf_level)))}
            </p>
            <p>{move || format!("{}: {}", i18n.t().class_label, class_name.get(i18n.get()))}</p>
            <p class="saved-badge status" data-offline-class=class.to_string()>"✓ "{tr(|t| t.available_offline)}</p>
            <p class="counts">
                <span>{move || fill(i18n.t().n_modules, i18n.get().number(modules))}</span>
                <span>{move || fill(i18n.t().n_activities, i18n.get().number(activities))}</span>
                <span>{move || fill(i18n.t().n_lessons, i18n.get().number(lessons))}</span>
            </p>
            <p class="progress-total">
                <progress max="100" value=percent_done></progress>
                " "
                {move || fill(i18n.t().pct_activities_done, i18n.get().number(percent_done))}
            </p>
            <h3 class="label">{tr(|t| t.next_session)}</h3>
            {match next_session {
                Some(slot) => view! { <SessionCard session=slot show_date=true /> }.into_any(),
                None => view! { <p class="muted">{tr(|t| t.no_upcoming_session)}</p> }.into_any(),
            }}
            <p class="actions">
                <a class="button" href=format!("/learn/course/{class}")>{tr(|t| t.open_course)}</a>
                <a class="button" href=format!("/learn/progress/{class}")>{tr(|t| t.my_progress)}</a>
            </p>
        </article>
    }
}
