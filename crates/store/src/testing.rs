//! Fresh databases for tests (feature `testing`, and the store's own tests): a
//! temporary SQLite file by default, or — with `SALA_TEST_BACKEND=postgres` — a new,
//! empty database on the PostgreSQL server at `SALA_TEST_POSTGRES_URL` (the throwaway
//! cluster `scripts/test` starts, which runs the store and router tests once per
//! backend).

use crate::db::Backend;
use sqlx::{Connection, Executor};

/// A database URL that lives as long as this value (a SQLite file's folder goes with
/// it; a PostgreSQL test database goes with the throwaway cluster).
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// The backend tests run on: `SALA_TEST_BACKEND`, SQLite unless it says `postgres`.
pub fn backend() -> Backend {
    match std::env::var("SALA_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Why a test database could not be made.
pub type TestDbError = String;

/// A new, empty database on the tests' backend (not yet migrated).
pub async fn fresh() -> Result<TestDb, TestDbError> {
    match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().map_err(|e| format!("a temporary folder: {e}"))?;
            Ok(TestDb {
                url: format!("sqlite://{}/sala.db", dir.path().display()),
                _dir: Some(dir),
            })
        }
        Backend::Postgres => Ok(TestDb {
            url: fresh_postgres().await?,
            _dir: None,
        }),
    }
}

/// A new database on the test PostgreSQL server, and its URL.
pub async fn fresh_postgres() -> Result<String, TestDbError> {
    let server = std::env::var("SALA_TEST_POSTGRES_URL").map_err(|_| {
        "SALA_TEST_BACKEND=postgres needs SALA_TEST_POSTGRES_URL (scripts/test sets both)"
            .to_owned()
    })?;
    let bytes = crate::random_bytes().map_err(|e| e.to_string())?;
    let name = format!("sala_test_{}", crate::auth_sessions::hex(&bytes[..8]));
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .map_err(|e| format!("the test PostgreSQL server: {e}"))?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .map_err(|e| format!("create a test database: {e}"))?;
    admin.close().await.map_err(|e| e.to_string())?;
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server.as_str(), String::new()),
    };
    let (root, _) = base
        .rsplit_once('/')
        .ok_or_else(|| format!("{server} names no database"))?;
    Ok(format!("{root}/{name}{query}"))
}

/// A fresh, migrated database on the tests' backend, and its pool.
pub async fn open() -> Result<(TestDb, sqlx::AnyPool), TestDbError> {
    let db = fresh().await?;
    let pool = crate::db::open(&db.url).await.map_err(|e| e.to_string())?;
    Ok((db, pool))
}

/// The demo's curriculum developer, as a member of `institute` (an id).
pub fn curriculum(institute: &str) -> crate::users::CurrentUser {
    crate::users::CurrentUser {
        id: crate::seed::seed_id("user:curriculum")
            .parse()
            .unwrap_or(domain::UserId(uuid::Uuid::nil())),
        institute: institute
            .parse()
            .unwrap_or(domain::InstituteId(uuid::Uuid::nil())),
        role: domain::Role::Curriculum,
        username: "curriculum".into(),
        display_name: Default::default(),
    }
}

/// A published RPL package for the first unit of the first standard that has criteria
/// (see [`published_package_of`]): that unit's id and its qualification's.
pub async fn published_package(pool: &sqlx::AnyPool, institute: &str) -> (String, String) {
    let (unit, qualification): (String, String) = sqlx::query_as(
        "SELECT u.id, u.qualification_id FROM units u WHERE EXISTS (SELECT 1 FROM elements e WHERE e.unit_id = u.id) \
         ORDER BY u.qualification_id, u.position LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .expect("a unit with criteria");
    published_package_of(pool, institute, &unit).await;
    (unit, qualification)
}

/// A published RPL package for `unit`, written by the demo's curriculum developer of
/// `institute`: statements, a photo requirement, one task showing every criterion, one
/// question showing the first, and one question for the third party.
pub async fn published_package_of(pool: &sqlx::AnyPool, institute: &str, unit: &str) {
    use domain::rpl::package::{EvidenceKind, EvidenceRule, Item, Package, Statement};
    use domain::Localized;
    let unit = unit.to_owned();
    let author = curriculum(institute);
    let id = crate::rpl_packages::start(pool, &author, &unit)
        .await
        .expect("database")
        .expect("a draft");
    let page = crate::rpl_packages::load(pool, &author, &id)
        .await
        .expect("database")
        .expect("its page");
    let criteria = wire::curriculum::criteria_ids(&page.elements);
    let package = Package {
        statements: criteria
            .iter()
            .map(|&c| Statement {
                criterion: c,
                text: Localized::new("ខ្ញុំអាច", "I can"),
            })
            .collect(),
        evidence: vec![EvidenceRule {
            kind: EvidenceKind::Photo,
            at_least: 1,
            within_years: 0,
            note: Localized::default(),
        }],
        tasks: vec![Item {
            text: Localized::new("ការងារ", "Task"),
            good_answer: Localized::default(),
            criteria: criteria.clone(),
        }],
        questions: vec![Item {
            text: Localized::new("ហេតុអ្វី?", "Why?"),
            good_answer: Localized::new("សុវត្ថិភាព", "Safety"),
            criteria: criteria[..1].to_vec(),
        }],
        third_party: vec![Localized::new(
            "គាត់ធ្វើការល្អទេ?",
            "Does the candidate work well?",
        )],
    };
    let (revision, _) = crate::rpl_packages::save(pool, &author, &id, 0, &package)
        .await
        .expect("database")
        .expect("saved");
    crate::rpl_packages::publish(pool, &author, &id, revision)
        .await
        .expect("database")
        .expect("published");
}

/// The seeded demo and a classic draft of its standard by its curriculum developer: the
/// developer and the draft's id (the store's own tests).
#[cfg(test)]
pub(crate) async fn classic_draft(pool: &sqlx::AnyPool) -> (crate::users::CurrentUser, String) {
    let today = domain::calendar::Date::parse("2026-11-30").expect("date");
    crate::seed::demo_without_attendance(pool, today)
        .await
        .expect("seed");
    let me = curriculum(&crate::seed::seed_id("institute"));
    let id =
        crate::programmes::start_from_standard(pool, &me, &crate::seed::seed_id("qualification"))
            .await
            .expect("start")
            .expect("a standard we see");
    (me, id)
}
