//! Attendance in the database: an institute's statuses and threshold, and what a roll
//! call shows (the session, its class's roster, every version of every mark).

use crate::auth::CurrentUser;
use crate::domain::attendance::{default_statuses, MarkVersion, StatusDef};
use crate::domain::{InstituteId, Localized, SessionId};
use crate::schedule::rows::{SessionRow, SELECT};
use crate::teach::roll_call::{Person, RollCallView};
use sqlx::SqlitePool;

/// The institute's statuses in tap order; Sala's defaults if it has set none.
pub async fn statuses(
    pool: &SqlitePool,
    institute: InstituteId,
) -> Result<Vec<StatusDef>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT code, label_km, label_en, points, counts, late FROM attendance_statuses \
         WHERE institute_id = ? ORDER BY position",
    )
    .bind(institute.to_string())
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(default_statuses());
    }
    Ok(rows
        .into_iter()
        .map(|(code, km, en, points, counts, late)| StatusDef {
            code,
            label: Localized::new(km, en),
            points: u8::try_from(points).unwrap_or(0),
            counts: counts != 0,
            late: late != 0,
        })
        .collect())
}

/// The roll call of `session` if `trainer` teaches its class (in their institute).
pub async fn roll_call(
    pool: &SqlitePool,
    trainer: &CurrentUser,
    session: SessionId,
) -> Result<Option<RollCallView>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
         JOIN class_trainers t ON t.class_id = c.id \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE s.id = ? AND t.user_id = ? AND c.institute_id = ?"
    ))
    .bind(session.to_string())
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_optional(pool)
    .await?;
    let Some(slot) = row.and_then(SessionRow::into_slot) else {
        return Ok(None);
    };
    let people = |sql: &'static str| {
        sqlx::query_as::<_, (String, String, String)>(sql)
            .bind(session.to_string())
            .fetch_all(pool)
    };
    let to_people = |rows: Vec<(String, String, String)>| -> Vec<Person> {
        rows.into_iter()
            .filter_map(|(id, km, en)| {
                Some(Person {
                    id: id.parse().ok()?,
                    name: Localized::new(km, en),
                })
            })
            .collect()
    };
    let roster = to_people(
        people(
            "SELECT u.id, u.display_name_km, u.display_name_en FROM class_sessions s \
             JOIN enrolments e ON e.class_id = s.class_id JOIN users u ON u.id = e.learner_id \
             WHERE s.id = ? ORDER BY u.display_name_en",
        )
        .await?,
    );
    let trainers = to_people(
        people(
            "SELECT u.id, u.display_name_km, u.display_name_en FROM class_sessions s \
             JOIN class_trainers t ON t.class_id = s.class_id JOIN users u ON u.id = t.user_id \
             WHERE s.id = ?",
        )
        .await?,
    );
    type MarkRow = (String, String, String, String, i64, String, String, String);
    let marks: Vec<MarkRow> = sqlx::query_as(
        "SELECT record_id, learner_id, author_id, status, minutes_late, note, marked_at, replaces \
         FROM attendance_marks WHERE session_id = ?",
    )
    .bind(session.to_string())
    .fetch_all(pool)
    .await?;
    let versions = marks
        .into_iter()
        .filter_map(
            |(id, learner, author, status, minutes, note, at, replaces)| {
                Some(MarkVersion {
                    id: id.parse().ok()?,
                    learner: learner.parse().ok()?,
                    author: author.parse().ok()?,
                    status,
                    minutes_late: u16::try_from(minutes).unwrap_or(0),
                    note,
                    at,
                    replaces: serde_json::from_str(&replaces).unwrap_or_default(),
                })
            },
        )
        .collect();
    Ok(Some(RollCallView {
        session: slot,
        statuses: statuses(pool, trainer.institute).await?,
        roster,
        trainers,
        versions,
    }))
}
