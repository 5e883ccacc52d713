//! Assessors (`/assess`): their home page. RPL assessments come here.

use crate::ui::coming_soon::ComingSoon;
use crate::ui::page::RolePage;
use domain::Role;
use leptos::prelude::*;

#[component]
pub fn AssessorHome() -> impl IntoView {
    view! {
        <RolePage title=|t| t.role_assessor roles=&[Role::Assessor]>
            <ComingSoon tools=|t| &t.tools_assessor />
        </RolePage>
    }
}
