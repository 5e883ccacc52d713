//! A class's timetable as its admin plans it: sessions from a weekly pattern (checked
//! whole by `domain::timetable::plan`) for one face-to-face or workplace activity of
//! the class's programme version, one session moved, cancelled or restored. A
//! cancelled session keeps its row and any roll call marked for it (a trainer offline
//! may have marked it before hearing): lists of sessions to come leave it out, and its
//! admin sees what was marked and decides — restore it (the roll call counts) or leave
//! it cancelled (the marks stay, uncounted). Every function takes the admin and touches
//! only their institute's classes.

use crate::users::CurrentUser;
use chrono::DateTime;
use domain::calendar::{cambodia_clock, Date};
use domain::timetable::{unix_seconds, Plan, PlanFault, Slot};
use domain::{DeliveryMode, Localized};
use wire::timetable::{ActivityChoice, PlannedSession, TimetablePage};

/// Why a change to a timetable was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a class (or session) of the admin's institute.
    NotFound,
    Fault(PlanFault),
}

/// A stored timestamp (`YYYY-MM-DDTHH:MM:SSZ`) of a time of day on a date in Cambodia.
fn stored(date: Date, time: domain::calendar::ClockTime) -> String {
    DateTime::from_timestamp(unix_seconds(date, time), 0)
        .map(crate::timestamp)
        .unwrap_or_default()
}

type SessionRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

const SESSIONS: &str = "SELECT s.id, s.starts_at, s.ends_at, s.place_km, s.place_en, \
        a.title_km, a.title_en, a.delivery_mode, s.cancelled_at, \
        (SELECT COUNT(DISTINCT am.learner_id) FROM attendance_marks am WHERE am.session_id = s.id) \
     FROM class_sessions s LEFT JOIN learning_activities a ON a.id = s.activity_id ";

fn session(row: SessionRow) -> Option<PlannedSession> {
    let (id, starts, ends, place_km, place_en, km, en, mode, cancelled, marked) = row;
    let (starts, ends) = (crate::unix_seconds(&starts)?, crate::unix_seconds(&ends)?);
    Some(PlannedSession {
        id,
        date: Date::in_cambodia(starts),
        start: cambodia_clock(starts),
        end: cambodia_clock(ends),
        place: Localized::new(place_km, place_en),
        activity: Localized::new(km.unwrap_or_default(), en.unwrap_or_default()),
        mode: mode.as_deref().and_then(DeliveryMode::parse),
        cancelled: cancelled.is_some(),
        marked: u32::try_from(marked).unwrap_or(0),
    })
}

/// The face-to-face and workplace activities of a class's programme version, in order.
async fn activities(
    conn: &mut sqlx::AnyConnection,
    class: &str,
) -> Result<Vec<ActivityChoice>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT a.id, m.title_km, m.title_en, a.title_km, a.title_en, a.delivery_mode, a.duration_minutes \
         FROM classes c JOIN modules m ON m.programme_id = c.programme_id \
         JOIN learning_activities a ON a.module_id = m.id \
         WHERE c.id = $1 AND a.delivery_mode IN ('face_to_face', 'workplace') \
         ORDER BY m.position, a.position",
    )
    .bind(class)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, mkm, men, km, en, mode, minutes)| {
            Some(ActivityChoice {
                id,
                module: Localized::new(mkm, men),
                title: Localized::new(km, en),
                mode: DeliveryMode::parse(&mode)?,
                minutes: u32::try_from(minutes).unwrap_or(0),
            })
        })
        .collect())
}

/// A class's timetable page: the class, the activities a session may be for, and every
/// session in time order (cancelled ones marked so).
pub async fn page(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
) -> Result<Option<TimetablePage>, sqlx::Error> {
    if class.is_empty() {
        return Ok(None);
    }
    let mut conn = pool.acquire().await?;
    let Some(summary) = crate::classes::summaries(&mut conn, admin, Some(class))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let activities = activities(&mut conn, class).await?;
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SESSIONS} WHERE s.class_id = $1 ORDER BY s.starts_at"
    ))
    .bind(class)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(TimetablePage {
        class: summary,
        activities,
        sessions: rows.into_iter().filter_map(session).collect(),
    }))
}

