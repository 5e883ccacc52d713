//! Moving up: copying an institute's SQLite database into an empty PostgreSQL one, so
//! that devices keep syncing without a full re-pull — every row as it was, server
//! sequence numbers (the devices' cursors) included, and the sequences set to go on after
//! them. The target is migrated first and must be empty; the copy is one transaction on
//! the target (all or nothing) read from one snapshot of the source.
//!
//! Tables are copied in the order their foreign keys need, read from SQLite's own schema,
//! so a table a later migration adds is copied without this file changing.

use crate::db::Backend;
use crate::sql::Sql;
use futures_util::TryStreamExt;
use sqlx::{Acquire, AnyPool, Row};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per insert statement.
const ROWS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the source must be a SQLite database (sqlite://…) and the target a PostgreSQL one (postgres://…)")]
    Backends,
    #[error("the target database is not empty (table {table} has {rows} rows): copy only into a new, empty database")]
    TargetNotEmpty { table: String, rows: i64 },
    #[error("the target database lacks table {table}: are both at the same release?")]
    MissingTable { table: String },
    #[error("column {table}.{column} has type {kind} on PostgreSQL, which the copy does not know")]
    UnknownType {
        table: String,
        column: String,
        kind: String,
    },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Rows copied, per table.
pub type CopyReport = BTreeMap<String, i64>;

/// Copies every table of `from` (SQLite, migrated) into `to` (PostgreSQL, migrated,
/// empty).
pub async fn sqlite_to_postgres(from: &AnyPool, to: &AnyPool) -> Result<CopyReport, CopyError> {
    if Backend::of_pool(from) != Backend::Sqlite || Backend::of_pool(to) != Backend::Postgres {
        return Err(CopyError::Backends);
    }
    let mut source = from.acquire().await?;
    // One snapshot of the source for the whole copy.
    let mut source = source.begin().await?;
    let tables = tables_in_key_order(&mut source).await?;
    let mut target = to.begin().await?;
    for table in &tables {
        let (rows,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *target)
            .await
            .map_err(|_| CopyError::MissingTable {
                table: table.clone(),
            })?;
        if rows > 0 {
            return Err(CopyError::TargetNotEmpty {
                table: table.clone(),
                rows,
            });
        }
    }
    let mut report = CopyReport::new();
    for table in &tables {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *target)
        .await?;
        let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
        let insert = format!("INSERT INTO {table} ({}) VALUES ", names.join(", "));
        let select = format!("SELECT {} FROM {table} ORDER BY rowid", names.join(", "));
        let mut rows = sqlx::query(&select).fetch(&mut *source);
        let mut batch = Sql::new(Backend::Postgres, &insert);
        let (mut in_batch, mut copied) = (0, 0_i64);
        while let Some(row) = rows.try_next().await? {
            if in_batch > 0 {
                batch.push(", ");
            }
            batch.open();
            for (i, (column, kind)) in columns.iter().enumerate() {
                match kind.as_str() {
                    "bigint" | "integer" | "smallint" => {
                        batch.item(row.try_get::<Option<i64>, _>(i)?);
                    }
                    "text" | "character varying" => {
                        batch.item(row.try_get::<Option<String>, _>(i)?);
                    }
                    "bytea" => {
                        batch.item(row.try_get::<Option<Vec<u8>>, _>(i)?);
                    }
                    "double precision" | "real" => {
                        batch.item(row.try_get::<Option<f64>, _>(i)?);
                    }
                    other => {
                        return Err(CopyError::UnknownType {
                            table: table.clone(),
                            column: column.clone(),
                            kind: other.to_owned(),
                        })
                    }
                }
            }
            batch.close();
            in_batch += 1;
            copied += 1;
            if in_batch == ROWS {
                let full = std::mem::replace(&mut batch, Sql::new(Backend::Postgres, &insert));
                let (text, args) = full.finish()?;
                sqlx::query_with(&text, args).execute(&mut *target).await?;
                in_batch = 0;
            }
        }
        drop(rows);
        if in_batch > 0 {
            let (text, args) = batch.finish()?;
            sqlx::query_with(&text, args).execute(&mut *target).await?;
        }
        report.insert(table.clone(), copied);
    }
    // Sequences (the sync records' server_seq) go on after the copied numbers.
    let serials: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
    )
    .fetch_all(&mut *target)
    .await?;
    for (table, column) in serials {
        sqlx::query(&format!(
            "SELECT CAST(setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false) AS BIGINT)"
        ))
        .execute(&mut *target)
        .await?;
    }
    target.commit().await?;
    source.rollback().await?;
    Ok(report)
}

