//! `/account`, for every role: the devices a person is signed in on, and "sign out
//! there" for one of them or for every other (a lost or shared phone). Plain forms posted
//! to `/account/sessions` (`server/src/forms.rs`); they need the network — with none, the
//! service worker shows the offline page and nothing changes. And the sign-in page.

pub mod login;
pub mod slip;

use crate::i18n::{fill, tr, use_i18n};
use crate::ui::page::RolePage;
use crate::ui::status::{ErrorNote, Loading};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_router::hooks::use_query_map;
use wire::AppError;
use wire::Device;

/// The signed-in person's devices, most recently used first.
#[server(endpoint = "account/devices", input = GetUrl)]
pub async fn my_devices() -> Result<Vec<Device>, AppError> {
    let (user, state) = crate::auth::service::require(&Role::ALL).await?;
    let token = use_context::<http::request::Parts>()
        .and_then(|p| crate::request::cookie(&p.headers, wire::SESSION_COOKIE))
        .unwrap_or_default();
    let sessions = store::auth_sessions::list(&state.pool, user.id, &token)
        .await
        .map_err(store::internal)?;
    Ok(sessions
        .into_iter()
        .map(|s| Device {
            id: s.id,
            description: s.device,
            signed_in_at: s.created_at,
            last_used_at: s.last_seen_at,
            this_one: s.this_one,
        })
        .collect())
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let devices = Resource::new(|| (), |_| my_devices());
    let ended = move || query.with(|q| q.get("ended").and_then(|n| n.parse::<u32>().ok()));
    view! {
        <RolePage title=|t| t.account roles=&Role::ALL>
            {move || ended().map(|n| view! {
                <p class="status" role="status" id="sessions-ended">{fill(i18n.t().n_devices_signed_out, i18n.get().number(n))}</p>
            })}
            <h2>{tr(|t| t.signed_in_devices)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match devices.await {
                        Ok(list) => view! { <DeviceList list /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </RolePage>
    }
}

#[component]
fn DeviceList(list: Vec<Device>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get();
    let t = i18n.t();
    let others = list.iter().filter(|d| !d.this_one).count();
    view! {
        <ul class="plain devices" id="devices">
            {list.into_iter().map(|d| {
                let name = if d.description.is_empty() { t.a_browser.to_owned() } else { d.description.clone() };
                view! {
                    <li class="device" data-this=d.this_one.to_string()>
                        <p>
                            <strong>{name}</strong>
                            {d.this_one.then(|| view! { " " <span class="badge">{t.this_device}</span> })}
                        </p>
                        <p class="small">
                            {fill(t.last_used, locale.date_time(&d.last_used_at).unwrap_or_default())}
                            " · "
                            {fill(t.signed_in_on, locale.date_time(&d.signed_in_at).unwrap_or_default())}
                        </p>
                        {(!d.this_one).then(|| view! {
                            <form method="post" action="/account/sessions">
                                <input type="hidden" name="session" value=d.id.clone() />
                                <button type="submit" class="sign-out-there">{t.sign_out_there}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(others > 0).then(|| view! {
            <form method="post" action="/account/sessions" class="actions">
                <input type="hidden" name="session" value="others" />
                <button type="submit" id="sign-out-others">{t.sign_out_everywhere_else}</button>
            </form>
        })}
        <p class="small muted">{t.devices_help}</p>
    }
}
