//! Blending a draft programme: editing its learning activities (add, save, split, remove,
//! move), publishing it (after which the store refuses every change), the blend report
//! (facts loaded here, arithmetic in `domain::blend`), and the institute's blend targets.
//! Every function takes the signed-in user and touches only their institute's programmes.

use crate::users::CurrentUser;
use domain::blend::{self as rules, EditFault, PlannedActivity, PlannedModule, Targets};
use domain::{DeliveryMode, InstituteId, Localized};
use sqlx::Acquire;
use uuid::Uuid;
use wire::curriculum::{
    ActivityPage, ActivityRow, ActivitySnapshot, BlendReport, CoverageRow, CriterionRef, DiffKind,
    DiffRow, ElementChoice, ModeShare, ModuleBlend, ProgrammeSummary, VersionDiff,
};

/// A change to a draft programme, as a form sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A new activity at the end of `module`.
    Add {
        module: String,
        typed: Typed,
    },
    Save {
        activity: String,
        typed: Typed,
    },
    /// Two activities of half the minutes each, the same mode and criteria; the first
    /// keeps the id (and the lesson, if any).
    Split {
        activity: String,
    },
    Remove {
        activity: String,
    },
    /// One place earlier (`up`) or later within its module.
    Move {
        activity: String,
        up: bool,
    },
}

/// An activity's fields as typed (checked by `domain::blend::check_activity`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub title_km: String,
    pub title_en: String,
    pub minutes: String,
    pub mode: String,
    pub criteria: Vec<String>,
}

/// Why an edit or a publication was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such programme, module or activity in the user's institute.
    NotFound,
    Fault(EditFault),
}

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// Whether `programme` is the institute's, and a draft.
async fn draft(
    tx: &mut Tx<'_>,
    user: &CurrentUser,
    programme: &str,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let status: Option<(String,)> =
        sqlx::query_as("SELECT status FROM programmes WHERE id = $1 AND institute_id = $2")
            .bind(programme)
            .bind(user.institute.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(match status {
        None => Err(Refusal::NotFound),
        Some((s,)) if s == "draft" => Ok(()),
        Some(_) => Err(Refusal::Fault(EditFault::Published)),
    })
}

/// The module and position of `activity`, if it is in `programme`.
async fn place(
    tx: &mut Tx<'_>,
    programme: &str,
    activity: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.module_id, a.position FROM learning_activities a JOIN modules m ON m.id = a.module_id \
         WHERE a.id = $1 AND m.programme_id = $2",
    )
    .bind(activity)
    .bind(programme)
    .fetch_optional(&mut **tx)
    .await
}

/// The performance criteria of the unit `module` delivers, in order, with their elements.
async fn unit_criteria(
    conn: &mut sqlx::AnyConnection,
    module: &str,
) -> Result<Vec<(i64, Localized, CriterionRef)>, sqlx::Error> {
    let rows: Vec<(String, i64, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT pc.id, e.number, e.title_km, e.title_en, pc.number, pc.text_km, pc.text_en \
         FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id \
         JOIN modules m ON m.unit_id = e.unit_id WHERE m.id = $1 ORDER BY e.number, pc.number",
    )
    .bind(module)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, element, ekm, een, number, km, en)| {
            (
                element,
                Localized::new(ekm, een),
                CriterionRef {
                    id,
                    number: format!("{element}.{number}"),
                    text: Localized::new(km, en),
                },
            )
        })
        .collect())
}

async fn checked(
    tx: &mut Tx<'_>,
    module: &str,
    typed: &Typed,
) -> Result<Result<rules::ActivityEdit, Refusal>, sqlx::Error> {
    let criteria: Vec<Uuid> = unit_criteria(&mut *tx, module)
        .await?
        .into_iter()
        .filter_map(|(_, _, c)| c.id.parse().ok())
        .collect();
    Ok(rules::check_activity(
        &typed.title_km,
        &typed.title_en,
        &typed.minutes,
        &typed.mode,
        &typed.criteria,
        &criteria,
    )
    .map_err(Refusal::Fault))
}

