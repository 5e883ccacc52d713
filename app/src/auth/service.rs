//! Sessions and the role guard (server only). `require` is the one door every server
//! function that touches user data goes through: it resolves the session cookie,
//! checks the role, and hands back the user whose institute scopes every query.

use super::{CurrentUser, SESSION_COOKIE};
use crate::auth::password::Busy;
use crate::state::AppState;
use domain::sign_in::limits;
use domain::Role;
use leptos::prelude::*;
use store::{self, auth_sessions::SessionToken};
use wire::AppError;

pub use crate::request::cookie;

/// Who a request is, looked up once: a page asks several times (the header, the role
/// guard, each server function it calls while rendering). Provided fresh for every
/// request (`server/src/routes.rs`).
#[derive(Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The user of this request's session cookie, with the app state.
pub async fn current_user() -> Result<Option<(CurrentUser, AppState)>, AppError> {
    let state = use_context::<AppState>().ok_or(AppError::Internal)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let look_up = || session_user(&state, &parts.headers);
    let user = match use_context::<RequestUser>() {
        Some(cache) => cache.0.get_or_try_init(look_up).await?.clone(),
        None => look_up().await?,
    };
    Ok(user.map(|u| (u, state)))
}

/// The user of the live session a request's cookie names — the one lookup behind server
/// functions, pages and the server's plain handlers alike.
pub async fn session_user(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    store::auth_sessions::user(&state.pool, &token)
        .await
        .map_err(store::internal)
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

/// One sign-in attempt, as the sign-in form brings it.
pub struct SignIn<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// The address the request came from (a whole class may share one).
    pub address: Option<String>,
    /// The `sala_device` cookie, if this browser has one.
    pub device_token: Option<&'a str>,
    /// A short description of the browser (`store::auth_sessions::describe_device`).
    pub device: String,
}

/// What a successful sign-in gives the browser: the session, and the device token to
/// keep (new, or the one it had).
pub struct SignedIn {
    pub session: SessionToken,
    pub user: CurrentUser,
    pub device_token: String,
}

/// Checks a username and password; on success opens a session. Attempts are reserved
/// on their counters before the password is checked (`domain::sign_in`), so parallel
/// guesses cannot get past the limit, and the check runs on the hashing threads, whose
/// queue is bounded: a flood is told to wait, and costs neither memory nor the database.
pub async fn sign_in(state: &AppState, attempt: SignIn<'_>) -> Result<SignedIn, AppError> {
    let username = attempt.username.trim();
    let password = attempt.password;
    if username.is_empty() || password.is_empty() {
        return Err(AppError::invalid("credentials", "missing"));
    }
    if username.len() > 100 || password.len() > 1000 {
        return Err(AppError::invalid("credentials", "too long"));
    }
    let found = store::users::for_sign_in(&state.pool, username)
        .await
        .map_err(store::internal)?;
    let (user, stored, deactivated) = match found {
        Some(found) => (
            Some(found.user),
            found.password_hash.map(|h| h.0),
            found.deactivated,
        ),
        None => (None, None, false),
    };
    let trusted = match (attempt.device_token, &user) {
        (Some(token), Some(user)) => store::sign_in::is_trusted(&state.pool, token, user.id)
            .await
            .map_err(store::internal)?
            .then(|| store::auth_sessions::token_hash(token)),
        _ => None,
    };
    let limits = limits(username, attempt.address.as_deref(), trusted.as_deref());
    let now = chrono::Utc::now().timestamp();
    if let Err(retry_after_secs) = store::sign_in::reserve(&state.pool, &limits, now)
        .await
        .map_err(store::internal)?
    {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let ok = state
        .hasher
        .verify(password, stored.as_deref())
        .await
        .map_err(|Busy| AppError::Busy)?;
    let Some(user) = user.filter(|_| ok) else {
        return Err(AppError::Unauthenticated);
    };
    if deactivated {
        // The right password of a person their admin has deactivated: said plainly (the
        // attempt stays counted).
        return Err(AppError::invalid("account", "deactivated"));
    }
    let device_token = match attempt
        .device_token
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Some(token) => token.to_owned(),
        None => {
            store::auth_sessions::random_token().map_err(|e| store::internal(sqlx::Error::Io(e)))?
        }
    };
    let session = store::sign_in::succeeded(
        &state.pool,
        &limits,
        &device_token,
        user.id,
        &attempt.device,
    )
    .await
    .map_err(store::internal)?;
    Ok(SignedIn {
        session,
        user,
        device_token,
    })
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
