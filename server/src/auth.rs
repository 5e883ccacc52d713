//! Who is signed in, for the plain handlers (forms, downloads, sync): the same door as
//! server functions' `auth::service::require` — session cookie → live session → user →
//! role — and the same error (`AppError`, as JSON with its status). Forms turn a refusal
//! into what a browser expects (sign in first, or a translated "not allowed").

use app::auth::service::{check_role, session_user};
use app::auth::{percent_encode, CurrentUser};
use app::i18n::LocaleStrings;
use app::state::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::Role;
use wire::AppError;

/// An `AppError` as an HTTP answer: its status, and the error as server functions send it
/// (`{"error": "<code>", "message": "…"}`).
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self.0.body())).into_response()
    }
}

/// The signed-in user of this request (any role; check with [`SignedIn::require`]).
pub struct SignedIn(pub CurrentUser);

impl<S> FromRequestParts<S> for SignedIn
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let state = AppState::from_ref(state);
        let user = session_user(&state, &parts.headers).await?;
        Ok(SignedIn(user.ok_or(AppError::Unauthenticated)?))
    }
}

impl SignedIn {
    /// The user, if their role is one of `roles`.
    pub fn require(self, roles: &[Role]) -> Result<CurrentUser, AppError> {
        check_role(&self.0, roles)?;
        Ok(self.0)
    }
}

/// What a browser posting a form gets when it may not: signed out → sign in (and back to
/// `back`); any other refusal → its status with a line in both languages.
pub fn form_refusal(error: &AppError, back: &str) -> Response {
    match error {
        AppError::Unauthenticated => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            let to = format!("/login?next={}", percent_encode(back));
            if let Ok(value) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        other => {
            let status =
                StatusCode::from_u16(other.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let text = format!(
                "{} / {}",
                app::i18n::Locale::Km.strings().error(other),
                app::i18n::Locale::En.strings().error(other)
            );
            (status, text).into_response()
        }
    }
}

/// The signed-in user of a form post, if their role is one of `roles`; else the answer
/// the browser gets ([`form_refusal`], sign in and come back to `back`).
pub fn form_user(
    signed_in: Result<SignedIn, ApiError>,
    roles: &[Role],
    back: &str,
) -> Result<CurrentUser, Box<Response>> {
    signed_in
        .map_err(|e| e.0)
        .and_then(|s| s.require(roles))
        .map_err(|e| Box::new(form_refusal(&e, back)))
}
