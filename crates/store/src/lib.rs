//! Persistence (server only): opening the database, running migrations, and one
//! module per feature with the queries it needs. Loads the facts the domain's rules
//! need and writes the effects they decide — no rule is written again in SQL — and
//! returns domain or wire values, never UI types. Every query that reads or writes user
//! data takes the signed-in user (and so their institute) as an argument.
//!
//! Functions take any executor (`impl Acquire`: the pool, a connection, or a caller's
//! transaction), so a caller can compose several into one transaction; helpers the
//! store calls itself take a `&mut SqliteConnection`. One exception: a sync push owns its
//! transaction (`BEGIN IMMEDIATE`, the ingest lock) and takes the pool.
//!
//! Portable SQL (runtime `query_as` + `FromRow`, `$1` placeholders, text UUIDs, UTC text
//! time), so a second backend can follow. Knows nothing about HTTP or Leptos.

pub mod attendance;
pub mod auth_sessions;
pub mod check_in;
pub mod db;
pub mod learn;
pub mod schedule;
pub mod seed;
pub mod sign_in;
pub mod sync;
pub mod teach;
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

/// 32 bytes from the operating system's random source (session tokens, secrets).
pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    // The OS source only fails on platforms Sala does not run on; a zero key would be
    // guessable, so refuse to go on.
    #[allow(clippy::expect_used)]
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    bytes
}

/// The stored timestamp of midnight at the start of `date` in Cambodia.
pub fn day_start(date: domain::calendar::Date) -> String {
    let unix = date.days_since_epoch() * 86_400 - domain::calendar::CAMBODIA_OFFSET_SECONDS;
    DateTime::from_timestamp(unix, 0)
        .map(timestamp)
        .unwrap_or_default()
}

/// A fresh database for a test: a temporary SQLite file with every migration applied
/// (the folder goes when the returned guard is dropped).
#[cfg(test)]
pub(crate) async fn test_db() -> (tempfile::TempDir, sqlx::SqlitePool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = db::open(&format!("sqlite://{}/test.db", dir.path().display()))
        .await
        .expect("open and migrate");
    (dir, pool)
}