/// One session of one of the admin's institute's classes.
pub async fn one(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    id: &str,
) -> Result<Option<PlannedSession>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(&format!(
        "{SESSIONS} JOIN classes c ON c.id = s.class_id \
         WHERE s.id = $1 AND s.class_id = $2 AND c.institute_id = $3"
    ))
    .bind(id)
    .bind(class)
    .bind(admin.institute.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(session))
}

/// Adds the sessions of a checked plan to a class, for `activity` (a face-to-face or
/// workplace activity of its version). A date that already has a session of the class
/// at the same start is skipped, so planning the same pattern twice adds nothing.
/// Returns how many sessions were added.
pub async fn plan(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    activity: &str,
    plan: &Plan,
) -> Result<Result<u32, Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !crate::classes::ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    if !activities(&mut tx, class)
        .await?
        .iter()
        .any(|a| a.id == activity)
    {
        return Ok(Err(Refusal::Fault(PlanFault::NotAnActivity)));
    }
    let now = crate::now();
    let mut added = 0;
    for date in &plan.dates {
        let (starts, ends) = (stored(*date, plan.slot.start), stored(*date, plan.slot.end));
        let there: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM class_sessions WHERE class_id = $1 AND starts_at = $2 AND cancelled_at IS NULL",
        )
        .bind(class)
        .bind(&starts)
        .fetch_optional(&mut *tx)
        .await?;
        if there.is_some() {
            continue;
        }
        sqlx::query(
            "INSERT INTO class_sessions (id, class_id, activity_id, starts_at, ends_at, place_km, place_en, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(crate::new_id()?)
        .bind(class)
        .bind(activity)
        .bind(&starts)
        .bind(&ends)
        .bind(&plan.place.km)
        .bind(&plan.place.en)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        added += 1;
    }
    tx.commit().await?;
    Ok(Ok(added))
}

