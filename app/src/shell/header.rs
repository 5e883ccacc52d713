//! The top bar: app name, language switch, and who is signed in with a sign-out button.

use super::device_bar::DeviceBar;
use super::language::LanguageSwitch;
use crate::auth::use_me;
use crate::domain::Role;
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;

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
                    me.0.await.ok().flatten().map(|user| {
                        let name = user.display_name.clone();
                        let role = user.role;
                        let id = user.id;
                        view! {
                            <div class="who">
                                <span class="who-name" title=move || i18n.t().signed_in_as>
                                    {move || name.get(i18n.get()).to_owned()}
                                </span>
                                <span class="who-role">{move || i18n.t().role(role)}</span>
                                <DeviceBar user=id syncs=matches!(role, Role::Learner | Role::Trainer) locale=i18n.get_untracked_locale() />
                            </div>
                        }
                    })
                })}
            </Transition>
        </header>
    }
}
