//! The sync client: push the outbox in batches bounded in count and bytes, settle each
//! record by the server's answer, then pull since the cursor. One run at a time; an
//! interrupted run leaves the outbox as it was, and the next run sends it again
//! (harmless: the server answers `duplicate`). Protocol: `docs/sync-protocol.md`.

use super::js;
use super::outbox::{self, Pending};
use domain::UserId;
use std::cell::Cell;
use wasm_bindgen::JsValue;
use wire::sync::{
    PullResponse, PushRequest, PushResponse, MAX_BATCH_BYTES, MAX_BATCH_RECORDS, PROTOCOL_VERSION,
};

pub const PUSH_URL: &str = "/api/sync/v1/push";
pub const PULL_URL: &str = "/api/sync/v1/pull";

/// Why a sync did not finish. The outbox keeps everything in every case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// Another sync is running on this page.
    Busy,
    /// No answer from the server.
    Offline,
    /// The session has ended: sign in again.
    SignedOut,
    /// The server answered with an error status.
    Server(u16),
    /// The device's storage failed.
    Storage,
}

impl From<outbox::StorageError> for SyncError {
    fn from(_: outbox::StorageError) -> Self {
        SyncError::Storage
    }
}

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

struct RunGuard;

impl Drop for RunGuard {
    fn drop(&mut self) {
        RUNNING.with(|r| r.set(false));
    }
}

/// How a sync that got through went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Synced {
    /// Records the server asked to send again later: they wait in the outbox.
    pub waiting: usize,
}

/// Pushes, then pulls; on success remembers the time (`last_sync`).
pub async fn run(user: UserId) -> Result<Synced, SyncError> {
    if RUNNING.with(|r| r.replace(true)) {
        return Err(SyncError::Busy);
    }
    let _guard = RunGuard;
    let waiting = push_all(user).await?;
    pull_all(user).await?;
    outbox::set_meta(user, "last_sync", &JsValue::from_str(&js::now_iso())).await?;
    Ok(Synced { waiting })
}

/// Takes the oldest records that fit one push: at most `MAX_BATCH_RECORDS`, and at most
/// `MAX_BATCH_BYTES` of JSON (with room for the envelope).
fn batch(pending: Vec<Pending>) -> Vec<Pending> {
    let mut bytes = 256;
    let mut out = Vec::new();
    for p in pending.into_iter().take(MAX_BATCH_RECORDS) {
        let size = serde_json::to_string(&p.record).map_or(MAX_BATCH_BYTES, |s| s.len() + 1);
        if !out.is_empty() && bytes + size > MAX_BATCH_BYTES {
            break;
        }
        bytes += size;
        out.push(p);
    }
    out
}

/// Pushes every record of the outbox once; returns how many the server asked to send
/// again later (they stay, and are not sent again in this run).
async fn push_all(user: UserId) -> Result<usize, SyncError> {
    let mut tried: Vec<domain::RecordId> = Vec::new();
    let mut waiting = 0;
    loop {
        let mut pending = outbox::pending(user, 10_000).await?;
        pending.retain(|p| !tried.contains(&p.record.id));
        let batch = batch(pending);
        if batch.is_empty() {
            return Ok(waiting);
        }
        let Some(device) = outbox::device(user).await? else {
            return Err(SyncError::Storage);
        };
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            device,
            records: batch.iter().map(|p| p.record.clone()).collect(),
        };
        let body = serde_json::to_string(&request).map_err(|_| SyncError::Storage)?;
        let answer: PushResponse = exchange("POST", PUSH_URL, Some(&body)).await?;
        let settled = outbox::settle(user, &batch, &answer.results).await?;
        waiting += answer
            .results
            .iter()
            .filter(|r| matches!(r.outcome, domain::sync::Outcome::Deferred(_)))
            .count();
        tried.extend(batch.iter().map(|p| p.record.id));
        js::emit(super::CHANGED_EVENT);
        if settled == 0 && answer.results.is_empty() {
            // An answer that settles nothing would loop forever; try again later.
            return Err(SyncError::Server(200));
        }
    }
}

async fn pull_all(user: UserId) -> Result<(), SyncError> {
    let mut cursor = outbox::meta(user, "cursor")
        .await?
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as i64;
    loop {
        let url = format!("{PULL_URL}?cursor={cursor}");
        let answer: PullResponse = exchange("GET", &url, None).await?;
        outbox::store_pulled(user, &answer.records, answer.cursor).await?;
        if !answer.records.is_empty() {
            js::emit(super::CHANGED_EVENT);
        }
        if !answer.more || answer.cursor <= cursor {
            return Ok(());
        }
        cursor = answer.cursor;
    }
}

/// One request to a sync endpoint and its JSON answer.
async fn exchange<T: for<'de> serde::Deserialize<'de>>(
    method: &str,
    url: &str,
    body: Option<&str>,
) -> Result<T, SyncError> {
    let response = js::fetch(method, url, body, None)
        .await
        .map_err(|_| SyncError::Offline)?;
    check(response.status())?;
    let text = js::text(&response).await.map_err(|_| SyncError::Offline)?;
    serde_json::from_str(&text).map_err(|_| SyncError::Server(response.status()))
}

fn check(status: u16) -> Result<(), SyncError> {
    match status {
        200 => Ok(()),
        // A redirect (manual) or a missing session: the person must sign in again.
        0 | 401 => Err(SyncError::SignedOut),
        s => Err(SyncError::Server(s)),
    }
}
