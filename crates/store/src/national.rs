//! National administration: the institutes a national administrator sees (every one but
//! the national office they belong to), a new institute created with its first admin and
//! that admin's sign-in slip in one write, a new slip for an institute's admin, and the
//! command-line start of a server that has no one yet (`sala national-admin`). Every
//! function takes the national administrator and refuses anyone else.

use crate::people::{self, Person, Slip};
use crate::users::CurrentUser;
use domain::institutes::{InstituteFault, NewInstitute, NewInstituteFault};
use domain::people::{PersonDetails, PersonFault};
use domain::{InstituteId, Localized, Role, UserId};
use sqlx::Acquire;
use wire::national::{InstitutePage, InstituteSummary};

/// Why a national administrator's change was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such institute (or person) in their reach, or they are not a national
    /// administrator.
    NotFound,
    Fault(NewInstituteFault),
}

type SummaryRow = (String, String, String, String, String, i64, i64, i64, i64);

async fn summaries(
    conn: &mut sqlx::AnyConnection,
    only: Option<InstituteId>,
) -> Result<Vec<InstituteSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT i.id, i.code, i.name_km, i.name_en, i.created_at, \
                (SELECT COUNT(*) FROM users u WHERE u.institute_id = i.id AND u.role = 'learner' AND u.deactivated_at IS NULL), \
                (SELECT COUNT(*) FROM users u WHERE u.institute_id = i.id AND u.role <> 'learner' AND u.deactivated_at IS NULL), \
                (SELECT COUNT(*) FROM users u WHERE u.institute_id = i.id AND u.role = 'admin' AND u.deactivated_at IS NULL), \
                (SELECT COUNT(*) FROM classes c WHERE c.institute_id = i.id) \
         FROM institutes i WHERE i.national = 0 AND ($1 = '' OR i.id = $1) ORDER BY i.code",
    )
    .bind(only.map(|i| i.to_string()).unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, code, km, en, created_at, learners, staff, admins, classes)| {
                Some(InstituteSummary {
                    id: id.parse().ok()?,
                    code,
                    name: Localized::new(km, en),
                    learners: count(learners),
                    staff: count(staff),
                    admins: count(admins),
                    classes: count(classes),
                    created_at,
                })
            },
        )
        .collect())
}

/// Every institute (not the national office), by code; empty for anyone but a national
/// administrator.
pub async fn institutes(
    db: impl Acquire<'_, Database = sqlx::Any>,
    national: &CurrentUser,
) -> Result<Vec<InstituteSummary>, sqlx::Error> {
    if national.role != Role::National {
        return Ok(Vec::new());
    }
    let mut conn = db.acquire().await?;
    summaries(&mut conn, None).await
}

/// One institute and its admins (active first).
pub async fn institute(
    db: impl Acquire<'_, Database = sqlx::Any>,
    national: &CurrentUser,
    id: InstituteId,
) -> Result<Option<InstitutePage>, sqlx::Error> {
    if national.role != Role::National {
        return Ok(None);
    }
    let mut conn = db.acquire().await?;
    let Some(institute) = summaries(&mut conn, Some(id)).await?.into_iter().next() else {
        return Ok(None);
    };
    let admins = admins_of(&mut conn, id, None).await?;
    Ok(Some(InstitutePage { institute, admins }))
}

async fn admins_of(
    conn: &mut sqlx::AnyConnection,
    institute: InstituteId,
    only: Option<UserId>,
) -> Result<Vec<Person>, sqlx::Error> {
    Ok(people::list_in(conn, institute, only)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Admin)
        .collect())
}

/// Creates an institute and its first admin, and issues that admin's sign-in slip, all
/// in one write (a refused admin leaves no institute behind).
pub async fn create(
    pool: &sqlx::AnyPool,
    national: &CurrentUser,
    new: &NewInstitute,
) -> Result<Result<(InstituteId, Slip), Refusal>, sqlx::Error> {
    if national.role != Role::National {
        return Ok(Err(Refusal::NotFound));
    }
    let mut tx = crate::db::write(pool).await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM institutes WHERE code = $1")
        .bind(&new.institute.code)
        .fetch_optional(&mut *tx)
        .await?;
    let code_taken = Refusal::Fault(NewInstituteFault::Institute(InstituteFault::CodeTaken));
    if taken.is_some() {
        return Ok(Err(code_taken));
    }
    let id = crate::new_id()?;
    let inserted = sqlx::query(
        "INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&new.institute.code)
    .bind(&new.institute.name_km)
    .bind(&new.institute.name_en)
    .bind(crate::now())
    .execute(&mut *tx)
    .await;
    match inserted {
        // Another write took the code since the check (the unique index decides).
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Err(code_taken)),
        other => {
            other?;
        }
    }
    let institute: InstituteId = id.parse().map_err(|_| sqlx::Error::RowNotFound)?;
    let admin = match people::insert(&mut tx, institute, &new.admin).await? {
        Ok(admin) => admin,
        Err(refusal) => return Ok(Err(person_refusal(refusal))),
    };
    let slip = match first(admins_of(&mut tx, institute, Some(admin)).await?) {
        Some(person) => people::slip_for(&mut tx, national.id, person).await?,
        None => return Err(sqlx::Error::RowNotFound),
    };
    let slip = match slip {
        Ok(slip) => slip,
        Err(refusal) => return Ok(Err(person_refusal(refusal))),
    };
    tx.commit().await?;
    Ok(Ok((institute, slip)))
}