/// Moves one session (not cancelled) to another day, time and place.
pub async fn move_to(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    id: &str,
    date: Date,
    slot: Slot,
    place: &Localized,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !crate::classes::ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    let moved = sqlx::query(
        "UPDATE class_sessions SET starts_at = $1, ends_at = $2, place_km = $3, place_en = $4, changed_at = $5 \
         WHERE id = $6 AND class_id = $7 AND cancelled_at IS NULL",
    )
    .bind(stored(date, slot.start))
    .bind(stored(date, slot.end))
    .bind(&place.km)
    .bind(&place.en)
    .bind(crate::now())
    .bind(id)
    .bind(class)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Ok(Err(Refusal::Fault(PlanFault::NotASession)));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Cancels one session (`cancel`) or restores a cancelled one; its row and any roll call
/// marked for it stay either way.
pub async fn set_cancelled(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    id: &str,
    cancel: bool,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !crate::classes::ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    let now = crate::now();
    let changed = sqlx::query(
        "UPDATE class_sessions SET cancelled_at = $1, changed_at = $2 WHERE id = $3 AND class_id = $4",
    )
    .bind(cancel.then_some(now.clone()))
    .bind(&now)
    .bind(id)
    .bind(class)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Ok(Err(Refusal::NotFound));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::timetable::PatternForm;

    fn admin_of(institute: &str) -> CurrentUser {
        CurrentUser {
            id: crate::seed::seed_id("user:admin").parse().expect("id"),
            role: domain::Role::Admin,
            institute: institute.parse().expect("id"),
            username: "admin".into(),
            display_name: Default::default(),
        }
    }

    #[tokio::test]
    async fn an_admin_plans_moves_and_cancels_and_no_other_institute_can() {
        let (_db, pool) = crate::test_db().await;
        crate::seed::demo(&pool, Date::parse("2026-11-30").expect("date"))
            .await
            .expect("seed");
        let admin = admin_of(&crate::seed::seed_id("institute"));
        let class = crate::seed::seed_id("class:EI-2026-A");
        let first = page(&pool, &admin, &class)
            .await
            .expect("page")
            .expect("ours");
        let before = first.sessions.len();
        let activity = first
            .activities
            .first()
            .expect("a face-to-face activity")
            .id
            .clone();
        assert!(first
            .activities
            .iter()
            .all(|a| matches!(a.mode, DeliveryMode::FaceToFace | DeliveryMode::Workplace)));
        let pattern = domain::timetable::plan(&PatternForm {
            from: "2027-01-04",
            to: "2027-01-17",
            weekdays: vec![0, 2, 4],
            start: "13:00",
            end: "16:00",
            place_km: "រោងជាង ២",
            place_en: "Workshop 2",
            holidays: "2027-01-06",
        })
        .expect("plan");
        assert_eq!(pattern.dates.len(), 5);
        let added = plan(&pool, &admin, &class, &activity, &pattern)
            .await
            .expect("db")
            .expect("planned");
        assert_eq!(added, 5);
        // The same pattern again adds nothing.
        assert_eq!(
            plan(&pool, &admin, &class, &activity, &pattern)
                .await
                .expect("db"),
            Ok(0)
        );
        let after = page(&pool, &admin, &class)
            .await
            .expect("page")
            .expect("ours");
        assert_eq!(after.sessions.len(), before + 5);
        let first = after
            .sessions
            .iter()
            .find(|s| s.date == Date::parse("2027-01-04").expect("date"))
            .expect("planned on the Monday")
            .clone();
        assert_eq!((first.start.hour, first.end.hour), (13, 16));
        assert_eq!(first.place.km, "រោងជាង ២");

        // Not an activity of the class: refused, nothing added.
        assert_eq!(
            plan(&pool, &admin, &class, "no-such-activity", &pattern)
                .await
                .expect("db"),
            Err(Refusal::Fault(PlanFault::NotAnActivity))
        );
        // Another institute's admin sees and changes nothing.
        let other = admin_of(&crate::seed::seed_id("an institute of its own"));
        assert_eq!(page(&pool, &other, &class).await.expect("db"), None);
        assert_eq!(
            plan(&pool, &other, &class, &activity, &pattern)
                .await
                .expect("db"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            set_cancelled(&pool, &other, &class, &first.id, true)
                .await
                .expect("db"),
            Err(Refusal::NotFound)
        );

        let slot = Slot::parse("08:00", "10:00").expect("slot");
        let place = Localized::new("បន្ទប់ ៥", "Room 5");
        let to = Date::parse("2027-01-05").expect("date");
        move_to(&pool, &admin, &class, &first.id, to, slot, &place)
            .await
            .expect("db")
            .expect("moved");
        let moved = one(&pool, &admin, &class, &first.id)
            .await
            .expect("db")
            .expect("one");
        assert_eq!(
            (moved.date, moved.start.hour, moved.place.en.as_str()),
            (to, 8, "Room 5")
        );

        set_cancelled(&pool, &admin, &class, &first.id, true)
            .await
            .expect("db")
            .expect("cancelled");
        assert!(
            one(&pool, &admin, &class, &first.id)
                .await
                .expect("db")
                .expect("kept")
                .cancelled
        );
        // A cancelled session cannot be moved; restored, it can.
        assert_eq!(
            move_to(&pool, &admin, &class, &first.id, to, slot, &place)
                .await
                .expect("db"),
            Err(Refusal::Fault(PlanFault::NotASession))
        );
        set_cancelled(&pool, &admin, &class, &first.id, false)
            .await
            .expect("db")
            .expect("restored");
        assert!(
            !one(&pool, &admin, &class, &first.id)
                .await
                .expect("db")
                .expect("kept")
                .cancelled
        );
    }
}
