//! Opening the database named by `DATABASE_URL`: the embedded SQLite file (created with
//! its folder when missing; WAL journal, `synchronous=FULL`, busy timeout, foreign keys)
//! or a PostgreSQL server; then the migrations of that backend applied. The rest of the
//! store speaks to either through sqlx's `Any` driver, in SQL both understand.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyConnection, AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

pub static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The two databases Sala runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, from its scheme.
    pub fn of_url(url: &str) -> Option<Backend> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }

    /// The backend a pool speaks to.
    pub fn of_pool(pool: &AnyPool) -> Backend {
        Backend::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Backend::Sqlite)
    }

    /// The backend a connection speaks to.
    pub fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name() == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "DATABASE_URL {url:?} names neither SQLite (sqlite://…) nor PostgreSQL (postgres://…)"
    )]
    UnknownBackend { url: String },
    #[error("DATABASE_URL {url:?} is not a valid database URL: {cause}")]
    BadUrl { url: String, cause: sqlx::Error },
    #[error("{reason}")]
    Setting { reason: String },
    #[error("cannot create the folder {dir:?} for the database: {cause}")]
    Folder { dir: String, cause: std::io::Error },
    #[error("cannot open the database {url}: {cause}")]
    Open { url: String, cause: sqlx::Error },
    #[error("cannot apply migrations to {url}: {cause}")]
    Migrate {
        url: String,
        cause: sqlx::migrate::MigrateError,
    },
}

