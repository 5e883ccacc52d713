//! Plain HTML form endpoints that work without JavaScript: sign in, sign out, and
//! choose the language. Each answers with a `303 See Other` redirect.

use crate::auth::{form_refusal, form_user, ApiError, SignedIn};
use app::auth::percent_encode;
use app::auth::service::{self, cookie, SignIn};
use app::auth::SESSION_COOKIE;
use app::i18n::{Locale, LANG_COOKIE};
use app::state::AppState;
use axum::extract::FromRequest;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use store::auth_sessions::{describe_device, SESSION_DAYS};
use wire::AppError;

#[derive(Clone)]
pub struct FormsState {
    pub app: AppState,
    pub secure_cookies: bool,
    /// Behind a reverse proxy: the client's address is the last of `X-Forwarded-For`.
    pub behind_proxy: bool,
}

impl axum::extract::FromRef<FormsState> for AppState {
    fn from_ref(forms: &FormsState) -> AppState {
        forms.app.clone()
    }
}

#[derive(Deserialize)]
pub struct EndSessionForm {
    /// One session's id (`auth_sessions::SessionInfo::id`), or `others` for every other.
    #[serde(default)]
    session: String,
}

/// `POST /account/sessions`: a person signs out one of their devices, or every other.
pub async fn end_session(
    State(state): State<FormsState>,
    signed_in: Result<SignedIn, ApiError>,
    headers: HeaderMap,
    Form(form): Form<EndSessionForm>,
) -> Response {
    let user = match signed_in {
        Ok(SignedIn(user)) => user,
        Err(e) => return form_refusal(&e.0, "/account"),
    };
    let pool = &state.app.pool;
    let ended = if form.session == "others" {
        let current = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
        match store::auth_sessions::list(pool, user.id, &current).await {
            Ok(list) => {
                let mut n = 0;
                for s in list.into_iter().filter(|s| !s.this_one) {
                    if store::auth_sessions::end(pool, user.id, &s.id)
                        .await
                        .unwrap_or(false)
                    {
                        n += 1;
                    }
                }
                Ok(n)
            }
            Err(e) => Err(e),
        }
    } else {
        store::auth_sessions::end(pool, user.id, &form.session)
            .await
            .map(u64::from)
    };
    match ended {
        Ok(n) => see_other(&format!("/account?ended={n}"), &[]),
        Err(e) => form_refusal(&store::internal(e), "/account"),
    }
}

#[derive(Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    user: String,
}

