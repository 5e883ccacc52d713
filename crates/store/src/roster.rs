//! Learners imported from a spreadsheet into the admin's institute, in one write: all of
//! the file's new learners or none. A row is someone already here — and is not added
//! again — when its username is one of the institute's learners (another person's
//! username, here or elsewhere, is a problem of its row), or, without a username,
//! when a learner of the institute not yet matched has the same Khmer and English names
//! and phone (so importing the same file twice adds nobody, while two namesakes in one
//! file stay two people). Every attempt is recorded; only the admin who made it reads it.

use crate::users::CurrentUser;
use domain::people::PersonFault;
use domain::roster::{RosterFault, RosterProblem, RosterRow};
use domain::UserId;
use std::collections::HashMap;

pub use wire::PeopleImport;

/// Imports `read` (the file as the domain read it) and records the attempt; its id.
pub async fn import(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    file_name: &str,
    read: Result<Vec<RosterRow>, Vec<RosterProblem>>,
) -> Result<String, sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    let institute = admin.institute.to_string();
    let (added, already, problems) = match read {
        Err(problems) => (Vec::new(), 0, problems),
        Ok(rows) => {
            let people: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
                "SELECT id, username, role, display_name_km, display_name_en, COALESCE(phone, '') \
                 FROM users WHERE institute_id = $1",
            )
            .bind(&institute)
            .fetch_all(&mut *tx)
            .await?;
            // The institute's usernames, and whether each is a learner's.
            let ours: HashMap<&str, bool> = people
                .iter()
                .map(|p| (p.1.as_str(), p.2 == "learner"))
                .collect();
            let mut namesakes: HashMap<(String, String, String), u32> = HashMap::new();
            for (_, _, role, km, en, phone) in &people {
                if role == "learner" {
                    *namesakes
                        .entry((km.clone(), en.clone(), phone.clone()))
                        .or_default() += 1;
                }
            }
            let mut already = 0u32;
            let mut problems = Vec::new();
            let mut new = Vec::new();
            for row in rows {
                let details = &row.details;
                if let Some(username) = &details.username {
                    let here = ours.get(username.as_str()).copied();
                    if here == Some(true) {
                        already += 1;
                    } else if here == Some(false)
                        || crate::people::taken(&mut tx, username, None).await?
                    {
                        problems.push(RosterProblem {
                            row: row.row,
                            column: "username".into(),
                            fault: RosterFault::Person(PersonFault::UsernameTaken).code(),
                        });
                    } else {
                        new.push(row);
                    }
                    continue;
                }
                let key = (
                    details.name_km.clone(),
                    details.name_en.clone(),
                    details.phone.clone().unwrap_or_default(),
                );
                match namesakes.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        already += 1;
                    }
                    _ => new.push(row),
                }
            }
            if problems.is_empty() {
                // The rows that give a username first, so a username made for a row
                // without one never takes a username the file gives further down.
                new.sort_by_key(|row| row.details.username.is_none());
                let mut added = Vec::with_capacity(new.len());
                let now = crate::now();
                for row in &new {
                    let username = match &row.details.username {
                        Some(u) => u.clone(),
                        None => crate::people::free_username(&mut tx, &row.details).await?,
                    };
                    let id = crate::new_id()?;
                    sqlx::query(
                        "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, phone, created_at) \
                         VALUES ($1, $2, $3, $4, $5, 'learner', $6, $7)",
                    )
                    .bind(&id)
                    .bind(&institute)
                    .bind(&username)
                    .bind(&row.details.name_km)
                    .bind(&row.details.name_en)
                    .bind(row.details.phone.clone())
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                    added.push(id);
                }
                (added, already, Vec::new())
            } else {
                (Vec::new(), 0, problems)
            }
        }
    };
    let id = crate::new_id()?;
    sqlx::query(
        "INSERT INTO people_imports (id, institute_id, admin_id, file_name, created_at, added, already, problems) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&institute)
    .bind(admin.id.to_string())
    .bind(file_name.chars().take(200).collect::<String>())
    .bind(crate::now())
    .bind(serde_json::to_string(&added).unwrap_or_else(|_| "[]".into()))
    .bind(i64::from(already))
    .bind(serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into()))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An import the admin made, with the people it added.
pub async fn result(
    pool: &sqlx::AnyPool,
    admin: &CurrentUser,
    id: &str,
) -> Result<Option<PeopleImport>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let row: Option<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT file_name, created_at, added, already, problems FROM people_imports \
         WHERE id = $1 AND admin_id = $2 AND institute_id = $3",
    )
    .bind(id)
    .bind(admin.id.to_string())
    .bind(admin.institute.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((file_name, created_at, added, already, problems)) = row else {
        return Ok(None);
    };
    let ids: Vec<UserId> = serde_json::from_str::<Vec<String>>(&added)
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i.parse().ok())
        .collect();
    let everyone = crate::people::list_where(&mut conn, admin, None).await?;
    let added = everyone
        .into_iter()
        .filter(|p| ids.contains(&p.id))
        .collect();
    Ok(Some(PeopleImport {
        file_name,
        created_at,
        added,
        already: u32::try_from(already).unwrap_or(0),
        problems: serde_json::from_str(&problems).unwrap_or_default(),
    }))
}
