//! The sync endpoints (stable URLs, versioned): `POST /api/sync/v1/push` and
//! `GET /api/sync/v1/pull`. Thin: authenticate the session, check the role and the
//! batch limits, call the store, answer JSON. Protocol: `docs/sync-protocol.md`.

use app::auth::service::{check_role, cookie};
use app::auth::{CurrentUser, SESSION_COOKIE};
use app::domain::sync::{
    PullResponse, PushRequest, PushResponse, MAX_BATCH_RECORDS, MAX_PULL_RECORDS, PROTOCOL_VERSION,
};
use app::domain::Role;
use app::error::AppError;
use app::state::AppState;
use app::store;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

/// An error answer: `{"error": "<code>", "message": "…"}` with the matching status.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({ "error": code, "message": message })),
    )
        .into_response()
}

fn app_error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = match e {
        AppError::Unauthenticated => "unauthenticated",
        AppError::Forbidden => "forbidden",
        _ => "internal",
    };
    error(status, code, &e.to_string())
}

/// The signed-in learner or trainer of this request, or the answer to give instead.
/// (What each may write is checked record by record by the store.)
async fn learner(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, Response> {
    let token =
        cookie(headers, SESSION_COOKIE).ok_or_else(|| app_error(AppError::Unauthenticated))?;
    let user = store::auth_sessions::user(&state.pool, &token)
        .await
        .map_err(|e| app_error(store::internal(e)))?
        .ok_or_else(|| app_error(AppError::Unauthenticated))?;
    check_role(&user, &[Role::Learner, Role::Trainer]).map_err(app_error)?;
    Ok(user)
}

pub async fn push(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Response {
    let user = match learner(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Json(request) = match body {
        Ok(json) => json,
        Err(rejection) => return error(rejection.status(), "malformed", &rejection.body_text()),
    };
    if request.protocol != PROTOCOL_VERSION {
        return error(
            StatusCode::BAD_REQUEST,
            "unsupported_protocol",
            "this server speaks protocol 1",
        );
    }
    if request.records.len() > MAX_BATCH_RECORDS {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            "at most 200 records per push",
        );
    }
    match store::sync::push(&state.pool, &user, request.device, &request.records).await {
        Ok(results) => Json(PushResponse {
            protocol: PROTOCOL_VERSION,
            results,
        })
        .into_response(),
        Err(e) => app_error(store::internal(e)),
    }
}

#[derive(Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    cursor: i64,
    limit: Option<usize>,
}

pub async fn pull(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let user = match learner(&state, &headers).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Ok(Query(query)) = query else {
        return error(
            StatusCode::BAD_REQUEST,
            "malformed",
            "cursor and limit must be numbers",
        );
    };
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_RECORDS)
        .clamp(1, MAX_PULL_RECORDS);
    match store::sync::pull(&state.pool, &user, query.cursor.max(0), limit).await {
        Ok((records, cursor, more)) => Json(PullResponse {
            protocol: PROTOCOL_VERSION,
            records,
            cursor,
            more,
        })
        .into_response(),
        Err(e) => app_error(store::internal(e)),
    }
}
