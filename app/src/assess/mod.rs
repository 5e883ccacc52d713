//! Assessors (`/assess`): the applications assigned to them now, each a link to judging
//! it (`judging`: observation, questioning, the third-party report, the decision), and
//! the way to the units' RPL assessment packages (which they write with the curriculum
//! team).

pub mod judging;

use crate::i18n::{tr, use_i18n};
use crate::ui::coming_soon::ComingSoon;
use crate::ui::page::RolePage;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::rpl::ApplicationSummary;
use wire::AppError;

#[server(endpoint = "assess/applications", input = GetUrl)]
pub async fn get_assigned() -> Result<Vec<ApplicationSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Assessor]).await?;
    store::rpl_applications::list(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[component]
pub fn AssessorHome() -> impl IntoView {
    let locale = use_i18n().get_untracked_locale();
    let s = crate::i18n::rpl::strings(locale);
    let data = Resource::new(|| (), |_| get_assigned());
    view! {
        <RolePage title=|t| t.role_assessor roles=&[Role::Assessor]>
            <p><a href="/curriculum/packages" class="button" id="open-packages">{tr(|t| t.rpl_packages)}</a></p>
            <h2>{s.assigned_to_me}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted" id="none-assigned">{s.none_assigned}</p> }.into_any(),
                        Ok(list) => view! { <Assigned list locale /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
            <ComingSoon tools=|t| &t.tools_assessor />
        </RolePage>
    }
}

#[component]
fn Assigned(list: Vec<ApplicationSummary>, locale: domain::Locale) -> impl IntoView {
    let s = crate::i18n::rpl::strings(locale);
    view! {
        <ul class="plain stack" id="assigned">
            {list.into_iter().map(|a| {
                let units: Vec<String> = a.units.iter().map(|u| u.code.clone()).collect();
                view! {
                    <li class="card" data-application=a.id.clone() data-stage=a.stage.clone()>
                        <a href=format!("/assess/rpl/{}", a.id)><strong>{a.candidate.get(locale).to_owned()}</strong></a>" · "{s.stage_code(&a.stage)}
                        <br /><span class="small">{a.qualification_code.clone()}" · "{units.join(", ")}</span>
                        {(!a.workplace.is_empty()).then(|| view! { <br /><span class="small">{a.workplace.clone()}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
