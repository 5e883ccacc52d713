//! Server-side sign-in sessions. The cookie carries a random token; the table keeps
//! only its SHA-256, so a copy of the database cannot be used to sign in.
//!
//! A session ends after [`SESSION_DAYS`] (long enough for weeks offline in a workshop),
//! after [`IDLE_DAYS`] without use (a lost phone stops working on its own), when its
//! person signs out there or from another device, when an admin ends all of a person's
//! sessions, or when the person has more than [`MAX_SESSIONS`] (the oldest ends).

use super::users::UserRow;
use crate::users::CurrentUser;
use chrono::{Duration, Utc};
use domain::UserId;
use sha2::{Digest, Sha256};
use sqlx::Acquire;

pub const SESSION_DAYS: i64 = 60;
pub const IDLE_DAYS: i64 = 30;
pub const MAX_SESSIONS: i64 = 10;
/// `last_seen_at` is written at most this often (not on every request).
const SEEN_EVERY_MINUTES: i64 = 60;

/// The secret in the session cookie. Not `Serialize`.
pub struct SessionToken(pub String);

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes as hex: a session token, a device token.
pub fn random_token() -> std::io::Result<String> {
    Ok(hex(&crate::random_bytes()?))
}

/// Opens a session for `user` on `device` (a short description of the browser).
pub async fn create(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: UserId,
    device: &str,
) -> Result<SessionToken, sqlx::Error> {
    let mut conn = db.acquire().await?;
    create_on(&mut conn, user, device).await
}

/// [`create`] on a connection (inside a transaction of the caller's, for one).
pub(crate) async fn create_on(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    device: &str,
) -> Result<SessionToken, sqlx::Error> {
    let token = random_token()?;
    let now = Utc::now();
    let mut tx = sqlx::Connection::begin(conn).await?;
    sqlx::query(
        "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at, last_seen_at, device) \
         VALUES ($1, $2, $3, $4, $3, $5)",
    )
    .bind(token_hash(&token))
    .bind(user.to_string())
    .bind(super::timestamp(now))
    .bind(super::timestamp(now + Duration::days(SESSION_DAYS)))
    .bind(device.chars().take(80).collect::<String>())
    .execute(&mut *tx)
    .await?;
    // The oldest ones beyond the cap end — never the one just opened: times are to the
    // second, and among sessions opened in the same second the order alone could pick it
    // (seen under `sala-load pages`, whose sign-ins come many a second: signed in, then
    // at once signed out).
    let hash = token_hash(&token);
    sqlx::query(
        "DELETE FROM auth_sessions WHERE user_id = $1 AND token_hash <> $3 AND token_hash NOT IN ( \
           SELECT token_hash FROM auth_sessions WHERE user_id = $1 AND token_hash <> $3 \
           ORDER BY last_seen_at DESC, created_at DESC LIMIT $2)",
    )
    .bind(user.to_string())
    .bind(MAX_SESSIONS - 1)
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(SessionToken(token))
}

/// The user of a live session (not expired, not idle too long); notes that it was used
/// (a write at most once an hour per session, not on every request).
pub async fn user(
    db: impl Acquire<'_, Database = sqlx::Any>,
    token: &str,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    #[derive(sqlx::FromRow)]
    struct Live {
        #[sqlx(flatten)]
        user: UserRow,
        last_seen_at: String,
    }
    let now = Utc::now();
    let hash = token_hash(token);
    let row: Option<Live> = sqlx::query_as(
        "SELECT u.id, u.institute_id, u.username, u.display_name_km, u.display_name_en, u.role, s.last_seen_at \
         FROM auth_sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.deactivated_at IS NULL",
    )
    .bind(&hash)
    .bind(super::timestamp(now))
    .bind(super::timestamp(now - Duration::days(IDLE_DAYS)))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(live) = row else {
        return Ok(None);
    };
    if live.last_seen_at < super::timestamp(now - Duration::minutes(SEEN_EVERY_MINUTES)) {
        sqlx::query("UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(super::timestamp(now))
            .bind(&hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(live.user.into_current())
}

/// One of a person's signed-in devices, as their account page lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionInfo {
    /// Names the session in "sign out there" (the hash of its token, never the token).
    pub id: String,
    pub device: String,
    pub created_at: String,
    pub last_seen_at: String,
    /// The session of the request that asks.
    pub this_one: bool,
}

/// `user`'s live sessions, most recently used first.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: UserId,
    current_token: &str,
) -> Result<Vec<SessionInfo>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let current = token_hash(current_token);
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT token_hash, device, created_at, last_seen_at FROM auth_sessions \
         WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 \
         ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(user.to_string())
    .bind(super::now())
    .bind(super::timestamp(Utc::now() - Duration::days(IDLE_DAYS)))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, device, created_at, last_seen_at)| SessionInfo {
            this_one: id == current,
            id,
            device,
            created_at,
            last_seen_at,
        })
        .collect())
}

/// Ends one of `user`'s sessions by its id (a person signing out another device).
pub async fn end(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: UserId,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let done = sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1 AND token_hash = $2")
        .bind(user.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Ends every session of `user` (an admin, for a lost phone or a person who left).
pub async fn end_all(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: UserId,
) -> Result<u64, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let done = sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Signing out: ends this session (and clears expired ones).
pub async fn delete(
    db: impl Acquire<'_, Database = sqlx::Any>,
    token: &str,
) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    sqlx::query("DELETE FROM auth_sessions WHERE token_hash = $1 OR expires_at <= $2")
        .bind(token_hash(token))
        .bind(super::now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A short description of the browser a session is on, from its `User-Agent`: the
/// system and the browser, as a person would recognise their phone.
pub fn describe_device(user_agent: &str) -> String {
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| name);
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_described_as_people_know_them() {
        let pixel = "Mozilla/5.0 (Linux; Android 11; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/159.0 Mobile Safari/537.36";
        assert_eq!(describe_device(pixel), "Chrome · Android");
        assert_eq!(describe_device("curl/8.0"), "");
    }

    /// Sign-ins many a second, past the cap: each new session works at once, and the
    /// person keeps `MAX_SESSIONS`.
    #[tokio::test]
    async fn a_new_session_is_never_the_one_the_cap_ends() {
        let (_db, pool) = crate::testing::open().await.expect("db");
        crate::seed::demo(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let learner: UserId = crate::seed::seed_id("user:learner").parse().expect("id");
        for i in 0..3 * MAX_SESSIONS {
            let token = create(&pool, learner, "test").await.expect("session");
            assert!(
                user(&pool, &token.0).await.expect("lookup").is_some(),
                "session {i} ended as it opened"
            );
        }
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM auth_sessions WHERE user_id = $1")
            .bind(learner.to_string())
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(n, MAX_SESSIONS);
    }
}
