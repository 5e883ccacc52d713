//! Opening the embedded SQLite database: create the file (and its folder) when
//! missing, WAL journal, busy timeout, foreign keys, and the migrations applied.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

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

    #[tokio::test]
    async fn an_unopenable_path_is_a_clear_error() {
        let err = open("sqlite:///proc/no-such-dir/sala.db")
            .await
            .expect_err("must fail");
        let text = err.to_string();
        assert!(text.contains("/proc/no-such-dir"), "{text}");
    }
}