/// `POST /admin/people/sessions`: an institute admin ends every session of one of the
/// institute's people (a lost phone, a person who has left). Only their own institute's.
pub async fn end_person_sessions(
    State(state): State<FormsState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<PersonForm>,
) -> Response {
    use domain::Role;
    let admin = match form_user(signed_in, &[Role::Admin], "/admin/people") {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
    let Ok(person) = form.user.parse() else {
        return form_refusal(&AppError::NotFound, "/admin/people");
    };
    let pool = &state.app.pool;
    match store::users::in_institute(pool, admin.institute, person).await {
        Ok(true) => {}
        Ok(false) => return form_refusal(&AppError::NotFound, "/admin/people"),
        Err(e) => return form_refusal(&store::internal(e), "/admin/people"),
    }
    match store::auth_sessions::end_all(pool, person).await {
        Ok(n) => see_other(&format!("/admin/people?ended={n}&user={person}"), &[]),
        Err(e) => form_refusal(&store::internal(e), "/admin/people"),
    }
}

/// The cookie of a device that has signed in before (`domain::sign_in`): HttpOnly, sent
/// only to `/login`.
pub const DEVICE_COOKIE: &str = "sala_device";

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

/// The address a request came from: the connection's, or behind a proxy the last hop of
/// `X-Forwarded-For` (the one the proxy saw).
pub fn client_address(
    headers: &HeaderMap,
    extensions: &http::Extensions,
    behind_proxy: bool,
) -> Option<String> {
    if behind_proxy {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

pub async fn login(State(state): State<FormsState>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(Form(form)) = Form::<LoginForm>::from_request(
        axum::extract::Request::from_parts(parts.clone(), body),
        &(),
    )
    .await
    else {
        return (
            StatusCode::BAD_REQUEST,
            "not a sign-in form / មិនមែនជាទម្រង់ចូល",
        )
            .into_response();
    };
    let next = app::auth::next_path(&form.next);
    let again = |error: &str, extra: &str| {
        let user = encode(form.username.trim());
        let next = next.map_or_else(String::new, |n| format!("&next={}", percent_encode(n)));
        see_other(
            &format!("/login?error={error}{extra}&user={user}{next}"),
            &[],
        )
    };
    let device_token = cookie(&parts.headers, DEVICE_COOKIE);
    let agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let attempt = SignIn {
        username: &form.username,
        password: &form.password,
        address: client_address(&parts.headers, &parts.extensions, state.behind_proxy),
        device_token: device_token.as_deref(),
        device: describe_device(agent),
    };
    match service::sign_in(&state.app, attempt).await {
        Ok(signed_in) => {
            let session = session_cookie(
                &signed_in.session.0,
                SESSION_DAYS * 86_400,
                state.secure_cookies,
            );
            let secure = if state.secure_cookies { "; Secure" } else { "" };
            let device = format!(
                "{DEVICE_COOKIE}={}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}",
                signed_in.device_token
            );
            let back = next.filter(|n| signed_in.user.role.owns(n));
            see_other(
                back.unwrap_or(signed_in.user.role.home_path()),
                &[session, device],
            )
        }
        Err(AppError::Invalid { reason, .. }) if reason == "deactivated" => {
            again("deactivated", "")
        }
        Err(AppError::Invalid { .. }) => again("missing", ""),
        Err(AppError::RateLimited { retry_after_secs }) => {
            again("rate_limited", &format!("&wait={retry_after_secs}"))
        }
        Err(AppError::Busy) => again("busy", ""),
        Err(AppError::Unauthenticated) => again("credentials", ""),
        Err(_) => again("internal", ""),
    }
}

#[derive(Deserialize)]
pub struct SlipForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    again: String,
}

/// `POST /login/slip`: a person sets their own password with their sign-in slip's
/// one-time code, and is signed in. Counted against the same limits as signing in
/// (`domain::sign_in`); the code works once, before it expires, for an active person;
/// every earlier session of theirs ends.
pub async fn redeem_slip(
    State(state): State<FormsState>,
    request: axum::extract::Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(Form(form)) = Form::<SlipForm>::from_request(
        axum::extract::Request::from_parts(parts.clone(), body),
        &(),
    )
    .await
    else {
        return (StatusCode::BAD_REQUEST, "not a form / មិនមែនជាទម្រង់").into_response();
    };
    let username = form.username.trim();
    let again = |error: &str, extra: &str| {
        see_other(
            &format!("/login/slip?error={error}{extra}&user={}", encode(username)),
            &[],
        )
    };
    if username.is_empty() || username.len() > 100 || form.code.trim().is_empty() {
        return again("missing", "");
    }
    if let Err(fault) = domain::people::check_new_password(&form.password, &form.again) {
        return again(fault.code(), "");
    }
    let Some(code) = domain::people::normalize_code(&form.code) else {
        return again("slip", "");
    };
    let pool = &state.app.pool;
    let address = client_address(&parts.headers, &parts.extensions, state.behind_proxy);
    let limits = domain::sign_in::limits(username, address.as_deref(), None);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    match store::sign_in::reserve(pool, &limits, now).await {
        Ok(Ok(())) => {}
        Ok(Err(wait)) => return again("rate_limited", &format!("&wait={wait}")),
        Err(e) => return form_refusal(&store::internal(e), "/login/slip"),
    }
    let holder = match store::people::slip_holder(pool, username, &code).await {
        Ok(Some(holder)) => holder,
        Ok(None) => return again("slip", ""),
        Err(e) => return form_refusal(&store::internal(e), "/login/slip"),
    };
    let Ok(hash) = state.app.hasher.hash(&form.password).await else {
        return again("busy", "");
    };
    let device_token = match cookie(&parts.headers, DEVICE_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Some(token) => token,
        None => match store::auth_sessions::random_token() {
            Ok(token) => token,
            Err(e) => return form_refusal(&store::internal(sqlx::Error::Io(e)), "/login/slip"),
        },
    };
    let agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match store::people::redeem(
        pool,
        holder.id,
        &code,
        &store::users::PasswordHash(hash),
        &limits,
        &device_token,
        &describe_device(agent),
    )
    .await
    {
        Ok(Some(session)) => {
            let session = session_cookie(&session.0, SESSION_DAYS * 86_400, state.secure_cookies);
            let secure = if state.secure_cookies { "; Secure" } else { "" };
            let device = format!(
                "{DEVICE_COOKIE}={device_token}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}"
            );
            see_other(holder.role.home_path(), &[session, device])
        }
        Ok(None) => again("slip", ""),
        Err(e) => form_refusal(&store::internal(e), "/login/slip"),
    }
}

pub async fn logout(State(state): State<FormsState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        if let Err(e) = service::sign_out(&state.app, &token).await {
            tracing::warn!(error = %e, "sign-out could not delete the session");
        }
    }
    see_other("/login", &[session_cookie("", 0, state.secure_cookies)])
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
    see_other(local_path(&form.back), &[cookie])
}

/// `POST /admin/attendance`: an institute admin saves the statuses and the at-risk
/// threshold. Checked whole first: bad input changes nothing and comes back with a
/// translated reason.
pub async fn attendance_settings(
    State(state): State<FormsState>,
    signed_in: Result<SignedIn, ApiError>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    use domain::attendance::{check_settings, StatusDef};
    use domain::{Localized, Role};
    let user = match form_user(signed_in, &[Role::Admin], "/admin/attendance") {
        Ok(user) => user,
        Err(refusal) => return *refusal,
    };
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
            return see_other("/admin/attendance?error=bad_points", &[]);
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
        return see_other("/admin/attendance?error=bad_threshold", &[]);
    };
    if let Err(e) = check_settings(&statuses, threshold) {
        return see_other(&format!("/admin/attendance?error={}", e.code()), &[]);
    }
    let threshold = u8::try_from(threshold).unwrap_or(80);
    match store::attendance::save_settings(&state.app.pool, user.institute, &statuses, threshold)
        .await
    {
        Ok(()) => see_other("/admin/attendance?saved=1", &[]),
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

/// Only paths of this site (`domain::role::safe_path`), else the start page.
fn local_path(back: &str) -> &str {
    domain::role::safe_path(back).unwrap_or("/")
}

fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The value of the first field `name` of a form read as pairs (`""` when absent).
pub(crate) fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

pub(crate) fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    for value in cookies.iter().filter_map(|c| HeaderValue::from_str(c).ok()) {
        headers.append(header::SET_COOKIE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What was typed in the form's fields `names`, for the query string that brings a
/// refused form back (`&name=value` each, every value cut to `max` characters).
pub(crate) fn typed(form: &[(String, String)], names: &[&str], max: usize) -> String {
    names
        .iter()
        .map(|n| {
            let cut: String = field(form, n).chars().take(max).collect();
            format!("&{n}={}", percent_encode(&cut))
        })
        .collect()
}

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
        assert_eq!(local_path("/\t/evil.example"), "/");
    }

    #[test]
    fn encodes_query_components() {
        assert_eq!(encode("a b&c=<d>"), "a%20b%26c%3D%3Cd%3E");
        assert_eq!(encode("ស"), "%E1%9E%9F");
    }
}
