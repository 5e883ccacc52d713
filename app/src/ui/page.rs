//! The page frame: `<title>` and `<h1>`, the role guard around the content, and loading
//! a page's data by the id in its address.

use super::guard::RequireRole;
use super::status::{set_status, ErrorNote, Loading};
use crate::i18n::{use_i18n, I18n, Strings};
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use wire::AppError;

/// "<page> · Sala" for `<title>`, as a plain string: the language is fixed for the
/// request (switching reloads), and a title that read a signal could be asked for after
/// the page's reactive owner is gone (seen as a rare "disposed" panic in SSR).
pub fn page_title(i18n: I18n, name: &str) -> String {
    format!("{name} · {}", i18n.t().app_name)
}

/// A page of one or more roles: `<title>`, `<h1>`, and its content behind `RequireRole`.
#[component]
pub fn RolePage(
    title: impl Fn(&'static Strings) -> &'static str + Copy + Send + Sync + 'static,
    roles: &'static [Role],
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=page_title(i18n, title(i18n.t())) />
        <h1>{move || title(i18n.t())}</h1>
        <RequireRole roles children />
    }
}

/// Loads what a page shows for the id in route parameter `param` with `fetch` (a server
/// function), and renders it with `show`; a malformed id or a failure becomes a
/// translated error with the matching HTTP status.
#[component]
pub fn LoadById<I, T, Fut, V>(
    param: &'static str,
    fetch: fn(I) -> Fut,
    show: fn(T) -> V,
) -> impl IntoView
where
    I: std::str::FromStr + Clone + PartialEq + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get(param).and_then(|v| v.parse::<I>().ok())),
        move |id| async move {
            match id {
                Some(id) => fetch(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(value) => show(value).into_any(),
                    Err(error) => {
                        set_status(error.status());
                        view! { <ErrorNote error /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
