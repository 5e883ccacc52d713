//! `/curriculum/programmes/:id/activities/:activity/check`: the knowledge-check editor
//! under a lesson — multiple choice, true or false, and putting in order — one plain form
//! per question (it works without JavaScript), each checked whole on the server
//! (`domain::check_edit`): a refused question comes back with what was typed and the
//! reason. Below, the questions as a learner's phone lists them.

use super::strings::{strings, CurriculumStrings};
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use crate::ui::text_box::TextBox;
use domain::check::CheckKind;
use domain::check_edit::{CheckFault, Languages, TypedQuestion};
use domain::{Locale, Role};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::{CheckEditor, QuestionRow};
use wire::AppError;

/// The check editor of an activity of the signed-in developer's institute.
#[server(endpoint = "curriculum/check-editor", input = GetUrl)]
pub async fn get_check_editor(activity: String) -> Result<CheckEditor, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::checks::editor(&state.pool, &user, &activity)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn CheckEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.check_editor) />
        <h1>{c.check_editor}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <LoadById param="activity" fetch=get_check_editor show=|editor| view! { <Editor editor /> } />
        </RequireRole>
    }
}

/// A stored question as the form's fields.
fn typed_of(q: &QuestionRow) -> TypedQuestion {
    let lines =
        |f: fn(&domain::Localized) -> &str| q.options.iter().map(f).collect::<Vec<_>>().join("\n");
    let answer = match q.kind {
        CheckKind::MultipleChoice => q
            .answer
            .first()
            .map_or(String::new(), |a| (a + 1).to_string()),
        CheckKind::TrueFalse => match q.answer.first() {
            Some(0) => "true".into(),
            Some(_) => "false".into(),
            None => String::new(),
        },
        CheckKind::Ordering => String::new(),
    };
    TypedQuestion {
        kind: q.kind.code().into(),
        languages: q.languages.code().into(),
        prompt_km: q.prompt.km.clone(),
        prompt_en: q.prompt.en.clone(),
        options_km: if q.kind == CheckKind::TrueFalse {
            String::new()
        } else {
            lines(|o| &o.km)
        },
        options_en: if q.kind == CheckKind::TrueFalse {
            String::new()
        } else {
            lines(|o| &o.en)
        },
        answer,
    }
}

#[component]
fn Editor(editor: CheckEditor) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let query = use_query_map();
    // After a refusal: which question (none: the new one), why, and what was typed.
    let (fault, refused, typed, saved, removed) = query.with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        let fault = q.get("error").and_then(|e| CheckFault::parse(&e));
        let typed = TypedQuestion {
            kind: get("kind"),
            languages: get("languages"),
            prompt_km: get("prompt_km"),
            prompt_en: get("prompt_en"),
            options_km: get("options_km"),
            options_en: get("options_en"),
            answer: get("answer"),
        };
        (
            fault,
            get("item"),
            typed,
            q.get("saved").is_some(),
            q.get("removed").is_some(),
        )
    });
    let lesson = format!(
        "/curriculum/programmes/{}/activities/{}/lesson",
        editor.programme_id, editor.activity_id
    );
    let action = format!("/curriculum/activity/{}/check", editor.activity_id);
    let editable = editor.editable && editor.has_lesson;
    let new_typed = if fault.is_some() && refused.is_empty() {
        typed.clone()
    } else {
        TypedQuestion {
            kind: "multiple_choice".into(),
            languages: "both".into(),
            ..Default::default()
        }
    };
    let preview = editor.questions.clone();
    // The same island a learner's lesson shows, recording nothing.
    let items: Vec<domain::check::CheckItem> = preview
        .iter()
        .filter_map(|q| {
            Some(domain::check::CheckItem {
                id: q.id.parse().ok()?,
                kind: q.kind,
                prompt: q.prompt.clone(),
                options: q.options.clone(),
                answer: q.answer.clone(),
            })
        })
        .collect();
    view! {
        <p class="muted"><a href=lesson.clone() id="back-to-lesson">{editor.activity_title.get(locale).to_owned()}</a></p>
        {saved.then(|| view! { <p class="status" role="status" id="question-saved">{c.question_saved}</p> })}
        {removed.then(|| view! { <p class="status" role="status" id="question-saved">{c.question_removed}</p> })}
        {fault.map(|f| view! { <p class="error" role="alert" id="question-error">{c.check_fault(f)}</p> })}
        {(!editor.has_lesson).then(|| view! { <p class="warning" role="note"><a href=lesson>{c.check_needs_lesson}</a></p> })}
        <ol class="plain questions-editor">
            {editor.questions.iter().enumerate().map(|(i, q)| {
                let shown = if fault.is_some() && refused == q.id { typed.clone() } else { typed_of(q) };
                view! {
                    <li class="card" id=format!("q-{}", q.id)>
                        <h2>{c.question_n.replacen("{}", &locale.number(i + 1), 1)}</h2>
                        <QuestionForm action=action.clone() item=q.id.clone() typed=shown editable c />
                    </li>
                }
            }).collect_view()}
        </ol>
        {editable.then(|| view! {
            <section class="card" id="new">
                <h2>{c.new_question}</h2>
                <QuestionForm action=action.clone() item=String::new() typed=new_typed editable c />
            </section>
        })}
        <h2>{c.answer_key}</h2>
        <ol class="questions phone-preview" id="check-preview">
            {preview.iter().cloned().map(|q| view! { <PreviewQuestion q locale c /> }).collect_view()}
        </ol>
        {(!items.is_empty()).then(|| view! {
            <section class="stack" id="try-check" aria-labelledby="try-check-title">
                <h2 id="try-check-title">{c.preview_title}</h2>
                <p class="muted small">{c.try_it_help}</p>
                <div class="phone-preview">
                    <crate::learn::check::KnowledgeCheck attempts=None title=editor.activity_title.clone() items locale />
                </div>
            </section>
        })}
    }
}

