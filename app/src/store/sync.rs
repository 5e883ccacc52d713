//! Sync ingest and pull against the database, applying `domain::sync`'s rules: each
//! record exactly once (its id is the key), lesson done keeps the earliest time,
//! attempts append, seconds add up, every attendance mark is kept as a version. One
//! transaction per batch: a batch is either applied and acknowledged, or not at all
//! (and the device simply sends it again). Every record is checked against who sends
//! it: a learner's progress only on lessons of their courses; a trainer's marks only
//! for sessions of classes they teach, learners of that class and the institute's
//! statuses.

use crate::auth::CurrentUser;
use crate::domain::attendance::check_in_status;
use crate::domain::calendar::parse_utc;
use crate::domain::check_in::{session_key, verify, Verdict, SEARCH_MARGIN_SECONDS};
use crate::domain::sync::{validate, Outcome, Record, RecordBody, RecordResult, RejectReason};
use crate::domain::{DeviceId, RecordId, Role};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use std::collections::{HashMap, HashSet};

/// What a learner may write: progress on the lessons of the programmes of the classes
/// they are enrolled in (in their own institute), and check-ins to the sessions of
/// those classes with a code of that session.
struct LearnerScope {
    lessons: HashSet<String>,
    /// Sessions of the learner's classes.
    enrolled: HashSet<String>,
    /// Start and end (unix seconds) of the learner's sessions and of every session of
    /// the institute around the batch's check-ins (to tell "another session's code").
    spans: HashMap<String, (i64, i64)>,
    secret: Vec<u8>,
    /// Windows whose code the learner has used, per session, with the check-in that did.
    used: HashMap<(String, i64), RecordId>,
    /// The institute's statuses (what an accepted check-in marks).
    statuses: Vec<crate::domain::attendance::StatusDef>,
    /// Accepted check-ins of this batch: their window, status and minutes late.
    accepted: HashMap<RecordId, CheckInMark>,
}

/// What an accepted check-in writes.
struct CheckInMark {
    window: i64,
    status: String,
    minutes_late: u16,
}

async fn learner_scope(
    pool: &SqlitePool,
    learner: &CurrentUser,
    records: &[Record],
) -> Result<LearnerScope, sqlx::Error> {
    let lessons: Vec<(String,)> = sqlx::query_as(
        "SELECT l.id FROM enrolments e \
         JOIN classes c ON c.id = e.class_id \
         JOIN modules m ON m.programme_id = c.programme_id \
         JOIN learning_activities a ON a.module_id = m.id \
         JOIN lessons l ON l.activity_id = a.id \
         WHERE e.learner_id = ? AND c.institute_id = ?",
    )
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .fetch_all(pool)
    .await?;
    let mut scope = LearnerScope {
        lessons: lessons.into_iter().map(|(id,)| id).collect(),
        enrolled: HashSet::new(),
        spans: HashMap::new(),
        secret: Vec::new(),
        used: HashMap::new(),
        statuses: Vec::new(),
        accepted: HashMap::new(),
    };
    let times: Vec<i64> = records
        .iter()
        .filter(|r| matches!(r.body, RecordBody::CheckIn { .. }))
        .filter_map(|r| parse_utc(&r.at))
        .collect();
    let (Some(&first), Some(&last)) = (times.iter().min(), times.iter().max()) else {
        return Ok(scope);
    };
    let mine: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at FROM enrolments e \
         JOIN classes c ON c.id = e.class_id JOIN class_sessions s ON s.class_id = c.id \
         WHERE e.learner_id = ? AND c.institute_id = ?",
    )
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .fetch_all(pool)
    .await?;
    let margin = chrono::Duration::seconds(SEARCH_MARGIN_SECONDS + 86_400);
    let at = |unix: i64| chrono::DateTime::from_timestamp(unix, 0).map(super::timestamp);
    let near: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.starts_at, s.ends_at FROM class_sessions s \
         JOIN classes c ON c.id = s.class_id \
         WHERE c.institute_id = ? AND s.starts_at <= ? AND s.ends_at >= ?",
    )
    .bind(learner.institute.to_string())
    .bind(at(last + margin.num_seconds()))
    .bind(at(first - margin.num_seconds()))
    .fetch_all(pool)
    .await?;
    for (id, starts, ends) in mine.iter().chain(&near) {
        if let (Some(s), Some(e)) = (super::unix_seconds(starts), super::unix_seconds(ends)) {
            scope.spans.insert(id.clone(), (s, e));
        }
    }
    scope.enrolled = mine.into_iter().map(|(id, ..)| id).collect();
    let used: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT session_id, code_window, record_id FROM check_ins WHERE learner_id = ?",
    )
    .bind(learner.id.to_string())
    .fetch_all(pool)
    .await?;
    scope.used = used
        .into_iter()
        .filter_map(|(s, w, id)| Some(((s, w), id.parse().ok()?)))
        .collect();
    scope.secret = super::check_in::secret(pool).await?;
    scope.statuses = super::attendance::statuses(pool, learner.institute).await?;
    Ok(scope)
}

