//! Judging a pushed batch, pure: who may write what, as a function of facts the store
//! loads; self check-ins; and folding what was newly accepted into the effects the store
//! writes. The store does only I/O around this: load [`Facts`] inside the ingest
//! transaction, insert the candidates (the insert tells which were new), load the
//! [`Current`] values those touch, write the [`Effects`]. No rule is written again in SQL.
//!
//! The order-free merge rules are `domain::sync`'s (`LearnerState`) and
//! `domain::attendance`'s (marks as versions); a differential property test in the store
//! holds the database to them.

use super::attendance::{check_in_status, MarkVersion, SessionMarks, StatusDef};
use super::check_in::{self, CheckIn, Judgement, SessionCodes};
use super::sync::{validate, Outcome, Record, RecordBody, RejectReason, MAX_RECORDS_PER_DAY};
use super::{ClassId, LessonId, RecordId, SessionId, UserId};
use std::collections::{HashMap, HashSet};

/// A record of the batch as the server read it: the record, or the id it carried and why
/// it could not be read.
pub type Parsed = Result<Record, (RecordId, RejectReason)>;

/// Reads the records of a push one by one: one that does not parse is refused alone.
pub fn read_records(raw: &[Box<serde_json::value::RawValue>]) -> Vec<Parsed> {
    #[derive(serde::Deserialize)]
    struct JustTheId {
        id: RecordId,
    }
    raw.iter()
        .map(|r| {
            serde_json::from_str::<Record>(r.get()).map_err(|_| {
                let id = serde_json::from_str::<JustTheId>(r.get())
                    .map_or(RecordId(uuid::Uuid::nil()), |j| j.id);
                (id, RejectReason::Invalid)
            })
        })
        .collect()
}

/// A session's id and time (unix seconds), as check-ins need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTime {
    pub id: SessionId,
    pub starts: i64,
    pub ends: i64,
}

/// What the store knows about the sender.
#[derive(Clone, Debug)]
pub enum Facts {
    Learner(LearnerFacts),
    Trainer(TrainerFacts),
    /// Other roles write no records.
    Nobody,
}

#[derive(Clone, Debug, Default)]
pub struct LearnerFacts {
    /// Lessons of the programmes of the classes the learner is enrolled in.
    pub lessons: HashSet<LessonId>,
    /// The sessions of those classes.
    pub sessions: Vec<SessionTime>,
    /// Other sessions of the institute around the batch's check-ins.
    pub others: Vec<SessionTime>,
    /// The server's check-in secret (keys are derived from it).
    pub secret: Vec<u8>,
    /// Windows whose code the learner has used, and the check-in that used each.
    pub used: Vec<(SessionId, i64, RecordId)>,
    /// Check-ins the learner has made to each session so far (accepted or refused).
    pub attempts: Vec<(SessionId, RecordId)>,
    /// Every version of the learner's own marks on the batch's sessions (their earlier
    /// check-ins), so that a new check-in replaces them.
    pub own_marks: Vec<(SessionId, MarkVersion)>,
    /// The institute's statuses (what an accepted check-in marks).
    pub statuses: Vec<StatusDef>,
    /// For each check-in of the batch (by its device counter): the time of the record
    /// the same device wrote just before it, as stored.
    pub previous_at: Vec<(u64, i64)>,
    /// Records the learner has sent today.
    pub sent_today: u32,
}

#[derive(Clone, Debug, Default)]
pub struct TrainerFacts {
    /// Sessions of the classes the trainer teaches, with their class.
    pub sessions: HashMap<SessionId, ClassId>,
    /// Learners of those classes.
    pub enrolled: HashSet<(ClassId, UserId)>,
    /// The institute's status codes.
    pub statuses: HashSet<String>,
    pub sent_today: u32,
}

/// The mark an accepted check-in makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInMark {
    pub record: RecordId,
    pub session: SessionId,
    pub window: i64,
    pub status: String,
    pub minutes_late: u16,
    /// The learner's own earlier check-ins it replaces (never a trainer's mark).
    pub replaces: Vec<RecordId>,
    /// The device's clock ran backwards against its own counter: shown to the trainer.
    pub flagged: bool,
}

