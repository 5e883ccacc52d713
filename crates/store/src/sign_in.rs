//! Sign-in limits and trusted devices in the database, so that every server process
//! counts the same attempts (`domain::sign_in` says which counters and how many).

use domain::sign_in::{wait, Limit, WINDOW_SECONDS};
use domain::UserId;
use sqlx::Acquire;

/// Reserves one attempt on every counter, in one transaction: `Err(seconds)` when one of
/// them is used up (the attempt stays counted; the window does not move).
pub async fn reserve(
    pool: &sqlx::AnyPool,
    limits: &[Limit],
    now: i64,
) -> Result<Result<(), u64>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let mut refused = None;
    for limit in limits {
        let (attempts, window_start): (i64, i64) = sqlx::query_as(
            "INSERT INTO sign_in_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               attempts = CASE WHEN sign_in_attempts.window_start <= $3 THEN 1 \
                               ELSE sign_in_attempts.attempts + 1 END, \
               window_start = CASE WHEN sign_in_attempts.window_start <= $3 THEN $2 \
                                   ELSE sign_in_attempts.window_start END \
             RETURNING attempts, window_start",
        )
        .bind(&limit.key)
        .bind(now)
        .bind(now - WINDOW_SECONDS)
        .fetch_one(&mut *tx)
        .await?;
        let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
        if let Some(seconds) = wait(attempts, limit.max, window_start, now) {
            refused = Some(refused.map_or(seconds, |s: u64| s.max(seconds)));
        }
    }
    tx.commit().await?;
    Ok(refused.map_or(Ok(()), Err))
}

/// A successful sign-in gives its attempts back: its username or device counter is
/// cleared, its address counter loses this one attempt.
pub async fn release(conn: &mut sqlx::AnyConnection, limits: &[Limit]) -> Result<(), sqlx::Error> {
    for limit in limits {
        let sql = if limit.cleared_by_success {
            "DELETE FROM sign_in_attempts WHERE key = $1"
        } else {
            "UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0"
        };
        sqlx::query(sql)
            .bind(&limit.key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A sign-in that passed: its attempts given back ([`release`]), its device trusted
/// ([`trust`]) and its session opened ([`crate::auth_sessions::create`]), in one write.
pub async fn succeeded(
    pool: &sqlx::AnyPool,
    limits: &[Limit],
    device_token: &str,
    user: UserId,
    device: &str,
) -> Result<crate::auth_sessions::SessionToken, sqlx::Error> {
    let mut write = crate::db::write(pool).await?;
    release(&mut write, limits).await?;
    trust(&mut write, device_token, user).await?;
    let session = crate::auth_sessions::create_on(&mut write, user, device).await?;
    write.commit().await?;
    Ok(session)
}

/// Whether the device with this token has signed in as `user` before.
pub async fn is_trusted(
    db: impl Acquire<'_, Database = sqlx::Any>,
    token: &str,
    user: UserId,
) -> Result<bool, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM trusted_devices WHERE token_hash = $1 AND user_id = $2")
            .bind(super::auth_sessions::token_hash(token))
            .bind(user.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Remembers that the device with this token signed in as `user`.
pub async fn trust(
    conn: &mut sqlx::AnyConnection,
    token: &str,
    user: UserId,
) -> Result<(), sqlx::Error> {
    let now = super::now();
    sqlx::query(
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash, user_id) DO UPDATE SET last_used_at = $3",
    )
    .bind(super::auth_sessions::token_hash(token))
    .bind(user.to_string())
    .bind(&now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::sign_in::{limits, MAX_PER_USERNAME};

    #[tokio::test]
    async fn attempts_are_reserved_before_checking_and_a_success_gives_them_back() {
        let (_dir, pool) = crate::test_db().await;
        let now = 1_800_000_000;
        let l = limits("trainer", Some("10.0.0.7"), None);
        for _ in 0..MAX_PER_USERNAME {
            assert_eq!(reserve(&pool, &l, now).await.expect("db"), Ok(()));
        }
        assert_eq!(reserve(&pool, &l, now + 60).await.expect("db"), Err(840));
        // Another name from the same address is not locked by it.
        let other = limits("learner", Some("10.0.0.7"), None);
        assert_eq!(reserve(&pool, &other, now).await.expect("db"), Ok(()));
        let mut conn = pool.acquire().await.expect("conn");
        release(&mut conn, &other).await.expect("release");
        drop(conn);
        let attempts = |key: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query_as::<_, (i64,)>("SELECT attempts FROM sign_in_attempts WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&pool)
                    .await
                    .expect("attempts")
                    .map(|(n,)| n)
            }
        };
        // Seven attempts from the address, one of them a success given back.
        assert_eq!(attempts("addr:10.0.0.7").await, Some(6));
        assert_eq!(
            attempts("user:learner").await,
            None,
            "cleared by the success"
        );
        // After the window, a fresh start.
        assert_eq!(
            reserve(&pool, &l, now + WINDOW_SECONDS).await.expect("db"),
            Ok(())
        );
        assert_eq!(attempts("user:trainer").await, Some(1));
    }
}
