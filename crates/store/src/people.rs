//! An institute's people, as its admin adds, edits, deactivates and reactivates them, and
//! sign-in slips: a one-time code (only its SHA-256 kept) with which a person sets their
//! own password, once, before it expires. Every function takes the admin, and touches
//! only people of the admin's institute.

use crate::users::CurrentUser;
use chrono::{Duration, Utc};
use domain::people::{self, PersonDetails, PersonFault};
use domain::sign_in::Limit;
use domain::{InstituteId, Localized, Role, UserId};
use sha2::{Digest, Sha256};
use sqlx::Acquire;

/// Why a change to a person was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No such person in the admin's institute.
    NotFound,
    Fault(PersonFault),
}

/// One person as the admin's pages show them.
pub type Person = wire::PersonSummary;

/// A slip as printed: whose, and the code (shown once: only its hash is kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub person: UserId,
    pub name: Localized,
    pub username: String,
    pub code: String,
    pub expires_at: String,
}

fn code_hash(code: &str) -> String {
    crate::auth_sessions::hex(&Sha256::digest(code.as_bytes()))
}

/// Adds a person to the admin's institute, with no password (they set one with a slip),
/// making a username from their English name when none is given. Returns their id.
pub async fn add(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    details: &PersonDetails,
) -> Result<Result<UserId, Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let id = match insert(&mut tx, admin.institute, details).await? {
        Ok(id) => id,
        Err(refusal) => return Ok(Err(refusal)),
    };
    tx.commit().await?;
    Ok(Ok(id))
}

/// A person added to `institute` within the caller's write (the username checked free,
/// or made), with no password.
pub(crate) async fn insert(
    tx: &mut sqlx::AnyConnection,
    institute: InstituteId,
    details: &PersonDetails,
) -> Result<Result<UserId, Refusal>, sqlx::Error> {
    let username = match &details.username {
        Some(wanted) => {
            if taken(&mut *tx, wanted, None).await? {
                return Ok(Err(Refusal::Fault(PersonFault::UsernameTaken)));
            }
            wanted.clone()
        }
        None => free_username(&mut *tx, details).await?,
    };
    let id = crate::new_id()?;
    let inserted = sqlx::query(
        "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(institute.to_string())
    .bind(&username)
    .bind(&details.name_km)
    .bind(&details.name_en)
    .bind(details.role.as_str())
    .bind(details.phone.clone())
    .bind(crate::now())
    .execute(&mut *tx)
    .await;
    if let Some(refusal) = taken_meanwhile(inserted)? {
        return Ok(Err(refusal));
    }
    Ok(Ok(id.parse().map_err(|_| sqlx::Error::RowNotFound)?))
}

/// A write that another one beat to the username (on PostgreSQL two adds can pass the
/// check at once; the unique index decides): the refusal to answer, else the error.
fn taken_meanwhile(
    written: Result<sqlx::any::AnyQueryResult, sqlx::Error>,
) -> Result<Option<Refusal>, sqlx::Error> {
    match written {
        Ok(_) => Ok(None),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Ok(Some(Refusal::Fault(PersonFault::UsernameTaken)))
        }
        Err(e) => Err(e),
    }
}

/// Whether `username` belongs to someone (other than `except`), in any institute:
/// usernames are unique across the whole server.
pub(crate) async fn taken(
    conn: &mut sqlx::AnyConnection,
    username: &str,
    except: Option<UserId>,
) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some_and(|(id,)| Some(id) != except.map(|e| e.to_string())))
}

/// The first of the name's username candidates nobody has.
pub(crate) async fn free_username(
    conn: &mut sqlx::AnyConnection,
    details: &PersonDetails,
) -> Result<String, sqlx::Error> {
    let base = people::username_base(&details.name_en, details.role);
    let like = format!("{base}%");
    let used: Vec<(String,)> = sqlx::query_as("SELECT username FROM users WHERE username LIKE $1")
        .bind(&like)
        .fetch_all(&mut *conn)
        .await?;
    let used: std::collections::HashSet<String> = used.into_iter().map(|(u,)| u).collect();
    let free = people::username_candidates(&base).find(|c| !used.contains(c));
    Ok(free.unwrap_or(base))
}