/// A refused check-in of a real session, with the reason its trainers see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInRefusal {
    pub record: RecordId,
    pub session: SessionId,
    pub reason: RejectReason,
    pub at: String,
}

/// The judgement of a batch, before the store knows which records are new.
#[derive(Clone, Debug, Default)]
pub struct Judged {
    /// Per record: decided now, or `None` — accepted if new (else a duplicate, or an id
    /// another user took: the store's insert tells).
    pub decided: Vec<Option<Outcome>>,
    pub check_ins: Vec<CheckInMark>,
    pub refusals: Vec<CheckInRefusal>,
}

/// Judges a batch from one device of `sender`, received at `received_at` (unix seconds).
pub fn judge(sender: UserId, facts: &Facts, batch: &[Parsed], received_at: i64) -> Judged {
    let mut judged = Judged::default();
    // Records of this batch that will be accepted if new: a second copy is a duplicate.
    let mut candidates: HashSet<RecordId> = HashSet::new();
    let mut sent = match facts {
        Facts::Learner(f) => f.sent_today,
        Facts::Trainer(f) => f.sent_today,
        Facts::Nobody => 0,
    };
    // Windows used, attempts made and the learner's own marks, as the batch goes on.
    let (mut used, mut attempts, mut own) = match facts {
        Facts::Learner(f) => (f.used.clone(), f.attempts.clone(), f.own_marks.clone()),
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    for parsed in batch {
        let record = match parsed {
            Ok(record) => record,
            Err((_, reason)) => {
                judged.decided.push(Some(reason.outcome()));
                continue;
            }
        };
        if candidates.contains(&record.id) {
            judged.decided.push(Some(Outcome::Duplicate));
            continue;
        }
        let allowance = if sent >= MAX_RECORDS_PER_DAY {
            Err(RejectReason::DailyLimit)
        } else {
            Ok(())
        };
        let verdict = validate(record)
            .and(allowance)
            .and_then(|()| match (facts, &record.body) {
                (
                    Facts::Trainer(f),
                    RecordBody::AttendanceMark {
                        session,
                        learner,
                        status,
                        ..
                    },
                ) => trainer_may_mark(f, *session, *learner, status),
                (Facts::Learner(f), RecordBody::CheckIn { session, code }) => {
                    let seen = Seen {
                        used: &used,
                        attempts: &attempts,
                        own: &own,
                    };
                    let (outcome, effect) = learner_check_in(
                        sender,
                        f,
                        batch,
                        record,
                        *session,
                        code,
                        seen,
                        received_at,
                    );
                    attempts.push((*session, record.id));
                    match effect {
                        Ok(mark) => {
                            used.push((*session, mark.window, record.id));
                            own.push((
                                *session,
                                MarkVersion {
                                    id: record.id,
                                    learner: sender,
                                    author: sender,
                                    status: mark.status.clone(),
                                    minutes_late: mark.minutes_late,
                                    note: String::new(),
                                    at: record.at.clone(),
                                    replaces: mark.replaces.clone(),
                                },
                            ));
                            judged.check_ins.push(mark);
                        }
                        Err(Some(refusal)) => judged.refusals.push(refusal),
                        Err(None) => {}
                    }
                    outcome
                }
                (Facts::Learner(f), body) => match body.lesson() {
                    Some(lesson) if f.lessons.contains(&lesson) => Ok(()),
                    Some(_) => Err(RejectReason::UnknownLesson),
                    None => Err(RejectReason::NotAllowed),
                },
                _ => Err(RejectReason::NotAllowed),
            });
        judged.decided.push(match verdict {
            Ok(()) => {
                sent += 1;
                candidates.insert(record.id);
                None
            }
            Err(reason) => Some(reason.outcome()),
        });
    }
    judged
}

fn trainer_may_mark(
    f: &TrainerFacts,
    session: SessionId,
    learner: UserId,
    status: &str,
) -> Result<(), RejectReason> {
    let class = f
        .sessions
        .get(&session)
        .ok_or(RejectReason::UnknownSession)?;
    if !f.enrolled.contains(&(*class, learner)) {
        return Err(RejectReason::UnknownLearner);
    }
    if status != super::attendance::CLEARED && !f.statuses.contains(status) {
        return Err(RejectReason::UnknownStatus);
    }
    Ok(())
}

/// What a check-in is judged against besides the stored facts: the batch so far.
#[derive(Clone, Copy)]
struct Seen<'a> {
    used: &'a [(SessionId, i64, RecordId)],
    attempts: &'a [(SessionId, RecordId)],
    own: &'a [(SessionId, MarkVersion)],
}

