//! Self check-in in the database: the server's secret the codes are derived from, a
//! session's key for its trainers, and the check-ins the server refused (shown on the
//! roll call). Verifying a check-in is part of sync ingest (`store::sync`), by
//! `domain::check_in`'s rules.

use domain::check_in::{key_is_live, session_key};
use domain::SessionId;
use sqlx::AnyConnection;
use wire::teach::Refusal;

const SECRET: &str = "check_in";

/// The server's check-in secret: 32 random bytes, made the first time it is needed
/// (then only read: roll calls and pushes do not write).
pub async fn secret(conn: &mut AnyConnection) -> Result<Vec<u8>, sqlx::Error> {
    let read = "SELECT value FROM server_secrets WHERE name = $1";
    if let Some((value,)) = sqlx::query_as::<_, (Vec<u8>,)>(read)
        .bind(SECRET)
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok(value);
    }
    let fresh = crate::random_bytes()?;
    sqlx::query(
        "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(SECRET)
    .bind(fresh.as_slice())
    .execute(&mut *conn)
    .await?;
    // Another request may have made it first: theirs stands.
    sqlx::query_as::<_, (Vec<u8>,)>(read)
        .bind(SECRET)
        .fetch_optional(&mut *conn)
        .await?
        .map(|(value,)| value)
        .ok_or(sqlx::Error::RowNotFound)
}

/// The key a session's codes are made with (the caller has checked that the user
/// teaches the session's class), if it is live now (`check_in::key_is_live`).
pub async fn key(
    conn: &mut sqlx::AnyConnection,
    session: SessionId,
    starts: i64,
    ends: i64,
    now: i64,
) -> Result<Option<[u8; 32]>, sqlx::Error> {
    if !key_is_live(starts, ends, now) {
        return Ok(None);
    }
    Ok(Some(session_key(
        &secret(conn).await?,
        &session.to_string(),
        starts,
        ends,
    )))
}

/// The refused check-ins of a session, latest first.
pub async fn refusals(
    conn: &mut sqlx::AnyConnection,
    session: SessionId,
) -> Result<Vec<Refusal>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT learner_id, reason, checked_at FROM check_in_refusals WHERE session_id = $1 \
         ORDER BY checked_at DESC, record_id LIMIT 200",
    )
    .bind(session.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(learner, reason, at)| {
            Some(Refusal {
                learner: learner.parse().ok()?,
                reason: serde_json::from_value(serde_json::Value::String(reason)).ok()?,
                at,
            })
        })
        .collect())
}
