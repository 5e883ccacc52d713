//! The sync endpoints (stable URLs, versioned): `POST /api/sync/v1/push` and
//! `GET /api/sync/v1/pull`. Thin: the session is checked first — before a byte of the
//! body is read — then the batch limits, then the store, JSON back. Protocol:
//! `docs/sync-protocol.md`.

use crate::auth::{ApiError, SignedIn};
use app::auth::CurrentUser;
use app::state::AppState;
use domain::Role;
use wire::sync::{
    PullQuery, PullResponse, PushBatch, PushResponse, MAX_BATCH_RECORDS, MAX_PULL_RECORDS,
    OLDEST_PROTOCOL, PROTOCOL_VERSION,
};
use wire::AppError;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;

use axum::Json;

/// The signed-in learner or trainer of a sync request: the one door (`auth::SignedIn`)
/// and a role check, both on the request's head — they run before the body is read, so
/// a request without a live session is answered without reading (or decompressing)
/// anything it sent. (What each may write is checked record by record by the domain.)
pub struct Syncer(pub CurrentUser);

impl FromRequestParts<AppState> for Syncer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        Ok(Syncer(signed_in.require(&[Role::Learner, Role::Trainer])?))
    }
}

pub async fn push(
    State(state): State<AppState>,
    Syncer(user): Syncer,
    body: Result<Json<PushBatch>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let request = match body {
        Ok(Json(request)) => request,
        // Over the limit, compressed or not (the decompressing body reports it as a
        // read error): too large, not malformed.
        Err(rejection) if rejection.body_text().contains("length limit") => {
            return Err(AppError::TooLarge.into())
        }
        Err(rejection) => return Err(AppError::malformed(rejection.body_text()).into()),
    };
    if !(OLDEST_PROTOCOL..=PROTOCOL_VERSION).contains(&request.protocol) {
        return Err(AppError::UnsupportedProtocol {
            protocol: request.protocol,
        }
        .into());
    }
    if request.records.len() > MAX_BATCH_RECORDS {
        return Err(AppError::TooLarge.into());
    }
    let batch = domain::ingest::read_records(&request.records);
    let received_at = chrono_now();
    let mut results =
        store::sync::push_batch(&state.pool, &user, request.device, &batch, received_at)
            .await
            .map_err(store::internal)?;
    for r in &mut results {
        r.outcome = r.outcome.for_protocol(request.protocol);
    }
    Ok(Json(PushResponse {
        protocol: request.protocol,
        results,
    }))
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub async fn pull(
    State(state): State<AppState>,
    Syncer(user): Syncer,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(AppError::malformed("cursor and limit must be numbers").into());
    };
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_RECORDS)
        .clamp(1, MAX_PULL_RECORDS);
    let pulled = store::sync::pull(&state.pool, &user, query.cursor.max(0), limit)
        .await
        .map_err(store::internal)?;
    Ok(Json(PullResponse {
        protocol: PROTOCOL_VERSION,
        records: pulled.records,
        cursor: pulled.cursor,
        more: pulled.more,
    }))
}