impl LearnerScope {
    /// Checks a check-in's code (`domain::check_in`); an accepted one's window is kept
    /// for the effects, and it counts as used for the rest of the batch.
    fn check_in(&mut self, record: &Record, session: &str, code: &str) -> Result<(), RejectReason> {
        if !self.enrolled.contains(session) {
            return Err(RejectReason::UnknownSession);
        }
        let typed_at = parse_utc(&record.at).ok_or(RejectReason::Invalid)?;
        let &(starts, ends) = self
            .spans
            .get(session)
            .ok_or(RejectReason::UnknownSession)?;
        let key = |s: &str| session_key(&self.secret, s);
        match verify(&key(session), code, typed_at, starts, ends) {
            Verdict::Valid { window } => {
                let slot = (session.to_owned(), window);
                match self.used.get(&slot) {
                    Some(by) if *by != record.id => Err(RejectReason::ReplayedCode),
                    _ => {
                        let minutes = (typed_at - starts).div_euclid(60);
                        let (status, minutes_late) =
                            check_in_status(&self.statuses, minutes).unwrap_or_default();
                        self.used.insert(slot, record.id);
                        self.accepted.insert(
                            record.id,
                            CheckInMark {
                                window,
                                status,
                                minutes_late,
                            },
                        );
                        Ok(())
                    }
                }
            }
            Verdict::Expired { .. } => Err(RejectReason::ExpiredCode),
            Verdict::Wrong => {
                let elsewhere = self.spans.iter().any(|(other, &(s, e))| {
                    other != session
                        && typed_at >= s - SEARCH_MARGIN_SECONDS
                        && typed_at <= e + SEARCH_MARGIN_SECONDS
                        && verify(&key(other), code, typed_at, s, e) != Verdict::Wrong
                });
                Err(if elsewhere {
                    RejectReason::OtherSession
                } else {
                    RejectReason::WrongCode
                })
            }
        }
    }
}

/// What a trainer may mark: the sessions of the classes they teach (in their
/// institute) with each class's learners, and the institute's status codes.
struct TrainerScope {
    session_class: HashMap<String, String>,
    enrolled: HashSet<(String, String)>,
    statuses: HashSet<String>,
}

async fn trainer_scope(
    pool: &SqlitePool,
    trainer: &CurrentUser,
) -> Result<TrainerScope, sqlx::Error> {
    let sessions: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.id, s.class_id FROM class_sessions s \
         JOIN classes c ON c.id = s.class_id \
         JOIN class_trainers ct ON ct.class_id = c.id \
         WHERE ct.user_id = ? AND c.institute_id = ?",
    )
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_all(pool)
    .await?;
    let enrolled: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.class_id, e.learner_id FROM enrolments e \
         JOIN classes c ON c.id = e.class_id \
         JOIN class_trainers ct ON ct.class_id = c.id \
         WHERE ct.user_id = ? AND c.institute_id = ?",
    )
    .bind(trainer.id.to_string())
    .bind(trainer.institute.to_string())
    .fetch_all(pool)
    .await?;
    let statuses = super::attendance::statuses(pool, trainer.institute)
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    Ok(TrainerScope {
        session_class: sessions.into_iter().collect(),
        enrolled: enrolled.into_iter().collect(),
        statuses,
    })
}