#[component]
fn QuestionForm(
    action: String,
    item: String,
    typed: TypedQuestion,
    editable: bool,
    c: &'static CurriculumStrings,
) -> impl IntoView {
    let key = if item.is_empty() {
        "new".to_owned()
    } else {
        item.clone()
    };
    let id = move |f: &str| format!("{f}-{key}");
    let select = |options: Vec<(&'static str, String)>, chosen: &str| {
        options
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=chosen == value>{label}</option> })
            .collect_view()
    };
    let kinds = select(
        vec![
            ("multiple_choice", c.kind_mc.into()),
            ("true_false", c.kind_tf.into()),
            ("ordering", c.kind_order.into()),
        ],
        &typed.kind,
    );
    let languages = select(
        vec![
            (Languages::Both.code(), c.lang_both.into()),
            (Languages::EnglishOnly.code(), c.lang_en_only.into()),
            (Languages::KhmerOnly.code(), c.lang_km_only.into()),
        ],
        &typed.languages,
    );
    const NUMBERS: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];
    let mut answers: Vec<(&'static str, String)> = vec![("", c.answer_order.into())];
    answers.extend(
        NUMBERS
            .iter()
            .map(|n| (*n, c.answer_option.replacen("{}", n, 1))),
    );
    answers.push(("true", c.true_word.into()));
    answers.push(("false", c.false_word.into()));
    let answers = select(answers, &typed.answer);
    let removable = !item.is_empty();
    view! {
        <form method="post" action=action class="stack question-form">
            <fieldset class="plain-fieldset" disabled=!editable>
                <input type="hidden" name="item" value=item />
                <label for=id("kind")>{c.kind_label}</label>
                <select name="kind" id=id("kind")>{kinds}</select>
                <label for=id("languages")>{c.languages_label}</label>
                <select name="languages" id=id("languages")>{languages}</select>
                <div class="side-by-side">
                    <div class="stack" lang="km">
                        <label for=id("prompt-km")>{c.prompt_km}</label>
                        <input id=id("prompt-km") name="prompt_km" maxlength="500" value=typed.prompt_km />
                        <label for=id("options-km")>{c.options_km}</label>
                        <TextBox id=id("options-km") name="options_km" rows=4 text=typed.options_km />
                    </div>
                    <div class="stack" lang="en">
                        <label for=id("prompt-en")>{c.prompt_en}</label>
                        <input id=id("prompt-en") name="prompt_en" maxlength="500" value=typed.prompt_en />
                        <label for=id("options-en")>{c.options_en}</label>
                        <TextBox id=id("options-en") name="options_en" rows=4 text=typed.options_en />
                    </div>
                </div>
                <label for=id("answer")>{c.answer_label}</label>
                <select name="answer" id=id("answer")>{answers}</select>
                <p class="actions">
                    <button type="submit" name="action" value="save" class="primary">{c.save_question}</button>
                    {removable.then(|| view! { <button type="submit" name="action" value="remove">{c.remove_question}</button> })}
                </p>
            </fieldset>
        </form>
    }
}

#[component]
fn PreviewQuestion(q: QuestionRow, locale: Locale, c: &'static CurriculumStrings) -> impl IntoView {
    let right = |i: usize| match q.kind {
        CheckKind::Ordering => false,
        _ => q.answer.first().is_some_and(|a| usize::from(*a) == i),
    };
    let options: Vec<(String, bool)> = q
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| (o.get(locale).to_owned(), right(i)))
        .collect();
    view! {
        <li class="question">
            <p><strong>{q.prompt.get(locale).to_owned()}</strong></p>
            <ul class="plain">
                {options.into_iter().map(|(text, right)| view! {
                    <li>{text}{right.then(|| view! { <span class="badge">" ✓ "{c.right_answer}</span> })}</li>
                }).collect_view()}
            </ul>
        </li>
    }
}
