//! The learner's on-device database: IndexedDB through the `idb` crate, one database per
//! signed-in user (`sala-<user id>`), so one person's records are never pushed with
//! another's session, and signing out deletes exactly that person's data.
//!
//! Stores (values are JSON text, so what is kept is exactly what travels):
//! - `outbox`: records not yet acknowledged, keyed by the device counter (oldest first);
//! - `records`: every record this device knows — its own and pulled ones — keyed by id;
//!   the learner's state on this phone is `LearnerState` applied over them;
//! - `refused`: records the server rejected, with the reason, shown to the learner;
//! - `meta`: `device` (id), `seq` (the last counter used), `cursor` (pull), `last_sync`.

use domain::sync::{LearnerState, Outcome, Record, RecordBody, RecordResult, RejectReason};
use domain::{DeviceId, Localized, RecordId, UserId};
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, Query, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const VERSION: u32 = 1;
const OUTBOX: &str = "outbox";
const RECORDS: &str = "records";
const REFUSED: &str = "refused";
const META: &str = "meta";

/// Something went wrong with the device's storage (full, blocked, private mode…).
#[derive(Debug)]
pub struct StorageError;

impl From<idb::Error> for StorageError {
    fn from(_: idb::Error) -> Self {
        StorageError
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(_: serde_json::Error) -> Self {
        StorageError
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// A record waiting in the outbox, with what the learner sees of it in the list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    pub record: Record,
    pub label: Localized,
    /// Why the server asked to send it again later (`retry`), if it did.
    #[serde(default)]
    pub waiting: Option<RejectReason>,
}

/// A record the server refused, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Refused {
    pub record: Record,
    pub label: Localized,
    pub reason: RejectReason,
}

fn name(user: UserId) -> String {
    format!("sala-{user}")
}

/// An open connection, closed when dropped.
struct Conn(Database);

impl Drop for Conn {
    fn drop(&mut self) {
        self.0.close();
    }
}

async fn open(user: UserId) -> Result<Conn> {
    let factory = Factory::new()?;
    let mut request = factory.open(&name(user), Some(VERSION))?;
    request.on_upgrade_needed(|event| {
        let Ok(db) = event.database() else { return };
        let existing = db.store_names();
        for store in [OUTBOX, RECORDS, REFUSED, META] {
            if !existing.iter().any(|s| s == store) {
                let _ = db.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    Ok(Conn(request.await?))
}

fn key(text: &str) -> Query {
    Query::from(JsValue::from_str(text))
}

fn json<T: Serialize>(value: &T) -> Result<JsValue> {
    Ok(JsValue::from_str(&serde_json::to_string(value)?))
}

fn parse<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Option<T> {
    serde_json::from_str(&value.as_string()?).ok()
}

/// Writes one change to the outbox (and to the device's records) in one transaction:
/// a new UUIDv7, the device id, the next device counter, the device's clock.
pub async fn write(user: UserId, body: RecordBody, label: Localized) -> Result<Record> {
    write_as(
        user,
        super::js::new_record_id(),
        super::js::now_iso(),
        body,
        label,
    )
    .await
}

/// [`write`] with the record's id and time chosen by the caller (the roll call shows a
/// mark before it is saved, so the next tap builds on it).
pub async fn write_as(
    user: UserId,
    id: RecordId,
    at: String,
    body: RecordBody,
    label: Localized,
) -> Result<Record> {
    wasm_bindgen_futures::spawn_local(super::js::persist_storage());
    let conn = open(user).await?;
    let tx = conn
        .0
        .transaction(&[META, OUTBOX, RECORDS], TransactionMode::ReadWrite)?;
    let meta = tx.object_store(META)?;
    if meta.get(key("device"))?.await?.is_none() {
        meta.put(
            &JsValue::from_str(&super::js::new_device_id().to_string()),
            Some(&JsValue::from_str("device")),
        )?
        .await?;
    }
    let seq = meta
        .get(key("seq"))?
        .await?
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
        + 1.0;
    meta.put(&JsValue::from_f64(seq), Some(&JsValue::from_str("seq")))?
        .await?;
    let record = Record {
        id,
        by: None,
        seq: seq as u64,
        at,
        body,
    };
    tx.object_store(OUTBOX)?
        .add(
            &json(&Pending {
                record: record.clone(),
                label,
                waiting: None,
            })?,
            Some(&JsValue::from_f64(seq)),
        )?
        .await?;
    tx.object_store(RECORDS)?
        .put(
            &json(&record)?,
            Some(&JsValue::from_str(&record.id.to_string())),
        )?
        .await?;
    if tx.commit()?.await?.is_committed() {
        Ok(record)
    } else {
        Err(StorageError)
    }
}

/// The device id, if this device has written anything yet.
pub async fn device(user: UserId) -> Result<Option<DeviceId>> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[META], TransactionMode::ReadOnly)?;
    let value = tx.object_store(META)?.get(key("device"))?.await?;
    Ok(value
        .and_then(|v| v.as_string())
        .and_then(|s| s.parse().ok()))
}

/// Up to `limit` records waiting in the outbox, oldest first.
pub async fn pending(user: UserId, limit: u32) -> Result<Vec<Pending>> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
    let values = tx.object_store(OUTBOX)?.get_all(None, Some(limit))?.await?;
    Ok(values.iter().filter_map(parse).collect())
}

/// Records the server refused.
pub async fn refused(user: UserId) -> Result<Vec<Refused>> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[REFUSED], TransactionMode::ReadOnly)?;
    let values = tx.object_store(REFUSED)?.get_all(None, None)?.await?;
    Ok(values.iter().filter_map(parse).collect())
}

