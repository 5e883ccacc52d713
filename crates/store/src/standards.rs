//! Competency standards: saving one the domain has checked (one transaction, all or
//! nothing), listing and loading the ones an institute sees (its own imports and the
//! shared ones, such as the demo's), and each import attempt with the problems that
//! refused it — for the person who tried, and as a record of who imported what.

use crate::users::CurrentUser;
use domain::standard::{
    Criterion, Element, EvidenceGuide, Problem, Qualification, Standard, Unit, UnitKind,
};
use domain::Localized;
use sqlx::Acquire;
pub use wire::curriculum::{ImportReport, StandardSummary as Summary};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("a standard with code {0} is already in Sala")]
    Exists(String),
    #[error("a standard needs its CQF level")]
    NoLevel,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Saves `standard` as imported by `user`'s institute. Refuses a code already in Sala
/// (a standard is never overwritten).
pub async fn save(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    standard: &Standard,
) -> Result<String, SaveError> {
    save_for(db, Some(user.institute.to_string()), standard).await
}

/// Saves `standard` for `institute`, or for every institute (`None`: the demo's).
pub(crate) async fn save_for(
    db: impl Acquire<'_, Database = sqlx::Any>,
    institute: Option<String>,
    standard: &Standard,
) -> Result<String, SaveError> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let q = &standard.qualification;
    let level = q.cqf_level.ok_or(SaveError::NoLevel)?;
    let (exists,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM qualifications WHERE code = $1 OR id = $2")
            .bind(&q.code)
            .bind(q.id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    if exists > 0 {
        return Err(SaveError::Exists(q.code.clone()));
    }
    let (theory, practical) = standard.nominal_hours();
    sqlx::query(
        "INSERT INTO qualifications (id, code, title_km, title_en, cqf_level, sector_km, sector_en, nominal_hours, institute_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(q.id.to_string())
    .bind(&q.code)
    .bind(&q.title.km)
    .bind(&q.title.en)
    .bind(i64::from(level))
    .bind(&q.sector.km)
    .bind(&q.sector.en)
    .bind(i64::from(theory) + i64::from(practical))
    .bind(institute)
    .execute(&mut *tx)
    .await?;
    for (position, unit) in standard.units.iter().enumerate() {
        let e = &unit.evidence;
        sqlx::query(
            "INSERT INTO units (id, qualification_id, position, code, kind, title_km, title_en, descriptor_km, descriptor_en, \
             hours_theory, hours_practical, range_statement_km, range_statement_en, knowledge_km, knowledge_en, skills_km, skills_en, \
             critical_aspects_km, critical_aspects_en, evidence_context_km, evidence_context_en, assessment_methods_km, assessment_methods_en, cqf_level) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
        )
        .bind(unit.id.to_string())
        .bind(q.id.to_string())
        .bind(position as i64 + 1)
        .bind(&unit.code)
        .bind(unit.kind.code())
        .bind(&unit.title.km)
        .bind(&unit.title.en)
        .bind(&unit.descriptor.km)
        .bind(&unit.descriptor.en)
        .bind(i64::from(unit.hours_theory))
        .bind(i64::from(unit.hours_practical))
        .bind(&unit.range_statement.km)
        .bind(&unit.range_statement.en)
        .bind(&unit.knowledge.km)
        .bind(&unit.knowledge.en)
        .bind(&unit.skills.km)
        .bind(&unit.skills.en)
        .bind(&e.critical_aspects.km)
        .bind(&e.critical_aspects.en)
        .bind(&e.context_and_resources.km)
        .bind(&e.context_and_resources.en)
        .bind(&e.assessment_methods.km)
        .bind(&e.assessment_methods.en)
        .bind(unit.cqf_level.map(i64::from))
        .execute(&mut *tx)
        .await?;
        for (n, element) in unit.elements.iter().enumerate() {
            sqlx::query(
                "INSERT INTO elements (id, unit_id, number, title_km, title_en) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(element.id.to_string())
            .bind(unit.id.to_string())
            .bind(n as i64 + 1)
            .bind(&element.title.km)
            .bind(&element.title.en)
            .execute(&mut *tx)
            .await?;
            for (c, criterion) in element.criteria.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO performance_criteria (id, element_id, number, text_km, text_en) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(criterion.id.to_string())
                .bind(element.id.to_string())
                .bind(c as i64 + 1)
                .bind(&criterion.text.km)
                .bind(&criterion.text.en)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(q.id.to_string())
}

/// The standards `user`'s institute sees: its own and the shared ones, by code.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
) -> Result<Vec<Summary>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        code: String,
        title_km: String,
        title_en: String,
        units: i64,
        criteria: i64,
        own: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT q.id, q.code, q.title_km, q.title_en, \
                (SELECT COUNT(*) FROM units u WHERE u.qualification_id = q.id) AS units, \
                (SELECT COUNT(*) FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id \
                 JOIN units u ON u.id = e.unit_id WHERE u.qualification_id = q.id) AS criteria, \
                CASE WHEN q.institute_id = $1 THEN 1 ELSE 0 END AS own \
         FROM qualifications q WHERE q.institute_id IS NULL OR q.institute_id = $1 ORDER BY q.code",
    )
    .bind(user.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Summary {
            id: r.id,
            code: r.code,
            title: Localized::new(r.title_km, r.title_en),
            units: r.units,
            criteria: r.criteria,
            own: r.own == 1,
        })
        .collect())
}

/// A standard `user`'s institute sees, whole; `None` for one it does not (or none).
pub async fn load(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<Standard>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let q: Option<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, code, title_km, title_en, sector_km, sector_en, cqf_level FROM qualifications \
         WHERE id = $1 AND (institute_id IS NULL OR institute_id = $2)",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, code, title_km, title_en, sector_km, sector_en, q_level)) = q else {
        return Ok(None);
    };
    let Ok(uuid) = id.parse() else {
        return Ok(None);
    };
    #[derive(sqlx::FromRow)]
    struct UnitRow {
        id: String,
        code: String,
        kind: String,
        title_km: String,
        title_en: String,
        descriptor_km: String,
        descriptor_en: String,
        range_statement_km: String,
        range_statement_en: String,
        knowledge_km: String,
        knowledge_en: String,
        skills_km: String,
        skills_en: String,
        critical_aspects_km: String,
        critical_aspects_en: String,
        evidence_context_km: String,
        evidence_context_en: String,
        assessment_methods_km: String,
        assessment_methods_en: String,
        hours_theory: i64,
        hours_practical: i64,
        cqf_level: Option<i64>,
    }
    let units: Vec<UnitRow> = sqlx::query_as(
        "SELECT id, code, kind, title_km, title_en, descriptor_km, descriptor_en, range_statement_km, range_statement_en, \
         knowledge_km, knowledge_en, skills_km, skills_en, critical_aspects_km, critical_aspects_en, evidence_context_km, \
         evidence_context_en, assessment_methods_km, assessment_methods_en, hours_theory, hours_practical, cqf_level \
         FROM units WHERE qualification_id = $1 ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let elements: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT e.unit_id, e.id, e.title_km, e.title_en FROM elements e JOIN units u ON u.id = e.unit_id \
         WHERE u.qualification_id = $1 ORDER BY u.position, e.number",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let criteria: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT pc.element_id, pc.id, pc.text_km, pc.text_en FROM performance_criteria pc \
         JOIN elements e ON e.id = pc.element_id JOIN units u ON u.id = e.unit_id \
         WHERE u.qualification_id = $1 ORDER BY u.position, e.number, pc.number",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let level = |n: Option<i64>| n.and_then(|n| u8::try_from(n).ok());
    let hours = |n: i64| u32::try_from(n).unwrap_or(0);
    let units = units
        .into_iter()
        .filter_map(|u| {
            let unit_elements = elements
                .iter()
                .filter(|(unit, ..)| *unit == u.id)
                .filter_map(|(_, element, km, en)| {
                    Some(Element {
                        id: element.parse().ok()?,
                        title: Localized::new(km, en),
                        criteria: criteria
                            .iter()
                            .filter(|(e, ..)| e == element)
                            .filter_map(|(_, c, km, en)| {
                                Some(Criterion {
                                    id: c.parse().ok()?,
                                    text: Localized::new(km, en),
                                })
                            })
                            .collect(),
                    })
                })
                .collect();
            Some(Unit {
                id: u.id.parse().ok()?,
                code: u.code,
                kind: UnitKind::parse(&u.kind).unwrap_or(UnitKind::Core),
                title: Localized::new(u.title_km, u.title_en),
                descriptor: Localized::new(u.descriptor_km, u.descriptor_en),
                range_statement: Localized::new(u.range_statement_km, u.range_statement_en),
                knowledge: Localized::new(u.knowledge_km, u.knowledge_en),
                skills: Localized::new(u.skills_km, u.skills_en),
                evidence: EvidenceGuide {
                    critical_aspects: Localized::new(u.critical_aspects_km, u.critical_aspects_en),
                    context_and_resources: Localized::new(
                        u.evidence_context_km,
                        u.evidence_context_en,
                    ),
                    assessment_methods: Localized::new(
                        u.assessment_methods_km,
                        u.assessment_methods_en,
                    ),
                },
                hours_theory: hours(u.hours_theory),
                hours_practical: hours(u.hours_practical),
                cqf_level: level(u.cqf_level),
                elements: unit_elements,
            })
        })
        .collect();
    Ok(Some(Standard {
        qualification: Qualification {
            id: uuid,
            code,
            title: Localized::new(title_km, title_en),
            sector: Localized::new(sector_km, sector_en),
            cqf_level: level(Some(q_level)),
        },
        units,
    }))
}

/// Records an import attempt by `user`; its id.
pub async fn record_import(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    file_name: &str,
    format: &str,
    outcome: Result<&str, &[Problem]>,
) -> Result<String, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&crate::random_bytes()?[..16]);
    let id = uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string();
    let (standard, problems) = match outcome {
        Ok(standard) => (Some(standard.to_owned()), "[]".to_owned()),
        Err(problems) => (None, serde_json::to_string(problems).unwrap_or_default()),
    };
    sqlx::query(
        "INSERT INTO standard_imports (id, institute_id, user_id, imported_at, file_name, format, qualification_id, problems) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(user.institute.to_string())
    .bind(user.id.to_string())
    .bind(crate::now())
    .bind(file_name.chars().take(200).collect::<String>())
    .bind(format)
    .bind(standard)
    .bind(problems)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// An import attempt of `user`'s own; `None` for anyone else's.
pub async fn import_report(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<ImportReport>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT file_name, format, imported_at, qualification_id, problems FROM standard_imports \
         WHERE id = $1 AND user_id = $2 AND institute_id = $3",
    )
    .bind(id)
    .bind(user.id.to_string())
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(
        |(file_name, format, imported_at, standard, problems)| ImportReport {
            file_name,
            format,
            imported_at,
            standard,
            problems: serde_json::from_str(&problems).unwrap_or_default(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{self, seed_id};

    fn curriculum(institute: &str) -> CurrentUser {
        crate::testing::curriculum(institute)
    }

    /// A standard read from Sala's template: the demo's, under another code.
    fn imported() -> Standard {
        let rows = vec![domain::spreadsheet::COLUMNS
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<_>>()];
        let mut rows = rows;
        for (u, e, c) in [(1, 1, 1), (1, 1, 2), (1, 2, 1), (2, 1, 1)] {
            let mut row = vec![String::new(); domain::spreadsheet::COLUMNS.len()];
            row[0] = "FBS-2".into();
            row[1] = "សេវាម្ហូបអាហារ".into();
            row[2] = "Food and Beverage Service".into();
            row[5] = "2".into();
            row[6] = format!("FBS-U{u}");
            row[8] = format!("ឯកតា {u}");
            row[9] = format!("Unit {u}");
            row[10] = "ពិពណ៌នា".into();
            row[11] = "Descriptor".into();
            row[24] = "10".into();
            row[25] = "30".into();
            row[26] = e.to_string();
            row[27] = "ធាតុ".into();
            row[28] = "Element".into();
            row[29] = format!("{e}.{c}");
            row[30] = "លក្ខណៈវិនិច្ឆ័យ".into();
            row[31] = format!("Criterion {e}.{c}");
            rows.push(row);
        }
        domain::spreadsheet::read("Sheet1", &rows).expect("reads")
    }

    async fn count_units(pool: &sqlx::AnyPool) -> i64 {
        let (units,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units")
            .fetch_one(pool)
            .await
            .expect("count");
        units
    }

    #[tokio::test]
    async fn a_standard_is_saved_whole_seen_by_its_institute_only_and_never_overwritten() {
        let (_db, pool) = crate::test_db().await;
        seed::demo_without_attendance(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let ours = curriculum(&seed_id("institute"));
        let standard = imported();
        let units_before = count_units(&pool).await;
        let id = save(&pool, &ours, &standard).await.expect("saved");
        assert_eq!(
            load(&pool, &ours, &id).await.expect("load"),
            Some(standard.clone())
        );
        let listed = list(&pool, &ours).await.expect("list");
        let mine = listed.iter().find(|s| s.id == id).expect("listed");
        assert_eq!((mine.units, mine.criteria, mine.own), (2, 4, true));
        // The demo's shared standard is listed too, not as ours.
        assert!(listed.iter().any(|s| s.code == "ELE-CQF2-EI" && !s.own));
        // Saved again: refused, nothing changes.
        assert!(matches!(
            save(&pool, &ours, &standard).await,
            Err(SaveError::Exists(code)) if code == "FBS-2"
        ));
        assert_eq!(count_units(&pool).await, units_before + 2);

        // Another institute sees neither it nor its imports.
        let other_institute = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'O', 'O', 'O', '2026-01-01T00:00:00Z')")
            .bind(&other_institute)
            .execute(&pool)
            .await
            .expect("institute");
        let theirs = curriculum(&other_institute);
        assert_eq!(load(&pool, &theirs, &id).await.expect("load"), None);
        assert!(list(&pool, &theirs)
            .await
            .expect("list")
            .iter()
            .all(|s| s.id != id));
        let report = record_import(&pool, &ours, "fbs.csv", "csv", Ok(&id))
            .await
            .expect("record");
        assert!(import_report(&pool, &ours, &report)
            .await
            .expect("report")
            .is_some());
        assert_eq!(
            import_report(&pool, &theirs, &report)
                .await
                .expect("report"),
            None
        );
    }

    #[tokio::test]
    async fn the_demo_standard_loads_whole() {
        let (_db, pool) = crate::test_db().await;
        seed::demo_without_attendance(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let ours = curriculum(&seed_id("institute"));
        let demo = load(&pool, &ours, &seed_id("qualification"))
            .await
            .expect("load")
            .expect("the demo's");
        let (units,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM units WHERE qualification_id = $1")
                .bind(seed_id("qualification"))
                .fetch_one(&pool)
                .await
                .expect("count");
        assert_eq!(demo.units.len() as i64, units);
        assert!(demo.units.iter().all(|u| !u.elements.is_empty()));
        // It survives CASE.
        let package =
            domain::case::export(&demo, "https://sala.example/case", "2026-12-01T00:00:00Z");
        assert_eq!(domain::case::import(&package.to_string()), Ok(demo));
    }
}