/// Who may write what: the check of one record against its sender.
enum Scope {
    Learner(LearnerScope),
    Trainer(TrainerScope),
    Nothing,
}

impl Scope {
    async fn of(
        pool: &SqlitePool,
        user: &CurrentUser,
        records: &[Record],
    ) -> Result<Scope, sqlx::Error> {
        Ok(match user.role {
            Role::Learner => Scope::Learner(learner_scope(pool, user, records).await?),
            Role::Trainer => Scope::Trainer(trainer_scope(pool, user).await?),
            _ => Scope::Nothing,
        })
    }

    fn check(&mut self, record: &Record) -> Result<(), RejectReason> {
        match (self, &record.body) {
            (
                Scope::Trainer(scope),
                RecordBody::AttendanceMark {
                    session,
                    learner,
                    status,
                    ..
                },
            ) => {
                let class = scope
                    .session_class
                    .get(&session.to_string())
                    .ok_or(RejectReason::UnknownSession)?;
                if !scope
                    .enrolled
                    .contains(&(class.clone(), learner.to_string()))
                {
                    return Err(RejectReason::UnknownLearner);
                }
                if status != crate::domain::attendance::CLEARED && !scope.statuses.contains(status)
                {
                    return Err(RejectReason::UnknownStatus);
                }
                Ok(())
            }
            (Scope::Learner(scope), RecordBody::CheckIn { session, code }) => {
                scope.check_in(record, &session.to_string(), code)
            }
            (Scope::Learner(scope), body) => match body.lesson() {
                Some(lesson) if scope.lessons.contains(&lesson.to_string()) => Ok(()),
                Some(_) => Err(RejectReason::UnknownLesson),
                None => Err(RejectReason::NotAllowed),
            },
            _ => Err(RejectReason::NotAllowed),
        }
    }
}

