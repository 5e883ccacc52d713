//! Persistence (server only): opening the database (SQLite or PostgreSQL, through
//! sqlx's `Any` driver), running its migrations, and one
//! module per feature with the queries it needs. Loads the facts the domain's rules
//! need and writes the effects they decide — no rule is written again in SQL — and
//! returns domain or wire values, never UI types. Every query that reads or writes user
//! data takes the signed-in user (and so their institute) as an argument.
//!
//! Functions take any executor (`impl Acquire`: the pool, a connection, or a caller's
//! transaction), so a caller can compose several into one transaction; helpers the
//! store calls itself take a `&mut AnyConnection`. One exception: a sync push owns its
//! transaction (the ingest lock) and takes the pool.
//!
//! Portable SQL (runtime `query_as` + `FromRow`, `$1` placeholders, text UUIDs, UTC text
//! time) that both backends read; where they must differ, `db::Backend` says which.
//! Knows nothing about HTTP or Leptos.

pub mod attendance;
pub mod auth_sessions;
pub mod authoring;
pub mod blend;
pub mod check_in;
pub mod checks;
pub mod classes;
pub mod copy;
pub mod db;
pub mod learn;
pub mod national;
pub mod people;
pub mod programmes;
pub mod reports;
pub mod roster;
pub mod rpl_applications;
pub mod rpl_judging;
pub mod rpl_packages;
pub mod schedule;
pub mod seed;
pub mod sign_in;
mod sql;
pub mod standards;
pub mod sync;
pub mod teach;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod timetable;
pub mod users;

use chrono::{DateTime, SecondsFormat, Utc};

/// Timestamps are stored as `YYYY-MM-DDTHH:MM:SSZ` so that text order is time order.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn now() -> String {
    timestamp(Utc::now())
}

/// Parses a stored timestamp into Unix seconds.
pub fn unix_seconds(stored: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.timestamp())
}

/// Maps a database failure to `AppError::Internal`, logging the cause (which never
/// reaches the client).
pub fn internal(e: sqlx::Error) -> wire::AppError {
    tracing::error!(cause = %e, "database");
    wire::AppError::Internal
}

/// 32 bytes from the operating system's random source (session tokens, secrets). Its
/// failure is an error the caller reports: never a guessable key instead.
pub fn random_bytes() -> std::io::Result<[u8; 32]> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| std::io::Error::other(format!("the operating system's random source: {e}")))?;
    Ok(bytes)
}

/// A new random (version 4) UUID for a row the server makes, as stored text.
pub(crate) fn new_id() -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&random_bytes()?[..16]);
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

/// A new time-ordered (version 7) UUID for a record the server makes on a person's
/// behalf (a step taken with a form): among records ordered by time then id, it comes
/// after those made before it, to the millisecond.
pub fn new_record_id() -> Result<uuid::Uuid, sqlx::Error> {
    let mut bytes = [0u8; 10];
    bytes.copy_from_slice(&random_bytes()?[..10]);
    let millis = u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0);
    Ok(uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid())
}

/// The stored timestamp of midnight at the start of `date` in Cambodia.
pub fn day_start(date: domain::calendar::Date) -> String {
    let unix = date.days_since_epoch() * 86_400 - domain::calendar::CAMBODIA_OFFSET_SECONDS;
    DateTime::from_timestamp(unix, 0)
        .map(timestamp)
        .unwrap_or_default()
}

/// A fresh, migrated database for a test, on the tests' backend (`testing`).
#[cfg(test)]
pub(crate) async fn test_db() -> (testing::TestDb, sqlx::AnyPool) {
    testing::open().await.expect("a test database")
}