/// A learner's check-in: the outcome the learner gets, and the mark it makes or the
/// refusal its trainers see (`Err(None)`: not a session of the learner's, nothing kept).
#[allow(clippy::too_many_arguments)]
fn learner_check_in(
    learner: UserId,
    f: &LearnerFacts,
    batch: &[Parsed],
    record: &Record,
    session: SessionId,
    code: &str,
    seen: Seen,
    received_at: i64,
) -> (
    Result<(), RejectReason>,
    Result<CheckInMark, Option<CheckInRefusal>>,
) {
    let Seen {
        used,
        attempts,
        own,
    } = seen;
    let Some(this) = f.sessions.iter().find(|s| s.id == session) else {
        return (Err(RejectReason::UnknownSession), Err(None));
    };
    let Some(typed_at) = super::calendar::parse_utc(&record.at) else {
        return (Err(RejectReason::Invalid), Err(None));
    };
    let codes = |s: &SessionTime| SessionCodes {
        key: check_in::session_key(&f.secret, &s.id.to_string(), s.starts, s.ends),
        starts: s.starts,
        ends: s.ends,
    };
    let others: Vec<SessionCodes> = f
        .sessions
        .iter()
        .chain(&f.others)
        .filter(|s| s.id != session)
        .map(codes)
        .collect();
    let made = attempts
        .iter()
        .filter(|(s, id)| *s == session && *id != record.id)
        .count();
    let check_in = CheckIn {
        typed: code,
        typed_at,
        received_at,
        attempts: u32::try_from(made).unwrap_or(u32::MAX),
    };
    let refused = |reason: RejectReason| {
        let learner_sees = if reason == RejectReason::TooManyAttempts {
            RejectReason::TooManyAttempts
        } else {
            RejectReason::NotAccepted
        };
        let refusal = CheckInRefusal {
            record: record.id,
            session,
            reason,
            at: record.at.clone(),
        };
        (Err(learner_sees), Err(Some(refusal)))
    };
    let window = match check_in::judge(check_in, &codes(this), &others) {
        Judgement::Valid { window } => window,
        Judgement::Expired => return refused(RejectReason::ExpiredCode),
        Judgement::OtherSession => return refused(RejectReason::OtherSession),
        Judgement::Wrong => return refused(RejectReason::WrongCode),
        Judgement::TooManyAttempts => return refused(RejectReason::TooManyAttempts),
    };
    if used
        .iter()
        .any(|(s, w, by)| *s == session && *w == window && *by != record.id)
    {
        return refused(RejectReason::ReplayedCode);
    }
    // The device's previous record (by its own counter): as stored, or in this batch.
    let stored = f
        .previous_at
        .iter()
        .find(|(seq, _)| *seq == record.seq)
        .map(|(_, at)| *at);
    let in_batch = batch
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .filter(|r| r.seq < record.seq)
        .max_by_key(|r| r.seq)
        .and_then(|r| super::calendar::parse_utc(&r.at));
    let previous = match (stored, in_batch) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let minutes = (typed_at - this.starts).div_euclid(60);
    let (status, minutes_late) = check_in_status(&f.statuses, minutes).unwrap_or_default();
    // It replaces the learner's own earlier check-ins of this session, never a trainer's
    // mark: a learner never holds more than one version of their own there.
    let mut mine = SessionMarks::default();
    for (s, v) in own {
        if *s == session && v.author == learner {
            mine.add(v.clone());
        }
    }
    let mark = CheckInMark {
        record: record.id,
        session,
        window,
        status,
        minutes_late,
        replaces: mine.to_replace(learner),
        flagged: check_in::clock_ran_backwards(previous, typed_at),
    };
    (Ok(()), Ok(mark))
}

