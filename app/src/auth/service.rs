//! Sessions and the role guard (server only). `require` is the one door every server
//! function that touches user data goes through: it resolves the session cookie,
//! checks the role, and hands back the user whose institute scopes every query.

use super::{CurrentUser, SESSION_COOKIE};
use crate::domain::Role;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{self, auth_sessions::SessionToken};
use leptos::prelude::*;
use std::time::Instant;

/// The value of cookie `name` in a request's headers.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The user of this request's session cookie, with the app state.
pub async fn current_user() -> Result<Option<(CurrentUser, AppState)>, AppError> {
    let state = use_context::<AppState>().ok_or(AppError::Internal)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let user = store::auth_sessions::user(&state.pool, &token)
        .await
        .map_err(store::internal)?;
    Ok(user.map(|u| (u, state)))
}

/// The signed-in user, if their role is one of `roles`.
pub async fn require(roles: &[Role]) -> Result<(CurrentUser, AppState), AppError> {
    let (user, state) = current_user().await?.ok_or(AppError::Unauthenticated)?;
    check_role(&user, roles)?;
    Ok((user, state))
}

pub fn check_role(user: &CurrentUser, roles: &[Role]) -> Result<(), AppError> {
    if roles.contains(&user.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Checks a username and password; on success opens a session.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<(SessionToken, CurrentUser), AppError> {
    let username = username.trim();
    if username.is_empty() || password.is_empty() {
        return Err(AppError::invalid("credentials", "missing"));
    }
    if username.len() > 100 || password.len() > 1000 {
        return Err(AppError::invalid("credentials", "too long"));
    }
    if let Err(retry_after_secs) = state.limiter.check(username, Instant::now()) {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let found = store::users::for_sign_in(&state.pool, username)
        .await
        .map_err(store::internal)?;
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), hash.map(|h| h.0)),
        None => (None, None),
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || {
        let matches = super::password::verify(
            &password,
            stored.as_deref().unwrap_or(super::password::DECOY),
        );
        matches && stored.is_some()
    })
    .await
    .map_err(|e| AppError::internal("password check", e))?;
    match user {
        Some(user) if ok => {
            state.limiter.record_success(username);
            let token = store::auth_sessions::create(&state.pool, user.id)
                .await
                .map_err(store::internal)?;
            Ok((token, user))
        }
        _ => {
            state.limiter.record_failure(username, Instant::now());
            Err(AppError::Unauthenticated)
        }
    }
}

pub async fn sign_out(state: &AppState, token: &str) -> Result<(), AppError> {
    store::auth_sessions::delete(&state.pool, token)
        .await
        .map_err(store::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "a=1; sala_session=tok; sala_lang=km"
                .parse()
                .expect("header"),
        );
        assert_eq!(cookie(&headers, "sala_session").as_deref(), Some("tok"));
        assert_eq!(cookie(&headers, "sala_lang").as_deref(), Some("km"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
