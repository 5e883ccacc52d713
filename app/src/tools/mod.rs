//! Assessors, curriculum developers and admins: a home page listing the tools that
//! their role will get (placeholders until those features land), and the admin's
//! attendance settings.

pub mod attendance_settings;
pub mod people;

use crate::domain::Role;
use crate::i18n::{tr, use_i18n};
use crate::shell::page::RolePage;
use leptos::prelude::*;

#[component]
pub fn ToolsHome(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let roles: &'static [Role] = match role {
        Role::Assessor => &[Role::Assessor],
        Role::Curriculum => &[Role::Curriculum],
        _ => &[Role::Admin],
    };
    let tools = move || {
        let t = i18n.t();
        match role {
            Role::Assessor => t.tools_assessor,
            Role::Curriculum => t.tools_curriculum,
            _ => t.tools_admin,
        }
    };
    view! {
        <RolePage title=move |t| t.role(role) roles>
            <h2>{tr(|t| t.your_tools)}</h2>
            {(role == Role::Admin).then(|| view! {
                <p class="actions">
                    <a class="button" href="/admin/attendance" id="attendance-settings-link">{tr(|t| t.attendance_settings)}</a>
                    <a class="button" href="/admin/people" id="people-link">{tr(|t| t.people)}</a>
                </p>
            })}
            <ul class="tools" id="tools">
                {move || tools().into_iter().map(|name| view! {
                    <li class="card tool">
                        <span>{name}</span>
                        <span class="badge">{tr(|t| t.coming_soon)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </RolePage>
    }
}
