//! Users as the sign-in and session code needs them.

use domain::{InstituteId, Localized, Role, UserId};
use sqlx::Acquire;
use wire::UserView;

/// The signed-in user as the server knows them (never sent as is: `view` is what the
/// browser may know).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: UserId,
    pub institute: InstituteId,
    pub role: Role,
    pub username: String,
    pub display_name: Localized,
}

impl CurrentUser {
    pub fn view(&self) -> UserView {
        UserView {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
        }
    }
}

/// An argon2id PHC string. Deliberately not `Serialize`: it never leaves the server.
pub struct PasswordHash(pub String);

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: String,
    pub institute_id: String,
    pub username: String,
    pub display_name_km: String,
    pub display_name_en: String,
    pub role: String,
}

impl UserRow {
    pub fn into_current(self) -> Option<CurrentUser> {
        Some(CurrentUser {
            id: self.id.parse::<UserId>().ok()?,
            institute: self.institute_id.parse::<InstituteId>().ok()?,
            role: Role::parse(&self.role)?,
            username: self.username,
            display_name: Localized::new(self.display_name_km, self.display_name_en),
        })
    }
}

#[derive(sqlx::FromRow)]
struct SignInRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: Option<String>,
}

/// The user with this username (case-insensitive) and their password hash, if any.
pub async fn for_sign_in(
    db: impl Acquire<'_, Database = sqlx::Sqlite>,
    username: &str,
) -> Result<Option<(CurrentUser, Option<PasswordHash>)>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, institute_id, username, display_name_km, display_name_en, role, password_hash \
         FROM users WHERE username = $1",
    )
    .bind(username.trim().to_lowercase())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| {
        let hash = r.password_hash.map(PasswordHash);
        r.user.into_current().map(|u| (u, hash))
    }))
}

/// Whether `person` is one of `institute`'s people.
pub async fn in_institute(
    db: impl Acquire<'_, Database = sqlx::Sqlite>,
    institute: InstituteId,
    person: UserId,
) -> Result<bool, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM users WHERE id = $1 AND institute_id = $2")
            .bind(person.to_string())
            .bind(institute.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// The people of `institute`, staff first, then by name.
pub async fn people(
    db: impl Acquire<'_, Database = sqlx::Sqlite>,
    institute: InstituteId,
) -> Result<Vec<wire::PersonSummary>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name_km, u.display_name_en, u.role, \
                (SELECT COUNT(*) FROM auth_sessions s WHERE s.user_id = u.id AND s.expires_at > $2) \
         FROM users u WHERE u.institute_id = $1 \
         ORDER BY CASE u.role WHEN 'learner' THEN 1 ELSE 0 END, u.display_name_en",
    )
    .bind(institute.to_string())
    .bind(super::now())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, username, km, en, role, sessions)| {
            Some(wire::PersonSummary {
                id: id.parse().ok()?,
                username,
                name: Localized::new(km, en),
                role: Role::parse(&role)?,
                sessions: u32::try_from(sessions).unwrap_or(0),
            })
        })
        .collect())
}
