//! Classes as an institute's admin opens and fills them: a class of a published
//! programme version, its trainers, its learners enrolled one by one or from a pasted
//! list, and withdrawals (the enrolment ends; when it began and ended stays in
//! `class_withdrawals`, and every attendance mark and progress record stays). Every
//! function takes the admin and touches only their institute's classes and people.

use crate::users::CurrentUser;
use domain::classes::{ClassDetails, ClassFault};
use domain::{ClassId, Localized, UserId};
use std::collections::HashMap;
use wire::classes::{
    ClassAdmin, ClassSummary, ClassesPage, PersonRef, ProgrammeChoice, Withdrawal,
};

/// Why a change to a class was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Fault(ClassFault),
    /// Usernames of a list that are not active learners of the institute.
    NotLearners(Vec<String>),
}

type SummaryRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    i64,
);

pub(crate) async fn summaries(
    conn: &mut sqlx::AnyConnection,
    admin: &CurrentUser,
    only: Option<&str>,
) -> Result<Vec<ClassSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT c.id, c.code, c.name_km, c.name_en, p.title_km, p.title_en, p.version, c.starts_on, \
                (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id) \
         FROM classes c JOIN programmes p ON p.id = c.programme_id \
         WHERE c.institute_id = $1 AND ($2 = '' OR c.id = $2) ORDER BY c.starts_on DESC, c.code",
    )
    .bind(admin.institute.to_string())
    .bind(only.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let trainers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT t.class_id, u.display_name_km, u.display_name_en FROM class_trainers t \
         JOIN users u ON u.id = t.user_id JOIN classes c ON c.id = t.class_id \
         WHERE c.institute_id = $1 ORDER BY u.display_name_en",
    )
    .bind(admin.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut by_class: HashMap<String, Vec<Localized>> = HashMap::new();
    for (class, km, en) in trainers {
        by_class
            .entry(class)
            .or_default()
            .push(Localized::new(km, en));
    }
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, code, km, en, pkm, pen, version, starts_on, learners)| {
                Some(ClassSummary {
                    trainers: by_class.remove(&id).unwrap_or_default(),
                    id: id.parse().ok()?,
                    code,
                    name: Localized::new(km, en),
                    programme: Localized::new(pkm, pen),
                    version: u32::try_from(version).ok()?,
                    starts_on: domain::calendar::Date::parse(&starts_on)?,
                    learners: u32::try_from(learners).unwrap_or(0),
                })
            },
        )
        .collect())
}

/// The admin's institute's classes, and the published versions a new one may follow.
pub async fn page(pool: &sqlx::AnyPool, admin: &CurrentUser) -> Result<ClassesPage, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let classes = summaries(&mut conn, admin, None).await?;
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, title_km, title_en, version FROM programmes \
         WHERE institute_id = $1 AND status = 'published' ORDER BY title_en, version DESC",
    )
    .bind(admin.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let programmes = rows
        .into_iter()
        .map(|(id, km, en, version)| ProgrammeChoice {
            id,
            title: Localized::new(km, en),
            version: u32::try_from(version).unwrap_or(0),
        })
        .collect();
    Ok(ClassesPage {
        classes,
        programmes,
    })
}

/// Opens a class of a published programme version of the admin's institute.
pub async fn create(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    details: &ClassDetails,
) -> Result<Result<ClassId, Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let institute = admin.institute.to_string();
    let published: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM programmes WHERE id = $1 AND institute_id = $2 AND status = 'published'",
    )
    .bind(&details.programme)
    .bind(&institute)
    .fetch_optional(&mut *tx)
    .await?;
    if published.is_none() {
        return Ok(Err(Refusal::Fault(ClassFault::NotPublished)));
    }
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM classes WHERE institute_id = $1 AND code = $2")
            .bind(&institute)
            .bind(&details.code)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Ok(Err(Refusal::Fault(ClassFault::CodeTaken)));
    }
    let id = crate::new_id()?;
    sqlx::query(
        "INSERT INTO classes (id, institute_id, programme_id, code, name_km, name_en, starts_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(&institute)
    .bind(&details.programme)
    .bind(&details.code)
    .bind(&details.name_km)
    .bind(&details.name_en)
    .bind(details.starts_on.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id.parse().map_err(|_| sqlx::Error::RowNotFound)?))
}

async fn people_of(
    conn: &mut sqlx::AnyConnection,
    sql: &str,
    class: &str,
) -> Result<Vec<PersonRef>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(sql)
        .bind(class)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, username, km, en)| {
            Some(PersonRef {
                id: id.parse().ok()?,
                username,
                name: Localized::new(km, en),
            })
        })
        .collect())
}

