//! The two backends' migrations are kept in step: the same migrations (version and
//! name) in `migrations/sqlite/` and `migrations/postgres/`, and once applied, the same
//! tables with the same columns.
//!
//! The PostgreSQL half needs a server: `SALA_TEST_POSTGRES_URL` (a role that may create
//! databases; `scripts/test` starts a throwaway cluster and sets it, with
//! `SALA_REQUIRE_POSTGRES=1` so that a missing server fails rather than skips).

use sqlx::migrate::Migrator;
use sqlx::{Connection, Executor};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn dir(backend: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(backend)
}

/// The migration files of a backend: `0001_foundation.sql`, …
fn files(backend: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir(backend))
        .expect("migrations folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = files("sqlite");
    let postgres = files("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "a migration one backend has and the other lacks"
    );
}

type Columns = BTreeSet<(String, String)>;

async fn sqlite_columns() -> Columns {
    let folder = tempfile::tempdir().expect("tempdir");
    let pool = store::db::open(&format!("sqlite://{}/schema.db", folder.path().display()))
        .await
        .expect("open and migrate");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .expect("columns");
    rows.into_iter().collect()
}

/// A fresh database on the test server with the PostgreSQL migrations applied; its
/// columns; and the database dropped again.
async fn postgres_columns(url: &str) -> Columns {
    let name = format!("sala_schema_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url)
        .await
        .expect("the test PostgreSQL server");
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
        .await
        .expect("drop");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create");
    let mut options: sqlx::postgres::PgConnectOptions = url.parse().expect("url");
    options = options.database(&name);
    let columns = {
        let mut conn = sqlx::PgConnection::connect_with(&options)
            .await
            .expect("connect");
        Migrator::new(dir("postgres"))
            .await
            .expect("migrations")
            .run(&mut conn)
            .await
            .expect("the PostgreSQL migrations apply");
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .expect("columns");
        conn.close().await.expect("close");
        rows.into_iter().collect()
    };
    admin
        .execute(format!("DROP DATABASE {name}").as_str())
        .await
        .expect("drop");
    columns
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let Ok(url) = std::env::var("SALA_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("SALA_REQUIRE_POSTGRES").is_none(),
            "SALA_REQUIRE_POSTGRES is set but SALA_TEST_POSTGRES_URL is not"
        );
        eprintln!("skipped: no SALA_TEST_POSTGRES_URL (scripts/test sets it)");
        return;
    };
    let sqlite = sqlite_columns().await;
    let postgres = postgres_columns(&url).await;
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ: only on SQLite {only_sqlite:?}; only on PostgreSQL {only_postgres:?}"
    );
    assert!(sqlite.len() > 50, "{} columns", sqlite.len());
}
