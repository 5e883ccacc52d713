//! The top bar: app name, language switch, and who is signed in with a sign-out button.

use super::device_bar::DeviceBar;
use super::language::LanguageSwitch;
use crate::auth::use_me;
use crate::i18n::{tr, use_i18n};
use domain::Role;
use leptos::prelude::*;

/// The header the service worker reads to tell whose page this is (`-` signed out): a
/// page of another person than the last one makes it forget the saved pages.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub const USER_HEADER: &str = "x-sala-user";

fn say_whose_page(user: Option<domain::UserId>) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&user.map_or_else(|| "-".to_owned(), |u| u.to_string())),
    ) {
        response.insert_header(http::HeaderName::from_static(USER_HEADER), value);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = user;
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    view! {
        <header class="topbar">
            <a href="/" class="brand" rel="external">
                <img src="/icons/icon-192.png" alt="" width="28" height="28" />
                <span>{tr(|t| t.app_name)}</span>
            </a>
            <LanguageSwitch />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.0.await;
                    if let Ok(user) = &me {
                        say_whose_page(user.as_ref().map(|u| u.id));
                    }
                    me.ok().flatten().map(|user| {
                        let name = user.display_name.clone();
                        let role = user.role;
                        let id = user.id;
                        view! {
                            <div class="who">
                                <a class="who-id" href="/account" title=move || i18n.t().account>
                                    <span class="who-name">{move || name.get(i18n.get()).to_owned()}</span>
                                    " · "
                                    <span class="who-role">{move || i18n.t().role(role)}</span>
                                </a>
                                <DeviceBar user=id syncs=matches!(role, Role::Learner | Role::Trainer) locale=i18n.get_untracked_locale() />
                            </div>
                        }
                    })
                })}
            </Transition>
        </header>
    }
}
