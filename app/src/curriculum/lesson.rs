//! `/curriculum/programmes/:id/activities/:activity/lesson`: the lesson editor — titles
//! and Markdown texts in Khmer and English side by side, a preview through the reader's
//! own renderer and sanitiser (`learn::markdown`) shown as a learner's phone shows it,
//! and images (resized on the server, with a description in both languages). One plain
//! multipart form (it works without JavaScript); the author's unsaved draft comes back
//! after a refused save, a preview or an upload.

use super::strings::strings;
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::text_box::TextBox;
use domain::lesson::LessonFault;
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::LessonEditor;
use wire::AppError;

/// The lesson editor of an activity of the signed-in developer's institute, with the
/// typed (else saved) text rendered as the reader renders it.
#[server(endpoint = "curriculum/lesson-editor", input = GetUrl)]
pub async fn get_lesson_editor(activity: String) -> Result<LessonEditor, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    let mut editor = store::authoring::editor(&state.pool, &user, &activity)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)?;
    if let Some(text) = editor.typed.as_ref().or(editor.saved.as_ref()) {
        editor.preview = domain::Localized::new(
            crate::learn::markdown::render(&text.body.km),
            crate::learn::markdown::render(&text.body.en),
        );
    }
    Ok(editor)
}

#[component]
pub fn LessonEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.lesson_editor) />
        <h1>{c.lesson_editor}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <LoadById param="activity" fetch=get_lesson_editor show=|editor| view! { <Editor editor /> } />
        </RequireRole>
    }
}

#[component]
fn Editor(editor: LessonEditor) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let query = use_query_map();
    let (saved, fault, image_added) = query.with_untracked(|q| {
        (
            q.get("saved").is_some(),
            q.get("error").and_then(|e| LessonFault::parse(&e)),
            q.get("image").is_some_and(|i| !i.is_empty()),
        )
    });
    let text = editor
        .typed
        .clone()
        .or_else(|| editor.saved.clone())
        .unwrap_or_else(|| domain::lesson::LessonText {
            title: editor.activity_title.clone(),
            body: Default::default(),
        });
    let unsaved = editor.typed.is_some();
    let only = (!text.body.km.trim().is_empty() || !text.body.en.trim().is_empty())
        .then(|| text.only())
        .flatten();
    let back = format!(
        "/curriculum/programmes/{}/activities/{}",
        editor.programme_id, editor.activity_id
    );
    let disabled = !editor.editable;
    let size = move |bytes: u64| locale.size(bytes);
    view! {
        <p class="muted">
            <a href=back id="back-to-activity">{editor.activity_title.get(locale).to_owned()}</a>
            {editor.saved.is_some().then(|| view! {
                " · "<a href=format!("/curriculum/programmes/{}/activities/{}/check", editor.programme_id, editor.activity_id) id="open-check">{c.check_editor}</a>
            })}
        </p>
        {saved.then(|| view! { <p class="status" role="status" id="lesson-saved">{c.lesson_saved}</p> })}
        {fault.map(|f| view! { <p class="error" role="alert" id="lesson-error">{c.lesson_fault(f)}</p> })}
        {image_added.then(|| view! { <p class="status" role="status" id="image-added">{c.image_added}</p> })}
        {(unsaved && fault.is_none() && !image_added).then(|| view! { <p class="muted" id="draft-kept">{c.draft_kept}</p> })}
        {(unsaved && fault.is_some()).then(|| view! { <p class="muted" id="draft-kept">{c.draft_kept}</p> })}
        <form method="post" enctype="multipart/form-data" action=format!("/curriculum/activity/{}/lesson", editor.activity_id) class="card" id="lesson-form">
            <fieldset class="plain-fieldset" disabled=disabled>
                <div class="side-by-side">
                    <div class="stack" lang="km">
                        <label for="lesson-title-km">{c.lesson_title_km}</label>
                        <input id="lesson-title-km" name="title_km" maxlength="200" value=text.title.km.clone() />
                        <label for="lesson-body-km">{c.lesson_text_km}</label>
                        <TextBox id="lesson-body-km" name="body_km" rows=14 text=text.body.km.clone() />
                    </div>
                    <div class="stack" lang="en">
                        <label for="lesson-title-en">{c.lesson_title_en}</label>
                        <input id="lesson-title-en" name="title_en" maxlength="200" value=text.title.en.clone() />
                        <label for="lesson-body-en">{c.lesson_text_en}</label>
                        <TextBox id="lesson-body-en" name="body_en" rows=14 text=text.body.en.clone() />
                    </div>
                </div>
                <p class="small">{c.markdown_help}</p>
                <p class="actions">
                    <button type="submit" name="action" value="save" class="primary" id="save-lesson">{c.save_lesson}</button>
                    <button type="submit" name="action" value="preview" id="preview-lesson">{c.preview}</button>
                </p>
                <h2 id="images">{c.images}</h2>
                <p class="small">{c.image_help}</p>
                <div class="stack">
                    <label for="lesson-image">{c.image_file}</label>
                    <input id="lesson-image" name="image" type="file" accept="image/jpeg,image/png,image/webp" />
                    <label for="alt-km">{c.alt_km}</label>
                    <input id="alt-km" name="alt_km" lang="km" maxlength="250" />
                    <label for="alt-en">{c.alt_en}</label>
                    <input id="alt-en" name="alt_en" lang="en" maxlength="250" />
                    <button type="submit" name="action" value="image" id="upload-image">{c.upload_image}</button>
                </div>
            </fieldset>
        </form>
        {(!editor.images.is_empty()).then(|| view! {
            <ul class="plain lesson-images" id="lesson-images">
                {editor.images.into_iter().map(|image| view! {
                    <li class="lesson-image">
                        <img src=image.src.clone() alt=image.alt.get(locale).to_owned() width=image.width height=image.height loading="lazy" />
                        <p class="small image-size">
                            {c.image_size
                                .replacen("{}", &locale.number(image.width), 1)
                                .replacen("{}", &locale.number(image.height), 1)
                                .replacen("{}", &size(image.bytes), 1)
                                .replacen("{}", &size(image.original_bytes), 1)}
                        </p>
                        <code class="small">{image.markdown.get(locale).to_owned()}</code>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <h2 id="preview">{c.preview_title}</h2>
        {only.map(|l| view! { <p class="warning" role="note" id="one-language">{if l == Locale::En { c.english_only } else { c.khmer_only }}</p> })}
        <div class="side-by-side">
            // As the reader does: a language without text shows the other one.
            {[(Locale::Km, "ខ្មែរ"), (Locale::En, "English")]
                .map(|(l, name)| (l, name, editor.preview.get(l).to_owned(), text.title.get(l).to_owned()))
                .into_iter()
                .map(|(l, name, html, title)| view! {
                    <section class="phone-preview" lang=l.code() aria-label=name>
                        <p class="small">{name}</p>
                        <h3>{title}</h3>
                        <div class="lesson-body" inner_html=html></div>
                    </section>
                })
                .collect_view()}
        </div>
    }
}
