//! `/`: the start page (also the installed app's `start_url`). Signed out, it sends
//! you to sign in; signed in, it shows your role's home right here, so the installed
//! app opens from its own cached page when offline.

use crate::admin::AdminHome;
use crate::assess::AssessorHome;
use crate::auth::{use_me, UserView};
use crate::curriculum::CurriculumHome;
use crate::learn::LearnerHome;
use crate::national::NationalHome;
use crate::teach::TrainerHome;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn Home() -> impl IntoView {
    let me = use_me();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.0.await {
                    Ok(Some(UserView { role, .. })) => match role {
                        Role::Learner => view! { <LearnerHome /> }.into_any(),
                        Role::Trainer => view! { <TrainerHome /> }.into_any(),
                        Role::Assessor => view! { <AssessorHome /> }.into_any(),
                        Role::Curriculum => view! { <CurriculumHome /> }.into_any(),
                        Role::Admin => view! { <AdminHome /> }.into_any(),
                        Role::National => view! { <NationalHome /> }.into_any(),
                    },
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
