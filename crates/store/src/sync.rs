//! Sync ingest and pull against the database. The rules are the domain's
//! (`domain::ingest`: who may write what, self check-ins, folding into effects); this
//! module loads the facts they need, inserts the records and writes the effects.
//!
//! **One ingest at a time.** A batch is one transaction that takes the ingest lock first
//! (`BEGIN IMMEDIATE` on SQLite, a transaction-level advisory lock on PostgreSQL): the facts it is judged on (windows used, attempts made, current
//! values) cannot change before its effects are written, so two check-ins racing for one
//! window give one acceptance and one refusal, never an error; and records get their
//! server sequence in commit order (what pull's cursor relies on,
//! `docs/sync-protocol.md`). A batch is either applied and acknowledged, or not at all
//! (and the device simply sends it again).

use crate::db::Backend;
use crate::sql::Sql;
use crate::users::CurrentUser;
use domain::calendar::{parse_utc, Date};
use domain::ingest::{
    self, Current, Effects, Facts, Judged, LearnerFacts, Parsed, SessionTime, TrainerFacts,
};
use domain::sync::{Outcome, Record, RecordBody, RecordResult, RejectReason};
use domain::{DeviceId, LessonId, RecordId, Role, SessionId, UserId};
use sqlx::Acquire;
use sqlx::{AnyConnection, AnyPool};
use std::collections::{HashMap, HashSet};

/// Rows per multi-row statement (at most 9 parameters each, well under SQLite's limit).
const CHUNK: usize = 100;

fn parse<T: std::str::FromStr>(rows: Vec<(String,)>) -> impl Iterator<Item = T> {
    rows.into_iter().filter_map(|(id,)| id.parse().ok())
}

/// The sessions of `rows` (id, starts, ends as stored).
fn session_times(rows: Vec<(String, String, String)>) -> Vec<SessionTime> {
    rows.into_iter()
        .filter_map(|(id, starts, ends)| {
            Some(SessionTime {
                id: id.parse().ok()?,
                starts: super::unix_seconds(&starts)?,
                ends: super::unix_seconds(&ends)?,
            })
        })
        .collect()
}

/// Records `user` has sent since the start of today in Cambodia.
async fn sent_today(
    tx: &mut AnyConnection,
    user: &CurrentUser,
    now: i64,
) -> Result<u32, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM sync_records WHERE user_id = $1 AND received_at >= $2",
    )
    .bind(user.id.to_string())
    .bind(super::day_start(Date::in_cambodia(now)))
    .fetch_one(&mut *tx)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

async fn learner_facts(
    tx: &mut AnyConnection,
    learner: &CurrentUser,
    device: DeviceId,
    batch: &[Parsed],
    now: i64,
) -> Result<LearnerFacts, sqlx::Error> {
    let me = learner.id.to_string();
    let institute = learner.institute.to_string();
    // Lessons of every version the learner may study: progress made on an older saved
    // copy still counts after the class has moved on (`learn::done`).
    let lessons: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT DISTINCT l.id FROM enrolments e \
         JOIN classes c ON c.id = e.class_id \
         JOIN programmes cp ON cp.id = c.programme_id \
         JOIN programmes p ON {family} \
         JOIN modules m ON m.programme_id = p.id \
         JOIN learning_activities a ON a.module_id = m.id \
         JOIN lessons l ON l.activity_id = a.id \
         WHERE e.learner_id = $1 AND c.institute_id = $2",
        family = super::learn::family("p", "cp"),
    ))
    .bind(&me)
    .bind(&institute)
    .fetch_all(&mut *tx)
    .await?;
    let mut facts = LearnerFacts {
        lessons: parse(lessons).collect(),
        sent_today: sent_today(tx, learner, now).await?,
        ..Default::default()
    };
    let check_ins: Vec<&Record> = batch
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .filter(|r| matches!(r.body, RecordBody::CheckIn { .. }))
        .collect();
    let times: Vec<i64> = check_ins.iter().filter_map(|r| parse_utc(&r.at)).collect();
    let (Some(&first), Some(&last)) = (times.iter().min(), times.iter().max()) else {
        return Ok(facts);
    };
    let sessions: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at FROM enrolments e \
         JOIN classes c ON c.id = e.class_id JOIN class_sessions s ON s.class_id = c.id \
         WHERE e.learner_id = $1 AND c.institute_id = $2",
    )
    .bind(&me)
    .bind(&institute)
    .fetch_all(&mut *tx)
    .await?;
    facts.sessions = session_times(sessions);
    let margin = 86_400;
    let at = |unix: i64| chrono::DateTime::from_timestamp(unix, 0).map(super::timestamp);
    let others: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at FROM class_sessions s \
         JOIN classes c ON c.id = s.class_id \
         WHERE c.institute_id = $1 AND s.starts_at <= $2 AND s.ends_at >= $3",
    )
    .bind(&institute)
    .bind(at(last + margin))
    .bind(at(first - margin))
    .fetch_all(&mut *tx)
    .await?;
    facts.others = session_times(others);
    facts.secret = super::check_in::secret(&mut *tx).await?;
    let targets: HashSet<String> = check_ins
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::CheckIn { session, .. } => Some(session.to_string()),
            _ => None,
        })
        .collect();
    for session in &targets {
        let used: Vec<(String, i64)> = sqlx::query_as(
            "SELECT record_id, code_window FROM check_ins WHERE learner_id = $1 AND session_id = $2",
        )
        .bind(&me)
        .bind(session)
        .fetch_all(&mut *tx)
        .await?;
        let refused: Vec<(String,)> = sqlx::query_as(
            "SELECT record_id FROM check_in_refusals WHERE learner_id = $1 AND session_id = $2",
        )
        .bind(&me)
        .bind(session)
        .fetch_all(&mut *tx)
        .await?;
        let Ok(id) = session.parse::<SessionId>() else {
            continue;
        };
        for (record, window) in &used {
            if let Ok(record) = record.parse() {
                facts.used.push((id, *window, record));
                facts.attempts.push((id, record));
            }
        }
        facts
            .attempts
            .extend(parse::<RecordId>(refused).map(|r| (id, r)));
        let marks: Vec<super::attendance::MarkRow> = sqlx::query_as(&format!(
            "SELECT {} FROM attendance_marks am WHERE am.session_id = $1 AND am.learner_id = $2 AND am.author_id = $2",
            super::attendance::MARK_COLUMNS
        ))
        .bind(session)
        .bind(&me)
        .fetch_all(&mut *tx)
        .await?;
        facts
            .own_marks
            .extend(marks.iter().filter_map(|m| m.version()).map(|v| (id, v)));
    }
    for record in &check_ins {
        let previous: Option<(String,)> = sqlx::query_as(
            "SELECT client_at FROM sync_records WHERE user_id = $1 AND device_id = $2 AND device_seq < $3 \
             ORDER BY device_seq DESC LIMIT 1",
        )
        .bind(&me)
        .bind(device.to_string())
        .bind(i64::try_from(record.seq).unwrap_or(i64::MAX))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(at) = previous.and_then(|(at,)| parse_utc(&at)) {
            facts.previous_at.push((record.seq, at));
        }
    }
    facts.statuses = super::attendance::statuses(&mut *tx, learner.institute).await?;
    Ok(facts)
}

