//! Attendance in the database: an institute's statuses and threshold, and what a roll
//! call shows (the session, its class's roster, every version of every mark).

use crate::schedule::{SessionRow, SELECT};
use crate::users::CurrentUser;
use domain::attendance::{default_statuses, MarkVersion, StatusDef};
use domain::{InstituteId, Localized, SessionId};
use sqlx::Acquire;
use wire::teach::{Person, RollCallView};

/// One stored version of a mark (columns `MARK_COLUMNS` of `attendance_marks am`).
#[derive(sqlx::FromRow)]
pub(crate) struct MarkRow {
    record_id: String,
    session_id: String,
    learner_id: String,
    author_id: String,
    status: String,
    minutes_late: i64,
    note: String,
    marked_at: String,
    replaces: String,
}

pub(crate) const MARK_COLUMNS: &str =
    "am.record_id, am.session_id, am.learner_id, am.author_id, am.status, \
    am.minutes_late, am.note, am.marked_at, am.replaces";

impl MarkRow {
    pub(crate) fn version(&self) -> Option<MarkVersion> {
        Some(MarkVersion {
            id: self.record_id.parse().ok()?,
            learner: self.learner_id.parse().ok()?,
            author: self.author_id.parse().ok()?,
            status: self.status.clone(),
            minutes_late: u16::try_from(self.minutes_late).unwrap_or(0),
            note: self.note.clone(),
            at: self.marked_at.clone(),
            replaces: serde_json::from_str(&self.replaces).unwrap_or_default(),
        })
    }
}

/// The institute's statuses in tap order; Sala's defaults if it has set none.
pub async fn statuses(
    conn: &mut sqlx::AnyConnection,
    institute: InstituteId,
) -> Result<Vec<StatusDef>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT code, label_km, label_en, points, counts, late FROM attendance_statuses \
         WHERE institute_id = $1 ORDER BY position",
    )
    .bind(institute.to_string())
    .fetch_all(&mut *conn)
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

/// The institute's statuses and at-risk threshold (for its admin).
pub async fn settings(
    db: impl Acquire<'_, Database = sqlx::Any>,
    institute: InstituteId,
) -> Result<wire::admin::AttendanceSettings, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let (threshold,): (i64,) =
        sqlx::query_as("SELECT attendance_threshold FROM institutes WHERE id = $1")
            .bind(institute.to_string())
            .fetch_one(&mut *conn)
            .await?;
    Ok(wire::admin::AttendanceSettings {
        statuses: statuses(&mut conn, institute).await?,
        threshold: u8::try_from(threshold).unwrap_or(domain::attendance::DEFAULT_AT_RISK_THRESHOLD),
    })
}