/// One person of the admin's institute.
pub async fn person(
    db: impl Acquire<'_, Database = sqlx::Any>,
    admin: &CurrentUser,
    id: UserId,
) -> Result<Option<Person>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    Ok(list_where(&mut conn, admin, Some(id))
        .await?
        .into_iter()
        .next())
}

/// The admin's institute's people: staff first, then by name; deactivated ones last.
pub async fn list(
    db: impl Acquire<'_, Database = sqlx::Any>,
    admin: &CurrentUser,
) -> Result<Vec<Person>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    list_where(&mut conn, admin, None).await
}

type PersonRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
    i64,
);

pub(crate) async fn list_where(
    conn: &mut sqlx::AnyConnection,
    admin: &CurrentUser,
    only: Option<UserId>,
) -> Result<Vec<Person>, sqlx::Error> {
    list_in(conn, admin.institute, only).await
}

/// `institute`'s people (or only `only`), in the order of [`list`].
pub(crate) async fn list_in(
    conn: &mut sqlx::AnyConnection,
    institute: InstituteId,
    only: Option<UserId>,
) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name_km, u.display_name_en, u.role, u.phone, u.deactivated_at, \
                CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, \
                (SELECT MAX(s.expires_at) FROM sign_in_slips s \
                   WHERE s.user_id = u.id AND s.used_at IS NULL AND s.expires_at > $3), \
                (SELECT COUNT(*) FROM auth_sessions a WHERE a.user_id = u.id AND a.expires_at > $3) \
         FROM users u WHERE u.institute_id = $1 AND ($2 = '' OR u.id = $2) \
         ORDER BY CASE WHEN u.deactivated_at IS NULL THEN 0 ELSE 1 END, \
                  CASE u.role WHEN 'learner' THEN 1 ELSE 0 END, u.display_name_en, u.display_name_km, u.username",
    )
    .bind(institute.to_string())
    .bind(only.map(|u| u.to_string()).unwrap_or_default())
    .bind(crate::now())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, username, km, en, role, phone, deactivated_at, has_password, slip, sessions)| {
                Some(Person {
                    id: id.parse().ok()?,
                    username,
                    name: Localized::new(km, en),
                    role: Role::parse(&role)?,
                    phone,
                    deactivated_at,
                    has_password: has_password == 1,
                    slip_expires_at: slip,
                    sessions: u32::try_from(sessions).unwrap_or(0),
                })
            },
        )
        .collect())
}

/// Saves a person's details. An admin may not change their own role (they would lock
/// themselves out of this page).
pub async fn edit(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    id: UserId,
    details: &PersonDetails,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let Some(current) = list_where(&mut tx, admin, Some(id))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(Err(Refusal::NotFound));
    };
    if id == admin.id && details.role != current.role {
        return Ok(Err(Refusal::Fault(PersonFault::OwnAccount)));
    }
    let username = details.username.clone().unwrap_or(current.username);
    if taken(&mut tx, &username, Some(id)).await? {
        return Ok(Err(Refusal::Fault(PersonFault::UsernameTaken)));
    }
    let saved = sqlx::query(
        "UPDATE users SET display_name_km = $1, display_name_en = $2, role = $3, phone = $4, username = $5 \
         WHERE id = $6 AND institute_id = $7",
    )
    .bind(&details.name_km)
    .bind(&details.name_en)
    .bind(details.role.as_str())
    .bind(details.phone.clone())
    .bind(&username)
    .bind(id.to_string())
    .bind(admin.institute.to_string())
    .execute(&mut *tx)
    .await;
    if let Some(refusal) = taken_meanwhile(saved)? {
        return Ok(Err(refusal));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Deactivates (`active == false`) or reactivates a person. Deactivating ends their
/// sessions at once and voids their slips not yet used; their records stay. Returns
/// how many sessions ended.
pub async fn set_active(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    id: UserId,
    active: bool,
) -> Result<Result<u64, Refusal>, sqlx::Error> {
    if id == admin.id {
        return Ok(Err(Refusal::Fault(PersonFault::OwnAccount)));
    }
    let mut tx = crate::db::write(pool).await?;
    let changed = sqlx::query(
        "UPDATE users SET deactivated_at = CASE WHEN $1 = 1 THEN NULL ELSE COALESCE(deactivated_at, $2) END \
         WHERE id = $3 AND institute_id = $4",
    )
    .bind(i64::from(active))
    .bind(crate::now())
    .bind(id.to_string())
    .bind(admin.institute.to_string())
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Ok(Err(Refusal::NotFound));
    }
    let mut ended = 0;
    if !active {
        ended = sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM sign_in_slips WHERE user_id = $1 AND used_at IS NULL")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(ended))
}

/// Issues a sign-in slip for each of `ids` (people of the admin's institute, active),
/// voiding their earlier slips not yet used. A password they have keeps working until
/// the slip is used. All or none: one person not found or deactivated refuses the lot.
pub async fn issue_slips(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    ids: &[UserId],
) -> Result<Result<Vec<Slip>, Refusal>, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let mut slips = Vec::with_capacity(ids.len());
    for &id in ids {
        let Some(person) = list_where(&mut tx, admin, Some(id))
            .await?
            .into_iter()
            .next()
        else {
            return Ok(Err(Refusal::NotFound));
        };
        match slip_for(&mut tx, admin.id, person).await? {
            Ok(slip) => slips.push(slip),
            Err(refusal) => return Ok(Err(refusal)),
        }
    }
    tx.commit().await?;
    Ok(Ok(slips))
}

