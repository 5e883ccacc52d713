//! What a trainer teaches: sessions of the classes they are assigned to.

use crate::auth::CurrentUser;
use crate::schedule::rows::{SessionRow, SELECT};
use crate::schedule::SessionSlot;
use sqlx::SqlitePool;

/// Sessions starting in `[from, to)` (stored timestamps) of classes this trainer teaches
/// in their own institute, in time order.
pub async fn sessions(
    pool: &SqlitePool,
    trainer: &CurrentUser,
    from: &str,
    to: &str,
) -> Result<Vec<SessionSlot>, sqlx::Error> {
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "{SELECT} FROM class_sessions s \
         JOIN classes c ON c.id = s.class_id \
         JOIN class_trainers t ON t.class_id = c.id \
         LEFT JOIN learning_activities a ON a.id = s.activity_id \
         WHERE t.user_id = ? AND c.institute_id = ? AND s.starts_at >= ? AND s.starts_at < ? \
         ORDER BY s.starts_at"
    ))
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(SessionRow::into_slot).collect())
}