async fn trainer_facts(
    tx: &mut AnyConnection,
    trainer: &CurrentUser,
    batch: &[Parsed],
    now: i64,
) -> Result<TrainerFacts, sqlx::Error> {
    // Only what the batch's marks name: a roll call of 40 in a class of 1,000 reads 40
    // enrolments, not 1,000, while it holds the write lock.
    let mut session_ids = std::collections::BTreeSet::new();
    let mut learner_ids = std::collections::BTreeSet::new();
    for parsed in batch {
        if let Ok(Record {
            body: RecordBody::AttendanceMark {
                session, learner, ..
            },
            ..
        }) = parsed
        {
            session_ids.insert(session.to_string());
            learner_ids.insert(learner.to_string());
        }
    }
    let backend = Backend::of(tx);
    let mut sessions: Vec<(String, String)> = Vec::new();
    let session_ids: Vec<String> = session_ids.into_iter().collect();
    for chunk in session_ids.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "SELECT s.id, s.class_id FROM class_sessions s \
             JOIN classes c ON c.id = s.class_id \
             JOIN class_trainers ct ON ct.class_id = c.id \
             WHERE ct.user_id = ",
        );
        q.bind(trainer.id.to_string())
            .push(" AND c.institute_id = ")
            .bind(trainer.institute.to_string())
            .push(" AND s.id IN ")
            .list(chunk.iter().cloned());
        let (text, args) = q.finish()?;
        sessions.extend(
            sqlx::query_as_with::<_, (String, String), _>(&text, args)
                .fetch_all(&mut *tx)
                .await?,
        );
    }
    let classes: Vec<String> = sessions
        .iter()
        .map(|(_, class)| class.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut enrolled: Vec<(String, String)> = Vec::new();
    let learner_ids: Vec<String> = learner_ids.into_iter().collect();
    if !classes.is_empty() {
        for chunk in learner_ids.chunks(CHUNK) {
            let mut q = Sql::new(
                backend,
                "SELECT class_id, learner_id FROM enrolments WHERE class_id IN ",
            );
            q.list(classes.iter().cloned())
                .push(" AND learner_id IN ")
                .list(chunk.iter().cloned());
            let (text, args) = q.finish()?;
            enrolled.extend(
                sqlx::query_as_with::<_, (String, String), _>(&text, args)
                    .fetch_all(&mut *tx)
                    .await?,
            );
        }
    }
    fn pair<A: std::str::FromStr, B: std::str::FromStr>(
        (a, b): (String, String),
    ) -> Option<(A, B)> {
        Some((a.parse().ok()?, b.parse().ok()?))
    }
    Ok(TrainerFacts {
        sessions: sessions.into_iter().filter_map(pair).collect(),
        enrolled: enrolled.into_iter().filter_map(pair).collect(),
        statuses: super::attendance::statuses(&mut *tx, trainer.institute)
            .await?
            .into_iter()
            .map(|s| s.code)
            .collect(),
        sent_today: sent_today(tx, trainer, now).await?,
    })
}

/// Applies a batch of records from one device of `user`; one result per record, in
/// order (tests and tools; devices' pushes go through [`push_batch`]).
pub async fn push(
    pool: &AnyPool,
    user: &CurrentUser,
    device: DeviceId,
    records: &[Record],
) -> Result<Vec<RecordResult>, sqlx::Error> {
    let batch: Vec<Parsed> = records.iter().cloned().map(Ok).collect();
    push_batch(pool, user, device, &batch, chrono::Utc::now().timestamp()).await
}

/// Key of the transaction-level advisory lock that serialises ingest on PostgreSQL.
const INGEST_LOCK: i64 = 0x5a1a_0001;

/// Opens an ingest's transaction holding the ingest lock, so that batches are applied
/// one at a time and take their sequence numbers in commit order: on SQLite the write
/// lock, taken in turn ([`crate::db::write`]); on PostgreSQL a transaction-level advisory
/// lock, which every server process sharing the database waits on and which ends with the
/// transaction.
async fn begin_ingest(pool: &AnyPool) -> Result<crate::db::Write, sqlx::Error> {
    let mut write = crate::db::write(pool).await?;
    if Backend::of_pool(pool) == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(INGEST_LOCK)
            .execute(&mut *write.tx)
            .await?;
    }
    Ok(write)
}

/// Applies a batch from one device of `user`, received at `received_at` (unix seconds);
/// one result per record, in order.
pub async fn push_batch(
    pool: &AnyPool,
    user: &CurrentUser,
    device: DeviceId,
    batch: &[Parsed],
    received_at: i64,
) -> Result<Vec<RecordResult>, sqlx::Error> {
    let backend = Backend::of_pool(pool);
    let mut tx = begin_ingest(pool).await?;
    let facts = match user.role {
        Role::Learner => {
            Facts::Learner(learner_facts(&mut tx, user, device, batch, received_at).await?)
        }
        Role::Trainer => Facts::Trainer(trainer_facts(&mut tx, user, batch, received_at).await?),
        _ => Facts::Nobody,
    };
    let has_check_ins = batch.iter().any(|p| {
        matches!(
            p,
            Ok(Record {
                body: RecordBody::CheckIn { .. },
                ..
            })
        )
    });
    // Codes cost HMACs: off the async threads when there are any to check.
    let judged = if has_check_ins {
        let (sender, owned, facts) = (user.id, batch.to_vec(), facts);
        tokio::task::spawn_blocking(move || ingest::judge(sender, &facts, &owned, received_at))
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("check-in judging: {e}")))?
    } else {
        ingest::judge(user.id, &facts, batch, received_at)
    };
    let mut outcomes = judged.decided.clone();
    let candidates: Vec<&Record> = batch
        .iter()
        .zip(&outcomes)
        .filter(|(_, decided)| decided.is_none())
        .filter_map(|(p, _)| p.as_ref().ok())
        .collect();

    let user_id = user.id.to_string();
    let received = chrono::DateTime::from_timestamp(received_at, 0)
        .map(super::timestamp)
        .unwrap_or_else(super::now);
    let mut inserted: HashSet<RecordId> = HashSet::new();
    for chunk in candidates.chunks(CHUNK) {
        let mut insert = Sql::new(
            backend,
            "INSERT INTO sync_records (id, user_id, institute_id, device_id, device_seq, kind, body, client_at, received_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                insert.push(", ");
            }
            insert
                .open()
                .item(r.id.to_string())
                .item(user_id.clone())
                .item(user.institute.to_string())
                .item(device.to_string())
                .item(i64::try_from(r.seq).unwrap_or(i64::MAX))
                .item(r.body.kind().to_owned())
                .item(serde_json::to_string(r).unwrap_or_default())
                .item(r.at.clone())
                .item(received.clone())
                .close();
        }
        insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
        let (text, args) = insert.finish()?;
        let rows: Vec<(String,)> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        inserted.extend(parse::<RecordId>(rows));
    }
    // Already there: the same user's (a replay) or someone else's id.
    let known: Vec<RecordId> = candidates
        .iter()
        .map(|r| r.id)
        .filter(|id| !inserted.contains(id))
        .collect();
    let mut owners: HashMap<RecordId, String> = HashMap::new();
    for chunk in known.chunks(CHUNK) {
        let mut q = Sql::new(backend, "SELECT id, user_id FROM sync_records WHERE id IN ");
        q.list(chunk.iter().map(|id| id.to_string()));
        let (text, args) = q.finish()?;
        let rows: Vec<(String, String)> =
            sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
        owners.extend(
            rows.into_iter()
                .filter_map(|(id, owner)| Some((id.parse().ok()?, owner))),
        );
    }
    for (parsed, outcome) in batch.iter().zip(outcomes.iter_mut()) {
        if let (Ok(record), None) = (parsed, &outcome) {
            if !inserted.contains(&record.id) {
                *outcome = Some(if owners.get(&record.id) == Some(&user_id) {
                    Outcome::Duplicate
                } else {
                    Outcome::Rejected(RejectReason::IdTaken)
                });
            }
        }
    }

    let new: Vec<&Record> = candidates
        .into_iter()
        .filter(|r| inserted.contains(&r.id))
        .collect();
    let current = current(&mut tx, user.id, &new).await?;
    let effects = ingest::effects(user.id, &new, &current, &judged);
    write_effects(&mut tx, user.id, &effects, &judged, &received).await?;
    tx.commit().await?;

    Ok(batch
        .iter()
        .zip(outcomes)
        .map(|(parsed, outcome)| RecordResult {
            id: match parsed {
                Ok(r) => r.id,
                Err((id, _)) => *id,
            },
            outcome: outcome.unwrap_or(Outcome::Accepted),
        })
        .collect())
}

