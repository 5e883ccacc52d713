//! Downloads, as CSV (UTF-8 with a byte-order mark, so spreadsheet programs show Khmer
//! names right), each for the role its path belongs to and checked again by the store
//! (institute, and for a trainer the classes they teach):
//! - `GET /teach/class/{class}/attendance.csv`: a class's attendance, for its trainers;
//! - `GET /teach/class/{class}/report.csv` and `GET /admin/classes/{class}/report.csv`:
//!   a class's report, for its trainers and for the institute's admins;
//! - `GET /admin/reports.csv`: the institute at a glance, for its admins.

use crate::auth::{ApiError, SignedIn};
use app::i18n::LocaleStrings;
use app::state::AppState;
use domain::{ClassId, Locale, Role};
use store::users::CurrentUser;
use wire::AppError;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// The signed-in user if they have `role`.
fn who(signed_in: Result<SignedIn, ApiError>, role: Role) -> Result<CurrentUser, AppError> {
    signed_in.map_err(|e| e.0).and_then(|s| s.require(&[role]))
}

/// A refusal, translated, with its status.
fn refused(e: AppError, locale: Locale) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, locale.strings().error(&e)).into_response()
}

/// A found CSV as a private download, 404 when the store found nothing for this user.
fn download(
    found: Result<Option<String>, sqlx::Error>,
    filename: String,
    locale: Locale,
) -> Response {
    let t = locale.strings();
    match found {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, t.error_not_found).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export: query failed");
            (StatusCode::INTERNAL_SERVER_ERROR, t.error_internal).into_response()
        }
    }
}

pub async fn class_csv(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = app::request::locale(&headers);
    let Ok(class) = class.parse::<ClassId>() else {
        return (StatusCode::NOT_FOUND, locale.strings().error_not_found).into_response();
    };
    let user = match who(signed_in, Role::Trainer) {
        Ok(user) => user,
        Err(e) => return refused(e, locale),
    };
    let found = store::attendance::class_attendance(&state.pool, &user, class)
        .await
        .map(|a| a.map(|a| app::teach::class::csv(&a, locale)));
    download(found, format!("attendance-{class}.csv"), locale)
}

async fn report_csv(
    state: AppState,
    signed_in: Result<SignedIn, ApiError>,
    role: Role,
    class: String,
    headers: HeaderMap,
) -> Response {
    let locale = app::request::locale(&headers);
    let Ok(class) = class.parse::<ClassId>() else {
        return (StatusCode::NOT_FOUND, locale.strings().error_not_found).into_response();
    };
    let user = match who(signed_in, role) {
        Ok(user) => user,
        Err(e) => return refused(e, locale),
    };
    let found = store::reports::class_report(&state.pool, &user, class)
        .await
        .map(|r| r.map(|r| app::reports::class_csv(&r, locale)));
    download(found, format!("report-{class}.csv"), locale)
}

pub async fn trainer_report_csv(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    headers: HeaderMap,
) -> Response {
    report_csv(state, signed_in, Role::Trainer, class, headers).await
}

pub async fn admin_report_csv(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    Path(class): Path<String>,
    headers: HeaderMap,
) -> Response {
    report_csv(state, signed_in, Role::Admin, class, headers).await
}

pub async fn institute_csv(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, ApiError>,
    headers: HeaderMap,
) -> Response {
    let locale = app::request::locale(&headers);
    let user = match who(signed_in, Role::Admin) {
        Ok(user) => user,
        Err(e) => return refused(e, locale),
    };
    let found = store::reports::institute_report(&state.pool, &user)
        .await
        .map(|r| Some(app::reports::institute_csv(&r, locale)));
    download(found, "institute.csv".to_owned(), locale)
}
