//! A crowd for load and fault runs (`sala-load`): many more learners and trainers in the
//! demo class, each able to sign in with the demo password. Only for a database made
//! for such a run, after [`super::demo`].

use super::{seed_id, DEMO_PASSWORD_HASH};
use sqlx::AnyPool;

/// Who and what a run's devices use.
#[derive(Clone, Debug, Default)]
pub struct Crowd {
    pub learners: Vec<String>,
    pub trainers: Vec<String>,
    /// The class's lessons (what learners' records are about).
    pub lessons: Vec<String>,
    /// The class's sessions and its first 40 learners: what trainers' roll calls mark.
    pub sessions: Vec<String>,
    pub roster: Vec<String>,
}

/// Adds `learners` learners (`crowd-learner-0001`, …) and `trainers` trainers
/// (`crowd-trainer-01`, …) to the demo class.
pub async fn crowd(pool: &AnyPool, learners: usize, trainers: usize) -> Result<Crowd, sqlx::Error> {
    let institute = seed_id("institute");
    let class = seed_id("class:EI-2026-A");
    let now = crate::now();
    let mut tx = pool.begin().await?;
    let mut crowd = Crowd::default();
    let people = (0..learners)
        .map(|i| (format!("crowd-learner-{i:04}"), "learner"))
        .chain((0..trainers).map(|i| (format!("crowd-trainer-{i:02}"), "trainer")));
    for (username, role) in people {
        let id = seed_id(&format!("user:{username}"));
        sqlx::query(
            "INSERT INTO users (id, institute_id, username, display_name_km, display_name_en, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $3, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&institute)
        .bind(&username)
        .bind(role)
        .bind(DEMO_PASSWORD_HASH)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let join = if role == "learner" {
            sqlx::query(
                "INSERT INTO enrolments (class_id, learner_id, enrolled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(&class)
            .bind(&id)
            .bind(&now)
        } else {
            sqlx::query("INSERT INTO class_trainers (class_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(&class)
                .bind(&id)
        };
        join.execute(&mut *tx).await?;
        if role == "learner" {
            crowd.learners.push(username);
        } else {
            crowd.trainers.push(username);
        }
    }
    let column = |rows: Vec<(String,)>| rows.into_iter().map(|(v,)| v).collect::<Vec<_>>();
    crowd.lessons = column(
        sqlx::query_as(
            "SELECT l.id FROM lessons l JOIN learning_activities a ON a.id = l.activity_id \
             JOIN modules m ON m.id = a.module_id JOIN classes c ON c.programme_id = m.programme_id \
             WHERE c.id = $1 ORDER BY l.id",
        )
        .bind(&class)
        .fetch_all(&mut *tx)
        .await?,
    );
    crowd.sessions = column(
        sqlx::query_as("SELECT id FROM class_sessions WHERE class_id = $1 ORDER BY starts_at")
            .bind(&class)
            .fetch_all(&mut *tx)
            .await?,
    );
    crowd.roster = column(
        sqlx::query_as(
            "SELECT learner_id FROM enrolments WHERE class_id = $1 ORDER BY learner_id LIMIT 40",
        )
        .bind(&class)
        .fetch_all(&mut *tx)
        .await?,
    );
    tx.commit().await?;
    Ok(crowd)
}