/// The stored values the new records change: first-done times and seconds of their
/// lessons.
async fn current(
    tx: &mut AnyConnection,
    user: UserId,
    new: &[&Record],
) -> Result<Current, sqlx::Error> {
    let backend = Backend::of(tx);
    let mut current = Current::default();
    let lessons: HashSet<LessonId> = new
        .iter()
        .filter(|r| {
            matches!(
                r.body,
                RecordBody::LessonDone { .. } | RecordBody::TimeSpent { .. }
            )
        })
        .filter_map(|r| r.body.lesson())
        .collect();
    if lessons.is_empty() {
        return Ok(current);
    }
    let user = user.to_string();
    let ids = || lessons.iter().map(|lesson| lesson.to_string());
    let mut q = Sql::new(
        backend,
        "SELECT lesson_id, done_at FROM lesson_progress WHERE user_id = ",
    );
    q.bind(user.clone()).push(" AND lesson_id IN ").list(ids());
    let (text, args) = q.finish()?;
    let done: Vec<(String, String)> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
    current.done = done
        .into_iter()
        .filter_map(|(l, at)| Some((l.parse().ok()?, at)))
        .collect();
    let mut q = Sql::new(
        backend,
        "SELECT lesson_id, seconds FROM lesson_time WHERE user_id = ",
    );
    q.bind(user).push(" AND lesson_id IN ").list(ids());
    let (text, args) = q.finish()?;
    let seconds: Vec<(String, i64)> = sqlx::query_as_with(&text, args).fetch_all(&mut *tx).await?;
    current.seconds = seconds
        .into_iter()
        .filter_map(|(l, s)| Some((l.parse().ok()?, u64::try_from(s).ok()?)))
        .collect();
    Ok(current)
}

