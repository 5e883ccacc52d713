//! Plain HTML form endpoints that work without JavaScript: sign in, sign out, and
//! choose the language. Each answers with a `303 See Other` redirect.

use app::auth::percent_encode;
use app::auth::service::{self, cookie};
use app::auth::SESSION_COOKIE;
use app::error::AppError;
use app::i18n::{Locale, LANG_COOKIE};
use app::state::AppState;
use app::store::auth_sessions::SESSION_DAYS;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

#[derive(Clone)]
pub struct FormsState {
    pub app: AppState,
    pub secure_cookies: bool,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The page that sent the visitor to sign in (a scanned check-in link, say).
    #[serde(default)]
    next: String,
}

pub async fn login(State(state): State<FormsState>, Form(form): Form<LoginForm>) -> Response {
    let next = app::auth::next_path(&form.next);
    let again = |error: &str, extra: &str| {
        let user = encode(form.username.trim());
        let next = next.map_or_else(String::new, |n| format!("&next={}", percent_encode(n)));
        see_other(
            &format!("/login?error={error}{extra}&user={user}{next}"),
            None,
        )
    };
    match service::sign_in(&state.app, &form.username, &form.password).await {
        Ok((token, user)) => {
            let cookie = session_cookie(&token.0, SESSION_DAYS * 86_400, state.secure_cookies);
            let back = next.filter(|n| user.role.owns(n));
            see_other(back.unwrap_or(user.role.home_path()), Some(cookie))
        }
        Err(AppError::Invalid { .. }) => again("missing", ""),
        Err(AppError::RateLimited { retry_after_secs }) => {
            again("rate_limited", &format!("&wait={retry_after_secs}"))
        }
        Err(AppError::Unauthenticated) => again("credentials", ""),
        Err(_) => again("internal", ""),
    }
}

pub async fn logout(State(state): State<FormsState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        if let Err(e) = service::sign_out(&state.app, &token).await {
            tracing::warn!(error = %e, "sign-out could not delete the session");
        }
    }
    see_other("/login", Some(session_cookie("", 0, state.secure_cookies)))
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn language(State(state): State<FormsState>, Form(form): Form<LanguageForm>) -> Response {
    let Some(locale) = Locale::parse(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language / ភាសាមិនស្គាល់").into_response();
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale.code()
    );
    see_other(local_path(&form.back), Some(cookie))
}

/// `POST /admin/attendance`: an institute admin saves the statuses and the at-risk
/// threshold. Checked whole first: bad input changes nothing and comes back with a
/// translated reason.
pub async fn attendance_settings(
    State(state): State<FormsState>,
    headers: HeaderMap,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    use app::domain::attendance::{check_settings, StatusDef};
    use app::domain::{Localized, Role};
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return see_other("/login", None);
    };
    let user = match app::store::auth_sessions::user(&state.app.pool, &token).await {
        Ok(Some(user)) => user,
        Ok(None) => return see_other("/login", None),
        Err(e) => {
            tracing::error!(error = %e, "settings: session lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if service::check_role(&user, &[Role::Admin]).is_err() {
        return (StatusCode::FORBIDDEN, "forbidden / មិនអនុញ្ញាត").into_response();
    }
    let field = |name: String| {
        form.get(&name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut statuses = Vec::new();
    for i in 0..13 {
        let (code, km, en) = (
            field(format!("code_{i}")),
            field(format!("km_{i}")),
            field(format!("en_{i}")),
        );
        if code.is_empty() && km.is_empty() && en.is_empty() {
            continue;
        }
        let Ok(points) = field(format!("points_{i}")).parse::<u16>() else {
            return see_other("/admin/attendance?error=bad_points", None);
        };
        statuses.push(StatusDef {
            code,
            label: Localized::new(km, en),
            points: u8::try_from(points).unwrap_or(u8::MAX),
            counts: form.contains_key(&format!("counts_{i}")),
            late: form.contains_key(&format!("late_{i}")),
        });
    }
    let Ok(threshold) = field("threshold".into()).parse::<i64>() else {
        return see_other("/admin/attendance?error=bad_threshold", None);
    };
    if let Err(e) = check_settings(&statuses, threshold) {
        return see_other(&format!("/admin/attendance?error={}", e.code()), None);
    }
    let threshold = u8::try_from(threshold).unwrap_or(80);
    match app::store::attendance::save_settings(
        &state.app.pool,
        user.institute,
        &statuses,
        threshold,
    )
    .await
    {
        Ok(()) => see_other("/admin/attendance?saved=1", None),
        Err(e) => {
            tracing::error!(error = %e, "settings: save failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error / កំហុសខាងក្នុង",
            )
                .into_response()
        }
    }
}

/// Only same-site paths: never an open redirect.
fn local_path(back: &str) -> &str {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        back
    } else {
        "/"
    }
}

fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

fn see_other(location: &str, cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        headers.insert(header::SET_COOKIE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Percent-encodes a query-string component.
/// A typed user name for the query string (at most 100 characters of it).
fn encode(text: &str) -> String {
    percent_encode(&text.chars().take(100).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_paths_stay_on_this_site() {
        assert_eq!(local_path("/teach?x=1"), "/teach?x=1");
        assert_eq!(local_path("//evil.example/"), "/");
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
    }

    #[test]
    fn encodes_query_components() {
        assert_eq!(encode("a b&c=<d>"), "a%20b%26c%3D%3Cd%3E");
        assert_eq!(encode("ស"), "%E1%9E%9F");
    }
}
