//! Curriculum developers (`/curriculum`): their home page. Authoring blended
//! programmes comes here.

use crate::ui::coming_soon::ComingSoon;
use crate::ui::page::RolePage;
use domain::Role;
use leptos::prelude::*;

#[component]
pub fn CurriculumHome() -> impl IntoView {
    view! {
        <RolePage title=|t| t.role_curriculum roles=&[Role::Curriculum]>
            <ComingSoon tools=|t| &t.tools_curriculum />
        </RolePage>
    }
}
