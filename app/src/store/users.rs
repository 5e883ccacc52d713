//! Users as the sign-in and session code needs them.

use crate::auth::CurrentUser;
use crate::domain::{InstituteId, Localized, Role, UserId};
use sqlx::SqlitePool;

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
    pool: &SqlitePool,
    username: &str,
) -> Result<Option<(CurrentUser, Option<PasswordHash>)>, sqlx::Error> {
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, institute_id, username, display_name_km, display_name_en, role, password_hash \
         FROM users WHERE username = ?",
    )
    .bind(username.trim().to_lowercase())
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| {
        let hash = r.password_hash.map(PasswordHash);
        r.user.into_current().map(|u| (u, hash))
    }))
}