/// A new slip for `person` (found by the caller in the issuer's reach), issued by
/// `issuer` within the caller's write, voiding their earlier slip not yet used;
/// refused for a deactivated person.
pub(crate) async fn slip_for(
    tx: &mut sqlx::AnyConnection,
    issuer: UserId,
    person: Person,
) -> Result<Result<Slip, Refusal>, sqlx::Error> {
    if person.deactivated_at.is_some() {
        return Ok(Err(Refusal::Fault(PersonFault::Deactivated)));
    }
    let now = Utc::now();
    let expires_at = crate::timestamp(now + Duration::days(people::SLIP_DAYS));
    sqlx::query("DELETE FROM sign_in_slips WHERE user_id = $1 AND used_at IS NULL")
        .bind(person.id.to_string())
        .execute(&mut *tx)
        .await?;
    let mut random = [0u8; people::CODE_LEN];
    random.copy_from_slice(&crate::random_bytes()?[..people::CODE_LEN]);
    let code = people::slip_code(random);
    sqlx::query(
        "INSERT INTO sign_in_slips (id, user_id, code_hash, issued_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::new_id()?)
    .bind(person.id.to_string())
    .bind(code_hash(&code))
    .bind(issuer.to_string())
    .bind(crate::timestamp(now))
    .bind(&expires_at)
    .execute(&mut *tx)
    .await?;
    Ok(Ok(Slip {
        person: person.id,
        name: person.name,
        username: person.username,
        code,
        expires_at,
    }))
}

/// The person a slip's code was issued to, when `code` (normalised) is the code of their
/// live slip: not used, not expired, the person active. Checks nothing else and changes
/// nothing; [`redeem`] uses it.
pub async fn slip_holder(
    db: impl Acquire<'_, Database = sqlx::Any>,
    username: &str,
    code: &str,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<crate::users::UserRow> = sqlx::query_as(
        "SELECT u.id, u.institute_id, u.username, u.display_name_km, u.display_name_en, u.role \
         FROM sign_in_slips s JOIN users u ON u.id = s.user_id \
         WHERE u.username = $1 AND s.code_hash = $2 AND s.used_at IS NULL AND s.expires_at > $3 \
           AND u.deactivated_at IS NULL",
    )
    .bind(username.trim().to_lowercase())
    .bind(code_hash(code))
    .bind(crate::now())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(crate::users::UserRow::into_current))
}

