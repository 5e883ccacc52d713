//! Institute admins (`/admin`): their home page, the attendance settings, the blend
//! targets and the institute's people (adding, editing, deactivating, sign-in slips).

pub mod attendance_settings;
pub mod blend_targets;
pub mod class_strings;
pub mod classes;
pub mod import;
pub mod people;
pub mod person;
pub mod rpl;
pub mod strings;
pub mod timetable;
pub mod timetable_strings;

use crate::i18n::{tr, use_i18n};
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
                <a class="button" href="/admin/classes" id="classes-link">{class_strings::strings(use_i18n().get_untracked_locale()).classes}</a>
                <a class="button" href="/admin/reports" id="reports-link">{crate::reports::strings::strings(use_i18n().get_untracked_locale()).institute}</a>
                <a class="button" href="/admin/rpl" id="rpl-link">{crate::i18n::rpl::strings(use_i18n().get_untracked_locale()).applications}</a>
                <a class="button" href="/admin/blend" id="blend-targets-link">{crate::curriculum::strings::strings(use_i18n().get_untracked_locale()).blend_targets}</a>
            </p>
            <ComingSoon tools=|t| &t.tools_admin />
        </RolePage>
    }
}
