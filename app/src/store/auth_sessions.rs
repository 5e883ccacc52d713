//! Server-side sign-in sessions. The cookie carries a random token; the table keeps
//! only its SHA-256, so a copy of the database cannot be used to sign in.

use super::users::UserRow;
use crate::auth::CurrentUser;
use crate::domain::UserId;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

/// How long a session lasts: long enough for weeks offline in a workshop.
pub const SESSION_DAYS: i64 = 60;

/// The secret in the session cookie. Not `Serialize`.
pub struct SessionToken(pub String);

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn create(pool: &SqlitePool, user: UserId) -> Result<SessionToken, sqlx::Error> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let now = Utc::now();
    sqlx::query("INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(token_hash(&token))
        .bind(user.to_string())
        .bind(super::timestamp(now))
        .bind(super::timestamp(now + Duration::days(SESSION_DAYS)))
        .execute(pool)
        .await?;
    Ok(SessionToken(token))
}

/// The user of an unexpired session.
pub async fn user(pool: &SqlitePool, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT u.id, u.institute_id, u.username, u.display_name_km, u.display_name_en, u.role \
         FROM auth_sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = ? AND s.expires_at > ?",
    )
    .bind(token_hash(token))
    .bind(super::now())
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(UserRow::into_current))
}

pub async fn delete(pool: &SqlitePool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM auth_sessions WHERE token_hash = ? OR expires_at <= ?")
        .bind(token_hash(token))
        .bind(super::now())
        .execute(pool)
        .await?;
    Ok(())
}
