//! Programmes as the curriculum team sees them: the institute's list, one programme's
//! modules and activities, and "Start a programme from this standard" — the classic
//! starting point for blending: a draft with a module per unit and the unit's nominal
//! hours as face-to-face activities (theory, then practical), the practical one covering
//! every performance criterion of the unit.

use crate::users::CurrentUser;
use domain::{DeliveryMode, Localized};
use sqlx::Acquire;
use wire::curriculum::{ActivityRow, ModuleView, ProgrammeSummary, ProgrammeView};

/// The institute's programmes, newest version first within each qualification.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
) -> Result<Vec<ProgrammeSummary>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows: Vec<(String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.title_km, p.title_en, p.version, p.status, q.code FROM programmes p \
         JOIN qualifications q ON q.id = p.qualification_id \
         WHERE p.institute_id = $1 ORDER BY q.code, p.version DESC",
    )
    .bind(user.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, km, en, version, status, code)| ProgrammeSummary {
            id,
            title: Localized::new(km, en),
            version,
            draft: status == "draft",
            qualification_code: code,
        })
        .collect())
}

/// One programme of `user`'s institute, its modules and activities in order.
pub async fn load(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<ProgrammeView>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let programme: Option<(String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.title_km, p.title_en, p.version, p.status, q.code FROM programmes p \
         JOIN qualifications q ON q.id = p.qualification_id WHERE p.id = $1 AND p.institute_id = $2",
    )
    .bind(id)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, km, en, version, status, code)) = programme else {
        return Ok(None);
    };
    let modules: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, title_km, title_en FROM modules WHERE programme_id = $1 ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        module_id: String,
        id: String,
        title_km: String,
        title_en: String,
        duration_minutes: i64,
        delivery_mode: String,
        criteria: i64,
    }
    let activities: Vec<Row> = sqlx::query_as(
        "SELECT a.module_id, a.id, a.title_km, a.title_en, a.duration_minutes, a.delivery_mode, \
                (SELECT COUNT(*) FROM activity_criteria ac WHERE ac.activity_id = a.id) AS criteria \
         FROM learning_activities a JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1 ORDER BY m.position, a.position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let modules = modules
        .into_iter()
        .map(|(module, km, en)| ModuleView {
            title: Localized::new(km, en),
            activities: activities
                .iter()
                .filter(|a| a.module_id == module)
                .map(|a| ActivityRow {
                    id: a.id.clone(),
                    title: Localized::new(&a.title_km, &a.title_en),
                    minutes: u32::try_from(a.duration_minutes).unwrap_or(0),
                    mode: DeliveryMode::parse(&a.delivery_mode).unwrap_or(DeliveryMode::FaceToFace),
                    criteria: a.criteria,
                })
                .collect(),
            id: module,
        })
        .collect();
    let versions: Vec<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT o.id, o.title_km, o.title_en, o.version, o.status FROM programmes o JOIN programmes p \
         ON p.qualification_id = o.qualification_id AND p.institute_id = o.institute_id \
         WHERE p.id = $1 AND o.id <> p.id ORDER BY o.version DESC",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let versions = versions
        .into_iter()
        .map(|(vid, km, en, version, status)| ProgrammeSummary {
            id: vid,
            title: Localized::new(km, en),
            version,
            draft: status == "draft",
            qualification_code: code.clone(),
        })
        .collect();
    let classes: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.code, c.name_km, c.name_en, o.version FROM classes c \
         JOIN programmes o ON o.id = c.programme_id JOIN programmes p \
         ON p.qualification_id = o.qualification_id AND p.institute_id = o.institute_id \
         WHERE p.id = $1 AND c.institute_id = p.institute_id ORDER BY c.starts_on, c.code",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let classes = classes
        .into_iter()
        .map(
            |(id, code, km, en, version)| wire::curriculum::ClassOnVersion {
                id,
                code,
                name: Localized::new(km, en),
                version,
            },
        )
        .collect();
    Ok(Some(ProgrammeView {
        id,
        title: Localized::new(km, en),
        version,
        draft: status == "draft",
        qualification_code: code,
        modules,
        versions,
        classes,
    }))
}

