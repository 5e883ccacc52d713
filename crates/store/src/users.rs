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
    deactivated: i64,
}

/// Whom a sign-in names: the person, their password hash if they have one, and whether
/// their admin has deactivated them (they may not sign in; told so only once their
/// password was right).
pub struct SignInUser {
    pub user: CurrentUser,
    pub password_hash: Option<PasswordHash>,
    pub deactivated: bool,
}

/// The user with this username (case-insensitive).
pub async fn for_sign_in(
    db: impl Acquire<'_, Database = sqlx::Any>,
    username: &str,
) -> Result<Option<SignInUser>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, institute_id, username, display_name_km, display_name_en, role, password_hash, \
                CASE WHEN deactivated_at IS NULL THEN 0 ELSE 1 END AS deactivated \
         FROM users WHERE username = $1",
    )
    .bind(username.trim().to_lowercase())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| {
        let password_hash = r.password_hash.map(PasswordHash);
        let deactivated = r.deactivated == 1;
        r.user.into_current().map(|user| SignInUser {
            user,
            password_hash,
            deactivated,
        })
    }))
}

/// Whether `person` is one of `institute`'s people.
pub async fn in_institute(
    db: impl Acquire<'_, Database = sqlx::Any>,
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