/// Replaces the institute's statuses and threshold in one transaction. The caller has
/// checked them (`domain::attendance::check_settings`); existing marks keep their codes.
pub async fn save_settings(
    db: impl Acquire<'_, Database = sqlx::Any>,
    institute: InstituteId,
    list: &[StatusDef],
    threshold: u8,
) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query("DELETE FROM attendance_statuses WHERE institute_id = $1")
        .bind(institute.to_string())
        .execute(&mut *tx)
        .await?;
    for (position, s) in list.iter().enumerate() {
        sqlx::query(
            "INSERT INTO attendance_statuses (institute_id, code, position, label_km, label_en, points, counts, late) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(institute.to_string())
        .bind(&s.code)
        .bind(position as i64)
        .bind(s.label.km.trim())
        .bind(s.label.en.trim())
        .bind(i64::from(s.points))
        .bind(i64::from(s.counts))
        .bind(i64::from(s.late))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE institutes SET attendance_threshold = $1 WHERE id = $2")
        .bind(i64::from(threshold))
        .bind(institute.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The roll call of `session` if `trainer` teaches its class (in their institute).
pub async fn roll_call(
    db: impl Acquire<'_, Database = sqlx::Any>,
    trainer: &CurrentUser,
    session: SessionId,
) -> Result<Option<RollCallView>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
         JOIN class_trainers t ON t.class_id = c.id \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE s.id = $1 AND t.user_id = $2 AND c.institute_id = $3"
    ))
    .bind(session.to_string())
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let span = super::unix_seconds(&row.starts_at).zip(super::unix_seconds(&row.ends_at));
    let Some(slot) = row.into_slot() else {
        return Ok(None);
    };
    let people = |sql: &'static str| {
        sqlx::query_as::<_, (String, String, String)>(sql).bind(session.to_string())
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
             WHERE s.id = $1 ORDER BY u.display_name_en",
        )
        .fetch_all(&mut *conn)
        .await?,
    );
    let trainers = to_people(
        people(
            "SELECT u.id, u.display_name_km, u.display_name_en FROM class_sessions s \
             JOIN class_trainers t ON t.class_id = s.class_id JOIN users u ON u.id = t.user_id \
             WHERE s.id = $1",
        )
        .fetch_all(&mut *conn)
        .await?,
    );
    let marks: Vec<MarkRow> = sqlx::query_as(&format!(
        "SELECT {MARK_COLUMNS} FROM attendance_marks am WHERE am.session_id = $1"
    ))
    .bind(session.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let versions = marks.iter().filter_map(MarkRow::version).collect();
    Ok(Some(RollCallView {
        session: slot,
        statuses: statuses(&mut conn, trainer.institute).await?,
        roster,
        trainers,
        versions,
        check_in_key: match span {
            Some((starts, ends)) => super::check_in::key(
                &mut conn,
                session,
                starts,
                ends,
                chrono::Utc::now().timestamp(),
            )
            .await?
            .map(|key| domain::check_in::to_hex(&key))
            .unwrap_or_default(),
            None => String::new(),
        },
        refusals: super::check_in::refusals(&mut conn, session).await?,
    }))
}

/// The attendance of `class` if `trainer` teaches it (in their institute): the sessions
/// that have started, each learner's marks, rate, at-risk flag and history.
pub async fn class_attendance(
    db: impl Acquire<'_, Database = sqlx::Any>,
    trainer: &CurrentUser,
    class: domain::ClassId,
) -> Result<Option<wire::teach::ClassAttendance>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let found: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT c.name_km, c.name_en, i.attendance_threshold FROM classes c \
         JOIN class_trainers t ON t.class_id = c.id JOIN institutes i ON i.id = c.institute_id \
         WHERE c.id = $1 AND t.user_id = $2 AND c.institute_id = $3",
    )
    .bind(class.to_string())
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((km, en, threshold)) = found else {
        return Ok(None);
    };
    let threshold =
        u8::try_from(threshold).unwrap_or(domain::attendance::DEFAULT_AT_RISK_THRESHOLD);
    load(
        &mut conn,
        trainer.institute,
        class,
        Localized::new(km, en),
        threshold,
    )
    .await
    .map(Some)
}