/// The source's tables (but sqlx's own), each after the tables its foreign keys name.
async fn tables_in_key_order(source: &mut sqlx::AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *source)
    .await?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name,) in names {
        let parents: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
                .bind(&name)
                .fetch_all(&mut *source)
                .await?;
        needs.insert(
            name.clone(),
            parents
                .into_iter()
                .map(|(p,)| p)
                .filter(|p| *p != name)
                .collect(),
        );
    }
    let mut ordered: Vec<String> = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<String> = needs
            .iter()
            .filter(|(_, parents)| parents.iter().all(|p| ordered.contains(p)))
            .map(|(name, _)| name.clone())
            .collect();
        if ready.is_empty() {
            // A cycle of keys (none in Sala's schema): the rest in name order.
            ordered.extend(needs.keys().cloned());
            break;
        }
        for name in ready {
            needs.remove(&name);
            ordered.push(name);
        }
    }
    Ok(ordered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{self, seed_id};
    use crate::users::CurrentUser;
    use domain::sync::{Outcome, Record, RecordBody};
    use domain::{DeviceId, RecordId, Role};

    fn learner() -> CurrentUser {
        CurrentUser {
            id: seed_id("user:learner").parse().expect("id"),
            institute: seed_id("institute").parse().expect("id"),
            role: Role::Learner,
            username: "learner".into(),
            display_name: Default::default(),
        }
    }

    fn time_spent(lesson: domain::LessonId, seq: u64) -> Record {
        Record {
            id: RecordId(uuid::Uuid::now_v7()),
            by: None,
            seq,
            at: "2026-11-30T09:00:00Z".into(),
            body: RecordBody::TimeSpent {
                lesson,
                seconds: 45,
            },
        }
    }

    async fn count(pool: &AnyPool, table: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .expect("count");
        n
    }

    /// An institute's SQLite database, with the demo's attendance history, synced
    /// records and a signed-in device, copied into an empty PostgreSQL: every table's rows,
    /// the same pull for a device's cursor, the session still valid, new records numbered
    /// after the old — and a second copy into the now non-empty target refused.
    #[tokio::test]
    async fn an_institute_moves_to_postgres_and_its_devices_sync_on() {
        if std::env::var_os("SALA_TEST_POSTGRES_URL").is_none() {
            assert!(
                std::env::var_os("SALA_REQUIRE_POSTGRES").is_none(),
                "SALA_REQUIRE_POSTGRES is set but SALA_TEST_POSTGRES_URL is not"
            );
            eprintln!("skipped: no SALA_TEST_POSTGRES_URL (scripts/test sets it)");
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let sqlite = crate::db::open(&format!("sqlite://{}/sala.db", dir.path().display()))
            .await
            .expect("sqlite");
        seed::demo(
            &sqlite,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let (lesson,): (String,) = sqlx::query_as("SELECT id FROM lessons ORDER BY id LIMIT 1")
            .fetch_one(&sqlite)
            .await
            .expect("lesson");
        let lesson = lesson.parse().expect("id");
        let device = DeviceId(uuid::Uuid::now_v7());
        let batch: Vec<Record> = (1..=30).map(|seq| time_spent(lesson, seq)).collect();
        crate::sync::push(&sqlite, &learner(), device, &batch)
            .await
            .expect("push");
        let token = crate::auth_sessions::create(&sqlite, learner().id, "Phone")
            .await
            .expect("session")
            .0;
        let before = crate::sync::pull(&sqlite, &learner(), 0, 500)
            .await
            .expect("pull");

        let postgres = crate::db::open(
            &crate::testing::fresh_postgres()
                .await
                .expect("a test database"),
        )
        .await
        .expect("postgres");
        let report = sqlite_to_postgres(&sqlite, &postgres).await.expect("copy");
        assert!(report.len() > 15, "{report:?}");
        assert!(report["attendance_marks"] > 100, "{report:?}");
        for (table, rows) in &report {
            assert_eq!(count(&sqlite, table).await, *rows, "{table}");
            assert_eq!(count(&postgres, table).await, *rows, "{table}");
        }
        // The device's cursor means the same on the new database.
        let after = crate::sync::pull(&postgres, &learner(), 0, 500)
            .await
            .expect("pull");
        assert_eq!(after, before);
        let signed_in = crate::auth_sessions::user(&postgres, &token)
            .await
            .expect("lookup");
        assert_eq!(signed_in.map(|u| u.id), Some(learner().id));
        let next = time_spent(lesson, 31);
        let results = crate::sync::push(&postgres, &learner(), device, std::slice::from_ref(&next))
            .await
            .expect("push");
        assert_eq!(results[0].outcome, Outcome::Accepted);
        let new = crate::sync::pull(&postgres, &learner(), before.cursor, 500)
            .await
            .expect("pull");
        assert_eq!(
            new.records.iter().map(|r| r.id).collect::<Vec<_>>(),
            [next.id]
        );
        assert!(new.cursor > before.cursor);

        match sqlite_to_postgres(&sqlite, &postgres).await {
            Err(CopyError::TargetNotEmpty { .. }) => {}
            other => panic!("a non-empty target must be refused: {other:?}"),
        }
        assert_eq!(
            count(&postgres, "sync_records").await,
            report["sync_records"] + 1
        );
        match sqlite_to_postgres(&sqlite, &sqlite).await {
            Err(CopyError::Backends) => {}
            other => panic!("{other:?}"),
        }
    }
}