async fn write_criteria(
    tx: &mut Tx<'_>,
    activity: &str,
    criteria: &[Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM activity_criteria WHERE activity_id = $1")
        .bind(activity)
        .execute(&mut **tx)
        .await?;
    for c in criteria {
        sqlx::query("INSERT INTO activity_criteria (activity_id, criterion_id) VALUES ($1, $2)")
            .bind(activity)
            .bind(c.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Moves every activity of `module` at or after `from` one place later (two steps, so no
/// moment has two activities in one place: positions are unique per module).
async fn make_room(tx: &mut Tx<'_>, module: &str, from: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE learning_activities SET position = -(position + 1) WHERE module_id = $1 AND position >= $2")
        .bind(module)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE learning_activities SET position = -position WHERE module_id = $1 AND position < 0",
    )
    .bind(module)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Applies `edit` to draft `programme` in one transaction: the id of the activity it
/// made or changed, or why it was refused (nothing changed).
pub async fn edit(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    programme: &str,
    edit: &Edit,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    if let Err(r) = draft(&mut tx, user, programme).await? {
        return Ok(Err(r));
    }
    let result = match edit {
        Edit::Add { module, typed } => {
            let found: Option<(i64,)> = sqlx::query_as(
                "SELECT COALESCE((SELECT MAX(position) FROM learning_activities WHERE module_id = $1), 0) \
                 FROM modules WHERE id = $1 AND programme_id = $2",
            )
            .bind(module)
            .bind(programme)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((last,)) = found else {
                return Ok(Err(Refusal::NotFound));
            };
            let a = match checked(&mut tx, module, typed).await? {
                Ok(a) => a,
                Err(r) => return Ok(Err(r)),
            };
            let id = crate::new_id()?;
            sqlx::query(
                "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(module)
            .bind(last + 1)
            .bind(&a.title.km)
            .bind(&a.title.en)
            .bind(i64::from(a.minutes))
            .bind(a.mode.as_str())
            .execute(&mut *tx)
            .await?;
            write_criteria(&mut tx, &id, &a.criteria).await?;
            id
        }
        Edit::Save { activity, typed } => {
            let Some((module, _)) = place(&mut tx, programme, activity).await? else {
                return Ok(Err(Refusal::NotFound));
            };
            let a = match checked(&mut tx, &module, typed).await? {
                Ok(a) => a,
                Err(r) => return Ok(Err(r)),
            };
            sqlx::query(
                "UPDATE learning_activities SET title_km = $1, title_en = $2, duration_minutes = $3, delivery_mode = $4 WHERE id = $5",
            )
            .bind(&a.title.km)
            .bind(&a.title.en)
            .bind(i64::from(a.minutes))
            .bind(a.mode.as_str())
            .bind(activity)
            .execute(&mut *tx)
            .await?;
            write_criteria(&mut tx, activity, &a.criteria).await?;
            activity.clone()
        }
        Edit::Split { activity } => {
            let Some((module, position)) = place(&mut tx, programme, activity).await? else {
                return Ok(Err(Refusal::NotFound));
            };
            let (km, en, minutes, mode): (String, String, i64, String) = sqlx::query_as(
                "SELECT title_km, title_en, duration_minutes, delivery_mode FROM learning_activities WHERE id = $1",
            )
            .bind(activity)
            .fetch_one(&mut *tx)
            .await?;
            let (first, second) = match rules::split(u32::try_from(minutes).unwrap_or(0)) {
                Ok(halves) => halves,
                Err(f) => return Ok(Err(Refusal::Fault(f))),
            };
            make_room(&mut tx, &module, position + 1).await?;
            sqlx::query("UPDATE learning_activities SET duration_minutes = $1 WHERE id = $2")
                .bind(i64::from(first))
                .bind(activity)
                .execute(&mut *tx)
                .await?;
            let numbered = |t: &str| {
                if t.trim().is_empty() {
                    String::new()
                } else {
                    format!("{t} (2)")
                }
            };
            let id = crate::new_id()?;
            sqlx::query(
                "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(&module)
            .bind(position + 1)
            .bind(numbered(&km))
            .bind(numbered(&en))
            .bind(i64::from(second))
            .bind(&mode)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO activity_criteria (activity_id, criterion_id) \
                 SELECT $1, criterion_id FROM activity_criteria WHERE activity_id = $2",
            )
            .bind(&id)
            .bind(activity)
            .execute(&mut *tx)
            .await?;
            id
        }
        Edit::Remove { activity } => {
            if place(&mut tx, programme, activity).await?.is_none() {
                return Ok(Err(Refusal::NotFound));
            }
            let (lessons,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM lessons WHERE activity_id = $1")
                    .bind(activity)
                    .fetch_one(&mut *tx)
                    .await?;
            if lessons > 0 {
                return Ok(Err(Refusal::Fault(EditFault::HoldsLesson)));
            }
            // No lesson, so what is left of one goes too: drafts and unused images.
            for table in ["activity_criteria", "lesson_drafts", "lesson_images"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE activity_id = $1"))
                    .bind(activity)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM learning_activities WHERE id = $1")
                .bind(activity)
                .execute(&mut *tx)
                .await?;
            activity.clone()
        }
        Edit::Move { activity, up } => {
            let Some((module, position)) = place(&mut tx, programme, activity).await? else {
                return Ok(Err(Refusal::NotFound));
            };
            let neighbour: Option<(String, i64)> = sqlx::query_as(if *up {
                "SELECT id, position FROM learning_activities WHERE module_id = $1 AND position < $2 ORDER BY position DESC LIMIT 1"
            } else {
                "SELECT id, position FROM learning_activities WHERE module_id = $1 AND position > $2 ORDER BY position LIMIT 1"
            })
            .bind(&module)
            .bind(position)
            .fetch_optional(&mut *tx)
            .await?;
            // Already first (or last): nothing to do.
            if let Some((other, other_position)) = neighbour {
                for (id, to) in [
                    (activity.as_str(), -1),
                    (other.as_str(), position),
                    (activity.as_str(), other_position),
                ] {
                    sqlx::query("UPDATE learning_activities SET position = $1 WHERE id = $2")
                        .bind(to)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            activity.clone()
        }
    };
    tx.commit().await?;
    Ok(Ok(result))
}

/// Publishes draft `programme`: from now on the store refuses every change to it.
pub async fn publish(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    programme: &str,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    if let Err(r) = draft(&mut tx, user, programme).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE programmes SET status = 'published', published_at = $1 WHERE id = $2 AND status = 'draft'")
        .bind(crate::now())
        .bind(programme)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Moves `class` of `user`'s institute to `programme`, a published version of the same
/// qualification newer than the one it follows. Its sessions follow their activities by
/// lineage (where the newer version dropped one, a session to come is left without an
/// activity and a past one keeps its own); learners' progress follows
/// their lessons by lineage (`learn::done`), and their saved copies are offered the
/// update the next time they are online.
pub async fn move_class(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    class: &str,
    programme: &str,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    // A write from the start (`BEGIN IMMEDIATE` on SQLite), and the class moved only from
    // the version it was read on: two moves at once never send a class back.
    let mut tx = crate::db::write(pool).await?;
    let found: Option<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT t.version, t.status, cp.version, cp.id FROM classes c \
         JOIN programmes cp ON cp.id = c.programme_id \
         JOIN programmes t ON t.institute_id = cp.institute_id AND t.qualification_id = cp.qualification_id \
         WHERE c.id = $1 AND c.institute_id = $2 AND t.id = $3",
    )
    .bind(class)
    .bind(user.institute.to_string())
    .bind(programme)
    .fetch_optional(&mut *tx)
    .await?;
    let from = match found {
        None => return Ok(Err(Refusal::NotFound)),
        Some((to, status, from, _)) if status != "published" || to <= from => {
            return Ok(Err(Refusal::Fault(EditFault::NotNewer)))
        }
        Some((.., from)) => from,
    };
    let moved =
        sqlx::query("UPDATE classes SET programme_id = $1 WHERE id = $2 AND programme_id = $3")
            .bind(programme)
            .bind(class)
            .bind(&from)
            .execute(&mut *tx)
            .await?;
    if moved.rows_affected() != 1 {
        return Ok(Err(Refusal::Fault(EditFault::NotNewer)));
    }
    // Sessions follow their activity where it continues. Where the newer version dropped
    // it, a session to come is left without one, and a past one keeps what was taught.
    sqlx::query(
        "UPDATE class_sessions SET activity_id = COALESCE(( \
           SELECT n.id FROM learning_activities n JOIN modules nm ON nm.id = n.module_id \
           JOIN learning_activities o ON o.id = class_sessions.activity_id \
           WHERE nm.programme_id = $1 AND COALESCE(n.lineage_id, n.id) = COALESCE(o.lineage_id, o.id) \
           ORDER BY nm.position, n.position LIMIT 1), \
           CASE WHEN starts_at >= $3 THEN NULL ELSE activity_id END) \
         WHERE class_id = $2 AND activity_id IS NOT NULL",
    )
    .bind(programme)
    .bind(class)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// "New version": copies published `programme` into a draft of the next version — its
/// modules, activities, criteria, lessons and checks under new ids, each remembering the
/// row it continues (`lineage_id`) — and returns the draft's id. Refused for a draft, or
/// while the institute has a draft of the same qualification.
pub async fn new_version(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    programme: &str,
) -> Result<Result<String, Refusal>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let institute = user.institute.to_string();
    let found: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT qualification_id, title_km, title_en, status FROM programmes WHERE id = $1 AND institute_id = $2",
    )
    .bind(programme)
    .bind(&institute)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((qualification, title_km, title_en, status)) = found else {
        return Ok(Err(Refusal::NotFound));
    };
    let (drafts, next): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'draft' THEN 1 ELSE 0 END), 0), COALESCE(MAX(version), 0) + 1 \
         FROM programmes WHERE institute_id = $1 AND qualification_id = $2",
    )
    .bind(&institute)
    .bind(&qualification)
    .fetch_one(&mut *tx)
    .await?;
    if status == "draft" || drafts > 0 {
        return Ok(Err(Refusal::Fault(EditFault::DraftExists)));
    }
    let copy = crate::new_id()?;
    sqlx::query(
        "INSERT INTO programmes (id, institute_id, qualification_id, version, title_km, title_en, status, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', NULL)",
    )
    .bind(&copy)
    .bind(&institute)
    .bind(&qualification)
    .bind(next)
    .bind(&title_km)
    .bind(&title_en)
    .execute(&mut *tx)
    .await?;
    type ModuleRow = (String, Option<String>, i64, String, String, Option<String>);
    type ActivityRow = (String, i64, String, String, i64, String, Option<String>);
    let modules: Vec<ModuleRow> = sqlx::query_as(
        "SELECT id, unit_id, position, title_km, title_en, lineage_id FROM modules WHERE programme_id = $1 ORDER BY position",
    )
    .bind(programme)
    .fetch_all(&mut *tx)
    .await?;
    for (old_module, unit, position, km, en, lineage) in modules {
        let module = crate::new_id()?;
        sqlx::query(
            "INSERT INTO modules (id, programme_id, unit_id, position, title_km, title_en, lineage_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&module)
        .bind(&copy)
        .bind(unit)
        .bind(position)
        .bind(km)
        .bind(en)
        .bind(lineage.unwrap_or_else(|| old_module.clone()))
        .execute(&mut *tx)
        .await?;
        let activities: Vec<ActivityRow> = sqlx::query_as(
            "SELECT id, position, title_km, title_en, duration_minutes, delivery_mode, lineage_id FROM learning_activities \
             WHERE module_id = $1 ORDER BY position",
        )
        .bind(&old_module)
        .fetch_all(&mut *tx)
        .await?;
        for (old_activity, position, km, en, minutes, mode, lineage) in activities {
            let activity = crate::new_id()?;
            sqlx::query(
                "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode, lineage_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&activity)
            .bind(&module)
            .bind(position)
            .bind(km)
            .bind(en)
            .bind(minutes)
            .bind(mode)
            .bind(lineage.unwrap_or_else(|| old_activity.clone()))
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO activity_criteria (activity_id, criterion_id) SELECT $1, criterion_id FROM activity_criteria WHERE activity_id = $2",
            )
            .bind(&activity)
            .bind(&old_activity)
            .execute(&mut *tx)
            .await?;
            let lesson: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT id, title_km, title_en, body_km, body_en, lineage_id FROM lessons WHERE activity_id = $1",
            )
            .bind(&old_activity)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((old_lesson, title_km, title_en, body_km, body_en, lineage)) = lesson else {
                continue;
            };
            let lesson = crate::new_id()?;
            sqlx::query(
                "INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en, lineage_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&lesson)
            .bind(&activity)
            .bind(title_km)
            .bind(title_en)
            .bind(body_km)
            .bind(body_en)
            .bind(lineage.unwrap_or_else(|| old_lesson.clone()))
            .execute(&mut *tx)
            .await?;
            let items: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
                "SELECT position, kind, prompt_km, prompt_en, options_km, options_en, answer FROM check_items WHERE lesson_id = $1 ORDER BY position",
            )
            .bind(&old_lesson)
            .fetch_all(&mut *tx)
            .await?;
            for (position, kind, prompt_km, prompt_en, options_km, options_en, answer) in items {
                sqlx::query(
                    "INSERT INTO check_items (id, lesson_id, position, kind, prompt_km, prompt_en, options_km, options_en, answer) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(crate::new_id()?)
                .bind(&lesson)
                .bind(position)
                .bind(kind)
                .bind(prompt_km)
                .bind(prompt_en)
                .bind(options_km)
                .bind(options_en)
                .bind(answer)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(Ok(copy))
}

/// The activities of `programme` as a diff compares them, in order.
async fn versioned(
    conn: &mut sqlx::AnyConnection,
    programme: &str,
) -> Result<Vec<rules::VersionedActivity>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        lineage: String,
        m_km: String,
        m_en: String,
        title_km: String,
        title_en: String,
        duration_minutes: i64,
        delivery_mode: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, COALESCE(a.lineage_id, a.id) AS lineage, m.title_km AS m_km, m.title_en AS m_en, \
                a.title_km, a.title_en, a.duration_minutes, a.delivery_mode \
         FROM learning_activities a JOIN modules m ON m.id = a.module_id WHERE m.programme_id = $1 \
         ORDER BY m.position, a.position",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT ac.activity_id, ac.criterion_id FROM activity_criteria ac JOIN learning_activities a ON a.id = ac.activity_id \
         JOIN modules m ON m.id = a.module_id WHERE m.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    // What a learner reads: the lesson's texts and its check items, in order, joined
    // in Rust (the two backends spell "character 31" differently).
    let texts: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT l.activity_id, l.title_km, l.title_en, l.body_km, l.body_en \
         FROM lessons l JOIN learning_activities a ON a.id = l.activity_id JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    let texts: Vec<(String, String)> = texts
        .into_iter()
        .map(|(a, tk, te, bk, be)| (a, [tk, te, bk, be].join("\u{1f}")))
        .collect();
    type Item = (String, String, String, String, String, String, String);
    let items: Vec<Item> = sqlx::query_as(
        "SELECT l.activity_id, c.kind, c.prompt_km, c.prompt_en, c.options_km, c.options_en, c.answer \
         FROM check_items c JOIN lessons l ON l.id = c.lesson_id JOIN learning_activities a ON a.id = l.activity_id \
         JOIN modules m ON m.id = a.module_id WHERE m.programme_id = $1 ORDER BY c.position",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    let items: Vec<(String, String)> = items
        .into_iter()
        .map(|(a, k, pk, pe, ok, oe, ans)| (a, [k, pk, pe, ok, oe, ans].join("\u{1f}")))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let content = texts.iter().find(|(a, _)| *a == r.id).map(|(_, text)| {
                let mut all = text.clone();
                for (_, item) in items.iter().filter(|(a, _)| *a == r.id) {
                    all.push('\u{1e}');
                    all.push_str(item);
                }
                all
            });
            rules::VersionedActivity {
                criteria: links
                    .iter()
                    .filter(|(a, _)| *a == r.id)
                    .filter_map(|(_, c)| c.parse().ok())
                    .collect(),
                lineage: r.lineage,
                module: Localized::new(r.m_km, r.m_en),
                title: Localized::new(r.title_km, r.title_en),
                minutes: u32::try_from(r.duration_minutes).unwrap_or(0),
                mode: DeliveryMode::parse(&r.delivery_mode).unwrap_or(DeliveryMode::FaceToFace),
                content,
            }
        })
        .collect())
}

/// Two versions of one of the institute's programmes compared (the older first); `None`
/// unless both are the institute's and of the same qualification.
pub async fn diff(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    one: &str,
    other: &str,
) -> Result<Option<VersionDiff>, sqlx::Error> {
    let versions = crate::programmes::list(pool, user).await?;
    let (Some(a), Some(b)) = (
        versions.iter().find(|p| p.id == one),
        versions.iter().find(|p| p.id == other),
    ) else {
        return Ok(None);
    };
    if a.qualification_code != b.qualification_code {
        return Ok(None);
    }
    let (old, new) = if a.version <= b.version {
        (a, b)
    } else {
        (b, a)
    };
    let mut conn = pool.acquire().await?;
    let before = versioned(&mut conn, &old.id).await?;
    let after = versioned(&mut conn, &new.id).await?;
    let snapshot = |a: &rules::VersionedActivity| ActivitySnapshot {
        title: a.title.clone(),
        minutes: a.minutes,
        mode: a.mode,
        criteria: u32::try_from(a.criteria.len()).unwrap_or(u32::MAX),
    };
    let rows = rules::diff(&before, &after)
        .into_iter()
        .map(|d| match d {
            rules::Difference::Added(a) => DiffRow {
                kind: DiffKind::Added,
                module: a.module.clone(),
                title: a.title.clone(),
                changes: Vec::new(),
                before: None,
                after: Some(snapshot(&a)),
            },
            rules::Difference::Removed(a) => DiffRow {
                kind: DiffKind::Removed,
                module: a.module.clone(),
                title: a.title.clone(),
                changes: Vec::new(),
                before: Some(snapshot(&a)),
                after: None,
            },
            rules::Difference::Changed(x, y, changes) => DiffRow {
                kind: DiffKind::Changed,
                module: y.module.clone(),
                title: y.title.clone(),
                changes,
                before: Some(snapshot(&x)),
                after: Some(snapshot(&y)),
            },
        })
        .collect();
    Ok(Some(VersionDiff {
        old: old.clone(),
        new: new.clone(),
        rows,
    }))
}

/// One activity of a programme of the user's institute, with the criteria it may cover.
pub async fn activity_page(
    db: impl Acquire<'_, Database = sqlx::Any>,
    user: &CurrentUser,
    activity: &str,
) -> Result<Option<ActivityPage>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        module_id: String,
        programme_id: String,
        p_km: String,
        p_en: String,
        status: String,
        m_km: String,
        m_en: String,
        title_km: String,
        title_en: String,
        duration_minutes: i64,
        delivery_mode: String,
        lessons: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT a.module_id, p.id AS programme_id, p.title_km AS p_km, p.title_en AS p_en, p.status, m.title_km AS m_km, m.title_en AS m_en, \
                a.title_km, a.title_en, a.duration_minutes, a.delivery_mode, \
                (SELECT COUNT(*) FROM lessons l WHERE l.activity_id = a.id) AS lessons \
         FROM learning_activities a JOIN modules m ON m.id = a.module_id JOIN programmes p ON p.id = m.programme_id \
         WHERE a.id = $1 AND p.institute_id = $2",
    )
    .bind(activity)
    .bind(user.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let chosen: Vec<(String,)> =
        sqlx::query_as("SELECT criterion_id FROM activity_criteria WHERE activity_id = $1")
            .bind(activity)
            .fetch_all(&mut *conn)
            .await?;
    let chosen: Vec<String> = chosen.into_iter().map(|(c,)| c).collect();
    let mut elements: Vec<ElementChoice> = Vec::new();
    for (number, title, criterion) in unit_criteria(&mut conn, &row.module_id).await? {
        let number = u32::try_from(number).unwrap_or(0);
        match elements.last_mut() {
            Some(e) if e.number == number => e.criteria.push(criterion),
            _ => elements.push(ElementChoice {
                number,
                title,
                criteria: vec![criterion],
            }),
        }
    }
    Ok(Some(ActivityPage {
        programme_id: row.programme_id,
        programme_title: Localized::new(row.p_km, row.p_en),
        draft: row.status == "draft",
        module_title: Localized::new(row.m_km, row.m_en),
        activity: ActivityRow {
            id: activity.to_owned(),
            title: Localized::new(row.title_km, row.title_en),
            minutes: u32::try_from(row.duration_minutes).unwrap_or(0),
            mode: DeliveryMode::parse(&row.delivery_mode).unwrap_or(DeliveryMode::FaceToFace),
            criteria: chosen.len() as i64,
        },
        chosen,
        elements,
        holds_lesson: row.lessons > 0,
    }))
}

/// The institute's blend targets (none set: no targets).
pub async fn targets(
    db: impl Acquire<'_, Database = sqlx::Any>,
    institute: InstituteId,
) -> Result<Targets, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT online_min, workplace_min, face_to_face_max FROM blend_targets WHERE institute_id = $1",
    )
    .bind(institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let percent = |p: Option<i64>| p.and_then(|p| u8::try_from(p).ok()).filter(|p| *p <= 100);
    Ok(
        row.map_or_else(Targets::default, |(online, workplace, face)| Targets {
            online_min: percent(online),
            workplace_min: percent(workplace),
            face_to_face_max: percent(face),
        }),
    )
}

pub async fn save_targets(
    db: impl Acquire<'_, Database = sqlx::Any>,
    institute: InstituteId,
    targets: &Targets,
) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query("DELETE FROM blend_targets WHERE institute_id = $1")
        .bind(institute.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO blend_targets (institute_id, online_min, workplace_min, face_to_face_max) VALUES ($1, $2, $3, $4)",
    )
    .bind(institute.to_string())
    .bind(targets.online_min.map(i64::from))
    .bind(targets.workplace_min.map(i64::from))
    .bind(targets.face_to_face_max.map(i64::from))
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

fn shares(blend: &rules::Blend) -> Vec<ModeShare> {
    blend
        .iter()
        .map(|&(mode, minutes, share)| ModeShare {
            mode,
            minutes,
            share,
        })
        .collect()
}

/// The blend report of the institute's `programme`, against the institute's targets.
pub async fn report(
    pool: &sqlx::AnyPool,
    user: &CurrentUser,
    programme: &str,
) -> Result<Option<BlendReport>, sqlx::Error> {
    let Some(view) = crate::programmes::load(pool, user, programme).await? else {
        return Ok(None);
    };
    let targets = targets(pool, user.institute).await?;
    let mut conn = pool.acquire().await?;
    let hours: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT m.id, COALESCE(u.hours_theory, 0), COALESCE(u.hours_practical, 0) FROM modules m \
         LEFT JOIN units u ON u.id = m.unit_id WHERE m.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    let links: Vec<(String, String)> = sqlx::query_as(
        "SELECT ac.activity_id, ac.criterion_id FROM activity_criteria ac \
         JOIN learning_activities a ON a.id = ac.activity_id JOIN modules m ON m.id = a.module_id \
         WHERE m.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?;
    let covers = |activity: &str| -> Vec<Uuid> {
        links
            .iter()
            .filter(|(a, _)| a == activity)
            .filter_map(|(_, c)| c.parse().ok())
            .collect()
    };
    let mut planned = Vec::new();
    let mut criteria_of = Vec::new();
    for module in &view.modules {
        let (theory, practical) = hours
            .iter()
            .find(|(m, _, _)| *m == module.id)
            .map_or((0, 0), |(_, t, p)| (*t, *p));
        let criteria: Vec<CriterionRef> = unit_criteria(&mut conn, &module.id)
            .await?
            .into_iter()
            .map(|(_, _, c)| c)
            .collect();
        planned.push(PlannedModule {
            hours_theory: u32::try_from(theory).unwrap_or(0),
            hours_practical: u32::try_from(practical).unwrap_or(0),
            criteria: criteria.iter().filter_map(|c| c.id.parse().ok()).collect(),
            activities: module
                .activities
                .iter()
                .map(|a| PlannedActivity {
                    minutes: a.minutes,
                    mode: a.mode,
                    criteria: covers(&a.id),
                })
                .collect(),
        });
        criteria_of.push(criteria);
    }
    let report = rules::report(&planned, &targets);
    let named = |criteria: &[CriterionRef], ids: &[Uuid]| -> Vec<CriterionRef> {
        criteria
            .iter()
            .filter(|c| c.id.parse().is_ok_and(|id: Uuid| ids.contains(&id)))
            .cloned()
            .collect()
    };
    let modules = view
        .modules
        .iter()
        .zip(&report.modules)
        .zip(criteria_of.iter().zip(&planned))
        .map(|((module, r), (criteria, plan))| ModuleBlend {
            id: module.id.clone(),
            title: module.title.clone(),
            blend: shares(&r.blend),
            planned_minutes: r.planned,
            nominal_minutes: r.nominal,
            activities: module.activities.clone(),
            coverage: criteria
                .iter()
                .map(|c| CoverageRow {
                    criterion: c.clone(),
                    covered_by: plan
                        .activities
                        .iter()
                        .map(|a| c.id.parse().is_ok_and(|id: Uuid| a.criteria.contains(&id)))
                        .collect(),
                })
                .collect(),
            uncovered: named(criteria, &r.uncovered),
            online_only: named(criteria, &r.online_only),
        })
        .collect();
    Ok(Some(BlendReport {
        programme: ProgrammeSummary {
            id: view.id,
            title: view.title,
            version: view.version,
            draft: view.draft,
            qualification_code: view.qualification_code,
        },
        blend: shares(&report.blend),
        planned_minutes: report.planned,
        nominal_minutes: report.nominal,
        criteria: u32::try_from(report.criteria).unwrap_or(u32::MAX),
        covered: u32::try_from(report.covered).unwrap_or(u32::MAX),
        gaps: report.gaps,
        modules,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::seed_id;

    fn curriculum(institute: &str) -> CurrentUser {
        crate::testing::curriculum(institute)
    }

    async fn classic(pool: &sqlx::AnyPool) -> (CurrentUser, String) {
        crate::testing::classic_draft(pool).await
    }

    fn typed(title: &str, minutes: &str, mode: &str, criteria: &[String]) -> Typed {
        Typed {
            title_km: String::new(),
            title_en: title.into(),
            minutes: minutes.into(),
            mode: mode.into(),
            criteria: criteria.to_vec(),
        }
    }

    #[tokio::test]
    async fn a_classic_draft_is_blended_step_by_step_then_published() {
        let (_db, pool) = crate::test_db().await;
        let (me, id) = classic(&pool).await;
        let programme = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        let module = &programme.modules[0];
        let theory = module.activities[0].clone();
        let before = report(&pool, &me, &id)
            .await
            .expect("report")
            .expect("ours");
        assert_eq!(before.blend[0].share, 100);
        assert!(before.modules.iter().all(|m| m.uncovered.is_empty()));

        // Split the theory in two; the second half goes online, self-paced.
        let second = edit(
            &pool,
            &me,
            &id,
            &Edit::Split {
                activity: theory.id.clone(),
            },
        )
        .await
        .expect("split")
        .expect("splits");
        let page = activity_page(&pool, &me, &second)
            .await
            .expect("page")
            .expect("ours");
        assert_eq!(page.activity.minutes, theory.minutes / 2);
        assert_eq!(page.activity.title.en, format!("{} (2)", theory.title.en));
        let some: Vec<String> = page.elements[0]
            .criteria
            .iter()
            .take(2)
            .map(|c| c.id.clone())
            .collect();
        edit(
            &pool,
            &me,
            &id,
            &Edit::Save {
                activity: second.clone(),
                typed: typed(
                    "Reading: safety rules",
                    &page.activity.minutes.to_string(),
                    "online_self_paced",
                    &some,
                ),
            },
        )
        .await
        .expect("save")
        .expect("valid");
        // Move it first, then add a workplace visit at the end.
        edit(
            &pool,
            &me,
            &id,
            &Edit::Move {
                activity: second.clone(),
                up: true,
            },
        )
        .await
        .expect("move")
        .expect("moves");
        let visit = edit(
            &pool,
            &me,
            &id,
            &Edit::Add {
                module: module.id.clone(),
                typed: typed("Site visit", "120", "workplace", &[]),
            },
        )
        .await
        .expect("add")
        .expect("valid");
        let after = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        let ids: Vec<&str> = after.modules[0]
            .activities
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids[0], second);
        assert_eq!(ids[1], theory.id);
        assert_eq!(*ids.last().expect("one"), visit);
        let r = report(&pool, &me, &id)
            .await
            .expect("report")
            .expect("ours");
        assert!(r.blend[2].share > 0, "some online now: {:?}", r.blend);
        assert_eq!(
            r.planned_minutes,
            before.planned_minutes + 120,
            "the split kept the minutes"
        );

        // Bad input changes nothing and says why.
        for (bad, fault) in [
            (typed("", "60", "workplace", &[]), EditFault::NoTitle),
            (typed("x", "0", "workplace", &[]), EditFault::BadMinutes),
            (typed("x", "60", "online", &[]), EditFault::UnknownMode),
            (
                typed("x", "60", "workplace", &[Uuid::nil().to_string()]),
                EditFault::UnknownCriterion,
            ),
        ] {
            assert_eq!(
                edit(
                    &pool,
                    &me,
                    &id,
                    &Edit::Save {
                        activity: visit.clone(),
                        typed: bad
                    }
                )
                .await
                .expect("edit"),
                Err(Refusal::Fault(fault))
            );
        }
        // A criterion of another unit is not this module's to cover.
        let other_unit = activity_page(&pool, &me, &after.modules[1].activities[0].id)
            .await
            .expect("page")
            .expect("ours");
        assert_eq!(
            edit(
                &pool,
                &me,
                &id,
                &Edit::Save {
                    activity: visit.clone(),
                    typed: typed(
                        "x",
                        "60",
                        "workplace",
                        &[other_unit.elements[0].criteria[0].id.clone()]
                    )
                }
            )
            .await
            .expect("edit"),
            Err(Refusal::Fault(EditFault::UnknownCriterion))
        );
        assert_eq!(
            report(&pool, &me, &id).await.expect("report"),
            Some(r.clone())
        );

        // Remove the visit; another institute can neither see nor change anything.
        edit(
            &pool,
            &me,
            &id,
            &Edit::Remove {
                activity: visit.clone(),
            },
        )
        .await
        .expect("remove")
        .expect("removed");
        assert_eq!(activity_page(&pool, &me, &visit).await.expect("page"), None);
        let other = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'O', 'O', 'O', '2026-01-01T00:00:00Z')")
            .bind(&other)
            .execute(&pool)
            .await
            .expect("institute");
        let theirs = curriculum(&other);
        assert_eq!(report(&pool, &theirs, &id).await.expect("report"), None);
        assert_eq!(
            activity_page(&pool, &theirs, &second).await.expect("page"),
            None
        );
        assert_eq!(
            edit(
                &pool,
                &theirs,
                &id,
                &Edit::Remove {
                    activity: second.clone()
                }
            )
            .await
            .expect("edit"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            publish(&pool, &theirs, &id).await.expect("publish"),
            Err(Refusal::NotFound)
        );
        // An activity is changed only through its own programme.
        let another = crate::programmes::start_from_standard(&pool, &me, &seed_id("qualification"))
            .await
            .expect("start")
            .expect("a standard we see");
        assert_eq!(
            edit(
                &pool,
                &me,
                &another,
                &Edit::Remove {
                    activity: second.clone()
                }
            )
            .await
            .expect("edit"),
            Err(Refusal::NotFound)
        );

        // Published: every change refused.
        publish(&pool, &me, &id)
            .await
            .expect("publish")
            .expect("a draft");
        assert_eq!(
            publish(&pool, &me, &id).await.expect("publish"),
            Err(Refusal::Fault(EditFault::Published))
        );
        for change in [
            Edit::Split {
                activity: second.clone(),
            },
            Edit::Remove {
                activity: second.clone(),
            },
            Edit::Move {
                activity: second.clone(),
                up: false,
            },
            Edit::Save {
                activity: second.clone(),
                typed: typed("x", "60", "workplace", &[]),
            },
            Edit::Add {
                module: module.id.clone(),
                typed: typed("x", "60", "workplace", &[]),
            },
        ] {
            assert_eq!(
                edit(&pool, &me, &id, &change).await.expect("edit"),
                Err(Refusal::Fault(EditFault::Published)),
                "{change:?}"
            );
        }
        let published = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        assert!(!published.draft);
    }

    #[tokio::test]
    async fn an_activity_with_a_lesson_is_not_removed_and_targets_show_the_gap() {
        let (_db, pool) = crate::test_db().await;
        let (me, id) = classic(&pool).await;
        let programme = crate::programmes::load(&pool, &me, &id)
            .await
            .expect("load")
            .expect("ours");
        let activity = &programme.modules[0].activities[0];
        sqlx::query("INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES ($1, $2, 'ក', 'L', '', 'x')")
            .bind(Uuid::now_v7().to_string())
            .bind(&activity.id)
            .execute(&pool)
            .await
            .expect("lesson");
        assert_eq!(
            edit(
                &pool,
                &me,
                &id,
                &Edit::Remove {
                    activity: activity.id.clone()
                }
            )
            .await
            .expect("edit"),
            Err(Refusal::Fault(EditFault::HoldsLesson))
        );
        assert!(
            activity_page(&pool, &me, &activity.id)
                .await
                .expect("page")
                .expect("kept")
                .holds_lesson
        );

        assert_eq!(
            targets(&pool, me.institute).await.expect("targets"),
            Targets::default()
        );
        let set = Targets {
            online_min: Some(30),
            workplace_min: None,
            face_to_face_max: Some(70),
        };
        save_targets(&pool, me.institute, &set).await.expect("save");
        assert_eq!(targets(&pool, me.institute).await.expect("targets"), set);
        let r = report(&pool, &me, &id)
            .await
            .expect("report")
            .expect("ours");
        // The classic draft is all face to face: 30 points short online, 30 over in class.
        assert_eq!(
            r.gaps.iter().map(|g| g.short_by).collect::<Vec<_>>(),
            vec![30, 30]
        );
        assert!(r.gaps.iter().all(|g| !g.met()));
    }

    #[tokio::test]
    async fn a_class_moves_to_a_newer_version_only_when_asked_and_its_learners_keep_their_progress()
    {
        let (_db, pool) = crate::test_db().await;
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo_without_attendance(&pool, today)
            .await
            .expect("seed");
        let me = curriculum(&seed_id("institute"));
        let learner = CurrentUser {
            id: seed_id("user:learner").parse().expect("id"),
            institute: seed_id("institute").parse().expect("id"),
            role: domain::Role::Learner,
            username: "learner".into(),
            display_name: Default::default(),
        };
        let class = seed_id("class:EI-2026-A");
        let class_id: domain::ClassId = class.parse().expect("id");
        let v1 = seed_id("programme");
        let outline = |pool: sqlx::AnyPool| {
            let learner = learner.clone();
            async move {
                crate::learn::course_outline(&pool, &learner, class_id)
                    .await
                    .expect("outline")
                    .expect("enrolled")
            }
        };
        let old = outline(pool.clone()).await;
        let first_lesson = old
            .modules
            .iter()
            .flat_map(|m| &m.activities)
            .find_map(|a| a.lesson)
            .expect("a lesson in version 1");
        let sessions_before: Vec<(String,)> = sqlx::query_as(
            "SELECT activity_id FROM class_sessions WHERE class_id = $1 AND activity_id IS NOT NULL",
        )
        .bind(&class)
        .fetch_all(&pool)
        .await
        .expect("sessions");
        assert!(
            !sessions_before.is_empty(),
            "the demo plans sessions of activities"
        );

        // Done on version 1, as a phone would say it.
        let done = |lesson: domain::LessonId, seq: u64| domain::sync::Record {
            id: domain::RecordId(Uuid::now_v7()),
            seq,
            at: "2026-11-30T08:00:00Z".into(),
            by: None,
            body: domain::sync::RecordBody::LessonDone { lesson },
        };
        let device = domain::DeviceId(Uuid::now_v7());
        crate::sync::push(&pool, &learner, device, &[done(first_lesson, 1)])
            .await
            .expect("push");

        let v2 = new_version(&pool, &me, &v1)
            .await
            .expect("copy")
            .expect("published");
        let refused = move_class(&pool, &me, &class, &v2).await.expect("move");
        assert_eq!(
            refused,
            Err(Refusal::Fault(EditFault::NotNewer)),
            "not to a draft"
        );
        publish(&pool, &me, &v2)
            .await
            .expect("publish")
            .expect("draft");
        // Publishing moves no class: the learner still studies version 1.
        let ids = |o: &crate::learn::StoredOutline| {
            o.modules
                .iter()
                .flat_map(|m| &m.activities)
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert!(ids(&outline(pool.clone()).await) == ids(&old));
        assert_eq!(
            move_class(
                &pool,
                &crate::testing::curriculum(&Uuid::now_v7().to_string()),
                &class,
                &v2
            )
            .await
            .expect("move"),
            Err(Refusal::NotFound),
            "another institute's class"
        );
        move_class(&pool, &me, &class, &v2)
            .await
            .expect("move")
            .expect("newer");
        assert_eq!(
            move_class(&pool, &me, &class, &v1).await.expect("move"),
            Err(Refusal::Fault(EditFault::NotNewer)),
            "never back"
        );
        assert_eq!(
            move_class(&pool, &me, &class, &v2).await.expect("move"),
            Err(Refusal::Fault(EditFault::NotNewer)),
            "not to the version it follows"
        );

        // The outline is version 2's, with the lesson done on version 1 still done.
        let new = outline(pool.clone()).await;
        let lessons = |o: &crate::learn::StoredOutline| {
            o.modules
                .iter()
                .flat_map(|m| &m.activities)
                .filter_map(|a| a.lesson.map(|l| (l, a.done)))
                .collect::<Vec<_>>()
        };
        let (new_lessons, old_lessons) = (lessons(&new), lessons(&old));
        assert_eq!(new_lessons.len(), old_lessons.len());
        assert!(ids(&new).iter().all(|a| !ids(&old).contains(a)), "new ids");
        assert!(new_lessons[0].1, "done on version 1, done on version 2");
        assert!(new_lessons[1..].iter().all(|(_, d)| !d));
        let card = crate::learn::courses(&pool, &learner)
            .await
            .expect("courses");
        assert!(card[0].percent_done > 0);
        // The old lesson still opens (a saved copy's link), and a phone that studied it
        // offline is still heard.
        assert!(crate::learn::lesson(&pool, &learner, first_lesson)
            .await
            .expect("lesson")
            .is_some());
        let second_old = old_lessons[1].0;
        let results = crate::sync::push(&pool, &learner, device, &[done(second_old, 2)])
            .await
            .expect("push");
        assert_eq!(results[0].outcome, domain::sync::Outcome::Accepted);
        assert!(lessons(&outline(pool.clone()).await)[1].1);

        // Sessions follow their activities into version 2.
        let sessions_after: Vec<(String,)> = sqlx::query_as(
            "SELECT s.activity_id FROM class_sessions s JOIN learning_activities a ON a.id = s.activity_id \
             JOIN modules m ON m.id = a.module_id WHERE s.class_id = $1 AND m.programme_id = $2",
        )
        .bind(&class)
        .bind(&v2)
        .fetch_all(&pool)
        .await
        .expect("sessions");
        assert_eq!(sessions_after.len(), sessions_before.len());
    }

    #[tokio::test]
    async fn a_session_of_an_activity_the_newer_version_dropped_keeps_it_when_past_and_loses_it_when_to_come(
    ) {
        let (_db, pool) = crate::test_db().await;
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo_without_attendance(&pool, today)
            .await
            .expect("seed");
        let me = curriculum(&seed_id("institute"));
        let class = seed_id("class:EI-2026-A");
        let v1 = seed_id("programme");
        let planned: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, activity_id FROM class_sessions WHERE class_id = $1 AND activity_id IS NOT NULL \
             AND activity_id NOT IN (SELECT activity_id FROM lessons) ORDER BY starts_at, id LIMIT 2",
        )
        .bind(&class)
        .fetch_all(&pool)
        .await
        .expect("sessions");
        assert_eq!(planned.len(), 2, "the demo plans sessions of activities");
        // Two sessions of one activity, one long past and one long to come; a third of
        // another activity that continues.
        let dropped = planned[0].1.clone();
        let (past, future) = (&planned[0].0, &planned[1].0);
        for (session, starts, ends) in [
            (past, "2020-01-06T08:00:00Z", "2020-01-06T10:00:00Z"),
            (future, "2099-01-05T08:00:00Z", "2099-01-05T10:00:00Z"),
        ] {
            sqlx::query("UPDATE class_sessions SET activity_id = $1, starts_at = $2, ends_at = $3 WHERE id = $4")
                .bind(&dropped)
                .bind(starts)
                .bind(ends)
                .bind(session)
                .execute(&pool)
                .await
                .expect("plan");
        }
        let (kept, kept_before): (String, String) = sqlx::query_as(
            "SELECT id, activity_id FROM class_sessions WHERE class_id = $1 AND activity_id IS NOT NULL \
             AND activity_id <> $2 ORDER BY starts_at, id LIMIT 1",
        )
        .bind(&class)
        .bind(&dropped)
        .fetch_one(&pool)
        .await
        .expect("a session of another activity");

        let v2 = new_version(&pool, &me, &v1)
            .await
            .expect("copy")
            .expect("published");
        let (copy,): (String,) = sqlx::query_as(
            "SELECT a.id FROM learning_activities a JOIN modules m ON m.id = a.module_id \
             WHERE m.programme_id = $1 AND a.lineage_id = $2",
        )
        .bind(&v2)
        .bind(&dropped)
        .fetch_one(&pool)
        .await
        .expect("the copy of the activity");
        edit(&pool, &me, &v2, &Edit::Remove { activity: copy })
            .await
            .expect("remove")
            .expect("a face-to-face activity holds no lesson");
        publish(&pool, &me, &v2)
            .await
            .expect("publish")
            .expect("draft");
        move_class(&pool, &me, &class, &v2)
            .await
            .expect("move")
            .expect("newer");

        let activity_of = |session: String| {
            let pool = pool.clone();
            async move {
                let (a,): (Option<String>,) =
                    sqlx::query_as("SELECT activity_id FROM class_sessions WHERE id = $1")
                        .bind(session)
                        .fetch_one(&pool)
                        .await
                        .expect("session");
                a
            }
        };
        assert_eq!(
            activity_of(past.clone()).await.as_deref(),
            Some(dropped.as_str()),
            "what was taught stays"
        );
        assert_eq!(
            activity_of(future.clone()).await,
            None,
            "a session to come of a dropped activity waits for the admin to link it"
        );
        let (kept_after, version): (String, i64) = sqlx::query_as(
            "SELECT a.id, p.version FROM class_sessions s JOIN learning_activities a ON a.id = s.activity_id \
             JOIN modules m ON m.id = a.module_id JOIN programmes p ON p.id = m.programme_id WHERE s.id = $1",
        )
        .bind(&kept)
        .fetch_one(&pool)
        .await
        .expect("kept");
        assert_eq!(version, 2, "a continuing activity's session follows it");
        assert_ne!(kept_after, kept_before);
    }

    #[tokio::test]
    async fn a_new_version_continues_the_old_one_and_a_diff_names_the_changes() {
        let (_db, pool) = crate::test_db().await;
        let (me, v2) = classic(&pool).await;
        let old = crate::programmes::load(&pool, &me, &v2)
            .await
            .expect("load")
            .expect("ours");
        let first = old.modules[0].activities[0].id.clone();
        sqlx::query("INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES ($1, $2, 'ក', 'L', '', 'Old text')")
            .bind(Uuid::now_v7().to_string())
            .bind(&first)
            .execute(&pool)
            .await
            .expect("lesson");
        assert_eq!(
            new_version(&pool, &me, &v2).await.expect("copy"),
            Err(Refusal::Fault(EditFault::DraftExists)),
            "a draft is not copied"
        );
        publish(&pool, &me, &v2)
            .await
            .expect("publish")
            .expect("a draft");
        let v3 = new_version(&pool, &me, &v2)
            .await
            .expect("copy")
            .expect("a published version");
        assert_eq!(
            new_version(&pool, &me, &v2).await.expect("copy"),
            Err(Refusal::Fault(EditFault::DraftExists)),
            "one draft at a time"
        );
        let new = crate::programmes::load(&pool, &me, &v3)
            .await
            .expect("load")
            .expect("ours");
        assert!(new.draft);
        assert_eq!(new.version, 3);
        assert!(new.versions.iter().any(|p| p.id == v2));
        // The same plan under new ids, each continuing its row of version 2.
        let shape = |p: &wire::curriculum::ProgrammeView| {
            p.modules
                .iter()
                .map(|m| {
                    m.activities
                        .iter()
                        .map(|a| (a.title.clone(), a.minutes, a.mode, a.criteria))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(&new), shape(&old));
        let copied = new.modules[0].activities[0].id.clone();
        assert_ne!(copied, first);
        let (lineage,): (Option<String>,) =
            sqlx::query_as("SELECT lineage_id FROM learning_activities WHERE id = $1")
                .bind(&copied)
                .fetch_one(&pool)
                .await
                .expect("row");
        assert_eq!(lineage.as_deref(), Some(first.as_str()));
        assert_eq!(
            diff(&pool, &me, &v2, &v3)
                .await
                .expect("diff")
                .expect("both ours")
                .rows,
            vec![]
        );

        // Change a mode and the lesson, remove one, add one.
        let page = activity_page(&pool, &me, &copied)
            .await
            .expect("page")
            .expect("ours");
        let criteria: Vec<String> = page.chosen.clone();
        edit(
            &pool,
            &me,
            &v3,
            &Edit::Save {
                activity: copied.clone(),
                typed: Typed {
                    title_km: page.activity.title.km.clone(),
                    title_en: page.activity.title.en.clone(),
                    minutes: page.activity.minutes.to_string(),
                    mode: "online_live".into(),
                    criteria,
                },
            },
        )
        .await
        .expect("save")
        .expect("valid");
        sqlx::query("UPDATE lessons SET body_en = 'New text' WHERE activity_id = $1")
            .bind(&copied)
            .execute(&pool)
            .await
            .expect("lesson");
        let gone = new.modules[1].activities[0].id.clone();
        edit(&pool, &me, &v3, &Edit::Remove { activity: gone })
            .await
            .expect("remove")
            .expect("removed");
        edit(
            &pool,
            &me,
            &v3,
            &Edit::Add {
                module: new.modules[0].id.clone(),
                typed: typed("Site visit", "90", "workplace", &[]),
            },
        )
        .await
        .expect("add")
        .expect("valid");
        let d = diff(&pool, &me, &v3, &v2)
            .await
            .expect("diff")
            .expect("both ours");
        assert_eq!(
            (d.old.version, d.new.version),
            (2, 3),
            "older first, whichever is asked first"
        );
        let kinds: Vec<(DiffKind, Vec<rules::Changed>)> =
            d.rows.iter().map(|r| (r.kind, r.changes.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    DiffKind::Changed,
                    vec![rules::Changed::Mode, rules::Changed::Text]
                ),
                (DiffKind::Removed, vec![]),
                (DiffKind::Added, vec![]),
            ]
        );
        assert_eq!(d.rows[2].title.en, "Site visit");
        // Version 2 is as it was.
        assert_eq!(
            shape(
                &crate::programmes::load(&pool, &me, &v2)
                    .await
                    .expect("load")
                    .expect("ours")
            ),
            shape(&old)
        );
        // Another institute compares nothing.
        let other = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'O', 'O', 'O', '2026-01-01T00:00:00Z')")
            .bind(&other)
            .execute(&pool)
            .await
            .expect("institute");
        let theirs = curriculum(&other);
        assert_eq!(diff(&pool, &theirs, &v2, &v3).await.expect("diff"), None);
        assert_eq!(
            new_version(&pool, &theirs, &v2).await.expect("copy"),
            Err(Refusal::NotFound)
        );
    }
}
