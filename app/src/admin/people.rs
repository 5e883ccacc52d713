//! `/admin/people`: the institute's people — who can sign in, who has not yet (and until
//! when their slip works), who is deactivated — with the devices they are signed in on
//! and "sign out on every device" (a lost phone). "Add a person" and each name lead to
//! the person's page (`admin::person`). Plain forms; online only (an admin at the
//! institute): with the network off, a page seen before opens from the service worker's
//! copy and a form goes to the offline page, changing nothing.

use super::strings::strings;
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
    store::people::list(&state.pool, &user)
        .await
        .map_err(store::internal)
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let p = strings(i18n.get_untracked_locale());
    let query = use_query_map();
    let people = Resource::new(|| (), |_| institute_people());
    let ended = move || query.with(|q| q.get("ended").and_then(|n| n.parse::<u32>().ok()));
    view! {
        <RolePage title=|t| t.people roles=&[Role::Admin]>
            {move || ended().map(|n| view! {
                <p class="status" role="status" id="sessions-ended">{fill(i18n.t().n_devices_signed_out, i18n.get().number(n))}</p>
            })}
            <p class="actions">
                <a class="button primary" href="/admin/people/new" id="add-person">{p.add_person}</a>
                <a class="button" href="/admin/people/import" id="import-people-link">{p.import_link}</a>
            </p>
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

/// A person's status in words: deactivated, can sign in, or not yet (with their slip).
pub fn status_text(person: &PersonSummary, locale: domain::Locale) -> String {
    let p = strings(locale);
    if person.deactivated_at.is_some() {
        p.status_deactivated.to_owned()
    } else if let Some(until) = &person.slip_expires_at {
        let date = locale.date_time(until).unwrap_or_else(|| until.clone());
        let slip = p.slip_until.replacen("{}", &date, 1);
        if person.has_password {
            format!("{} · {slip}", p.status_active)
        } else {
            format!("{} · {slip}", p.status_waiting)
        }
    } else if person.has_password {
        p.status_active.to_owned()
    } else {
        p.status_waiting.to_owned()
    }
}

#[component]
fn PeopleTable(list: Vec<PersonSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get();
    let t = i18n.t();
    let p = strings(locale);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t.people>
            <table class="attendance people" id="people">
                <thead>
                    <tr>
                        <th scope="col">{t.person}</th>
                        <th scope="col">{t.username}</th>
                        <th scope="col">{t.role_label}</th>
                        <th scope="col">{p.status}</th>
                        <th scope="col">{t.signed_in_devices}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|person| {
                        let id: UserId = person.id;
                        let status = status_text(&person, locale);
                        let name = person.name.get(locale).to_owned();
                        let name = if name.is_empty() { person.username.clone() } else { name };
                        view! {
                            <tr data-user=id.to_string() data-active=person.deactivated_at.is_none().to_string()>
                                <th scope="row"><a href=format!("/admin/people/{id}")>{name}</a></th>
                                <td>{person.username}</td>
                                <td>{t.role(person.role)}</td>
                                <td class="person-status">{status}</td>
                                <td>
                                    {locale.number(person.sessions)}
                                    {(person.sessions > 0).then(|| view! {
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
