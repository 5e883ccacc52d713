//! Curriculum developers (`/curriculum`): their home, and the competency standards their
//! programmes are built on (`standards`: import, view, export), the programmes and their
//! blend editor (`programmes`, `activity`), and the blend report (`report`).

pub mod activity;
pub mod check;
pub mod diff;
pub mod lesson;
pub mod live;
pub mod package_strings;
pub mod packages;
pub mod programmes;
pub mod report;
pub mod standards;
pub mod strings;

use crate::i18n::{tr, use_i18n};
use crate::ui::page::RolePage;
use domain::Role;
use leptos::prelude::*;

#[component]
pub fn CurriculumHome() -> impl IntoView {
    let c = strings::strings(use_i18n().get_untracked_locale());
    view! {
        <RolePage title=|t| t.role_curriculum roles=&[Role::Curriculum]>
            <p><a href="/curriculum/standards" class="button" id="open-standards">{c.standards}</a></p>
            <p><a href="/curriculum/packages" class="button" id="open-packages">{tr(|t| t.rpl_packages)}</a></p>
            <programmes::ProgrammeList />
        </RolePage>
    }
}
