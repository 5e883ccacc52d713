//! Who is signed in. Sign-in itself is a plain HTML form handled by the server (it
//! works without JavaScript); this module holds the session lookup, the role guard
//! every server function goes through, and the sign-in page.

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use wire::AppError;

#[cfg(feature = "ssr")]
pub use store::users::CurrentUser;
pub use wire::{UserView, SESSION_COOKIE};

/// The signed-in user, if any.
#[server(endpoint = "me", input = GetUrl)]
pub async fn me() -> Result<Option<UserView>, AppError> {
    Ok(service::current_user().await?.map(|(user, _)| user.view()))
}

/// The `me` resource, loaded once per page and shared through context.
#[derive(Clone, Copy)]
pub struct MeResource(pub Resource<Result<Option<UserView>, AppError>>);

/// `text` percent-encoded for a query string (RFC 3986 unreserved bytes kept).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a path of this site (`domain::role::safe_path`: never
/// an open redirect), never the sign-in page itself, else nowhere.
pub fn next_path(next: &str) -> Option<&str> {
    domain::role::safe_path(next).filter(|n| !n.starts_with("/login") && !n.starts_with("/logout"))
}

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}
