//! RPL assessment packages: the units an institute's authors (curriculum developers and
//! assessors) write packages for, a draft started (the first, or a new version copied
//! from the latest published one), saved (checked by `domain::rpl::package`; a save made
//! from an older copy of the page is refused, never overwriting another author's) and
//! published (every `check` problem gone; afterwards every change is refused). Every
//! function takes the signed-in author and refuses anyone else; a package is only ever
//! its own institute's, on a unit of a standard that institute sees.

use crate::users::CurrentUser;
use domain::rpl::package::{self, Package, Problem};
use domain::{CriterionId, Localized, Role};
use sqlx::Acquire;
use wire::curriculum::{criteria_ids, CriterionRef, ElementChoice};
use wire::rpl::{PackagePage, PackageVersion, PackagesPage, QualificationPackages, UnitPackages};

/// The roles that write packages.
pub const AUTHORS: [Role; 2] = [Role::Curriculum, Role::Assessor];

/// Why a change to a package was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such package or unit in the author's reach, or not an author.
    NotFound,
    /// The version is published: it never changes.
    Published,
    /// Someone saved the draft since this copy of the page was drawn.
    Stale,
    /// What is wrong (saving: what would store nonsense; publishing: everything).
    Problems(Vec<Problem>),
}

fn author(user: &CurrentUser) -> bool {
    AUTHORS.contains(&user.role)
}

/// A unit's elements and criteria, numbered as the standard numbers them.
pub(crate) async fn elements_of(
    conn: &mut sqlx::AnyConnection,
    unit: &str,
) -> Result<Vec<ElementChoice>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT e.number, e.title_km, e.title_en, pc.id, pc.number, pc.text_km, pc.text_en \
         FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id \
         WHERE e.unit_id = $1 ORDER BY e.number, pc.number",
    )
    .bind(unit)
    .fetch_all(&mut *conn)
    .await?;
    let mut elements: Vec<ElementChoice> = Vec::new();
    for (element, ekm, een, id, number, km, en) in rows {
        let criterion = CriterionRef {
            id,
            number: format!("{element}.{number}"),
            text: Localized::new(km, en),
        };
        let element = u32::try_from(element).unwrap_or(0);
        match elements.last_mut() {
            Some(e) if e.number == element => e.criteria.push(criterion),
            _ => elements.push(ElementChoice {
                number: element,
                title: Localized::new(ekm, een),
                criteria: vec![criterion],
            }),
        }
    }
    Ok(elements)
}

type VersionRow = (String, String, i64, String, String, Option<String>);

async fn versions_in(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    unit: Option<&str>,
) -> Result<Vec<(String, PackageVersion)>, sqlx::Error> {
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT unit_id, id, version, status, updated_at, published_at FROM rpl_packages \
         WHERE institute_id = $1 AND ($2 = '' OR unit_id = $2) ORDER BY unit_id, version DESC",
    )
    .bind(user.institute.to_string())
    .bind(unit.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit, id, version, status, updated_at, published_at)| {
            let published = status == "published";
            (
                unit,
                PackageVersion {
                    id,
                    version,
                    published,
                    at: published_at.filter(|_| published).unwrap_or(updated_at),
                },
            )
        })
        .collect())
}