/// Applies the server's answer to a pushed batch: acknowledged records leave the
/// outbox; refused ones move to `refused` (and out of the device's state); those the
/// server asked to send again later stay, marked with why. Returns how many records
/// were settled (left the outbox).
pub async fn settle(user: UserId, batch: &[Pending], results: &[RecordResult]) -> Result<usize> {
    let conn = open(user).await?;
    let tx = conn
        .0
        .transaction(&[OUTBOX, RECORDS, REFUSED], TransactionMode::ReadWrite)?;
    let outbox = tx.object_store(OUTBOX)?;
    let mut settled = 0;
    for result in results {
        let Some(pending) = batch.iter().find(|p| p.record.id == result.id) else {
            continue;
        };
        let seq = JsValue::from_f64(pending.record.seq as f64);
        if let Outcome::Deferred(reason) = result.outcome {
            let waiting = Pending {
                waiting: Some(reason),
                ..pending.clone()
            };
            outbox.put(&json(&waiting)?, Some(&seq))?.await?;
            continue;
        }
        if let Outcome::Rejected(reason) = result.outcome {
            let refused = Refused {
                record: pending.record.clone(),
                label: pending.label.clone(),
                reason,
            };
            tx.object_store(REFUSED)?
                .put(
                    &json(&refused)?,
                    Some(&JsValue::from_str(&result.id.to_string())),
                )?
                .await?;
            tx.object_store(RECORDS)?
                .delete(key(&result.id.to_string()))?
                .await?;
        }
        outbox.delete(Query::from(seq))?.await?;
        settled += 1;
    }
    if tx.commit()?.await?.is_committed() {
        Ok(settled)
    } else {
        Err(StorageError)
    }
}

/// Keeps records pulled from the server and the cursor to pull from next time.
pub async fn store_pulled(user: UserId, records: &[Record], cursor: i64) -> Result<()> {
    let conn = open(user).await?;
    let tx = conn
        .0
        .transaction(&[RECORDS, META], TransactionMode::ReadWrite)?;
    let store = tx.object_store(RECORDS)?;
    for record in records {
        store
            .put(
                &json(record)?,
                Some(&JsValue::from_str(&record.id.to_string())),
            )?
            .await?;
    }
    tx.object_store(META)?
        .put(
            &JsValue::from_f64(cursor as f64),
            Some(&JsValue::from_str("cursor")),
        )?
        .await?;
    if tx.commit()?.await?.is_committed() {
        Ok(())
    } else {
        Err(StorageError)
    }
}

/// The learner's state as this device knows it (own records and pulled ones), by the
/// same rules as the server's.
pub async fn state(user: UserId) -> Result<LearnerState> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[RECORDS], TransactionMode::ReadOnly)?;
    let values = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
    let mut state = LearnerState::default();
    for record in values.iter().filter_map(parse::<Record>) {
        state.apply(&record);
    }
    Ok(state)
}

/// Every record this device knows (its own and pulled ones).
pub async fn records(user: UserId) -> Result<Vec<Record>> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[RECORDS], TransactionMode::ReadOnly)?;
    let values = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
    Ok(values.iter().filter_map(parse).collect())
}

/// A value kept under `name` in `meta` (`cursor`, `last_sync`).
pub async fn meta(user: UserId, name: &str) -> Result<Option<JsValue>> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[META], TransactionMode::ReadOnly)?;
    Ok(tx.object_store(META)?.get(key(name))?.await?)
}

pub async fn set_meta(user: UserId, name: &str, value: &JsValue) -> Result<()> {
    let conn = open(user).await?;
    let tx = conn.0.transaction(&[META], TransactionMode::ReadWrite)?;
    tx.object_store(META)?
        .put(value, Some(&JsValue::from_str(name)))?
        .await?;
    tx.commit()?.await?;
    Ok(())
}

/// Deletes everything this device keeps for `user` (signing out on a shared phone).
pub async fn wipe(user: UserId) -> Result<()> {
    Factory::new()?.delete(&name(user))?.await?;
    Ok(())
}