/// The values the newly accepted records change, as stored before this batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Current {
    /// When each lesson was first marked done.
    pub done: HashMap<LessonId, String>,
    /// Seconds spent per lesson.
    pub seconds: HashMap<LessonId, u64>,
}

/// One stored knowledge-check attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptRow {
    pub record: RecordId,
    pub lesson: LessonId,
    pub answers: Vec<Vec<u8>>,
    pub score: u16,
    pub max: u16,
    pub at: String,
}

/// What the store writes for the newly accepted records of one batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Lessons whose "first done" time is new or earlier.
    pub done: Vec<(LessonId, String)>,
    /// Lessons whose seconds changed, with the new total.
    pub seconds: Vec<(LessonId, u64)>,
    pub attempts: Vec<AttemptRow>,
    /// Every version of every mark (a trainer's, or the one a check-in makes).
    pub marks: Vec<(SessionId, MarkVersion)>,
    pub check_ins: Vec<CheckInMark>,
}

/// Folds the newly accepted records of `sender` into effects over what was stored: done
/// keeps the earliest time, seconds add up, attempts and marks append.
pub fn effects(sender: UserId, new: &[&Record], current: &Current, judged: &Judged) -> Effects {
    let mut effects = Effects::default();
    let mut done: HashMap<LessonId, String> = HashMap::new();
    let mut seconds: HashMap<LessonId, u64> = HashMap::new();
    for record in new {
        match &record.body {
            RecordBody::LessonDone { lesson } => {
                let earliest = done.entry(*lesson).or_insert_with(|| {
                    current
                        .done
                        .get(lesson)
                        .cloned()
                        .unwrap_or_else(|| record.at.clone())
                });
                if record.at < *earliest {
                    earliest.clone_from(&record.at);
                }
            }
            RecordBody::TimeSpent { lesson, seconds: s } => {
                *seconds
                    .entry(*lesson)
                    .or_insert_with(|| current.seconds.get(lesson).copied().unwrap_or(0)) +=
                    u64::from(*s);
            }
            RecordBody::CheckAttempt {
                lesson,
                answers,
                score,
                max,
            } => effects.attempts.push(AttemptRow {
                record: record.id,
                lesson: *lesson,
                answers: answers.clone(),
                score: *score,
                max: *max,
                at: record.at.clone(),
            }),
            RecordBody::AttendanceMark {
                session,
                learner,
                status,
                minutes_late,
                note,
                replaces,
            } => effects.marks.push((
                *session,
                MarkVersion {
                    id: record.id,
                    learner: *learner,
                    author: sender,
                    status: status.clone(),
                    minutes_late: *minutes_late,
                    note: note.clone(),
                    at: record.at.clone(),
                    replaces: replaces.clone(),
                },
            )),
            RecordBody::CheckIn { .. } => {
                if let Some(mark) = judged.check_ins.iter().find(|m| m.record == record.id) {
                    effects.marks.push((
                        mark.session,
                        MarkVersion {
                            id: record.id,
                            learner: sender,
                            author: sender,
                            status: mark.status.clone(),
                            minutes_late: mark.minutes_late,
                            note: String::new(),
                            at: record.at.clone(),
                            replaces: mark.replaces.clone(),
                        },
                    ));
                    effects.check_ins.push(mark.clone());
                }
            }
            RecordBody::Unknown { .. } => {}
        }
    }
    let mut done: Vec<_> = done
        .into_iter()
        .filter(|(lesson, at)| current.done.get(lesson) != Some(at))
        .collect();
    done.sort();
    let mut seconds: Vec<_> = seconds
        .into_iter()
        .filter(|(lesson, s)| current.seconds.get(lesson) != Some(s))
        .collect();
    seconds.sort();
    effects.done = done;
    effects.seconds = seconds;
    effects
}