/// Every unit of the standards the institute sees, by qualification and position, with
/// its package's versions; empty for anyone but an author.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
) -> Result<PackagesPage, sqlx::Error> {
    let mut page = PackagesPage {
        qualifications: Vec::new(),
    };
    if !author(user) {
        return Ok(page);
    }
    let mut conn = db.acquire().await?;
    type UnitRow = (String, String, String, String, String, String, String, i64);
    let units: Vec<UnitRow> = sqlx::query_as(
        "SELECT q.code, q.title_km, q.title_en, u.id, u.code, u.title_km, u.title_en, \
                (SELECT COUNT(*) FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id WHERE e.unit_id = u.id) \
         FROM units u JOIN qualifications q ON q.id = u.qualification_id \
         WHERE q.institute_id IS NULL OR q.institute_id = $1 ORDER BY q.code, u.position",
    )
    .bind(user.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let versions = versions_in(&mut conn, user, None).await?;
    for (q_code, q_km, q_en, id, code, km, en, criteria) in units {
        let unit = UnitPackages {
            versions: versions
                .iter()
                .filter(|(u, _)| *u == id)
                .map(|(_, v)| v.clone())
                .collect(),
            unit_id: id,
            unit_code: code,
            unit_title: Localized::new(km, en),
            criteria,
        };
        match page.qualifications.last_mut() {
            Some(q) if q.code == q_code => q.units.push(unit),
            _ => page.qualifications.push(QualificationPackages {
                code: q_code,
                title: Localized::new(q_km, q_en),
                units: vec![unit],
            }),
        }
    }
    Ok(page)
}

/// The unit `unit` if the author's institute sees it.
async fn visible_unit(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    unit: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM units u JOIN qualifications q ON q.id = u.qualification_id \
         WHERE u.id = $1 AND (q.institute_id IS NULL OR q.institute_id = $2)",
    )
    .bind(unit)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// The draft to edit for `unit`: the one there is, else a new version — the first
/// (empty), or a copy of the latest published one.
pub async fn start(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    unit: &str,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    if !author(user) {
        return Ok(Err(Refusal::NotFound));
    }
    let mut tx = crate::db::write(pool).await?;
    if !visible_unit(&mut tx, user, unit).await? {
        return Ok(Err(Refusal::NotFound));
    }
    let institute = user.institute.to_string();
    let draft: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM rpl_packages WHERE institute_id = $1 AND unit_id = $2 AND status = 'draft'",
    )
    .bind(&institute)
    .bind(unit)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id,)) = draft {
        return Ok(Ok(id));
    }
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, content FROM rpl_packages WHERE institute_id = $1 AND unit_id = $2 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(&institute)
    .bind(unit)
    .fetch_optional(&mut *tx)
    .await?;
    let (version, content) = match latest {
        Some((version, content)) => (version + 1, content),
        None => (
            1,
            serde_json::to_string(&Package::default()).unwrap_or_default(),
        ),
    };
    let id = crate::new_id()?;
    let now = crate::now();
    sqlx::query(
        "INSERT INTO rpl_packages (id, institute_id, unit_id, version, status, content, revision, created_by, created_at, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, 'draft', $5, 0, $6, $7, $6, $7)",
    )
    .bind(&id)
    .bind(&institute)
    .bind(unit)
    .bind(version)
    .bind(&content)
    .bind(user.id.to_string())
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// One version of a package and its unit, for an author of its institute.
pub async fn load(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<PackagePage>, sqlx::Error> {
    if !author(user) {
        return Ok(None);
    }
    let mut conn = db.acquire().await?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        String,
        String,
        i64,
        String,
        Option<String>,
        String,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT p.unit_id, u.code, u.title_km, u.title_en, q.code, p.version, p.status, p.content, p.revision, \
                p.updated_at, p.published_at, w.display_name_km, w.display_name_en \
         FROM rpl_packages p JOIN units u ON u.id = p.unit_id JOIN qualifications q ON q.id = u.qualification_id \
         JOIN users w ON w.id = p.updated_by \
         WHERE p.id = $1 AND p.institute_id = $2",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((
        unit_id,
        unit_code,
        km,
        en,
        q_code,
        version,
        status,
        content,
        revision,
        updated_at,
        published_at,
        w_km,
        w_en,
    )) = row
    else {
        return Ok(None);
    };
    let elements = elements_of(&mut conn, &unit_id).await?;
    let versions = versions_in(&mut conn, user, Some(&unit_id))
        .await?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    Ok(Some(PackagePage {
        id: id.to_owned(),
        unit_id,
        unit_code,
        unit_title: Localized::new(km, en),
        qualification_code: q_code,
        version,
        published: status == "published",
        revision,
        content: serde_json::from_str(&content).unwrap_or_default(),
        elements,
        versions,
        updated_at,
        updated_by: Localized::new(w_km, w_en),
        published_at,
    }))
}

/// The draft `id` of the author's institute, at `revision`, and its unit's criteria — or
/// why it may not change.
async fn editable(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    id: &str,
    revision: i64,
) -> Result<Result<(String, Vec<CriterionId>), Refusal>, sqlx::Error> {
    if !author(user) {
        return Ok(Err(Refusal::NotFound));
    }
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT unit_id, status, revision, content FROM rpl_packages WHERE id = $1 AND institute_id = $2",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((unit, status, stored, content)) = row else {
        return Ok(Err(Refusal::NotFound));
    };
    if status != "draft" {
        return Ok(Err(Refusal::Published));
    }
    if stored != revision {
        return Ok(Err(Refusal::Stale));
    }
    let criteria = criteria_ids(&elements_of(conn, &unit).await?);
    Ok(Ok((content, criteria)))
}