/// One class of the admin's institute, with its people.
pub async fn class(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    id: &str,
) -> Result<Option<ClassAdmin>, sqlx::Error> {
    if id.is_empty() {
        return Ok(None);
    }
    let mut conn = pool.acquire().await?;
    let Some(class) = summaries(&mut conn, admin, Some(id))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let trainers = people_of(
        &mut conn,
        "SELECT u.id, u.username, u.display_name_km, u.display_name_en FROM class_trainers t \
         JOIN users u ON u.id = t.user_id WHERE t.class_id = $1 ORDER BY u.display_name_en, u.username",
        id,
    )
    .await?;
    let learners = people_of(
        &mut conn,
        "SELECT u.id, u.username, u.display_name_km, u.display_name_en FROM enrolments e \
         JOIN users u ON u.id = e.learner_id WHERE e.class_id = $1 ORDER BY u.display_name_en, u.display_name_km, u.username",
        id,
    )
    .await?;
    let all_trainers: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, username, display_name_km, display_name_en FROM users \
         WHERE institute_id = $1 AND role = 'trainer' AND deactivated_at IS NULL ORDER BY display_name_en, username",
    )
    .bind(admin.institute.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let withdrawn: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name_km, u.display_name_en, w.enrolled_at, w.withdrawn_at \
         FROM class_withdrawals w JOIN users u ON u.id = w.learner_id WHERE w.class_id = $1 \
         ORDER BY w.withdrawn_at DESC",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(ClassAdmin {
        class,
        trainers,
        all_trainers: all_trainers
            .into_iter()
            .filter_map(|(id, username, km, en)| {
                Some(PersonRef {
                    id: id.parse().ok()?,
                    username,
                    name: Localized::new(km, en),
                })
            })
            .collect(),
        learners,
        withdrawn: withdrawn
            .into_iter()
            .filter_map(|(id, username, km, en, enrolled_at, withdrawn_at)| {
                Some(Withdrawal {
                    learner: PersonRef {
                        id: id.parse().ok()?,
                        username,
                        name: Localized::new(km, en),
                    },
                    enrolled_at,
                    withdrawn_at,
                })
            })
            .collect(),
    }))
}

/// Whether `class` is one of the admin's institute's classes.
pub(crate) async fn ours(
    conn: &mut sqlx::AnyConnection,
    admin: &CurrentUser,
    class: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM classes WHERE id = $1 AND institute_id = $2")
            .bind(class)
            .bind(admin.institute.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Makes `trainers` (active trainers of the institute) the class's trainers.
pub async fn set_trainers(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    trainers: &[UserId],
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    for trainer in trainers {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM users WHERE id = $1 AND institute_id = $2 AND role = 'trainer' AND deactivated_at IS NULL",
        )
        .bind(trainer.to_string())
        .bind(admin.institute.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Ok(Err(Refusal::Fault(ClassFault::NotATrainer)));
        }
    }
    sqlx::query("DELETE FROM class_trainers WHERE class_id = $1")
        .bind(class)
        .execute(&mut *tx)
        .await?;
    for trainer in trainers {
        sqlx::query("INSERT INTO class_trainers (class_id, user_id) VALUES ($1, $2)")
            .bind(class)
            .bind(trainer.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Enrols the learners named by `usernames` (all active learners of the institute, or
/// none is enrolled); those already in the class stay as they are. Returns how many
/// were enrolled now.
pub async fn enrol(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    usernames: &[String],
) -> Result<Result<u32, Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    let mut ids = Vec::with_capacity(usernames.len());
    let mut unknown = Vec::new();
    for username in usernames {
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM users WHERE username = $1 AND institute_id = $2 AND role = 'learner' AND deactivated_at IS NULL",
        )
        .bind(username)
        .bind(admin.institute.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        match found {
            Some((id,)) => ids.push(id),
            None => unknown.push(username.clone()),
        }
    }
    if !unknown.is_empty() {
        return Ok(Err(Refusal::NotLearners(unknown)));
    }
    let now = crate::now();
    let mut enrolled = 0;
    for id in ids {
        enrolled += sqlx::query(
            "INSERT INTO enrolments (class_id, learner_id, enrolled_at) VALUES ($1, $2, $3) \
             ON CONFLICT (class_id, learner_id) DO NOTHING",
        )
        .bind(class)
        .bind(&id)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(Ok(u32::try_from(enrolled).unwrap_or(u32::MAX)))
}

/// Withdraws `learner` from `class`: their enrolment ends, its dates are kept, and so is
/// everything they did in the class.
pub async fn withdraw(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    class: &str,
    learner: UserId,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    if !ours(&mut tx, admin, class).await? {
        return Ok(Err(Refusal::NotFound));
    }
    let enrolled: Option<(String,)> = sqlx::query_as(
        "SELECT enrolled_at FROM enrolments WHERE class_id = $1 AND learner_id = $2",
    )
    .bind(class)
    .bind(learner.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((enrolled_at,)) = enrolled else {
        return Ok(Err(Refusal::NotFound));
    };
    sqlx::query(
        "INSERT INTO class_withdrawals (class_id, learner_id, enrolled_at, withdrawn_at, withdrawn_by) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(class)
    .bind(learner.to_string())
    .bind(&enrolled_at)
    .bind(crate::now())
    .bind(admin.id.to_string())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM enrolments WHERE class_id = $1 AND learner_id = $2")
        .bind(class)
        .bind(learner.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