/// Uses `user`'s slip with `code`: in one write, the slip is marked used (only if it is
/// still live — a second use finds it used), the password set, every earlier session
/// ended, the sign-in's attempts given back, the device trusted and a session opened.
/// `None` when the slip was no longer live.
#[allow(clippy::too_many_arguments)]
pub async fn redeem(
    pool: &sqlx::AnyPool,
    user: UserId,
    code: &str,
    password_hash: &crate::users::PasswordHash,
    limits: &[Limit],
    device_token: &str,
    device: &str,
) -> Result<Option<crate::auth_sessions::SessionToken>, sqlx::Error> {
    let mut write = crate::db::write(pool).await?;
    let now = crate::now();
    let used = sqlx::query(
        "UPDATE sign_in_slips SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 \
         AND used_at IS NULL AND expires_at > $1 \
         AND EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND u.deactivated_at IS NULL)",
    )
    .bind(&now)
    .bind(user.to_string())
    .bind(code_hash(code))
    .execute(&mut *write)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&password_hash.0)
        .bind(user.to_string())
        .execute(&mut *write)
        .await?;
    sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *write)
        .await?;
    crate::sign_in::release(&mut write, limits).await?;
    crate::sign_in::trust(&mut write, device_token, user).await?;
    let session = crate::auth_sessions::create_on(&mut write, user, device).await?;
    write.commit().await?;
    Ok(Some(session))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::seed_id;

    fn details(km: &str, en: &str, role: &str, username: &str) -> PersonDetails {
        PersonDetails::parse(km, en, role, "", username).expect("valid")
    }

    async fn seeded() -> (crate::testing::TestDb, sqlx::AnyPool, CurrentUser) {
        let (db, pool) = crate::test_db().await;
        let today = domain::calendar::Date::parse("2026-11-30").expect("date");
        crate::seed::demo_without_attendance(&pool, today)
            .await
            .expect("seed");
        let admin = CurrentUser {
            id: seed_id("user:admin").parse().expect("id"),
            institute: seed_id("institute").parse().expect("id"),
            role: Role::Admin,
            username: "admin".into(),
            display_name: Default::default(),
        };
        (db, pool, admin)
    }

    #[tokio::test]
    async fn people_are_added_with_usernames_made_once_and_edited_in_their_institute() {
        let (_db, pool, admin) = seeded().await;
        let a = add(
            &pool,
            &admin,
            &details("សុខ ចាន់ណា", "Sok Channa", "learner", ""),
        )
        .await
        .expect("add")
        .expect("added");
        let b = add(
            &pool,
            &admin,
            &details("សុខ ចាន់ណា", "Sok Channa", "learner", ""),
        )
        .await
        .expect("add")
        .expect("a namesake is another person");
        let (pa, pb) = (
            person(&pool, &admin, a).await.expect("a").expect("ours"),
            person(&pool, &admin, b).await.expect("b").expect("ours"),
        );
        assert_eq!(pa.username, "sok.channa");
        assert_eq!(pb.username, "sok.channa2");
        assert_eq!(pa.name.km, "សុខ ចាន់ណា", "Khmer intact");
        assert!(!pa.has_password && pa.deactivated_at.is_none());
        assert_eq!(
            add(
                &pool,
                &admin,
                &details("", "Someone", "trainer", "sok.channa")
            )
            .await
            .expect("add"),
            Err(Refusal::Fault(PersonFault::UsernameTaken))
        );
        let khmer_only = add(&pool, &admin, &details("ស្រី ពៅ", "", "learner", ""))
            .await
            .expect("add")
            .expect("added");
        assert!(person(&pool, &admin, khmer_only)
            .await
            .expect("p")
            .expect("ours")
            .username
            .starts_with("learner"));

        // Edited: names, phone, role, username (refused when taken).
        let new =
            PersonDetails::parse("សុខ ចាន់ណា", "Sok Channa", "trainer", "012 345 678", "channa")
                .expect("valid");
        edit(&pool, &admin, a, &new)
            .await
            .expect("edit")
            .expect("saved");
        let pa = person(&pool, &admin, a).await.expect("a").expect("ours");
        assert_eq!(
            (pa.role, pa.phone.as_deref(), pa.username.as_str()),
            (Role::Trainer, Some("012345678"), "channa")
        );
        assert_eq!(
            edit(&pool, &admin, b, &details("", "X", "learner", "channa"))
                .await
                .expect("edit"),
            Err(Refusal::Fault(PersonFault::UsernameTaken))
        );
        // Not their own role; not another institute's people.
        assert_eq!(
            edit(
                &pool,
                &admin,
                admin.id,
                &details("", "Admin", "learner", "")
            )
            .await
            .expect("edit"),
            Err(Refusal::Fault(PersonFault::OwnAccount))
        );
        let elsewhere = CurrentUser {
            institute: uuid::Uuid::now_v7().to_string().parse().expect("id"),
            ..admin.clone()
        };
        assert_eq!(person(&pool, &elsewhere, a).await.expect("p"), None);
        assert_eq!(
            edit(&pool, &elsewhere, a, &new).await.expect("edit"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            set_active(&pool, &elsewhere, a, false).await.expect("off"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            issue_slips(&pool, &elsewhere, &[a]).await.expect("slip"),
            Err(Refusal::NotFound)
        );
        assert!(list(&pool, &elsewhere).await.expect("list").is_empty());
    }

    #[tokio::test]
    async fn a_slip_works_once_before_it_expires_and_never_for_a_deactivated_person() {
        let (_db, pool, admin) = seeded().await;
        let id = add(&pool, &admin, &details("ដារា", "Dara", "learner", ""))
            .await
            .expect("add")
            .expect("added");
        let first = issue_slips(&pool, &admin, &[id])
            .await
            .expect("issue")
            .expect("issued");
        let second = issue_slips(&pool, &admin, &[id])
            .await
            .expect("issue")
            .expect("issued");
        let (first, second) = (&first[0], &second[0]);
        assert_eq!(second.username, "dara");
        // A new slip voids the one before.
        assert_eq!(
            slip_holder(&pool, "dara", &first.code)
                .await
                .expect("holder"),
            None
        );
        let holder = slip_holder(&pool, "DARA", &second.code)
            .await
            .expect("holder")
            .expect("the live slip");
        assert_eq!(holder.id, id);
        assert_eq!(
            slip_holder(&pool, "learner", &second.code)
                .await
                .expect("holder"),
            None,
            "someone else's name"
        );
        let hash = crate::users::PasswordHash("$argon2id$fake".into());
        let session = redeem(
            &pool,
            id,
            &second.code,
            &hash,
            &[],
            "d".repeat(64).as_str(),
            "Phone",
        )
        .await
        .expect("redeem");
        assert!(session.is_some());
        let p = person(&pool, &admin, id).await.expect("p").expect("ours");
        assert!(p.has_password && p.slip_expires_at.is_none());
        // Once only.
        assert!(redeem(
            &pool,
            id,
            &second.code,
            &hash,
            &[],
            "d".repeat(64).as_str(),
            "Phone"
        )
        .await
        .expect("redeem")
        .is_none());
        assert_eq!(
            slip_holder(&pool, "dara", &second.code)
                .await
                .expect("holder"),
            None
        );

        // Expired: a slip past its date does not work.
        let third = issue_slips(&pool, &admin, &[id])
            .await
            .expect("issue")
            .expect("issued");
        sqlx::query(
            "UPDATE sign_in_slips SET expires_at = '2026-01-01T00:00:00Z' WHERE used_at IS NULL",
        )
        .execute(&pool)
        .await
        .expect("age it");
        assert_eq!(
            slip_holder(&pool, "dara", &third[0].code)
                .await
                .expect("holder"),
            None
        );
        assert!(redeem(
            &pool,
            id,
            &third[0].code,
            &hash,
            &[],
            "d".repeat(64).as_str(),
            "Phone"
        )
        .await
        .expect("redeem")
        .is_none());

        // Deactivated: sessions end, live slips go, no new slip, and back when reactivated.
        let fourth = issue_slips(&pool, &admin, &[id])
            .await
            .expect("issue")
            .expect("issued");
        crate::auth_sessions::create(&pool, id, "Laptop")
            .await
            .expect("session");
        assert_eq!(
            set_active(&pool, &admin, id, false).await.expect("off"),
            Ok(2)
        );
        assert!(person(&pool, &admin, id)
            .await
            .expect("p")
            .expect("ours")
            .deactivated_at
            .is_some());
        assert_eq!(
            slip_holder(&pool, "dara", &fourth[0].code)
                .await
                .expect("holder"),
            None
        );
        assert_eq!(
            issue_slips(&pool, &admin, &[id]).await.expect("slip"),
            Err(Refusal::Fault(PersonFault::Deactivated))
        );
        assert_eq!(
            set_active(&pool, &admin, admin.id, false)
                .await
                .expect("self"),
            Err(Refusal::Fault(PersonFault::OwnAccount))
        );
        assert_eq!(
            set_active(&pool, &admin, id, true).await.expect("on"),
            Ok(0)
        );
        assert!(person(&pool, &admin, id)
            .await
            .expect("p")
            .expect("ours")
            .deactivated_at
            .is_none());
    }
}
