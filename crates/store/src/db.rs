//! Opening the embedded SQLite database: create the file (and its folder) when
//! missing, WAL journal, busy timeout, foreign keys, and the migrations applied.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL {url:?} is not a valid SQLite URL: {cause}")]
    BadUrl { url: String, cause: sqlx::Error },
    #[error("cannot create the folder {dir:?} for the database: {cause}")]
    Folder { dir: String, cause: std::io::Error },
    #[error("cannot open the database {url:?}: {cause}")]
    Open { url: String, cause: sqlx::Error },
    #[error("cannot apply migrations to {url:?}: {cause}")]
    Migrate {
        url: String,
        cause: sqlx::migrate::MigrateError,
    },
}

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn open(url: &str) -> Result<SqlitePool, OpenError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|cause| OpenError::BadUrl {
            url: url.to_owned(),
            cause,
        })?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A record acknowledged to a device must survive power loss, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let file = options.get_filename();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() && file.to_str() != Some(":memory:") {
            std::fs::create_dir_all(dir).map_err(|cause| OpenError::Folder {
                dir: dir.display().to_string(),
                cause,
            })?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|cause| OpenError::Open {
            url: url.to_owned(),
            cause,
        })?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|cause| OpenError::Migrate {
            url: url.to_owned(),
            cause,
        })?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opens_creates_folder_and_migrates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/nested/sala.db", dir.path().display());
        let pool = open(&url).await.expect("opens");
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM institutes")
            .fetch_one(&pool)
            .await
            .expect("table exists");
        assert_eq!(n, 0);
        // Opening again re-runs nothing and keeps the data.
        pool.close().await;
        open(&url).await.expect("reopens");
    }

    /// A database at `url` with only the migrations `names` applied, as an older
    /// release left it.
    async fn migrated_up_to(url: &str, names: &[&str]) -> SqlitePool {
        let old = tempfile::tempdir().expect("tempdir");
        let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
        for name in names {
            std::fs::copy(all.join(name), old.path().join(name)).expect("copy");
        }
        let options = SqliteConnectOptions::from_str(url)
            .expect("url")
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .expect("connect");
        sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("migrator")
            .run(&pool)
            .await
            .expect("old schema");
        pool
    }

    /// Every foreign key points at a row that exists.
    async fn assert_keys_hold(pool: &SqlitePool) {
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(pool)
                .await
                .expect("fk check");
        assert!(broken.is_empty(), "{broken:?}");
    }

    /// Migration 0003 rebuilds `sync_records` (and `check_attempts`, which references it):
    /// a database that already holds synced records keeps every one.
    #[tokio::test]
    async fn the_attendance_migration_keeps_what_was_synced() {
        use domain::sync::{Record, RecordBody};
        use domain::{DeviceId, RecordId};
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/sala.db", dir.path().display());
        // The database as the previous release left it: migrations 0001 and 0002.
        let pool = migrated_up_to(&url, &["0001_foundation.sql", "0002_sync.sql"]).await;
        crate::seed::demo_without_attendance(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let (lesson,): (String,) = sqlx::query_as("SELECT id FROM lessons LIMIT 1")
            .fetch_one(&pool)
            .await
            .expect("lesson");
        let lesson = lesson.parse().expect("id");
        let learner = crate::users::CurrentUser {
            id: crate::seed::seed_id("user:learner").parse().expect("id"),
            institute: crate::seed::seed_id("institute").parse().expect("id"),
            role: domain::Role::Learner,
            username: "learner".into(),
            display_name: Default::default(),
        };
        let record = |n: u128, body| Record {
            id: RecordId(uuid::Uuid::from_u128(n)),
            by: None,
            seq: n as u64,
            at: "2026-11-30T08:00:00Z".into(),
            body,
        };
        let batch = [
            record(1, RecordBody::LessonDone { lesson }),
            record(
                2,
                RecordBody::CheckAttempt {
                    lesson,
                    answers: vec![vec![0]],
                    score: 1,
                    max: 1,
                },
            ),
        ];
        crate::sync::push(&pool, &learner, DeviceId(uuid::Uuid::nil()), &batch)
            .await
            .expect("push");
        pool.close().await;

        let pool = open(&url).await.expect("migrates to the current schema");
        let count = |table: &'static str| {
            let pool = pool.clone();
            async move {
                let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&pool)
                    .await
                    .expect("count");
                n
            }
        };
        assert_eq!(count("sync_records").await, 2);
        assert_eq!(count("check_attempts").await, 1);
        assert_eq!(count("lesson_progress").await, 1);
        assert_keys_hold(&pool).await;
        // Replaying an old record is still a duplicate.
        let again = crate::sync::push(&pool, &learner, DeviceId(uuid::Uuid::nil()), &batch[..1])
            .await
            .expect("push");
        assert_eq!(again[0].outcome, domain::sync::Outcome::Duplicate);
    }

    /// Migration 0004 rebuilds `sync_records` again (without its CHECK on kind), setting
    /// aside `check_attempts` and `attendance_marks`: a database with the demo's marked
    /// history keeps every record and mark.
    #[tokio::test]
    async fn the_check_in_migration_keeps_records_and_marks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/sala.db", dir.path().display());
        let pool = migrated_up_to(
            &url,
            &[
                "0001_foundation.sql",
                "0002_sync.sql",
                "0003_attendance.sql",
            ],
        )
        .await;
        crate::seed::demo(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let counts = |pool: SqlitePool| async move {
            let mut n = Vec::new();
            for table in ["sync_records", "attendance_marks", "check_attempts"] {
                let (c,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&pool)
                    .await
                    .expect("count");
                n.push(c);
            }
            n
        };
        let before = counts(pool.clone()).await;
        assert!(before[1] > 100, "{before:?}");
        pool.close().await;
        let pool = open(&url).await.expect("migrates to the current schema");
        assert_eq!(counts(pool.clone()).await, before);
        assert_keys_hold(&pool).await;
    }

    #[tokio::test]
    async fn an_unopenable_path_is_a_clear_error() {
        let err = open("sqlite:///proc/no-such-dir/sala.db")
            .await
            .expect_err("must fail");
        let text = err.to_string();
        assert!(text.contains("/proc/no-such-dir"), "{text}");
    }
}