/// Applies a batch from one device of `user`; one result per record, in order.
///
/// A handful of statements per batch, whatever its size: the records are inserted in
/// one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING id` (what comes back is what
/// was new), and their effects are folded per lesson before they are written.
pub async fn push(
    pool: &SqlitePool,
    learner: &CurrentUser,
    device: DeviceId,
    records: &[Record],
) -> Result<Vec<RecordResult>, sqlx::Error> {
    let mut scope = Scope::of(pool, learner, records).await?;
    let mut outcomes: Vec<Option<Outcome>> = vec![None; records.len()];
    let mut first_of_id: HashMap<RecordId, usize> = HashMap::new();
    let mut candidates = Vec::new();
    let mut refused = Vec::new();
    for (i, record) in records.iter().enumerate() {
        outcomes[i] = match validate(record).and_then(|()| scope.check(record)) {
            Err(reason) => {
                if let RecordBody::CheckIn { session, .. } = &record.body {
                    refused.push((record, *session, reason));
                }
                Some(Outcome::Rejected(reason))
            }
            Ok(()) if first_of_id.contains_key(&record.id) => Some(Outcome::Duplicate),
            Ok(()) => {
                first_of_id.insert(record.id, i);
                candidates.push(i);
                None
            }
        };
    }

    let user = learner.id.to_string();
    let received_at = super::now();
    let mut tx = pool.begin().await?;
    let mut inserted: HashSet<String> = HashSet::new();
    for chunk in candidates.chunks(CHUNK) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO sync_records (id, user_id, institute_id, device_id, device_seq, kind, body, client_at, received_at) ",
        );
        insert.push_values(chunk, |mut row, &i| {
            let r = &records[i];
            row.push_bind(r.id.to_string())
                .push_bind(&user)
                .push_bind(learner.institute.to_string())
                .push_bind(device.to_string())
                .push_bind(i64::try_from(r.seq).unwrap_or(i64::MAX))
                .push_bind(r.body.kind())
                .push_bind(serde_json::to_string(r).unwrap_or_default())
                .push_bind(&r.at)
                .push_bind(&received_at);
        });
        insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
        let rows: Vec<(String,)> = insert.build_query_as().fetch_all(&mut *tx).await?;
        inserted.extend(rows.into_iter().map(|(id,)| id));
    }

    // Already there: the same learner's (a replay) or someone else's id.
    let known: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| !inserted.contains(&records[i].id.to_string()))
        .collect();
    for chunk in known.chunks(CHUNK) {
        let mut owners =
            QueryBuilder::<Sqlite>::new("SELECT id, user_id FROM sync_records WHERE id IN (");
        let mut list = owners.separated(", ");
        for &i in chunk {
            list.push_bind(records[i].id.to_string());
        }
        owners.push(")");
        let rows: Vec<(String, String)> = owners.build_query_as().fetch_all(&mut *tx).await?;
        let owner: HashMap<String, String> = rows.into_iter().collect();
        for &i in chunk {
            let mine = owner.get(&records[i].id.to_string()) == Some(&user);
            outcomes[i] = Some(if mine {
                Outcome::Duplicate
            } else {
                Outcome::Rejected(RejectReason::IdTaken)
            });
        }
    }

    let new: Vec<&Record> = candidates
        .iter()
        .map(|&i| &records[i])
        .filter(|r| inserted.contains(&r.id.to_string()))
        .collect();
    let check_ins = match &scope {
        Scope::Learner(scope) => Some(&scope.accepted),
        _ => None,
    };
    apply_effects(&mut tx, &user, &new, check_ins).await?;
    if let Scope::Learner(scope) = &scope {
        // Refused check-ins of real sessions, for their trainers to see.
        for (record, session, reason) in refused {
            if !scope.spans.contains_key(&session.to_string()) {
                continue;
            }
            sqlx::query(
                "INSERT INTO check_in_refusals (record_id, session_id, learner_id, reason, checked_at, received_at) \
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(session.to_string())
            .bind(&user)
            .bind(reason_code(reason))
            .bind(&record.at)
            .bind(&received_at)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;

    Ok(records
        .iter()
        .zip(outcomes)
        .map(|(r, outcome)| RecordResult {
            id: r.id,
            outcome: outcome.unwrap_or(Outcome::Accepted),
        })
        .collect())
}

/// A refusal's reason as it is written on the wire and stored.
fn reason_code(reason: RejectReason) -> String {
    match serde_json::to_value(reason) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

/// Rows per multi-row statement (9 parameters each, well under SQLite's limit).
const CHUNK: usize = 100;

/// Writes what newly accepted records change, folded per lesson first: the earliest
/// "done", every attempt, the sum of seconds.
async fn apply_effects(
    tx: &mut Transaction<'_, Sqlite>,
    user: &str,
    records: &[&Record],
    check_ins: Option<&HashMap<RecordId, CheckInMark>>,
) -> Result<(), sqlx::Error> {
    let mut done: HashMap<String, &str> = HashMap::new();
    let mut seconds: HashMap<String, i64> = HashMap::new();
    let mut attempts = Vec::new();
    let mut marks = Vec::new();
    let mut arrivals = Vec::new();
    for record in records {
        let lesson = record
            .body
            .lesson()
            .map(|l| l.to_string())
            .unwrap_or_default();
        match &record.body {
            RecordBody::LessonDone { .. } => {
                let at = done.entry(lesson).or_insert(record.at.as_str());
                if record.at.as_str() < *at {
                    *at = record.at.as_str();
                }
            }
            RecordBody::CheckAttempt {
                answers,
                score,
                max,
                ..
            } => attempts.push((record, lesson, answers, *score, *max)),
            RecordBody::TimeSpent { seconds: s, .. } => {
                *seconds.entry(lesson).or_default() += i64::from(*s)
            }
            RecordBody::AttendanceMark { .. } => marks.push(*record),
            RecordBody::CheckIn { session, .. } => {
                if let Some(mark) = check_ins.and_then(|accepted| accepted.get(&record.id)) {
                    arrivals.push((*record, session.to_string(), mark));
                }
            }
        }
    }
    // An accepted check-in: the window used, and a mark by the learner.
    for (record, session, mark) in arrivals {
        sqlx::query(
            "INSERT INTO check_ins (record_id, session_id, learner_id, code_window) VALUES (?, ?, ?, ?)",
        )
        .bind(record.id.to_string())
        .bind(&session)
        .bind(user)
        .bind(mark.window)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO attendance_marks (record_id, session_id, learner_id, author_id, status, minutes_late, marked_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(record.id.to_string())
        .bind(&session)
        .bind(user)
        .bind(user)
        .bind(mark.status.as_str())
        .bind(i64::from(mark.minutes_late))
        .bind(record.at.as_str())
        .execute(&mut **tx)
        .await?;
    }
    for chunk in marks.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO attendance_marks (record_id, session_id, learner_id, author_id, status, minutes_late, note, marked_at, replaces) ",
        );
        q.push_values(chunk, |mut row, record| {
            if let RecordBody::AttendanceMark {
                session,
                learner,
                status,
                minutes_late,
                note,
                replaces,
            } = &record.body
            {
                row.push_bind(record.id.to_string())
                    .push_bind(session.to_string())
                    .push_bind(learner.to_string())
                    .push_bind(user)
                    .push_bind(status.as_str())
                    .push_bind(i64::from(*minutes_late))
                    .push_bind(note.as_str())
                    .push_bind(record.at.as_str())
                    .push_bind(serde_json::to_string(replaces).unwrap_or_default());
            }
        });
        q.build().execute(&mut **tx).await?;
    }
    if !done.is_empty() {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO lesson_progress (user_id, lesson_id, done_at) ",
        );
        q.push_values(&done, |mut row, (lesson, at)| {
            row.push_bind(user)
                .push_bind(lesson.as_str())
                .push_bind(*at);
        });
        q.push(
            " ON CONFLICT (user_id, lesson_id) DO UPDATE SET done_at = excluded.done_at \
             WHERE excluded.done_at < lesson_progress.done_at",
        );
        q.build().execute(&mut **tx).await?;
    }
    for chunk in attempts.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO check_attempts (record_id, user_id, lesson_id, answers, score, max_score, attempted_at) ",
        );
        q.push_values(chunk, |mut row, (record, lesson, answers, score, max)| {
            row.push_bind(record.id.to_string())
                .push_bind(user)
                .push_bind(lesson.as_str())
                .push_bind(serde_json::to_string(answers).unwrap_or_default())
                .push_bind(i64::from(*score))
                .push_bind(i64::from(*max))
                .push_bind(record.at.as_str());
        });
        q.build().execute(&mut **tx).await?;
    }
    if !seconds.is_empty() {
        let mut q =
            QueryBuilder::<Sqlite>::new("INSERT INTO lesson_time (user_id, lesson_id, seconds) ");
        q.push_values(&seconds, |mut row, (lesson, s)| {
            row.push_bind(user).push_bind(lesson.as_str()).push_bind(*s);
        });
        q.push(" ON CONFLICT (user_id, lesson_id) DO UPDATE SET seconds = lesson_time.seconds + excluded.seconds");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Records accepted after `cursor`, oldest first, at most `limit`; and the cursor to ask
/// from next. A learner gets their own records (from any of their devices); a trainer
/// gets theirs and every attendance mark on sessions of the classes they teach (other
/// trainers' too, so conflicts show on every device).
pub async fn pull(
    pool: &SqlitePool,
    learner: &CurrentUser,
    cursor: i64,
    limit: usize,
) -> Result<(Vec<Record>, i64, bool), sqlx::Error> {
    /// Sequence, body, author; for a check-in, the status and minutes of the mark it made.
    type PullRow = (i64, String, String, Option<String>, Option<i64>);
    let rows: Vec<PullRow> = sqlx::query_as(
        "SELECT r.server_seq, r.body, r.user_id, am.status, am.minutes_late FROM sync_records r \
         LEFT JOIN attendance_marks am ON am.record_id = r.id \
         WHERE r.institute_id = ?2 AND r.server_seq > ?3 AND ( \
             r.user_id = ?1 OR r.id IN ( \
                 SELECT am.record_id FROM attendance_marks am \
                 JOIN class_sessions s ON s.id = am.session_id \
                 JOIN class_trainers ct ON ct.class_id = s.class_id \
                 WHERE ct.user_id = ?1)) \
         ORDER BY r.server_seq LIMIT ?4",
    )
    .bind(learner.id.to_string())
    .bind(learner.institute.to_string())
    .bind(cursor)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1))
    .fetch_all(pool)
    .await?;
    let more = rows.len() > limit;
    let rows = &rows[..rows.len().min(limit)];
    let next = rows.last().map_or(cursor, |(seq, ..)| *seq);
    let records = rows
        .iter()
        .filter_map(|(_, body, by, status, minutes_late)| {
            let mut record: Record = serde_json::from_str(body).ok()?;
            record.by = by.parse().ok();
            // A learner's check-in reaches their trainers as the mark it made.
            if let (RecordBody::CheckIn { session, .. }, Some(author), Some(status)) =
                (&record.body, record.by, status)
            {
                if author != learner.id {
                    record.body = RecordBody::AttendanceMark {
                        session: *session,
                        learner: author,
                        status: status.clone(),
                        minutes_late: minutes_late
                            .and_then(|m| u16::try_from(m).ok())
                            .unwrap_or(0),
                        note: String::new(),
                        replaces: Vec::new(),
                    };
                }
            }
            Some(record)
        })
        .collect();
    Ok((records, next, more))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sync::LearnerState;
    use crate::domain::{LessonId, RecordId, Role};
    use crate::store::seed::{self, seed_id};
    use uuid::Uuid;

    struct Fixture {
        pool: SqlitePool,
        learner: CurrentUser,
        lessons: Vec<LessonId>,
        _dir: tempfile::TempDir,
    }

    async fn fixture() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let pool = crate::store::db::open(&format!("sqlite://{}/s.db", dir.path().display()))
            .await
            .expect("open");
        seed::demo_without_attendance(
            &pool,
            crate::domain::calendar::Date::parse("2026-11-30").expect("date"),
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

    async fn count(pool: &SqlitePool, table: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .expect("count");
        n
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
            "INSERT INTO institutes (id, code, name_km, name_en, created_at) VALUES (?1, 'X', 'x', 'x', '2026-01-01T00:00:00Z')",
            "INSERT INTO programmes (id, institute_id, qualification_id, version, title_km, title_en, status) SELECT ?1, ?1, id, 1, 'x', 'x', 'draft' FROM qualifications",
            "INSERT INTO modules (id, programme_id, position, title_km, title_en) VALUES (?1, ?1, 1, 'x', 'x')",
            "INSERT INTO learning_activities (id, module_id, position, title_km, title_en, duration_minutes, delivery_mode) VALUES (?1, ?1, 1, 'x', 'x', 10, 'online_self_paced')",
            "INSERT INTO lessons (id, activity_id, title_km, title_en, body_km, body_en) VALUES (?1, ?1, 'x', 'x', 'x', 'x')",
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
                Outcome::Rejected(RejectReason::UnknownLesson),
                Outcome::Rejected(RejectReason::UnknownLesson),
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
            sqlx::query_as("SELECT seconds FROM lesson_time WHERE lesson_id = ?")
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
        let (pulled, cursor, more) = pull(&f.pool, &f.learner, 0, 4).await.expect("pull");
        assert_eq!((pulled.len(), more), (4, true));
        let (rest, _, more) = pull(&f.pool, &f.learner, cursor, 100).await.expect("pull");
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

    async fn first_session(pool: &SqlitePool) -> crate::domain::SessionId {
        let (id,): (String,) =
            sqlx::query_as("SELECT id FROM class_sessions ORDER BY starts_at LIMIT 1")
                .fetch_one(pool)
                .await
                .expect("session");
        id.parse().expect("id")
    }

    fn mark(
        n: u128,
        session: crate::domain::SessionId,
        learner: crate::domain::UserId,
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
        let foreign = crate::domain::SessionId(Uuid::from_u128(999));
        let outsider = crate::domain::UserId(Uuid::from_u128(998));
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
                Outcome::Rejected(RejectReason::UnknownSession),
                Outcome::Rejected(RejectReason::UnknownLearner),
                Outcome::Rejected(RejectReason::UnknownStatus),
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
        sqlx::query("DELETE FROM class_trainers WHERE user_id = ?")
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
            Outcome::Rejected(RejectReason::UnknownSession)
        );
        let (records, ..) = pull(&f.pool, &other, 0, 1000).await.expect("pull");
        assert!(records.is_empty());
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
        let (records, cursor, more) = pull(&f.pool, &b, 0, 500).await.expect("pull");
        assert!(!more);
        assert!(cursor > 0);
        // (The demo's earlier sessions come too; these two are the new ones.)
        let by: Vec<(RecordId, Option<crate::domain::UserId>)> = records
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
        let view = crate::store::attendance::roll_call(&f.pool, &a, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut marks = crate::domain::attendance::SessionMarks::default();
        for v in view.versions {
            marks.add(v);
        }
        assert_eq!(marks.conflict(f.learner.id).map(|h| h.len()), Some(2));
        assert_eq!(view.roster.len(), 40);
        assert_eq!(view.trainers.len(), 2);
        // The learner pulls none of it.
        let (records, ..) = pull(&f.pool, &f.learner, 0, 100).await.expect("pull");
        assert!(records.is_empty());
    }

    /// The learner's sessions in time order, with start and end (unix seconds).
    async fn learner_sessions(pool: &SqlitePool) -> Vec<(crate::domain::SessionId, i64, i64)> {
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
                    crate::store::unix_seconds(&s).expect("start"),
                    crate::store::unix_seconds(&e).expect("end"),
                )
            })
            .collect()
    }

    fn check_in(n: u128, session: crate::domain::SessionId, code: String, at: i64) -> Record {
        Record {
            id: RecordId(Uuid::from_u128(n)),
            by: None,
            seq: n as u64,
            at: chrono::DateTime::from_timestamp(at, 0)
                .map(crate::store::timestamp)
                .expect("time"),
            body: RecordBody::CheckIn { session, code },
        }
    }

    #[tokio::test]
    async fn check_ins_are_verified_at_sync_and_refusals_kept_for_trainers() {
        use crate::domain::check_in::{code, window_of};
        let f = fixture().await;
        let sessions = learner_sessions(&f.pool).await;
        let (session, starts, _) = sessions[0];
        let (other, other_starts, _) = *sessions
            .iter()
            .find(|(id, s, _)| *id != session && *s != starts)
            .expect("a second session");
        let key = crate::store::check_in::key(&f.pool, session)
            .await
            .expect("key");
        let other_key = crate::store::check_in::key(&f.pool, other)
            .await
            .expect("key");
        let shown = starts + 300;
        let good = code(&key, window_of(shown));
        let expired = code(&key, window_of(starts + 60));
        let from_other = code(&other_key, window_of(other_starts + 60));
        let wrong = (0..)
            .map(|n| format!("{n:06}"))
            .find(|c| {
                crate::domain::check_in::verify(&key, c, shown, starts, starts + 7200)
                    == crate::domain::check_in::Verdict::Wrong
            })
            .expect("a wrong code");
        let stranger = crate::domain::SessionId(Uuid::from_u128(77));
        let batch = vec![
            check_in(301, session, good.clone(), shown + 4),
            // The same code again, in a new check-in: a replay.
            check_in(302, session, good.clone(), shown + 8),
            // Shown at the start, typed 25 minutes later.
            check_in(303, session, expired, starts + 1560),
            // Another session's code (typed in time, at that session).
            check_in(304, session, from_other, other_starts + 65),
            check_in(305, session, wrong, shown),
            check_in(306, stranger, good.clone(), shown),
        ];
        let results = push(&f.pool, &f.learner, device(), &batch)
            .await
            .expect("push");
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Accepted,
                Outcome::Rejected(RejectReason::ReplayedCode),
                Outcome::Rejected(RejectReason::ExpiredCode),
                Outcome::Rejected(RejectReason::OtherSession),
                Outcome::Rejected(RejectReason::WrongCode),
                Outcome::Rejected(RejectReason::UnknownSession),
            ]
        );
        // Sent again (its answer was lost): a duplicate, not a replay; and a replay in
        // a later batch is refused too.
        let again = push(
            &f.pool,
            &f.learner,
            device(),
            &[batch[0].clone(), check_in(307, session, good, shown + 30)],
        )
        .await
        .expect("push again");
        assert_eq!(again[0].outcome, Outcome::Duplicate);
        assert_eq!(
            again[1].outcome,
            Outcome::Rejected(RejectReason::ReplayedCode)
        );

        // The accepted check-in is a mark by the learner in the first status.
        let marks: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT learner_id, author_id, status FROM attendance_marks WHERE session_id = ?",
        )
        .bind(session.to_string())
        .fetch_all(&f.pool)
        .await
        .expect("marks");
        let me = f.learner.id.to_string();
        assert_eq!(marks, vec![(me.clone(), me.clone(), "present".to_owned())]);
        assert_eq!(count(&f.pool, "check_ins").await, 1);

        // Its trainers see it as a mark (pulled) and the refusals (on the roll call);
        // the stranger session is not a real one, so it is not kept.
        let t = trainer("trainer");
        let (records, ..) = pull(&f.pool, &t, 0, 500).await.expect("pull");
        let pulled = records
            .iter()
            .find(|r| r.id == RecordId(Uuid::from_u128(301)))
            .expect("pulled");
        assert_eq!(pulled.by, Some(f.learner.id));
        assert!(matches!(
            &pulled.body,
            RecordBody::AttendanceMark { learner, status, .. } if *learner == f.learner.id && status == "present"
        ));
        let view = crate::store::attendance::roll_call(&f.pool, &t, session)
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
        assert_eq!(view.check_in_key, crate::domain::check_in::to_hex(&key));
        // The learner pulls their own check-in as it is.
        let (mine, ..) = pull(&f.pool, &f.learner, 0, 100).await.expect("pull");
        assert!(matches!(mine[0].body, RecordBody::CheckIn { .. }));
        // Trainers do not check in.
        let theirs = push(
            &f.pool,
            &t,
            device(),
            &[check_in(308, session, "123456".into(), shown)],
        )
        .await
        .expect("push");
        assert_eq!(
            theirs[0].outcome,
            Outcome::Rejected(RejectReason::NotAllowed)
        );
    }

    #[tokio::test]
    async fn a_check_in_against_a_trainers_absent_needs_a_decision() {
        use crate::domain::check_in::{code, window_of};
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
        let key = crate::store::check_in::key(&f.pool, session)
            .await
            .expect("key");
        // Checked in 25 minutes after the start: late, with the minutes.
        let at = starts + 25 * 60;
        let results = push(
            &f.pool,
            &f.learner,
            device(),
            &[check_in(402, session, code(&key, window_of(at)), at)],
        )
        .await
        .expect("learner");
        assert_eq!(results[0].outcome, Outcome::Accepted);
        let (status, minutes): (String, i64) =
            sqlx::query_as("SELECT status, minutes_late FROM attendance_marks WHERE record_id = ?")
                .bind(RecordId(Uuid::from_u128(402)).to_string())
                .fetch_one(&f.pool)
                .await
                .expect("mark");
        assert_eq!((status.as_str(), minutes), ("late", 25));
        let view = crate::store::attendance::roll_call(&f.pool, &t, session)
            .await
            .expect("roll call")
            .expect("teaches it");
        let mut marks = crate::domain::attendance::SessionMarks::default();
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
}