/// The attendance of `class` (of `institute`), for a caller that has checked who may
/// see it: the sessions that have started, each learner's marks, rate, at-risk flag and
/// history.
pub(crate) async fn load(
    conn: &mut sqlx::AnyConnection,
    institute: InstituteId,
    class: domain::ClassId,
    class_name: Localized,
    threshold: u8,
) -> Result<wire::teach::ClassAttendance, sqlx::Error> {
    use domain::attendance::{at_risk, rate, SessionMarks};
    use wire::teach::{ClassAttendance, HistoryEntry, LearnerRow, SessionColumn};
    let sessions: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s JOIN classes c ON c.id = s.class_id \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE s.class_id = $1 AND s.starts_at <= $2 AND s.cancelled_at IS NULL ORDER BY s.starts_at"
    ))
    .bind(class.to_string())
    .bind(super::now())
    .fetch_all(&mut *conn)
    .await?;
    let sessions: Vec<wire::teach::SessionSlot> = sessions
        .into_iter()
        .filter_map(SessionRow::into_slot)
        .collect();
    let learners: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name_km, u.display_name_en FROM enrolments e \
         JOIN users u ON u.id = e.learner_id WHERE e.class_id = $1 ORDER BY u.display_name_en",
    )
    .bind(class.to_string())
    .fetch_all(&mut *conn)
    .await?;
    #[derive(sqlx::FromRow)]
    struct AuthoredMark {
        #[sqlx(flatten)]
        mark: MarkRow,
        author_km: String,
        author_en: String,
    }
    let rows: Vec<AuthoredMark> = sqlx::query_as(&format!(
        "SELECT {MARK_COLUMNS}, u.display_name_km AS author_km, u.display_name_en AS author_en \
         FROM attendance_marks am JOIN class_sessions s ON s.id = am.session_id \
         JOIN users u ON u.id = am.author_id WHERE s.class_id = $1 ORDER BY am.marked_at"
    ))
    .bind(class.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let statuses = statuses(&mut *conn, institute).await?;

    let mut by_session: Vec<(SessionId, SessionMarks)> = sessions
        .iter()
        .map(|s| (s.id, SessionMarks::default()))
        .collect();
    let mut authors: Vec<(String, Localized)> = Vec::new();
    for AuthoredMark {
        mark,
        author_km,
        author_en,
    } in &rows
    {
        let (Ok(session), Some(version)) = (mark.session_id.parse::<SessionId>(), mark.version())
        else {
            continue;
        };
        if !authors.iter().any(|(a, _)| *a == mark.author_id) {
            authors.push((mark.author_id.clone(), Localized::new(author_km, author_en)));
        }
        if let Some((_, marks)) = by_session.iter_mut().find(|(s, _)| *s == session) {
            marks.add(version);
        }
    }
    let learners = learners
        .into_iter()
        .filter_map(|(id, km, en)| {
            let id: domain::UserId = id.parse().ok()?;
            let marks: Vec<Option<String>> = by_session
                .iter()
                .map(|(_, m)| m.current(id).map(|v| v.status.clone()))
                .collect();
            let rate = rate(&statuses, marks.iter().flatten().map(String::as_str));
            let mut history: Vec<HistoryEntry> = by_session
                .iter()
                .flat_map(|(session, m)| {
                    m.versions()
                        .filter(|v| v.learner == id)
                        .map(|v| HistoryEntry {
                            session: *session,
                            status: v.status.clone(),
                            minutes_late: v.minutes_late,
                            note: v.note.clone(),
                            by: authors
                                .iter()
                                .find(|(a, _)| *a == v.author.to_string())
                                .map(|(_, n)| n.clone())
                                .unwrap_or_default(),
                            at: v.at.clone(),
                        })
                })
                .collect();
            history.sort_by(|a, b| a.at.cmp(&b.at));
            Some(LearnerRow {
                id,
                name: Localized::new(km, en),
                marks,
                rate,
                at_risk: at_risk(rate, threshold),
                history,
            })
        })
        .collect();
    Ok(ClassAttendance {
        class,
        class_name,
        threshold,
        statuses,
        sessions: sessions
            .into_iter()
            .map(|s| SessionColumn {
                id: s.id,
                date: s.date,
                start: s.start,
                activity: s.activity,
            })
            .collect(),
        learners,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{self, seed_id};

    /// Store functions take any executor: a caller composes several into one
    /// transaction, which sees its own writes and leaves nothing when rolled back.
    #[tokio::test]
    async fn store_calls_compose_into_one_transaction() {
        let (_dir, pool) = crate::test_db().await;
        seed::demo(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let institute: InstituteId = seed_id("institute").parse().expect("id");
        let before = settings(&pool, institute).await.expect("settings");
        let mut tx = pool.begin().await.expect("begin");
        save_settings(&mut *tx, institute, &before.statuses[..1], 50)
            .await
            .expect("save");
        let inside = settings(&mut *tx, institute).await.expect("settings");
        assert_eq!((inside.statuses.len(), inside.threshold), (1, 50));
        tx.rollback().await.expect("rollback");
        assert_eq!(settings(&pool, institute).await.expect("settings"), before);
    }
}