/// A write transaction that has had its turn. SQLite lets one writer at a time into a
/// file, and its busy handler retries a locked file after sleeps that grow to 100 ms, so
/// writers that meet there wake late and out of turn (under `sala-load devices`, where
/// sign-ins and pushes write side by side, a push's p99 reached 262 ms). Writers of one
/// SQLite database therefore first queue, first come first served, on a lock of this
/// process (one server process serves a SQLite file), and only then take the file's write
/// lock with `BEGIN IMMEDIATE`, which they find free. On PostgreSQL a plain transaction:
/// its rows are locked one by one.
///
/// Hold a `Write` only while writing, and never open a second one while holding one: the
/// queue is not re-entrant.
pub struct Write {
    /// Committed before the turn passes on. Dropped without a commit, its rollback is only
    /// queued on the connection (sqlx), so the next writer may meet the file still locked
    /// for a moment and wait in the busy handler: slower, never wrong.
    pub tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Write {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for Write {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for Write {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// Waits for this process's turn to write to the SQLite database `pool` opens (none on
/// PostgreSQL), then opens the transaction: see [`Write`].
pub async fn write(pool: &AnyPool) -> Result<Write, sqlx::Error> {
    match Backend::of_pool(pool) {
        Backend::Sqlite => {
            let queue = {
                static QUEUES: std::sync::LazyLock<
                    std::sync::Mutex<
                        std::collections::HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>,
                    >,
                > = std::sync::LazyLock::new(Default::default);
                let mut queues = QUEUES.lock().unwrap_or_else(|e| e.into_inner());
                let url = pool.connect_options().database_url.to_string();
                std::sync::Arc::clone(queues.entry(url).or_default())
            };
            let turn = queue.lock_owned().await;
            let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            Ok(Write {
                tx,
                _turn: Some(turn),
            })
        }
        Backend::Postgres => Ok(Write {
            tx: pool.begin().await?,
            _turn: None,
        }),
    }
}

/// A URL fit for a log line: without its password.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority = rest.split('/').next().unwrap_or_default();
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let path = &rest[authority.len()..];
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

/// Opens (creating if needed) and migrates the database at `url`.
pub async fn open(url: &str) -> Result<AnyPool, OpenError> {
    let pool = connect(url).await?;
    let backend = Backend::of_url(url).unwrap_or(Backend::Sqlite);
    backend
        .migrator()
        .run(&pool)
        .await
        .map_err(|cause| OpenError::Migrate {
            url: redacted(url),
            cause,
        })?;
    Ok(pool)
}

/// A pool of one connection of its own for `/healthz`, so that a health check never
/// waits behind requests queued for the main pool; it connects on first use.
pub fn health_pool(url: &str) -> Result<AnyPool, OpenError> {
    sqlx::any::install_default_drivers();
    let options = AnyConnectOptions::from_str(url).map_err(|cause| OpenError::BadUrl {
        url: redacted(url),
        cause,
    })?;
    Ok(AnyPoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy_with(options))
}

/// Whether the database answers: a read of the migrations table (which touches the
/// file or the server), within 2 seconds.
pub async fn answers(pool: &AnyPool) -> bool {
    let ping = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(pool);
    matches!(
        tokio::time::timeout(Duration::from_secs(2), ping).await,
        Ok(Ok((n,))) if n > 0
    )
}

/// Connections a server keeps to its database: `SALA_DB_CONNECTIONS` (1 to 500) when it
/// is set, else 8 on SQLite and 16 on PostgreSQL. On PostgreSQL, servers times this must
/// stay under the server's `max_connections`; each server waits its turn beyond it.
pub fn pool_size(backend: Backend, setting: Option<&str>) -> Result<u32, String> {
    match setting.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }),
        Some(text) => match text.parse::<u32>() {
            Ok(n @ 1..=500) => Ok(n),
            _ => Err(format!(
                "SALA_DB_CONNECTIONS={text:?} is not a number of connections from 1 to 500"
            )),
        },
    }
}

/// Connects to the database at `url` without migrating it.
pub async fn connect(url: &str) -> Result<AnyPool, OpenError> {
    sqlx::any::install_default_drivers();
    let backend =
        Backend::of_url(url).ok_or_else(|| OpenError::UnknownBackend { url: redacted(url) })?;
    let bad_url = |cause| OpenError::BadUrl {
        url: redacted(url),
        cause,
    };
    let mut url = url.to_owned();
    let size = pool_size(
        backend,
        std::env::var("SALA_DB_CONNECTIONS").ok().as_deref(),
    )
    .map_err(|reason| OpenError::Setting { reason })?;
    let pool = match backend {
        Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(&url).map_err(bad_url)?;
            let file = options.get_filename();
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                if !dir.exists() && file.to_str() != Some(":memory:") {
                    std::fs::create_dir_all(dir).map_err(|cause| OpenError::Folder {
                        dir: dir.display().to_string(),
                        cause,
                    })?;
                }
            }
            // Created when missing, unless the URL says otherwise.
            if !url.contains("mode=") {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str("mode=rwc");
            }
            // Eight by default: WAL lets readers run side by side, and pages at 50 connections
            // queued behind four (sala-load pages: /teach p99 50–61 ms with 4, 41–46 with
            // 8); writes still take the one write lock in turn.
            AnyPoolOptions::new()
                .max_connections(size)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // A record acknowledged to a device must survive power loss, not
                        // only a crash: FULL, not WAL's usual NORMAL.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
        }
        Backend::Postgres => AnyPoolOptions::new()
            .max_connections(size)
            .acquire_timeout(Duration::from_secs(10)),
    };
    let options = AnyConnectOptions::from_str(&url).map_err(bad_url)?;
    pool.connect_with(options)
        .await
        .map_err(|cause| OpenError::Open {
            url: redacted(&url),
            cause,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_size_is_the_setting_or_the_backends_default() {
        assert_eq!(pool_size(Backend::Sqlite, None), Ok(8));
        assert_eq!(pool_size(Backend::Postgres, Some(" ")), Ok(16));
        assert_eq!(pool_size(Backend::Postgres, Some("40")), Ok(40));
        for bad in ["0", "501", "lots", "-3"] {
            let refused = pool_size(Backend::Postgres, Some(bad)).expect_err(bad);
            assert!(refused.contains(bad) && refused.contains("SALA_DB_CONNECTIONS"));
        }
    }

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
    async fn migrated_up_to(url: &str, names: &[&str]) -> AnyPool {
        let old = tempfile::tempdir().expect("tempdir");
        let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
        for name in names {
            std::fs::copy(all.join(name), old.path().join(name)).expect("copy");
        }
        let pool = connect(url).await.expect("connect");
        sqlx::migrate::Migrator::new(old.path())
            .await
            .expect("migrator")
            .run(&pool)
            .await
            .expect("old schema");
        pool
    }

    /// Every foreign key points at a row that exists.
    async fn assert_keys_hold(pool: &AnyPool) {
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
        crate::seed::demo_before_standards(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let counts = |pool: AnyPool| async move {
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

    /// Migration 0013 loosens `users.role`'s CHECK in place (SQLite cannot alter one):
    /// the people stay, the keys hold, the file is sound, and a connection that had read
    /// the old schema before takes the new role too — but still no role it does not know.
    #[tokio::test]
    async fn the_national_migration_lets_every_connection_store_the_new_role() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}/sala.db", dir.path().display());
        let names: Vec<String> = std::fs::read_dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite"),
        )
        .expect("migrations")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_str() < "0013")
        .collect();
        let earlier = SQLITE_MIGRATOR.iter().filter(|m| m.version < 13).count();
        assert_eq!(names.len(), earlier);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let pool = migrated_up_to(&url, &names).await;
        // An institute with its people, as the release before left it.
        sqlx::query(
            "INSERT INTO institutes (id, code, name_km, name_en, created_at) \
             VALUES ('i', 'PTC-KPC', 'ក', 'K', '2026-01-01T00:00:00Z')",
        )
        .execute(&pool)
        .await
        .expect("institute");
        for (id, role) in [("a", "admin"), ("l", "learner"), ("t", "trainer")] {
            sqlx::query(
                "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) \
                 VALUES ($1, 'i', $1, '', $1, $2, '2026-01-01T00:00:00Z')",
            )
            .bind(id)
            .bind(role)
            .execute(&pool)
            .await
            .expect("user");
            sqlx::query(
                "INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) \
                 VALUES ($1, $1, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')",
            )
            .bind(id)
            .execute(&pool)
            .await
            .expect("session");
        }
        let users = |pool: AnyPool| async move {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
                .fetch_one(&pool)
                .await
                .expect("count");
            n
        };
        let people = users(pool.clone()).await;
        // A connection that has read the schema as it was.
        let mut old = pool.acquire().await.expect("connection");
        sqlx::query("SELECT COUNT(*) FROM users")
            .execute(&mut *old)
            .await
            .expect("read");
        let insert = |id: &str, role: &str| {
            format!(
                "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, created_at) \
                 SELECT '{id}', id, '{id}', '', '{id}', '{role}', '2026-12-01T00:00:00Z' FROM institutes LIMIT 1"
            )
        };
        assert!(sqlx::query(&insert("early", "national"))
            .execute(&mut *old)
            .await
            .is_err());
        SQLITE_MIGRATOR.run(&pool).await.expect("migration 0013");
        sqlx::query(&insert("nat", "national"))
            .execute(&mut *old)
            .await
            .expect("the connection that read the old schema takes the new role");
        assert!(sqlx::query(&insert("bad", "superuser"))
            .execute(&mut *old)
            .await
            .is_err());
        drop(old);
        assert_eq!(users(pool.clone()).await, people + 1);
        let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM auth_sessions")
            .fetch_one(&pool)
            .await
            .expect("sessions");
        assert_eq!(sessions, 3, "no session ended by the migration");
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .expect("integrity");
        assert_eq!(check, "ok");
        assert_keys_hold(&pool).await;
    }

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(
            redacted("postgres://sala:s3cret@db.example:5432/sala?sslmode=require"),
            "postgres://sala:***@db.example:5432/sala?sslmode=require"
        );
        assert_eq!(
            redacted("postgres://sala@127.0.0.1/sala"),
            "postgres://sala@127.0.0.1/sala"
        );
        assert_eq!(redacted("sqlite://data/sala.db"), "sqlite://data/sala.db");
        assert_eq!(Backend::of_url("mysql://x"), None);
        assert_eq!(Backend::of_url("postgresql://x/y"), Some(Backend::Postgres));
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
