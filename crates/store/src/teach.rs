//! Scheduled sessions of a user's classes: those a trainer teaches, those a learner is
//! enrolled in.

use crate::schedule::{SessionRow, SELECT};
use crate::users::CurrentUser;
use domain::Role;
use sqlx::Acquire;
use wire::teach::SessionSlot;

/// Sessions starting in `[from, to)` (stored timestamps) of the user's classes in their
/// own institute — enrolled in, for a learner; taught, for anyone else — in time order.
pub async fn sessions(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    from: &str,
    to: &str,
) -> Result<Vec<SessionSlot>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let member = match user.role {
        Role::Learner => "enrolments m ON m.class_id = c.id AND m.learner_id = $1",
        _ => "class_trainers m ON m.class_id = c.id AND m.user_id = $1",
    };
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s \
         JOIN classes c ON c.id = s.class_id \
         JOIN {member} \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE c.institute_id = $2 AND s.starts_at >= $3 AND s.starts_at < $4 AND s.cancelled_at IS NULL \
         ORDER BY s.starts_at"
    ))
    .bind(user.id.to_string())
    .bind(user.institute.to_string())
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter_map(SessionRow::into_slot).collect())
}
