//! Who is signed in. Sign-in itself is a plain HTML form handled by the server (it
//! works without JavaScript); this module holds the session lookup, the role guard
//! every server function goes through, and the sign-in page.

pub mod guard;
pub mod login;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::{Localized, Role};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// The session cookie's name. HttpOnly: scripts never see the token.
pub const SESSION_COOKIE: &str = "sala_session";

/// What the browser may know about the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: crate::domain::UserId,
    pub username: String,
    pub display_name: Localized,
    pub role: Role,
}

/// The signed-in user as the server knows them (never sent as is).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: crate::domain::UserId,
    pub institute: crate::domain::InstituteId,
    pub role: Role,
    pub username: String,
    pub display_name: Localized,
}

#[cfg(feature = "ssr")]
impl CurrentUser {
    pub fn view(&self) -> UserView {
        UserView {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
        }
    }
}

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
    crate::domain::role::safe_path(next)
        .filter(|n| !n.starts_with("/login") && !n.starts_with("/logout"))
}

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}