/// A new draft programme of `user`'s institute from standard `qualification` (one the
/// institute sees): its id, or `None` when there is no such standard.
pub async fn start_from_standard(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    qualification: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let q: Option<(String, String)> = sqlx::query_as(
        "SELECT title_km, title_en FROM qualifications WHERE id = $1 AND (institute_id IS NULL OR institute_id = $2)",
    )
    .bind(qualification)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((title_km, title_en)) = q else {
        return Ok(None);
    };
    let (version,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM programmes WHERE institute_id = $1 AND qualification_id = $2",
    )
    .bind(user.institute.to_string())
    .bind(qualification)
    .fetch_one(&mut *tx)
    .await?;
    let programme = crate::new_id()?;
    sqlx::query(
        "INSERT INTO programmes (id, institute_id, qualification_id, version, title_km, title_en, status, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', NULL)",
    )
    .bind(&programme)
    .bind(user.institute.to_string())
    .bind(qualification)
    .bind(version)
    .bind(&title_km)
    .bind(&title_en)
    .execute(&mut *tx)
    .await?;
    let units: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, code, title_km, title_en, hours_theory, hours_practical FROM units \
         WHERE qualification_id = $1 ORDER BY position",
    )
    .bind(qualification)
    .fetch_all(&mut *tx)
    .await?;
    for (position, (unit, code, km, en, theory, practical)) in units.into_iter().enumerate() {
        let module = crate::new_id()?;
        sqlx::query(
            "INSERT INTO modules (id, programme_id, unit_id, position, title_km, title_en) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&module)
        .bind(&programme)
        .bind(&unit)
        .bind(position as i64 + 1)
        .bind(format!("{code} {km}"))
        .bind(format!("{code} {en}"))
        .execute(&mut *tx)
        .await?;
        // Theory, then practical; a unit without hours gets one hour to plan.
        let mut planned: Vec<(&str, &str, i64)> = Vec::new();
        if theory > 0 {
            planned.push(("ទ្រឹស្តី", "Theory", theory * 60));
        }
        if practical > 0 || theory == 0 {
            planned.push(("ការអនុវត្ត", "Practical", practical.max(1) * 60));
        }
        let last = planned.len();
        for (p, (km_kind, en_kind, minutes)) in planned.into_iter().enumerate() {
            let activity = crate::new_id()?;
            sqlx::query(
                "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'face_to_face')",
            )
            .bind(&activity)
            .bind(&module)
            .bind(p as i64 + 1)
            .bind(format!("{km_kind}: {km}"))
            .bind(format!("{en_kind}: {en}"))
            .bind(minutes)
            .execute(&mut *tx)
            .await?;
            if p + 1 == last {
                sqlx::query(
                    "INSERT INTO activity_criteria (activity_id, criterion_id) \
                     SELECT $1, pc.id FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id \
                     WHERE e.unit_id = $2",
                )
                .bind(&activity)
                .bind(&unit)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(Some(programme))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{self, seed_id};

    fn curriculum(institute: &str) -> CurrentUser {
        crate::testing::curriculum(institute)
    }

    #[tokio::test]
    async fn a_standard_becomes_a_classic_face_to_face_draft() {
        let (_db, pool) = crate::test_db().await;
        seed::demo_without_attendance(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let me = curriculum(&seed_id("institute"));
        let standard = crate::standards::load(&pool, &me, &seed_id("qualification"))
            .await
            .expect("load")
            .expect("demo");
        let id = start_from_standard(&pool, &me, &seed_id("qualification"))
            .await
            .expect("start")
            .expect("a standard we see");
        let programme = load(&pool, &me, &id).await.expect("load").expect("ours");
        assert!(programme.draft);
        // The demo's blended programme is version 1: this one is 2.
        assert_eq!(programme.version, 2);
        assert_eq!(programme.modules.len(), standard.units.len());
        let (theory, practical) = standard.nominal_hours();
        let minutes: u32 = programme
            .modules
            .iter()
            .flat_map(|m| &m.activities)
            .map(|a| a.minutes)
            .sum();
        assert_eq!(minutes, (theory + practical) * 60);
        assert!(programme
            .modules
            .iter()
            .flat_map(|m| &m.activities)
            .all(|a| a.mode == DeliveryMode::FaceToFace));
        let blend = domain::delivery::blend(
            programme
                .modules
                .iter()
                .flat_map(|m| &m.activities)
                .map(|a| (a.mode, a.minutes)),
        );
        assert_eq!(blend[0].2, 100, "classic: all face-to-face");
        let criteria: i64 = standard
            .units
            .iter()
            .flat_map(|u| &u.elements)
            .map(|e| e.criteria.len() as i64)
            .sum();
        let covered: i64 = programme
            .modules
            .iter()
            .flat_map(|m| &m.activities)
            .map(|a| a.criteria)
            .sum();
        assert_eq!(covered, criteria, "every criterion covered once");
        assert!(list(&pool, &me)
            .await
            .expect("list")
            .iter()
            .any(|p| p.id == id && p.draft));

        // Another institute: no such standard for it to start from, nor this programme.
        let other = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'O', 'O', 'O', '2026-01-01T00:00:00Z')")
            .bind(&other)
            .execute(&pool)
            .await
            .expect("institute");
        let theirs = curriculum(&other);
        assert_eq!(load(&pool, &theirs, &id).await.expect("load"), None);
        assert!(list(&pool, &theirs).await.expect("list").is_empty());
        assert_eq!(
            start_from_standard(&pool, &theirs, "no-such-standard")
                .await
                .expect("start"),
            None
        );
    }
}
