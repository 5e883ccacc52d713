//! Downloads: `GET /teach/class/{class}/attendance.csv`, a class's attendance as CSV
//! (UTF-8 with a byte-order mark, so spreadsheet programs show Khmer names right), for a
//! trainer of that class only.

use app::auth::service::{check_role, cookie};
use app::auth::SESSION_COOKIE;
use app::domain::{ClassId, Role};
use app::i18n::{Locale, LANG_COOKIE};
use app::state::AppState;
use app::store;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn class_csv(
    State(state): State<AppState>,
    Path(class): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = cookie(&headers, LANG_COOKIE)
        .and_then(|c| Locale::parse(&c))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default();
    let t = locale.strings();
    let Ok(class) = class.parse::<ClassId>() else {
        return (StatusCode::NOT_FOUND, t.error_not_found).into_response();
    };
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return (StatusCode::UNAUTHORIZED, t.error_unauthenticated).into_response();
    };
    let user = match store::auth_sessions::user(&state.pool, &token).await {
        Ok(Some(user)) => user,
        Ok(None) => return (StatusCode::UNAUTHORIZED, t.error_unauthenticated).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export: session lookup failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, t.error_internal).into_response();
        }
    };
    if check_role(&user, &[Role::Trainer]).is_err() {
        return (StatusCode::FORBIDDEN, t.error_forbidden).into_response();
    }
    match store::attendance::class_attendance(&state.pool, &user, class).await {
        Ok(Some(attendance)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"attendance-{class}.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            app::teach::class::csv(&attendance, locale),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, t.error_not_found).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export: attendance query failed");
            (StatusCode::INTERNAL_SERVER_ERROR, t.error_internal).into_response()
        }
    }
}
