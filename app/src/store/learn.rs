//! What a learner studies: the courses (classes) they are enrolled in.

use crate::auth::CurrentUser;
use crate::domain::Localized;
use crate::learn::CourseCard;
use crate::schedule::rows::{SessionRow, SELECT};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct CourseRow {
    class_id: String,
    class_km: String,
    class_en: String,
    programme_km: String,
    programme_en: String,
    qualification_code: String,
    cqf_level: i64,
    modules: i64,
    activities: i64,
    lessons: i64,
}

/// The learner's courses in their own institute, each with its next session.
pub async fn courses(
    pool: &SqlitePool,
    learner: &CurrentUser,
) -> Result<Vec<CourseCard>, sqlx::Error> {
    let rows: Vec<CourseRow> = sqlx::query_as(
        "SELECT c.id AS class_id, c.name_km AS class_km, c.name_en AS class_en, \
                p.title_km AS programme_km, p.title_en AS programme_en, \
                q.code AS qualification_code, q.cqf_level, \
                (SELECT COUNT(*) FROM modules m WHERE m.programme_id = p.id) AS modules, \
                (SELECT COUNT(*) FROM learning_activities a JOIN modules m ON m.id = a.module_id \
                  WHERE m.programme_id = p.id) AS activities, \
                (SELECT COUNT(*) FROM lessons l JOIN learning_activities a ON a.id = l.activity_id \
                  JOIN modules m ON m.id = a.module_id WHERE m.programme_id = p.id) AS lessons \
         FROM enrolments e \
         JOIN classes c ON c.id = e.class_id \
         JOIN programmes p ON p.id = c.programme_id \
         JOIN qualifications q ON q.id = p.qualification_id \
         WHERE e.learner_id = ? AND c.institute_id = ? \
         ORDER BY c.starts_on, c.code",
    )
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .fetch_all(pool)
    .await?;

    let now = super::now();
    let mut cards = Vec::with_capacity(rows.len());
    for row in rows {
        let next: Option<SessionRow> = sqlx::query_as(&format!(
            "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
             LEFT JOIN learning_activities a ON a.id = s.activity_id \
             WHERE s.class_id = ? AND s.ends_at > ? AND a.delivery_mode IN ('face_to_face', 'workplace') \
             ORDER BY s.starts_at LIMIT 1"
        ))
        .bind(&row.class_id)
        .bind(&now)
        .fetch_optional(pool)
        .await?;
        let Ok(class) = row.class_id.parse() else {
            continue;
        };
        cards.push(CourseCard {
            class,
            class_name: Localized::new(row.class_km, row.class_en),
            programme: Localized::new(row.programme_km, row.programme_en),
            qualification_code: row.qualification_code,
            cqf_level: u8::try_from(row.cqf_level).unwrap_or(0),
            modules: u32::try_from(row.modules).unwrap_or(0),
            activities: u32::try_from(row.activities).unwrap_or(0),
            lessons: u32::try_from(row.lessons).unwrap_or(0),
            next_session: next.and_then(SessionRow::into_slot),
        });
    }
    Ok(cards)
}
