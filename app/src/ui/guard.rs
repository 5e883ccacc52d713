//! `RequireRole`: renders its children for a signed-in user of the right role, sends
//! a signed-out visitor to the sign-in page (and back here after), and tells anyone
//! else they may not enter.
//! It only decides what to show; the server functions behind the page check again.

use super::status::{set_status, ErrorNote, Loading};
use crate::auth::{percent_encode, use_me};
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use wire::{AppError, UserView};

#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let me = use_me();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match me.0.await {
                    Ok(Some(UserView { role, .. })) if roles.contains(&role) => {
                        children.with_value(|c| c()).into_any()
                    }
                    Ok(Some(_)) => {
                        set_status(403);
                        view! { <ErrorNote error=AppError::Forbidden /> }.into_any()
                    }
                    Ok(None) => {
                        // Back here after signing in (a scanned check-in link keeps its code).
                        let location = use_location();
                        let path = location.pathname.get_untracked();
                        let search = location.search.get_untracked();
                        let back = match search.trim_start_matches('?') {
                            "" => path,
                            query => format!("{path}?{query}"),
                        };
                        let to = format!("/login?next={}", percent_encode(&back));
                        view! { <Redirect path=to /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNote error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
