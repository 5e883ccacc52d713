//! The lesson reader: the lesson's text in the reader's language (Markdown rendered and
//! made safe on the server), "Mark as done" and the knowledge check (islands, written to
//! the device's outbox), previous / next and the way back to the course.

use super::check::KnowledgeCheck;
use super::mark::LessonProgress;
use crate::i18n::{tr, use_i18n};
use crate::ui::page::page_title;
use crate::ui::page::{LoadById, RolePage};
use domain::{LessonId, Localized, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use wire::learn::{LessonLink, LessonView};
use wire::AppError;

/// A lesson of a course the signed-in learner is enrolled in.
#[server(endpoint = "learn/lesson", input = GetUrl)]
pub async fn get_lesson(id: LessonId) -> Result<LessonView, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Learner]).await?;
    store::learn::lesson(&state.pool, &user, id)
        .await
        .map_err(store::internal)?
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

/// Safe HTML of the lesson in `locale` (else the other language), rendered on the server
/// through the one sanitising renderer (`learn::markdown`).
fn rendered(body: &Localized, locale: crate::i18n::Locale) -> String {
    #[cfg(feature = "ssr")]
    {
        super::markdown::render(body.get(locale))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (body, locale);
        String::new()
    }
}

#[component]
fn Reader(lesson: LessonView) -> impl IntoView {
    let i18n = use_i18n();
    let LessonView {
        id,
        learner,
        class,
        title,
        body,
        done,
        checks,
        previous,
        next,
        ..
    } = lesson;
    let heading = title.clone();
    let label = title.clone();
    let locale = i18n.get_untracked_locale();
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
        <Title text=page_title(i18n, title.get(i18n.get())) />
        <article class="lesson card">
            <h2 id="lesson-title">{move || heading.get(i18n.get()).to_owned()}</h2>
            <div class="lesson-body" inner_html=rendered(&body, i18n.get())></div>
            <LessonProgress user=learner lesson=id title=label.clone() done locale />
        </article>
        {(!checks.is_empty()).then(|| view! { <KnowledgeCheck attempts=Some((learner, id)) title=label items=checks locale /> })}
        <nav class="lesson-nav">
            {link(previous, |t| t.previous, "prev")}
            {link(next, |t| t.next, "next")}
        </nav>
        <p><a href=format!("/learn/course/{class}")>{tr(|t| t.back_to_course)}</a></p>
    }
}