/// A new sign-in slip for one of an institute's admins (their earlier one voided).
pub async fn admin_slip(
    pool: &sqlx::AnyPool,
    national: &CurrentUser,
    institute: InstituteId,
    person: UserId,
) -> Result<Result<Slip, Refusal>, sqlx::Error> {
    if national.role != Role::National {
        return Ok(Err(Refusal::NotFound));
    }
    let mut tx = crate::db::write(pool).await?;
    let in_reach = summaries(&mut tx, Some(institute)).await?;
    let admin = first(admins_of(&mut tx, institute, Some(person)).await?);
    let (false, Some(admin)) = (in_reach.is_empty(), admin) else {
        return Ok(Err(Refusal::NotFound));
    };
    let slip = match people::slip_for(&mut tx, national.id, admin).await? {
        Ok(slip) => slip,
        Err(refusal) => return Ok(Err(person_refusal(refusal))),
    };
    tx.commit().await?;
    Ok(Ok(slip))
}

fn first(people: Vec<Person>) -> Option<Person> {
    people.into_iter().next()
}

fn person_refusal(refusal: people::Refusal) -> Refusal {
    match refusal {
        people::Refusal::NotFound => Refusal::NotFound,
        people::Refusal::Fault(f) => Refusal::Fault(NewInstituteFault::Admin(f)),
    }
}

/// The national office's code, and its names, as `sala national-admin` creates it.
pub const OFFICE_CODE: &str = "NATIONAL";
const OFFICE_NAME: (&str, &str) = ("ការិយាល័យជាតិ", "National office");

/// Why `sala national-admin` did nothing.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("{0:?} is not a username (3–32 of a–z, 0–9, '.', '_', '-', starting with a letter or digit)")]
    BadUsername(String),
    #[error("{0:?} is already someone's username, and they are not a national administrator")]
    NotNational(String),
    #[error("{0:?} is a deactivated national administrator")]
    Deactivated(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// `sala national-admin USERNAME`, the way into a server that has no one yet (and back
/// in, should every national administrator lose their password): makes the national
/// office if there is none and the national administrator `username` if there is none,
/// and issues them a sign-in slip, voiding their earlier one. Their password, if they
/// have one, keeps working until the slip is used.
pub async fn bootstrap(pool: &sqlx::AnyPool, username: &str) -> Result<Slip, BootstrapError> {
    let details = PersonDetails::parse("", username, Role::Admin.as_str(), "", username)
        .map_err(|_| BootstrapError::BadUsername(username.to_owned()))?;
    let username = details.username.clone().unwrap_or_default();
    let mut tx = crate::db::write(pool).await?;
    let office: Option<(String,)> =
        sqlx::query_as("SELECT id FROM institutes WHERE national = 1 ORDER BY created_at LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let office = match office {
        Some((id,)) => id,
        None => {
            let id = crate::new_id()?;
            sqlx::query(
                "INSERT INTO institutes (id, code, name_km, name_en, created_at, national) \
                 VALUES ($1, $2, $3, $4, $5, 1)",
            )
            .bind(&id)
            .bind(OFFICE_CODE)
            .bind(OFFICE_NAME.0)
            .bind(OFFICE_NAME.1)
            .bind(crate::now())
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let office: InstituteId = office.parse().map_err(|_| sqlx::Error::RowNotFound)?;
    let found: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, role, institute_id FROM users WHERE username = $1")
            .bind(&username)
            .fetch_optional(&mut *tx)
            .await?;
    let parse_id = |id: String| id.parse().map_err(|_| sqlx::Error::RowNotFound);
    let (id, home): (UserId, InstituteId) = match found {
        Some((id, role, institute)) if role == Role::National.as_str() => (
            parse_id(id)?,
            institute.parse().map_err(|_| sqlx::Error::RowNotFound)?,
        ),
        Some(_) => return Err(BootstrapError::NotNational(username)),
        None => {
            let national = PersonDetails {
                role: Role::National,
                ..details
            };
            match people::insert(&mut tx, office, &national).await? {
                Ok(id) => (id, office),
                Err(_) => return Err(BootstrapError::NotNational(username)),
            }
        }
    };
    let Some(person) = first(people::list_in(&mut tx, home, Some(id)).await?) else {
        return Err(sqlx::Error::RowNotFound.into());
    };
    let slip = match people::slip_for(&mut tx, id, person).await? {
        Ok(slip) => slip,
        Err(people::Refusal::Fault(PersonFault::Deactivated)) => {
            return Err(BootstrapError::Deactivated(username))
        }
        Err(_) => return Err(sqlx::Error::RowNotFound.into()),
    };
    tx.commit().await?;
    Ok(slip)
}
