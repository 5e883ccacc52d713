//! Institute admins (`/admin`): their home page, the attendance settings and the
//! institute's people.

pub mod attendance_settings;
pub mod people;

use crate::i18n::tr;
use crate::ui::coming_soon::ComingSoon;
use crate::ui::page::RolePage;
use domain::Role;
use leptos::prelude::*;

#[component]
pub fn AdminHome() -> impl IntoView {
    view! {
        <RolePage title=|t| t.role_admin roles=&[Role::Admin]>
            <p class="actions">
                <a class="button" href="/admin/attendance" id="attendance-settings-link">{tr(|t| t.attendance_settings)}</a>
                <a class="button" href="/admin/people" id="people-link">{tr(|t| t.people)}</a>
            </p>
            <ComingSoon tools=|t| &t.tools_admin />
        </RolePage>
    }
}