/// Saves a draft's content (from the copy at `revision`); the new revision, and what is
/// left to do before it may be published.
pub async fn save(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    id: &str,
    revision: i64,
    content: &Package,
) -> Result<Result<(i64, Vec<Problem>), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let criteria = match editable(&mut tx, user, id, revision).await? {
        Ok((_, criteria)) => criteria,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let problems = package::check(content, &criteria);
    if !package::may_save(&problems) {
        let blocking = problems
            .into_iter()
            .filter(|p| p.fault.blocks_saving())
            .collect();
        return Ok(Err(Refusal::Problems(blocking)));
    }
    let json = serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "UPDATE rpl_packages SET content = $1, revision = revision + 1, updated_by = $2, updated_at = $3 \
         WHERE id = $4 AND status = 'draft' AND revision = $5",
    )
    .bind(&json)
    .bind(user.id.to_string())
    .bind(crate::now())
    .bind(id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok((revision + 1, problems)))
}

/// Publishes the draft `id` as it was saved at `revision`, if nothing is left to do.
pub async fn publish(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    id: &str,
    revision: i64,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let (content, criteria) = match editable(&mut tx, user, id, revision).await? {
        Ok(found) => found,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let content: Package = serde_json::from_str(&content).unwrap_or_default();
    let problems = package::check(&content, &criteria);
    if !problems.is_empty() {
        return Ok(Err(Refusal::Problems(problems)));
    }
    let now = crate::now();
    sqlx::query(
        "UPDATE rpl_packages SET status = 'published', published_at = $1, updated_by = $2, updated_at = $1 \
         WHERE id = $3 AND status = 'draft' AND revision = $4",
    )
    .bind(&now)
    .bind(user.id.to_string())
    .bind(id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;
    use domain::rpl::package::{EvidenceKind, EvidenceRule, Fault, Item, Place, Statement};
    use uuid::Uuid;

    async fn seeded() -> (testing::TestDb, sqlx::AnyPool, CurrentUser, String) {
        let (db, pool) = testing::open().await.expect("db");
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo(&pool, today).await.expect("seed");
        let (institute,): (String,) = sqlx::query_as("SELECT id FROM institutes")
            .fetch_one(&pool)
            .await
            .expect("institute");
        let user = testing::curriculum(&institute);
        let (unit,): (String,) = sqlx::query_as(
            "SELECT u.id FROM units u WHERE EXISTS (SELECT 1 FROM elements e WHERE e.unit_id = u.id) ORDER BY u.position LIMIT 1",
        )
        .fetch_one(&pool)
        .await
        .expect("unit");
        (db, pool, user, unit)
    }

    fn whole(criteria: &[CriterionId]) -> Package {
        let both = |km: &str, en: &str| Localized::new(km, en);
        Package {
            statements: criteria
                .iter()
                .map(|&c| Statement {
                    criterion: c,
                    text: both("ខ្ញុំអាច", "I can"),
                })
                .collect(),
            evidence: vec![EvidenceRule {
                kind: EvidenceKind::Photo,
                at_least: 2,
                within_years: 3,
                note: Localized::default(),
            }],
            tasks: vec![Item {
                text: both("ការងារ", "A task"),
                good_answer: Localized::default(),
                criteria: criteria.to_vec(),
            }],
            questions: Vec::new(),
            third_party: Vec::new(),
        }
    }

    #[tokio::test]
    async fn a_draft_is_saved_published_and_then_never_changes() {
        let (_db, pool, user, unit) = seeded().await;
        let id = start(&pool, &user, &unit)
            .await
            .expect("db")
            .expect("a draft");
        // Starting again gives the same draft.
        assert_eq!(
            start(&pool, &user, &unit).await.expect("db"),
            Ok(id.clone())
        );
        let page = load(&pool, &user, &id).await.expect("db").expect("page");
        assert_eq!((page.version, page.published, page.revision), (1, false, 0));
        let criteria = criteria_ids(&page.elements);
        assert!(!criteria.is_empty());

        // Publishing the empty draft lists everything left to do, and changes nothing.
        let Err(Refusal::Problems(problems)) = publish(&pool, &user, &id, 0).await.expect("db")
        else {
            panic!("an empty package was published");
        };
        assert!(problems.iter().any(|p| p.fault == Fault::NoStatement));

        // A half-done draft is saved, with what is left to do.
        let mut half = whole(&criteria);
        half.statements[0].text.km.clear();
        let (revision, left) = save(&pool, &user, &id, 0, &half)
            .await
            .expect("db")
            .expect("saved");
        assert_eq!(revision, 1);
        assert_eq!(
            left,
            vec![Problem {
                place: Place::Statement(criteria[0]),
                fault: Fault::Untranslated
            }]
        );
        // A save from the older copy of the page is refused and keeps the newer one.
        assert_eq!(
            save(&pool, &user, &id, 0, &Package::default())
                .await
                .expect("db"),
            Err(Refusal::Stale)
        );
        // Nonsense is refused and keeps what was saved.
        let mut nonsense = whole(&criteria);
        nonsense.tasks[0].criteria.push(CriterionId(Uuid::nil()));
        let Err(Refusal::Problems(blocking)) =
            save(&pool, &user, &id, 1, &nonsense).await.expect("db")
        else {
            panic!("nonsense was saved");
        };
        assert_eq!(
            blocking,
            vec![Problem {
                place: Place::Task(0),
                fault: Fault::NotTheUnits
            }]
        );
        assert_eq!(
            load(&pool, &user, &id)
                .await
                .expect("db")
                .expect("page")
                .content,
            half
        );

        let (revision, left) = save(&pool, &user, &id, 1, &whole(&criteria))
            .await
            .expect("db")
            .expect("saved");
        assert!(left.is_empty());
        assert_eq!(
            publish(&pool, &user, &id, revision).await.expect("db"),
            Ok(())
        );
        let page = load(&pool, &user, &id).await.expect("db").expect("page");
        assert!(page.published && page.published_at.is_some());
        // Published: immutable.
        assert_eq!(
            save(&pool, &user, &id, revision, &Package::default())
                .await
                .expect("db"),
            Err(Refusal::Published)
        );
        assert_eq!(
            publish(&pool, &user, &id, revision).await.expect("db"),
            Err(Refusal::Published)
        );
        assert_eq!(
            load(&pool, &user, &id)
                .await
                .expect("db")
                .expect("page")
                .content,
            whole(&criteria)
        );

        // A new version starts as a copy of the published one.
        let next = start(&pool, &user, &unit)
            .await
            .expect("db")
            .expect("a new draft");
        assert_ne!(next, id);
        let page = load(&pool, &user, &next).await.expect("db").expect("page");
        assert_eq!(
            (page.version, page.published, page.content),
            (2, false, whole(&criteria))
        );
        assert_eq!(
            page.versions
                .iter()
                .map(|v| (v.version, v.published))
                .collect::<Vec<_>>(),
            vec![(2, false), (1, true)]
        );
        let listed = list(&pool, &user).await.expect("db");
        let unit_row = listed
            .qualifications
            .iter()
            .flat_map(|q| &q.units)
            .find(|u| u.unit_id == unit)
            .expect("listed");
        assert_eq!(unit_row.versions.len(), 2);
    }

    #[tokio::test]
    async fn only_the_institutes_authors_reach_its_packages() {
        let (_db, pool, user, unit) = seeded().await;
        let id = start(&pool, &user, &unit)
            .await
            .expect("db")
            .expect("a draft");
        let assessor = CurrentUser {
            role: Role::Assessor,
            ..user.clone()
        };
        assert!(load(&pool, &assessor, &id).await.expect("db").is_some());
        for role in [Role::Learner, Role::Trainer, Role::Admin, Role::National] {
            let other = CurrentUser {
                role,
                ..user.clone()
            };
            assert_eq!(load(&pool, &other, &id).await.expect("db"), None);
            assert_eq!(
                start(&pool, &other, &unit).await.expect("db"),
                Err(Refusal::NotFound)
            );
            assert_eq!(
                save(&pool, &other, &id, 0, &Package::default())
                    .await
                    .expect("db"),
                Err(Refusal::NotFound)
            );
            assert!(list(&pool, &other)
                .await
                .expect("db")
                .qualifications
                .is_empty());
        }
        // Another institute's author sees the shared standard's units but not this
        // institute's package, and cannot change it.
        let elsewhere = CurrentUser {
            institute: domain::InstituteId(Uuid::now_v7()),
            ..user.clone()
        };
        assert_eq!(load(&pool, &elsewhere, &id).await.expect("db"), None);
        assert_eq!(
            save(&pool, &elsewhere, &id, 0, &Package::default())
                .await
                .expect("db"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            publish(&pool, &elsewhere, &id, 0).await.expect("db"),
            Err(Refusal::NotFound)
        );
        assert!(list(&pool, &elsewhere)
            .await
            .expect("db")
            .qualifications
            .iter()
            .flat_map(|q| &q.units)
            .all(|u| u.versions.is_empty()));
        // A unit id that is not one: nothing made.
        assert_eq!(
            start(&pool, &user, "not-a-unit").await.expect("db"),
            Err(Refusal::NotFound)
        );
    }
}
