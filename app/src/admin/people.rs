//! `/admin/people`: the institute's people with the devices they are signed in on, and
//! "end all sessions" for one of them (a lost phone, a person who has left): a plain form
//! posted to `/admin/people/sessions`. Online only (an admin on a laptop).

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::RolePage;
use crate::ui::status::{ErrorNote, Loading};
use domain::{Role, UserId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_router::hooks::use_query_map;
use wire::AppError;
use wire::PersonSummary;

/// The signed-in admin's institute's people.
#[server(endpoint = "admin/people", input = GetUrl)]
pub async fn institute_people() -> Result<Vec<PersonSummary>, AppError> {
    let (user, state) = crate::auth::service::require(&[Role::Admin]).await?;
    store::users::people(&state.pool, user.institute)
        .await
        .map_err(store::internal)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let people = Resource::new(|| (), |_| institute_people());
    let ended = move || query.with(|q| q.get("ended").and_then(|n| n.parse::<u32>().ok()));
    view! {
        <RolePage title=|t| t.people roles=&[Role::Admin]>
            {move || ended().map(|n| view! {
                <p class="status" role="status" id="sessions-ended">{fill(i18n.t().n_devices_signed_out, i18n.get().number(n))}</p>
            })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(list) => view! { <PeopleTable list /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RolePage>
    }
}

#[component]
fn PeopleTable(list: Vec<PersonSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get();
    let t = i18n.t();
    view! {
        <div class="table-scroll">
            <table class="attendance people" id="people">
                <thead>
                    <tr>
                        <th scope="col">{t.person}</th>
                        <th scope="col">{t.username}</th>
                        <th scope="col">{t.role_label}</th>
                        <th scope="col">{t.signed_in_devices}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|p| {
                        let id: UserId = p.id;
                        view! {
                            <tr data-user=id.to_string()>
                                <th scope="row">{p.name.get(locale).to_owned()}</th>
                                <td>{p.username}</td>
                                <td>{t.role(p.role)}</td>
                                <td>
                                    {locale.number(p.sessions)}
                                    {(p.sessions > 0).then(|| view! {
                                        " "
                                        <form method="post" action="/admin/people/sessions" class="inline">
                                            <input type="hidden" name="user" value=id.to_string() />
                                            <button type="submit" class="end-sessions">{tr(|t| t.end_all_sessions)}</button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
