//! `/curriculum/programmes/:id/diff?with=…`: two versions of a programme compared —
//! the activities added, removed and changed (title, minutes, mode, criteria, lesson or
//! check), older version first. Server-rendered, no island.

use super::strings::strings;
use crate::i18n::{use_i18n, LocaleStrings};
use crate::ui::guard::RequireRole;
use crate::ui::page::page_title;
use crate::ui::status::{ErrorNote, Loading};
use domain::blend::Changed;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use wire::curriculum::{ActivitySnapshot, DiffKind, VersionDiff};
use wire::AppError;

/// Two versions of one of the signed-in developer's institute's programmes, compared.
#[server(endpoint = "curriculum/version-diff", input = GetUrl)]
pub async fn get_version_diff(id: String, with: String) -> Result<VersionDiff, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Curriculum]).await?;
    store::blend::diff(&state.pool, &user, &id, &with)
        .await
        .map_err(store::internal)?
        .ok_or(AppError::NotFound)
}

#[component]
pub fn VersionDiffPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = strings(i18n.get_untracked_locale());
    let params = use_params_map();
    let query = use_query_map();
    let diff = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("with").unwrap_or_default()),
            )
        },
        |(id, with)| get_version_diff(id, with),
    );
    view! {
        <Title text=page_title(i18n, c.diff_title) />
        <h1>{c.diff_title}</h1>
        <RequireRole roles=&[Role::Curriculum]>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match diff.await {
                        Ok(diff) => view! { <Diff diff /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireRole>
    }
}

#[component]
fn Diff(diff: VersionDiff) -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let (c, t) = (strings(locale), locale.strings());
    let version = |v: i64| c.version.replacen("{}", &locale.number(v), 1);
    let snapshot = move |s: &ActivitySnapshot| {
        format!(
            "{} · {} · {}",
            t.mode(s.mode),
            c.duration(locale, s.minutes),
            c.criteria_n.replacen("{}", &locale.number(s.criteria), 1)
        )
    };
    let changed = move |x: Changed| match x {
        Changed::Title => c.changed_title,
        Changed::Minutes => c.changed_minutes,
        Changed::Mode => c.changed_mode,
        Changed::Criteria => c.changed_criteria,
        Changed::Text => c.changed_text,
    };
    view! {
        <p class="muted" id="diff-versions">
            {diff.new.title.get(locale).to_owned()}": "
            <a href=format!("/curriculum/programmes/{}", diff.old.id)>{version(diff.old.version)}</a>
            " → "
            <a href=format!("/curriculum/programmes/{}", diff.new.id)>{version(diff.new.version)}</a>
        </p>
        {if diff.rows.is_empty() {
            view! { <p class="status" id="diff-none">{c.diff_none}</p> }.into_any()
        } else {
            view! {
                <ul class="plain diff" id="diff">
                    {diff.rows.into_iter().map(|row| {
                        let label = match row.kind {
                            DiffKind::Added => c.diff_added,
                            DiffKind::Removed => c.diff_removed,
                            DiffKind::Changed => c.diff_changed,
                        };
                        let detail = match (&row.before, &row.after) {
                            (Some(b), Some(a)) => c.from_to.replacen("{}", &snapshot(b), 1).replacen("{}", &snapshot(a), 1),
                            (Some(s), None) | (None, Some(s)) => snapshot(s),
                            (None, None) => String::new(),
                        };
                        let what = row.changes.iter().map(|x| changed(*x)).collect::<Vec<_>>().join(", ");
                        view! {
                            <li class="card diff-row" data-kind=format!("{:?}", row.kind).to_lowercase()>
                                <p><strong class="diff-kind">{label}</strong>" · "<span class="muted">{row.module.get(locale).to_owned()}</span></p>
                                <p class="activity-title">{row.title.get(locale).to_owned()}</p>
                                {(!what.is_empty()).then(|| view! { <p class="diff-what">{c.diff_changed}": "{what}</p> })}
                                <p class="muted small">{detail}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