/// A record as `viewer` pulls it: a learner's check-in reaches their trainers as the mark
/// it made (`mark`: its status and minutes late); everything else as it was written.
pub fn as_pulled(
    viewer: UserId,
    mut record: Record,
    by: UserId,
    mark: Option<(String, u16)>,
) -> Record {
    record.by = Some(by);
    if let (RecordBody::CheckIn { session, .. }, Some((status, minutes_late))) =
        (&record.body, mark)
    {
        if by != viewer {
            record.body = RecordBody::AttendanceMark {
                session: *session,
                learner: by,
                status,
                minutes_late,
                note: String::new(),
                replaces: Vec::new(),
            };
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn id(n: u128) -> RecordId {
        RecordId(Uuid::from_u128(n))
    }

    fn record(n: u128, body: RecordBody) -> Record {
        Record {
            id: id(n),
            seq: n as u64,
            at: "2026-11-30T08:00:00Z".into(),
            by: None,
            body,
        }
    }

    #[test]
    fn a_batch_past_the_daily_allowance_waits_for_tomorrow() {
        let lesson = LessonId(Uuid::from_u128(1));
        let facts = Facts::Learner(LearnerFacts {
            lessons: [lesson].into(),
            sent_today: MAX_RECORDS_PER_DAY - 1,
            ..Default::default()
        });
        let batch: Vec<Parsed> = (1..=3)
            .map(|n| Ok(record(n, RecordBody::LessonDone { lesson })))
            .collect();
        let judged = judge(UserId(Uuid::nil()), &facts, &batch, 0);
        assert_eq!(
            judged.decided,
            vec![
                None,
                Some(Outcome::Deferred(RejectReason::DailyLimit)),
                Some(Outcome::Deferred(RejectReason::DailyLimit)),
            ]
        );
    }

    #[test]
    fn unreadable_records_are_refused_alone_and_repeats_are_duplicates() {
        let lesson = LessonId(Uuid::from_u128(1));
        let facts = Facts::Learner(LearnerFacts {
            lessons: [lesson].into(),
            ..Default::default()
        });
        let batch: Vec<Parsed> = vec![
            Err((id(9), RejectReason::Invalid)),
            Ok(record(1, RecordBody::LessonDone { lesson })),
            Ok(record(1, RecordBody::LessonDone { lesson })),
            Ok(record(
                2,
                RecordBody::LessonDone {
                    lesson: LessonId(Uuid::from_u128(7)),
                },
            )),
        ];
        let judged = judge(UserId(Uuid::nil()), &facts, &batch, 0);
        assert_eq!(
            judged.decided,
            vec![
                Some(Outcome::Rejected(RejectReason::Invalid)),
                None,
                Some(Outcome::Duplicate),
                Some(Outcome::Deferred(RejectReason::UnknownLesson)),
            ]
        );
    }

    #[test]
    fn effects_fold_over_what_was_stored() {
        let (a, b) = (LessonId(Uuid::from_u128(1)), LessonId(Uuid::from_u128(2)));
        let mut early = record(1, RecordBody::LessonDone { lesson: a });
        early.at = "2026-11-30T07:00:00Z".into();
        let late = record(2, RecordBody::LessonDone { lesson: b });
        let t1 = record(
            3,
            RecordBody::TimeSpent {
                lesson: a,
                seconds: 60,
            },
        );
        let t2 = record(
            4,
            RecordBody::TimeSpent {
                lesson: a,
                seconds: 30,
            },
        );
        let current = Current {
            done: [
                (a, "2026-11-30T07:30:00Z".to_owned()),
                (b, "2026-11-29T00:00:00Z".to_owned()),
            ]
            .into(),
            seconds: [(a, 100)].into(),
        };
        let fx = effects(
            UserId(Uuid::nil()),
            &[&early, &late, &t1, &t2],
            &current,
            &Judged::default(),
        );
        assert_eq!(
            fx.done,
            vec![(a, "2026-11-30T07:00:00Z".to_owned())],
            "b was done earlier"
        );
        assert_eq!(fx.seconds, vec![(a, 190)]);
    }
}