/// Writes what the domain folded: plain values (the rules were applied there).
async fn write_effects(
    tx: &mut AnyConnection,
    user: UserId,
    effects: &Effects,
    judged: &Judged,
    received: &str,
) -> Result<(), sqlx::Error> {
    let backend = Backend::of(tx);
    let user = user.to_string();
    for chunk in effects.marks.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO attendance_marks (record_id, session_id, learner_id, author_id, status, minutes_late, note, marked_at, replaces) VALUES ",
        );
        for (i, (session, v)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.open()
                .item(v.id.to_string())
                .item(session.to_string())
                .item(v.learner.to_string())
                .item(v.author.to_string())
                .item(v.status.clone())
                .item(i64::from(v.minutes_late))
                .item(v.note.clone())
                .item(v.at.clone())
                .item(serde_json::to_string(&v.replaces).unwrap_or_default())
                .close();
        }
        let (text, args) = q.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
    }
    for mark in &effects.check_ins {
        sqlx::query(
            "INSERT INTO check_ins (record_id, session_id, learner_id, code_window, flagged) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(mark.record.to_string())
        .bind(mark.session.to_string())
        .bind(&user)
        .bind(mark.window)
        .bind(i64::from(mark.flagged))
        .execute(&mut *tx)
        .await?;
    }
    for refusal in &judged.refusals {
        sqlx::query(
            "INSERT INTO check_in_refusals (record_id, session_id, learner_id, reason, checked_at, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (record_id) DO NOTHING",
        )
        .bind(refusal.record.to_string())
        .bind(refusal.session.to_string())
        .bind(&user)
        .bind(refusal.reason.code())
        .bind(&refusal.at)
        .bind(received)
        .execute(&mut *tx)
        .await?;
    }
    for (lesson, at) in &effects.done {
        sqlx::query(
            "INSERT INTO lesson_progress (user_id, lesson_id, done_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, lesson_id) DO UPDATE SET done_at = excluded.done_at",
        )
        .bind(&user)
        .bind(lesson.to_string())
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    for chunk in effects.attempts.chunks(CHUNK) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO check_attempts (record_id, user_id, lesson_id, answers, score, max_score, attempted_at) VALUES ",
        );
        for (i, a) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.open()
                .item(a.record.to_string())
                .item(user.clone())
                .item(a.lesson.to_string())
                .item(serde_json::to_string(&a.answers).unwrap_or_default())
                .item(i64::from(a.score))
                .item(i64::from(a.max))
                .item(a.at.clone())
                .close();
        }
        let (text, args) = q.finish()?;
        sqlx::query_with(&text, args).execute(&mut *tx).await?;
    }
    for (lesson, seconds) in &effects.seconds {
        sqlx::query(
            "INSERT INTO lesson_time (user_id, lesson_id, seconds) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, lesson_id) DO UPDATE SET seconds = excluded.seconds",
        )
        .bind(&user)
        .bind(lesson.to_string())
        .bind(i64::try_from(*seconds).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// What a pull gives: records after the cursor, the cursor to ask from next, and whether
/// more wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    pub records: Vec<Record>,
    pub cursor: i64,
    pub more: bool,
}

/// Records accepted after `cursor`, oldest first, at most `limit`. A learner gets their
/// own records (from any of their devices); a trainer gets theirs and every attendance
/// mark on sessions of the classes they teach (other trainers' and learners' check-ins
/// too, as the marks they made, so conflicts show on every device).
pub async fn pull(
    db: impl Acquire<'_, Database = sqlx::Any>,
    viewer: &CurrentUser,
    cursor: i64,
    limit: usize,
) -> Result<Pulled, sqlx::Error> {
    let mut conn = db.acquire().await?;
    /// Sequence, body, author; for a check-in, the status and minutes of the mark it made.
    #[derive(sqlx::FromRow)]
    struct PullRow {
        server_seq: i64,
        body: String,
        user_id: String,
        status: Option<String>,
        minutes_late: Option<i64>,
    }
    let rows: Vec<PullRow> = sqlx::query_as(
        "SELECT r.server_seq, r.body, r.user_id, am.status, am.minutes_late FROM sync_records r \
         LEFT JOIN attendance_marks am ON am.record_id = r.id \
         WHERE r.institute_id = $2 AND r.server_seq > $3 AND ( \
             r.user_id = $1 OR r.id IN ( \
                 SELECT am.record_id FROM attendance_marks am \
                 JOIN class_sessions s ON s.id = am.session_id \
                 JOIN class_trainers ct ON ct.class_id = s.class_id \
                 WHERE ct.user_id = $1)) \
         ORDER BY r.server_seq LIMIT $4",
    )
    .bind(viewer.id.to_string())
    .bind(viewer.institute.to_string())
    .bind(cursor)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1))
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() > limit;
    let rows = &rows[..rows.len().min(limit)];
    let next = rows.last().map_or(cursor, |r| r.server_seq);
    let records = rows
        .iter()
        .filter_map(|row| {
            let record: Record = serde_json::from_str(&row.body).ok()?;
            let by: UserId = row.user_id.parse().ok()?;
            let mark = row.status.clone().map(|status| {
                let minutes = row
                    .minutes_late
                    .and_then(|m| u16::try_from(m).ok())
                    .unwrap_or(0);
                (status, minutes)
            });
            Some(ingest::as_pulled(viewer.id, record, by, mark))
        })
        .collect();
    Ok(Pulled {
        records,
        cursor: next,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{self, seed_id};
    use domain::sync::LearnerState;
    use domain::{LessonId, RecordId, Role};
    use uuid::Uuid;

    struct Fixture {
        pool: AnyPool,
        learner: CurrentUser,
        lessons: Vec<LessonId>,
        _dir: crate::testing::TestDb,
    }

    async fn fixture() -> Fixture {
        let (dir, pool) = crate::test_db().await;
        seed::demo_without_attendance(
            &pool,
            domain::calendar::Date::parse("2026-11-30").expect("date"),
        )
        .await
        .expect("seed");
        let learner = CurrentUser {
            id: seed_id("user:learner").parse().expect("id"),
            institute: seed_id("institute").parse().expect("id"),
            role: Role::Learner,
            username: "learner".into(),
            display_name: Default::default(),
        };
        let lessons: Vec<(String,)> = sqlx::query_as("SELECT id FROM lessons ORDER BY id")
            .fetch_all(&pool)
            .await
            .expect("lessons");
        let lessons = lessons
            .into_iter()
            .map(|(id,)| id.parse().expect("id"))
            .collect();
        Fixture {
            pool,
            learner,
            lessons,
            _dir: dir,
        }
    }

    fn rec(n: u128, minute: u32, body: RecordBody) -> Record {
        Record {
            id: RecordId(Uuid::from_u128(n)),
            by: None,
            seq: n as u64,
            at: format!("2026-11-30T08:{minute:02}:00Z"),
            body,
        }
    }

    fn device() -> DeviceId {
        DeviceId(Uuid::from_u128(42))
    }

    async fn count(pool: &AnyPool, table: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .expect("count");
        n
    }

    /// Many writers (`docs/sync-protocol.md`, "Many writers"): pushes from two devices of
    /// each of four learners run concurrently, with each learner's puller pulling small
    /// pages all along; every puller ends with every record its learner's devices had
    /// accepted — a sequence number taken by a batch that commits late is never skipped.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_pushers_and_pullers_miss_nothing() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let f = fixture().await;
        let learners: Vec<CurrentUser> = ["learner", "learner01", "learner02", "learner03"]
            .iter()
            .map(|name| CurrentUser {
                id: seed_id(&format!("user:{name}")).parse().expect("id"),
                username: (*name).into(),
                ..f.learner.clone()
            })
            .collect();
        let done = Arc::new(AtomicBool::new(false));
        let mut pushers = Vec::new();
        for (l, learner) in learners.iter().enumerate() {
            for d in 0..2u128 {
                let (pool, learner, lessons) = (f.pool.clone(), learner.clone(), f.lessons.clone());
                pushers.push(tokio::spawn(async move {
                    let device = DeviceId(Uuid::from_u128(1000 + l as u128 * 10 + d));
                    let mut accepted = Vec::new();
                    for b in 0..10u64 {
                        let batch: Vec<Record> = (0..10u64)
                            .map(|i| Record {
                                id: RecordId(Uuid::now_v7()),
                                by: None,
                                seq: b * 10 + i + 1,
                                at: "2026-11-30T08:00:00Z".into(),
                                body: RecordBody::TimeSpent {
                                    lesson: lessons[(b + i) as usize % lessons.len()],
                                    seconds: 30,
                                },
                            })
                            .collect();
                        let results = push(&pool, &learner, device, &batch).await.expect("push");
                        for (r, result) in batch.iter().zip(results) {
                            assert_eq!(result.outcome, Outcome::Accepted, "{result:?}");
                            accepted.push(r.id);
                        }
                    }
                    accepted
                }));
            }
        }
        let mut pullers = Vec::new();
        for learner in &learners {
            let (pool, learner, done) = (f.pool.clone(), learner.clone(), done.clone());
            pullers.push(tokio::spawn(async move {
                let (mut cursor, mut seen) = (0, HashSet::new());
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let page = pull(&pool, &learner, cursor, 7).await.expect("pull");
                    assert!(page.cursor >= cursor);
                    cursor = page.cursor;
                    seen.extend(page.records.iter().map(|r| r.id));
                    if finished && !page.more {
                        return seen;
                    }
                    tokio::task::yield_now().await;
                }
            }));
        }
        let mut accepted: Vec<HashSet<RecordId>> = vec![HashSet::new(); learners.len()];
        for (i, pusher) in pushers.into_iter().enumerate() {
            accepted[i / 2].extend(pusher.await.expect("pusher"));
        }
        done.store(true, Ordering::SeqCst);
        for (i, puller) in pullers.into_iter().enumerate() {
            let seen = puller.await.expect("puller");
            assert_eq!(accepted[i].len(), 200);
            assert_eq!(seen, accepted[i], "learner {i} missed or gained records");
        }
    }

    #[tokio::test]
    async fn duplicates_in_a_batch_and_replays_apply_once() {
        let f = fixture().await;
        let l = f.lessons[0];
        let batch = vec![
            rec(1, 1, RecordBody::LessonDone { lesson: l }),
            rec(
                2,
                2,
                RecordBody::CheckAttempt {
                    lesson: l,
                    answers: vec![vec![1]],
                    score: 1,
                    max: 2,
                },
            ),
            rec(1, 1, RecordBody::LessonDone { lesson: l }),
            rec(
                3,
                3,
                RecordBody::TimeSpent {
                    lesson: l,
                    seconds: 60,
                },
            ),
        ];
        let results = push(&f.pool, &f.learner, device(), &batch)
            .await
            .expect("push");
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Accepted,
                Outcome::Accepted,
                Outcome::Duplicate,
                Outcome::Accepted
            ]
        );
        // The whole batch again: nothing doubles.
        let again = push(&f.pool, &f.learner, device(), &batch)
            .await
            .expect("push");
        assert!(again.iter().all(|r| r.outcome == Outcome::Duplicate));
        assert_eq!(count(&f.pool, "sync_records").await, 3);
        assert_eq!(count(&f.pool, "check_attempts").await, 1);
        let (seconds,): (i64,) = sqlx::query_as("SELECT seconds FROM lesson_time")
            .fetch_one(&f.pool)
            .await
            .expect("time");
        assert_eq!(seconds, 60);
    }

    #[tokio::test]
    async fn unknown_and_foreign_lessons_and_taken_ids_are_rejected() {
        let f = fixture().await;
        // A lesson of another institute's programme.
        let other = Uuid::now_v7().to_string();
        for sql in [
            "INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES ($1, 'X', 'x', 'x', '2026-01-01T00:00:00Z')",
            "INSERT INTO programmes (id, institute_id, qualification_id, version, title_km, title_en, status) SELECT $1, $1, id, 1, 'x', 'x', 'draft' FROM qualifications WHERE code = 'ELE-CQF2-EI'",
            "INSERT INTO modules (id, programme_id, position, title_km, title_en) VALUES ($1, $1, 1, 'x', 'x')",
            "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) VALUES ($1, $1, 1, 'x', 'x', 10, 'online_self_paced')",
            "INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES ($1, $1, 'x', 'x', 'x', 'x')",
        ] {
            sqlx::query(sql).bind(&other).execute(&f.pool).await.expect(sql);
        }
        let foreign: LessonId = other.parse().expect("id");
        let unknown = LessonId(Uuid::now_v7());
        let batch = vec![
            rec(10, 1, RecordBody::LessonDone { lesson: foreign }),
            rec(11, 1, RecordBody::LessonDone { lesson: unknown }),
            rec(
                12,
                1,
                RecordBody::CheckAttempt {
                    lesson: f.lessons[0],
                    answers: vec![],
                    score: 9,
                    max: 3,
                },
            ),
            rec(
                13,
                1,
                RecordBody::LessonDone {
                    lesson: f.lessons[1],
                },
            ),
        ];
        let results = push(&f.pool, &f.learner, device(), &batch)
            .await
            .expect("push");
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                // Not a lesson of the learner's courses (yet): it may be, after an
                // enrolment or a new version, so the device keeps it and tries again.
                Outcome::Deferred(RejectReason::UnknownLesson),
                Outcome::Deferred(RejectReason::UnknownLesson),
                Outcome::Rejected(RejectReason::Invalid),
                Outcome::Accepted,
            ]
        );
        assert_eq!(
            count(&f.pool, "lesson_progress").await,
            1,
            "rejected records change nothing"
        );

        // Another learner of the class reusing an id someone already sent.
        let other_learner = CurrentUser {
            id: seed_id("user:learner01").parse().expect("id"),
            ..f.learner.clone()
        };
        let results = push(&f.pool, &other_learner, device(), &batch[3..])
            .await
            .expect("push");
        assert_eq!(results[0].outcome, Outcome::Rejected(RejectReason::IdTaken));
    }

    #[tokio::test]
    async fn any_interleaving_gives_the_state_of_one_clean_apply() {
        let f = fixture().await;
        let (a, b) = (f.lessons[0], f.lessons[1]);
        let records = [
            rec(21, 30, RecordBody::LessonDone { lesson: a }),
            rec(22, 10, RecordBody::LessonDone { lesson: a }),
            rec(
                23,
                11,
                RecordBody::CheckAttempt {
                    lesson: a,
                    answers: vec![vec![0]],
                    score: 2,
                    max: 2,
                },
            ),
            rec(
                24,
                12,
                RecordBody::CheckAttempt {
                    lesson: b,
                    answers: vec![vec![1]],
                    score: 0,
                    max: 2,
                },
            ),
            rec(
                25,
                13,
                RecordBody::TimeSpent {
                    lesson: b,
                    seconds: 30,
                },
            ),
            rec(
                26,
                14,
                RecordBody::TimeSpent {
                    lesson: b,
                    seconds: 45,
                },
            ),
        ];
        let mut expected = LearnerState::default();
        records.iter().for_each(|r| {
            expected.apply(r);
        });
        // Reversed, in two batches, with replays across batches (an interrupted batch resent).
        let mut delivered: Vec<Record> = records.iter().rev().cloned().collect();
        delivered.insert(2, records[0].clone());
        let (first, second) = delivered.split_at(4);
        push(&f.pool, &f.learner, device(), first)
            .await
            .expect("push");
        push(&f.pool, &f.learner, device(), first)
            .await
            .expect("push");
        push(&f.pool, &f.learner, DeviceId(Uuid::from_u128(7)), second)
            .await
            .expect("push");

        let done: Vec<(String, String)> =
            sqlx::query_as("SELECT lesson_id, done_at FROM lesson_progress")
                .fetch_all(&f.pool)
                .await
                .expect("done");
        let expected_done: Vec<(String, String)> = expected
            .done
            .iter()
            .map(|(l, at)| (l.to_string(), at.clone()))
            .collect();
        assert_eq!(done, expected_done);
        let (seconds,): (i64,) =
            sqlx::query_as("SELECT seconds FROM lesson_time WHERE lesson_id = $1")
                .bind(b.to_string())
                .fetch_one(&f.pool)
                .await
                .expect("t");
        assert_eq!(seconds as u64, expected.seconds_on(b));
        assert_eq!(
            count(&f.pool, "check_attempts").await as usize,
            expected.attempts.len()
        );

        // Pull gives each record once, in server order, from any device.
        let first = pull(&f.pool, &f.learner, 0, 4).await.expect("pull");
        let (pulled, cursor, more) = (first.records, first.cursor, first.more);
        assert_eq!((pulled.len(), more), (4, true));
        let next = pull(&f.pool, &f.learner, cursor, 100).await.expect("pull");
        let (rest, more) = (next.records, next.more);
        assert!(!more);
        let mut ids: Vec<RecordId> = pulled.iter().chain(rest.iter()).map(|r| r.id).collect();
        ids.sort();
        let mut want: Vec<RecordId> = records.iter().map(|r| r.id).collect();
        want.sort();
        assert_eq!(ids, want);
    }

    fn trainer(name: &str) -> CurrentUser {
        CurrentUser {
            id: seed_id(&format!("user:{name}")).parse().expect("id"),
            institute: seed_id("institute").parse().expect("id"),
            role: Role::Trainer,
            username: name.into(),
            display_name: Default::default(),
        }
    }

    async fn first_session(pool: &AnyPool) -> domain::SessionId {
        let (id,): (String,) =
            sqlx::query_as("SELECT id FROM class_sessions ORDER BY starts_at LIMIT 1")
                .fetch_one(pool)
                .await
                .expect("session");
        id.parse().expect("id")
    }

    fn mark(
        n: u128,
        session: domain::SessionId,
        learner: domain::UserId,
        status: &str,
        replaces: &[u128],
    ) -> Record {
        rec(
            n,
            (n % 60) as u32,
            RecordBody::AttendanceMark {
                session,
                learner,
                status: status.into(),
                minutes_late: 0,
                note: String::new(),
                replaces: replaces
                    .iter()
                    .map(|r| RecordId(Uuid::from_u128(*r)))
                    .collect(),
            },
        )
    }

    #[tokio::test]
    async fn trainers_mark_only_their_sessions_learners_and_statuses() {
        let f = fixture().await;
        let session = first_session(&f.pool).await;
        let me = trainer("trainer");
        let learner = f.learner.id;
        // A session of a class in another institute's world: not one of ours.
        let foreign = domain::SessionId(Uuid::from_u128(999));
        let outsider = domain::UserId(Uuid::from_u128(998));
        let batch = vec![
            mark(101, session, learner, "present", &[]),
            mark(102, foreign, learner, "present", &[]),
            mark(103, session, outsider, "present", &[]),
            mark(104, session, learner, "on_holiday", &[]),
            rec(
                105,
                5,
                RecordBody::LessonDone {
                    lesson: f.lessons[0],
                },
            ),
            mark(106, session, learner, "late", &[101]),
        ];
        let results = push(&f.pool, &me, device(), &batch).await.expect("push");
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            vec![
                Outcome::Accepted,
                Outcome::Deferred(RejectReason::UnknownSession),
                Outcome::Deferred(RejectReason::UnknownLearner),
                Outcome::Deferred(RejectReason::UnknownStatus),
                Outcome::Rejected(RejectReason::NotAllowed),
                Outcome::Accepted,
            ]
        );
        assert_eq!(
            count(&f.pool, "attendance_marks").await,
            2,
            "every version kept"
        );
        // A learner may not mark attendance.
        let results = push(
            &f.pool,
            &f.learner,
            device(),
            &[mark(107, session, learner, "present", &[])],
        )
        .await
        .expect("push");
        assert_eq!(
            results[0].outcome,
            Outcome::Rejected(RejectReason::NotAllowed)
        );
        // A trainer of another class sees nothing of it and may not mark it.
        sqlx::query("DELETE FROM class_trainers WHERE user_id = $1")
            .bind(seed_id("user:trainer2"))
            .execute(&f.pool)
            .await
            .expect("unassign");
        let other = trainer("trainer2");
        let results = push(
            &f.pool,
            &other,
            device(),
            &[mark(108, session, learner, "absent", &[])],
        )
        .await
        .expect("push");
        assert_eq!(
            results[0].outcome,
            Outcome::Deferred(RejectReason::UnknownSession)
        );
        let records = pull(&f.pool, &other, 0, 1000).await.expect("pull").records;
        assert!(records.is_empty());
    }

    /// An admin renames a status while a trainer's phone holds marks made with it: the
    /// marks wait (`retry`, kept on the phone), and pass once the status is back — never
    /// refused for good, never lost.
    #[tokio::test]
    async fn a_trainers_mark_outlives_an_admins_edit_of_the_statuses() {
        let f = fixture().await;
        let session = first_session(&f.pool).await;
        let me = trainer("trainer");
        let institute = me.institute;
        let before =
            crate::attendance::statuses(&mut f.pool.acquire().await.expect("conn"), institute)
                .await
                .expect("statuses");
        assert!(before.iter().any(|s| s.code == "late"), "{before:?}");
        // The phone marked "late" offline; meanwhile the admin renamed it "tardy".
        let renamed: Vec<domain::attendance::StatusDef> = before
            .iter()
            .cloned()
            .map(|mut s| {
                if s.code == "late" {
                    s.code = "tardy".into();
                }
                s
            })
            .collect();
        crate::attendance::save_settings(&f.pool, institute, &renamed, 80)
            .await
            .expect("renamed");
        let marked = mark(301, session, f.learner.id, "late", &[]);
        let results = push(&f.pool, &me, device(), std::slice::from_ref(&marked))
            .await
            .expect("push");
        assert_eq!(
            results[0].outcome,
            Outcome::Deferred(RejectReason::UnknownStatus)
        );
        assert_eq!(count(&f.pool, "attendance_marks").await, 0);
        // Sent again and again while it waits: still waiting, nothing half-stored.
        let again = push(&f.pool, &me, device(), std::slice::from_ref(&marked))
            .await
            .expect("push");
        assert_eq!(
            again[0].outcome,
            Outcome::Deferred(RejectReason::UnknownStatus)
        );
        // The admin puts "late" back (beside "tardy"): the same record now passes.
        let mut both = renamed.clone();
        both.extend(before.iter().filter(|s| s.code == "late").cloned());
        crate::attendance::save_settings(&f.pool, institute, &both, 80)
            .await
            .expect("restored");
        let results = push(&f.pool, &me, device(), std::slice::from_ref(&marked))
            .await
            .expect("push");
        assert_eq!(results[0].outcome, Outcome::Accepted);
        let (status,): (String,) =
            sqlx::query_as("SELECT status FROM attendance_marks WHERE record_id = $1")
                .bind(marked.id.to_string())
                .fetch_one(&f.pool)
                .await
                .expect("stored");
        assert_eq!(status, "late");
    }

    #[tokio::test]
    async fn a_trainer_pulls_the_other_trainers_marks_with_who_made_them() {
        let f = fixture().await;
        let session = first_session(&f.pool).await;
        let (a, b) = (trainer("trainer"), trainer("trainer2"));
        push(
            &f.pool,
            &a,
            device(),
            &[mark(201, session, f.learner.id, "present", &[])],
        )
        .await
        .expect("push a");
        push(
            &f.pool,
            &b,
            device(),
            &[mark(202, session, f.learner.id, "absent", &[])],
        )
        .await
        .expect("push b");
        let pulled = pull(&f.pool, &b, 0, 500).await.expect("pull");
        let (records, cursor, more) = (pulled.records, pulled.cursor, pulled.more);
        assert!(!more);
        assert!(cursor > 0);
        // (The demo's earlier sessions come too; these two are the new ones.)
        let by: Vec<(RecordId, Option<domain::UserId>)> = records
            .iter()
            .filter(|r| {
                [201, 202]
                    .map(|n| RecordId(Uuid::from_u128(n)))
                    .contains(&r.id)
            })
            .map(|r| (r.id, r.by))
            .collect();
        assert_eq!(
            by,
            vec![
                (RecordId(Uuid::from_u128(201)), Some(a.id)),
                (RecordId(Uuid::from_u128(202)), Some(b.id)),
            ]
        );
        // Both versions are heads: a conflict for a trainer to decide.
        let view = crate::attendance::roll_call(&f.pool, &a, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut marks = domain::attendance::SessionMarks::default();
        for v in view.versions {
            marks.add(v);
        }
        assert_eq!(marks.conflict(f.learner.id).map(|h| h.len()), Some(2));
        assert_eq!(view.roster.len(), 40);
        assert_eq!(view.trainers.len(), 2);
        // The learner pulls none of it.
        let records = pull(&f.pool, &f.learner, 0, 100)
            .await
            .expect("pull")
            .records;
        assert!(records.is_empty());
    }

    /// The learner's sessions in time order, with start and end (unix seconds).
    async fn learner_sessions(pool: &AnyPool) -> Vec<(domain::SessionId, i64, i64)> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT s.id, s.starts_at, s.ends_at FROM class_sessions s \
             JOIN enrolments e ON e.class_id = s.class_id \
             JOIN users u ON u.id = e.learner_id WHERE u.username = 'learner' ORDER BY s.starts_at",
        )
        .fetch_all(pool)
        .await
        .expect("sessions");
        rows.into_iter()
            .map(|(id, s, e)| {
                (
                    id.parse().expect("id"),
                    crate::unix_seconds(&s).expect("start"),
                    crate::unix_seconds(&e).expect("end"),
                )
            })
            .collect()
    }

    fn check_in(n: u128, session: domain::SessionId, code: String, at: i64) -> Record {
        Record {
            id: RecordId(Uuid::from_u128(n)),
            by: None,
            seq: n as u64,
            at: chrono::DateTime::from_timestamp(at, 0)
                .map(crate::timestamp)
                .expect("time"),
            body: RecordBody::CheckIn { session, code },
        }
    }

    #[tokio::test]
    async fn check_ins_are_verified_at_sync_and_refusals_kept_for_trainers() {
        use domain::check_in::{code, judge, window_of, CheckIn, Judgement, SessionCodes};
        let f = fixture().await;
        let sessions = learner_sessions(&f.pool).await;
        let (session, starts, ends) = sessions[0];
        let (other, other_starts, other_ends) = *sessions
            .iter()
            .find(|(id, s, _)| *id != session && *s != starts)
            .expect("a second session");
        let key = key_of(&f.pool, session, starts, ends).await;
        let other_key = key_of(&f.pool, other, other_starts, other_ends).await;
        let shown = starts + 300;
        let good = code(&key, window_of(shown));
        let expired = code(&key, window_of(starts + 60));
        let codes = SessionCodes { key, starts, ends };
        let received = other_ends + 60;
        // Another session's code, typed in time at that session — one that is not also,
        // by chance, one of this session's own codes (six digits over some thousand
        // windows collide now and then; that check-in would be "expired").
        let other_codes = SessionCodes {
            key: other_key,
            starts: other_starts,
            ends: other_ends,
        };
        let (from_other, from_other_at) = (0..)
            .map(|k| other_starts + 65 + k * domain::check_in::PERIOD_SECONDS)
            .map(|at| (code(&other_key, window_of(at)), at))
            .find(|(c, at)| {
                let typed = CheckIn {
                    typed: c,
                    typed_at: *at,
                    received_at: received,
                    attempts: 0,
                };
                judge(typed, &codes, std::slice::from_ref(&other_codes)) == Judgement::OtherSession
            })
            .expect("another session's code");
        let wrong = (0..)
            .map(|n| format!("{n:06}"))
            .find(|c| {
                let typed = CheckIn {
                    typed: c,
                    typed_at: shown,
                    received_at: ends,
                    attempts: 0,
                };
                judge(typed, &codes, &[]) == Judgement::Wrong
            })
            .expect("a wrong code");
        let stranger = domain::SessionId(Uuid::from_u128(77));
        let batch = vec![
            check_in(301, session, good.clone(), shown + 4),
            // The same code again, in a new check-in: a replay.
            check_in(302, session, good.clone(), shown + 8),
            // Shown at the start, typed 25 minutes later.
            check_in(303, session, expired, starts + 1560),
            // Another session's code (typed in time, at that session).
            check_in(304, session, from_other, from_other_at),
            check_in(305, session, wrong, shown),
            check_in(306, stranger, good.clone(), shown),
        ];
        let results = push_at(&f.pool, &f.learner, &batch, received).await;
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        // The learner is told only "not accepted" (no oracle for guessing); a session
        // the learner is not (yet) in is worth another try later.
        let no = Outcome::Rejected(RejectReason::NotAccepted);
        assert_eq!(
            outcomes,
            [
                Outcome::Accepted,
                no,
                no,
                no,
                no,
                Outcome::Deferred(RejectReason::UnknownSession),
            ]
        );
        // Sent again (its answer was lost): a duplicate, not a replay; and a replay in
        // a later batch is refused too.
        let again = push_at(
            &f.pool,
            &f.learner,
            &[batch[0].clone(), check_in(307, session, good, shown + 30)],
            received,
        )
        .await;
        assert_eq!(again[0].outcome, Outcome::Duplicate);
        assert_eq!(again[1].outcome, no);

        // The accepted check-in is a mark by the learner in the first status.
        let marks: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT learner_id, author_id, status FROM attendance_marks WHERE session_id = $1",
        )
        .bind(session.to_string())
        .fetch_all(&f.pool)
        .await
        .expect("marks");
        let me = f.learner.id.to_string();
        assert_eq!(marks, vec![(me.clone(), me.clone(), "present".to_owned())]);
        assert_eq!(count(&f.pool, "check_ins").await, 1);

        // Its trainers see it as a mark (pulled) and the refusals with their reasons
        // (on the roll call); the stranger session is not a real one, so it is not kept.
        let t = trainer("trainer");
        let records = pull(&f.pool, &t, 0, 500).await.expect("pull").records;
        let pulled = records
            .iter()
            .find(|r| r.id == RecordId(Uuid::from_u128(301)))
            .expect("pulled");
        assert_eq!(pulled.by, Some(f.learner.id));
        assert!(matches!(
            &pulled.body,
            RecordBody::AttendanceMark { learner, status, .. } if *learner == f.learner.id && status == "present"
        ));
        let view = crate::attendance::roll_call(&f.pool, &t, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut reasons: Vec<RejectReason> = view.refusals.iter().map(|r| r.reason).collect();
        reasons.sort_by_key(|r| format!("{r:?}"));
        assert_eq!(
            reasons,
            [
                RejectReason::ExpiredCode,
                RejectReason::OtherSession,
                RejectReason::ReplayedCode,
                RejectReason::ReplayedCode,
                RejectReason::WrongCode,
            ]
        );
        assert!(view.refusals.iter().all(|r| r.learner == f.learner.id));
        // The learner pulls their own check-in as it is.
        let mine = pull(&f.pool, &f.learner, 0, 100)
            .await
            .expect("pull")
            .records;
        assert!(matches!(mine[0].body, RecordBody::CheckIn { .. }));
        // Trainers do not check in.
        let theirs = push_at(
            &f.pool,
            &t,
            &[check_in(308, session, "123456".into(), shown)],
            received,
        )
        .await;
        assert_eq!(
            theirs[0].outcome,
            Outcome::Rejected(RejectReason::NotAllowed)
        );
    }

    /// A session's check-in key, as its trainers' phones have it.
    async fn key_of(
        pool: &AnyPool,
        session: domain::SessionId,
        starts: i64,
        ends: i64,
    ) -> [u8; 32] {
        let mut conn = pool.acquire().await.expect("conn");
        crate::check_in::key(&mut conn, session, starts, ends, starts)
            .await
            .expect("db")
            .expect("live at its start")
    }

    async fn push_at(
        pool: &AnyPool,
        user: &CurrentUser,
        records: &[Record],
        received: i64,
    ) -> Vec<RecordResult> {
        let batch: Vec<Parsed> = records.iter().cloned().map(Ok).collect();
        push_batch(pool, user, device(), &batch, received)
            .await
            .expect("push")
    }

    #[tokio::test]
    async fn a_sessions_key_lives_around_its_own_time_only() {
        let f = fixture().await;
        let (session, starts, ends) = learner_sessions(&f.pool).await[0];
        let mut conn = f.pool.acquire().await.expect("conn");
        assert!(
            crate::check_in::key(&mut conn, session, starts, ends, starts - 3600)
                .await
                .expect("db")
                .is_some()
        );
        assert!(
            crate::check_in::key(&mut conn, session, starts, ends, ends + 600)
                .await
                .expect("db")
                .is_some()
        );
        assert!(
            crate::check_in::key(&mut conn, session, starts, ends, ends + 3600)
                .await
                .expect("db")
                .is_none(),
            "the session is over"
        );
        assert!(
            crate::check_in::key(&mut conn, session, starts, ends, starts - 3 * 86_400)
                .await
                .expect("db")
                .is_none(),
            "days ahead"
        );
    }

    #[tokio::test]
    async fn ten_attempts_at_a_session_and_no_more_and_honest_clocks_five_minutes_off_pass() {
        use domain::check_in::{code, window_of, MAX_ATTEMPTS};
        let f = fixture().await;
        let (session, starts, ends) = learner_sessions(&f.pool).await[0];
        let key = key_of(&f.pool, session, starts, ends).await;
        let shown = starts + 900;
        let right = code(&key, window_of(shown));
        let wrong = if right == "000000" {
            "000001"
        } else {
            "000000"
        };
        // Ten wrong guesses, then the right code: not even looked at.
        let guesses: Vec<Record> = (0..u128::from(MAX_ATTEMPTS))
            .map(|n| check_in(500 + n, session, wrong.into(), shown))
            .chain([check_in(520, session, right.clone(), shown)])
            .collect();
        let results = push_at(&f.pool, &f.learner, &guesses, ends).await;
        assert!(results[..10]
            .iter()
            .all(|r| r.outcome == Outcome::Rejected(RejectReason::NotAccepted)));
        assert_eq!(
            results[10].outcome,
            Outcome::Rejected(RejectReason::TooManyAttempts)
        );
        assert_eq!(count(&f.pool, "check_ins").await, 0);
        // Another learner's phone five minutes behind the trainer's, and one five ahead.
        let other = CurrentUser {
            id: seed_id("user:learner01").parse().expect("id"),
            ..f.learner.clone()
        };
        let behind = push_at(
            &f.pool,
            &other,
            &[check_in(530, session, right.clone(), shown - 300)],
            ends,
        )
        .await;
        assert_eq!(behind[0].outcome, Outcome::Accepted);
        let third = CurrentUser {
            id: seed_id("user:learner02").parse().expect("id"),
            ..f.learner.clone()
        };
        let ahead = push_at(
            &f.pool,
            &third,
            &[check_in(531, session, right, shown + 300)],
            ends,
        )
        .await;
        assert_eq!(ahead[0].outcome, Outcome::Accepted);
    }

    #[tokio::test]
    async fn a_clock_set_back_is_flagged_and_a_code_of_the_future_refused() {
        use domain::check_in::{code, window_of};
        let f = fixture().await;
        let (session, starts, ends) = learner_sessions(&f.pool).await[0];
        let key = key_of(&f.pool, session, starts, ends).await;
        // The device wrote a record at the session's end, then a check-in "typed" an
        // hour earlier (its clock set back to type a code passed on later).
        let mut before = rec(
            600,
            0,
            RecordBody::LessonDone {
                lesson: f.lessons[0],
            },
        );
        before.seq = 1;
        before.at = crate::timestamp(chrono::DateTime::from_timestamp(ends, 0).expect("t"));
        let mut late = check_in(
            601,
            session,
            code(&key, window_of(starts + 600)),
            starts + 600,
        );
        late.seq = 2;
        let results = push_at(&f.pool, &f.learner, &[before, late], ends + 60).await;
        assert_eq!(results[1].outcome, Outcome::Accepted);
        let (flagged,): (i64,) =
            sqlx::query_as("SELECT flagged FROM check_ins WHERE record_id = $1")
                .bind(RecordId(Uuid::from_u128(601)).to_string())
                .fetch_one(&f.pool)
                .await
                .expect("check-in");
        assert_eq!(flagged, 1);
        // A code of a window after the server received it is never accepted.
        let other = CurrentUser {
            id: seed_id("user:learner03").parse().expect("id"),
            ..f.learner.clone()
        };
        let future = starts + 3600;
        let early = push_at(
            &f.pool,
            &other,
            &[check_in(
                602,
                session,
                code(&key, window_of(future)),
                future,
            )],
            starts + 60,
        )
        .await;
        assert_eq!(
            early[0].outcome,
            Outcome::Rejected(RejectReason::NotAccepted)
        );
    }

    #[tokio::test]
    async fn a_trainers_decision_always_replaces_every_current_version() {
        use domain::check_in::{code, window_of, MAX_ATTEMPTS};
        let f = fixture().await;
        let (session, starts, ends) = learner_sessions(&f.pool).await[0];
        let key = key_of(&f.pool, session, starts, ends).await;
        // The learner checks in again and again, each time with a fresh code: each
        // replaces the learner's own earlier one, so they never pile up as heads.
        let check_ins: Vec<Record> = (0..u128::from(MAX_ATTEMPTS))
            .map(|n| {
                let at = starts + 60 + 30 * n as i64;
                check_in(800 + n, session, code(&key, window_of(at)), at)
            })
            .collect();
        let results = push_at(&f.pool, &f.learner, &check_ins, ends).await;
        assert!(
            results.iter().all(|r| r.outcome == Outcome::Accepted),
            "{results:?}"
        );
        let t = trainer("trainer");
        let view = crate::attendance::roll_call(&f.pool, &t, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut marks = domain::attendance::SessionMarks::default();
        for v in view.versions {
            marks.add(v);
        }
        let heads = marks.to_replace(f.learner.id);
        assert_eq!(heads.len(), 1, "one version of the learner's own");
        assert_eq!(marks.versions().count(), 10, "every version kept");
        // The trainer's correction replaces every head there is, and is accepted.
        let mut correction = mark(899, session, f.learner.id, "absent", &[]);
        if let RecordBody::AttendanceMark { replaces, .. } = &mut correction.body {
            *replaces = heads;
        }
        let results = push_at(&f.pool, &t, &[correction], ends).await;
        assert_eq!(results[0].outcome, Outcome::Accepted);
        // Even a decision over many versions fits a record.
        let many: Vec<u128> = (1..=150).collect();
        let wide = mark(900, session, f.learner.id, "present", &many);
        assert_eq!(domain::sync::validate(&wide), Ok(()));
    }

    #[tokio::test]
    async fn two_check_ins_racing_for_one_window_give_one_acceptance_and_no_error() {
        use domain::check_in::{code, window_of};
        let f = fixture().await;
        let (session, starts, ends) = learner_sessions(&f.pool).await[0];
        let key = key_of(&f.pool, session, starts, ends).await;
        let shown = starts + 1200;
        let typed = code(&key, window_of(shown));
        let (first, second) = (
            [check_in(701, session, typed.clone(), shown)],
            [check_in(702, session, typed, shown + 2)],
        );
        let (a, b) = tokio::join!(
            push_at(&f.pool, &f.learner, &first, ends),
            push_at(&f.pool, &f.learner, &second, ends)
        );
        let mut outcomes = vec![a[0].outcome, b[0].outcome];
        outcomes.sort_by_key(|o| format!("{o:?}"));
        assert_eq!(
            outcomes,
            vec![
                Outcome::Accepted,
                Outcome::Rejected(RejectReason::NotAccepted)
            ]
        );
    }

    #[tokio::test]
    async fn a_check_in_against_a_trainers_absent_needs_a_decision() {
        use domain::check_in::{code, window_of};
        let f = fixture().await;
        let (session, starts, _) = learner_sessions(&f.pool).await[0];
        let t = trainer("trainer");
        push(
            &f.pool,
            &t,
            device(),
            &[mark(401, session, f.learner.id, "absent", &[])],
        )
        .await
        .expect("trainer");
        let (_, _, ends) = learner_sessions(&f.pool).await[0];
        let key = key_of(&f.pool, session, starts, ends).await;
        // Checked in 25 minutes after the start: late, with the minutes.
        let at = starts + 25 * 60;
        let results = push_at(
            &f.pool,
            &f.learner,
            &[check_in(402, session, code(&key, window_of(at)), at)],
            ends,
        )
        .await;
        assert_eq!(results[0].outcome, Outcome::Accepted);
        let (status, minutes): (String, i64) = sqlx::query_as(
            "SELECT status, minutes_late FROM attendance_marks WHERE record_id = $1",
        )
        .bind(RecordId(Uuid::from_u128(402)).to_string())
        .fetch_one(&f.pool)
        .await
        .expect("mark");
        assert_eq!((status.as_str(), minutes), ("late", 25));
        let view = crate::attendance::roll_call(&f.pool, &t, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut marks = domain::attendance::SessionMarks::default();
        for v in view.versions {
            marks.add(v);
        }
        let heads = marks.conflict(f.learner.id).expect("a conflict");
        let mut authors: Vec<_> = heads.iter().map(|v| v.author).collect();
        authors.sort();
        let mut want = vec![t.id, f.learner.id];
        want.sort();
        assert_eq!(authors, want);
    }

    /// What a learner's records made of the database, read back in the domain's terms.
    async fn stored_state(
        pool: &AnyPool,
    ) -> (
        Vec<(LessonId, String)>,
        Vec<(LessonId, u64)>,
        Vec<(RecordId, u16, u16, String)>,
    ) {
        let done: Vec<(String, String)> =
            sqlx::query_as("SELECT lesson_id, done_at FROM lesson_progress ORDER BY lesson_id")
                .fetch_all(pool)
                .await
                .expect("done");
        let seconds: Vec<(String, i64)> = sqlx::query_as(
            "SELECT lesson_id, seconds FROM lesson_time WHERE seconds > 0 ORDER BY lesson_id",
        )
        .fetch_all(pool)
        .await
        .expect("time");
        let attempts: Vec<(String, i64, i64, String)> = sqlx::query_as(
            "SELECT record_id, score, max_score, attempted_at FROM check_attempts ORDER BY record_id",
        )
        .fetch_all(pool)
        .await
        .expect("attempts");
        (
            done.into_iter()
                .map(|(l, at)| (l.parse().expect("id"), at))
                .collect(),
            seconds
                .into_iter()
                .map(|(l, s)| (l.parse().expect("id"), s as u64))
                .collect(),
            attempts
                .into_iter()
                .map(|(r, s, m, at)| (r.parse().expect("id"), s as u16, m as u16, at))
                .collect(),
        )
    }

    /// One learner record of the generated history: its kind, lesson (of three), minute
    /// and amounts.
    fn arb_learner_record() -> impl proptest::strategy::Strategy<Value = (u8, usize, u32, u16, u16)>
    {
        (0u8..3, 0usize..3, 0u32..60, 0u16..=5, 1u16..=5)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The differential test: random histories, delivered duplicated, reordered, in
        /// batches of any size and interleaved across two devices, applied through the
        /// store on a real database, leave the state the domain's fold computes.
        #[test]
        fn the_store_keeps_what_the_domains_fold_computes(
            history in proptest::collection::vec(arb_learner_record(), 1..14),
            repeats in proptest::collection::vec(0usize..100, 0..8),
            order in proptest::collection::vec(0u32..1000, 22),
            batch_sizes in proptest::collection::vec(1usize..6, 22),
            devices in proptest::collection::vec(proptest::bool::ANY, 22),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let f = fixture().await;
                let records: Vec<Record> = history
                    .iter()
                    .enumerate()
                    .map(|(i, &(kind, lesson, minute, a, b))| {
                        let lesson = f.lessons[lesson];
                        let body = match kind {
                            0 => RecordBody::LessonDone { lesson },
                            1 => RecordBody::CheckAttempt {
                                lesson,
                                answers: vec![vec![a as u8]],
                                score: a.min(b),
                                max: b,
                            },
                            _ => RecordBody::TimeSpent {
                                lesson,
                                seconds: u32::from(a) * 60 + u32::from(b),
                            },
                        };
                        rec(1000 + i as u128, minute, body)
                    })
                    .collect();
                let mut expected = LearnerState::default();
                for r in &records {
                    expected.apply(r);
                }

                // Every record at least once, some again, in a shuffled order.
                let mut delivered: Vec<Record> = records.clone();
                delivered.extend(repeats.iter().map(|&i| records[i % records.len()].clone()));
                let mut keyed: Vec<(u32, Record)> = delivered
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (order[i % order.len()], r))
                    .collect();
                keyed.sort_by_key(|(k, _)| *k);
                let delivered: Vec<Record> = keyed.into_iter().map(|(_, r)| r).collect();
                let mut rest = delivered.as_slice();
                let mut batch = 0;
                while !rest.is_empty() {
                    let (now, later) = rest.split_at(batch_sizes[batch % batch_sizes.len()].min(rest.len()));
                    let from = if devices[batch % devices.len()] { device() } else { DeviceId(Uuid::from_u128(7)) };
                    let results = push(&f.pool, &f.learner, from, now).await.expect("push");
                    assert!(
                        results.iter().all(|r| matches!(r.outcome, Outcome::Accepted | Outcome::Duplicate)),
                        "{results:?}"
                    );
                    rest = later;
                    batch += 1;
                }

                let (done, seconds, attempts) = stored_state(&f.pool).await;
                let want_seconds: Vec<(LessonId, u64)> = expected
                    .seconds
                    .iter()
                    .filter(|(_, s)| *s > 0)
                    .cloned()
                    .collect();
                let want_attempts: Vec<(RecordId, u16, u16, String)> = expected
                    .attempts
                    .iter()
                    .map(|(id, a)| (*id, a.score, a.max, a.at.clone()))
                    .collect();
                assert_eq!(done, expected.done, "lessons done");
                assert_eq!(seconds, want_seconds, "time spent");
                assert_eq!(attempts, want_attempts, "check attempts");
            });
        }
    }
}
