//! Downloads: `GET /teach/class/{class}/attendance.csv`, a class's attendance as CSV
//! (UTF-8 with a byte-order mark, so spreadsheet programs show Khmer names right), for a
//! trainer of that class only.

use crate::auth::{ApiError, SignedIn};
use app::i18n::LocaleStrings;
use app::state::AppState;
use domain::{ClassId, Role};

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn class_csv(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = app::request::locale(&headers);
    let t = locale.strings();
    let Ok(class) = class.parse::<ClassId>() else {
        return (StatusCode::NOT_FOUND, t.error_not_found).into_response();
    };
    let user = match signed_in
        .map_err(|e| e.0)
        .and_then(|s| s.require(&[Role::Trainer]))
    {
        Ok(user) => user,
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, t.error(&e)).into_response();
        }
    };
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
