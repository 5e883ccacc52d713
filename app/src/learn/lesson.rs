//! The lesson reader: the lesson's text in the reader's language (Markdown rendered and
//! made safe on the server), with previous / next and the way back to the course.

use super::check::KnowledgeCheck;
use crate::domain::{ClassId, LessonId, Localized, Role};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n};
use crate::shell::page::{LoadById, RolePage};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    pub id: LessonId,
    pub class: ClassId,
    pub title: Localized,
    /// Safe HTML, rendered from each language's Markdown.
    pub html: Localized,
    pub done: bool,
    pub checks: Vec<crate::domain::check::CheckItem>,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonLink {
    pub id: LessonId,
    pub title: Localized,
}

/// A lesson of a course the signed-in learner is enrolled in.
#[server(endpoint = "learn/lesson", input = GetUrl)]
pub async fn get_lesson(id: LessonId) -> Result<LessonView, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    crate::store::learn::lesson(&state.pool, &user, id)
        .await
        .map_err(crate::store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn LessonPage() -> impl IntoView {
    view! {
        <RolePage title=|t| t.read_lesson roles=&[Role::Learner]>
            <LoadById param="lesson" fetch=get_lesson show=|lesson| view! { <Reader lesson /> } />
        </RolePage>
    }
}

#[component]
fn Reader(lesson: LessonView) -> impl IntoView {
    let i18n = use_i18n();
    let LessonView {
        class,
        title,
        html,
        done,
        checks,
        previous,
        next,
        ..
    } = lesson;
    let heading = title.clone();
    let link = move |l: Option<LessonLink>,
                     label: fn(&'static crate::i18n::Strings) -> &'static str,
                     rel: &'static str| {
        l.map(|l| {
            let t = l.title;
            view! {
                <a class="button" rel=rel href=format!("/learn/lesson/{}", l.id)>
                    <span class="small">{tr(label)}</span>
                    <span>{move || t.get(i18n.get()).to_owned()}</span>
                </a>
            }
        })
    };
    view! {
        <Title text=move || format!("{} · {}", title.get(i18n.get()), i18n.t().app_name) />
        <article class="lesson card">
            <h2 id="lesson-title">{move || heading.get(i18n.get()).to_owned()}</h2>
            {done.then(|| view! { <p class="status">{tr(|t| t.done)}</p> })}
            <div class="lesson-body" inner_html=move || html.get(i18n.get()).to_owned()></div>
        </article>
        {(!checks.is_empty()).then(|| view! { <KnowledgeCheck items=checks locale=i18n.get_untracked_locale() /> })}
        <nav class="lesson-nav">
            {link(previous, |t| t.previous, "prev")}
            {link(next, |t| t.next, "next")}
        </nav>
        <p><a href=format!("/learn/course/{class}")>{tr(|t| t.back_to_course)}</a></p>
    }
}
