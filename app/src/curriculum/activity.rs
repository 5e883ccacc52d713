//! `/curriculum/programmes/:id/activities/:activity`: one learning activity of a draft
//! programme — its title in Khmer and English, minutes, delivery mode and the performance
//! criteria it covers, grouped by element — as a plain form (it works without
//! JavaScript). A refused save comes back here with what was typed and the reason.

use super::programmes::ModeSelect;
use super::strings::strings;
use crate::i18n::use_i18n;
use crate::ui::guard::RequireRole;
use crate::ui::page::{page_title, LoadById};
use domain::blend::EditFault;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use wire::curriculum::ActivityPage;
use wire::AppError;

/// One activity of a programme of the signed-in developer's institute.
#[server(endpoint = "curriculum/activity", input = GetUrl)]
pub async fn get_activity(activity: String) -> Result<ActivityPage, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::blend::activity_page(&state.pool, &user, &activity)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn ActivityPageView() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    view! {
        <Title text=page_title(i18n, c.activity) />
        <h1>{c.activity}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <LoadById param="activity" fetch=get_activity show=|page| view! { <ActivityForm page /> } />
        </RequireRole>
    }
}

#[component]
fn ActivityForm(page: ActivityPage) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let c = strings(locale);
    let query = use_query_map();
    // After a refused save: what was typed, else what is saved.
    let (fault, typed) = query.with_untracked(|q| {
        let fault = q.get("error").and_then(|e| EditFault::parse(&e));
        let typed = fault.map(|_| {
            (
                q.get("title_km").unwrap_or_default(),
                q.get("title_en").unwrap_or_default(),
                q.get("minutes").unwrap_or_default(),
                q.get("mode").unwrap_or_default(),
                q.get_all("criterion").unwrap_or_default(),
            )
        });
        (fault, typed)
    });
    let a = &page.activity;
    let (km, en, minutes, mode, chosen) = typed.unwrap_or_else(|| {
        (
            a.title.km.clone(),
            a.title.en.clone(),
            a.minutes.to_string(),
            a.mode.as_str().to_owned(),
            page.chosen.clone(),
        )
    });
    let back = format!("/curriculum/programmes/{}", page.programme_id);
    let editable = page.draft;
    view! {
        <p class="muted">
            <a href=format!("{back}#a-{}", a.id) id="back-to-programme">{c.back_to_programme}</a>
            " · "{page.programme_title.get(locale).to_owned()}" · "{page.module_title.get(locale).to_owned()}
        </p>
        {fault.map(|f| view! { <p class="error" role="alert" id="edit-error">{c.edit_fault(f)}</p> })}
        {(!editable).then(|| view! { <p class="status" role="status">{c.fault_published}</p> })}
        <form method="post" action=format!("/curriculum/programme/{}/activity", page.programme_id) class="card stack" id="activity-form">
            <input type="hidden" name="action" value="save" />
            <input type="hidden" name="activity" value=a.id.clone() />
            <fieldset class="plain-fieldset" disabled=!editable>
                <label for="title-km">{c.title_km}</label>
                <input id="title-km" name="title_km" lang="km" maxlength="200" value=km />
                <label for="title-en">{c.title_en}</label>
                <input id="title-en" name="title_en" lang="en" maxlength="200" value=en />
                <label for="minutes">{c.minutes_label}</label>
                <input id="minutes" name="minutes" type="number" min="1" max="6000" inputmode="numeric" value=minutes />
                <label for="mode">{c.mode}</label>
                <ModeSelect id="mode".to_owned() chosen=mode />
                <h2>{c.criteria_covered}</h2>
                {page.elements.into_iter().map(|e| view! {
                    <fieldset class="criteria-choice">
                        <legend>{format!("{}. {}", locale.number(e.number), e.title.get(locale))}</legend>
                        {e.criteria.into_iter().map(|cr| {
                            let checked = chosen.contains(&cr.id);
                            view! {
                                <label class="choice">
                                    <input type="checkbox" name="criterion" value=cr.id.clone() checked=checked />
                                    <span><span class="criterion-number">{locale.digits(&cr.number)}</span>" "{cr.text.get(locale).to_owned()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
                <button type="submit" class="primary" id="save-activity">{c.save}</button>
            </fieldset>
        </form>
        <p class="actions">
            <a class="button" id="write-lesson" href=format!("/curriculum/programmes/{}/activities/{}/lesson", page.programme_id, a.id)>
                {if page.holds_lesson { c.lesson_editor } else { c.write_lesson }}
            </a>
            {page.holds_lesson.then(|| view! {
                <a class="button" id="edit-check" href=format!("/curriculum/programmes/{}/activities/{}/check", page.programme_id, a.id)>{c.check_editor}</a>
            })}
        </p>
    }
}
