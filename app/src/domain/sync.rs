//! The sync engine's rules, pure: what a record written on a device is, which records
//! the server refuses on their own merits, and how accepted records combine into a
//! learner's state. The server's store applies exactly these rules; the property tests
//! below pin them: any order, duplication or replay of the same records gives the same
//! state as applying each once.
//!
//! Protocol and limits: `docs/sync-protocol.md`.

use super::{DeviceId, LessonId, RecordId, SessionId, UserId};
use serde::{Deserialize, Serialize};

/// The version of the push/pull messages. A server answers older versions it still
/// understands; a device never sends a newer one than the server announces.
pub const PROTOCOL_VERSION: u32 = 1;
/// At most this many records in one push.
pub const MAX_BATCH_RECORDS: usize = 200;
/// At most this many bytes in one push body.
pub const MAX_BATCH_BYTES: usize = 256 * 1024;
/// At most this many records in one pull answer.
pub const MAX_PULL_RECORDS: usize = 500;

/// One change made on a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    /// UUIDv7 made by the device: the idempotency key.
    pub id: RecordId,
    /// The device's own counter, increasing by one per record it writes.
    pub seq: u64,
    /// When it happened, on the device's clock (RFC 3339, UTC).
    pub at: String,
    /// Who wrote it: filled in by the server when it sends records to a device (a
    /// trainer's device receives other trainers' marks); ignored in a push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserId>,
    #[serde(flatten)]
    pub body: RecordBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum RecordBody {
    /// The learner marked a lesson as done. Once done, it stays done.
    LessonDone { lesson: LessonId },
    /// One attempt at a lesson's knowledge check, scored on the device. Append-only.
    CheckAttempt {
        lesson: LessonId,
        answers: Vec<Vec<u8>>,
        score: u16,
        max: u16,
    },
    /// Seconds spent reading a lesson, added up.
    TimeSpent { lesson: LessonId, seconds: u32 },
    /// A trainer marked a learner's attendance at a session. Every version is kept;
    /// `replaces` names the versions the trainer's device showed (see
    /// `domain::attendance` for the conflict rule).
    AttendanceMark {
        session: SessionId,
        learner: UserId,
        status: String,
        #[serde(default)]
        minutes_late: u16,
        #[serde(default)]
        note: String,
        #[serde(default)]
        replaces: Vec<RecordId>,
    },
    /// A learner checked in to a session with the code its trainer's phone showed (see
    /// `domain::check_in`). Once the server has checked the code, it counts as a mark
    /// by the learner, in the institute's first status, replacing nothing.
    CheckIn { session: SessionId, code: String },
}

impl RecordBody {
    pub fn kind(&self) -> &'static str {
        match self {
            RecordBody::LessonDone { .. } => "lesson_done",
            RecordBody::CheckAttempt { .. } => "check_attempt",
            RecordBody::TimeSpent { .. } => "time_spent",
            RecordBody::AttendanceMark { .. } => "attendance_mark",
            RecordBody::CheckIn { .. } => "check_in",
        }
    }

    /// The lesson a learner's record is about.
    pub fn lesson(&self) -> Option<LessonId> {
        match self {
            RecordBody::LessonDone { lesson }
            | RecordBody::CheckAttempt { lesson, .. }
            | RecordBody::TimeSpent { lesson, .. } => Some(*lesson),
            RecordBody::AttendanceMark { .. } | RecordBody::CheckIn { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub protocol: u32,
    pub device: DeviceId,
    pub records: Vec<Record>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol: u32,
    /// One result per record, in the order sent.
    pub results: Vec<RecordResult>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordResult {
    pub id: RecordId,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What the server did with one record. The device deletes a record from its outbox
/// on `accepted` and `duplicate` (both mean "the server has it"); on `rejected` it keeps
/// it aside and shows the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Duplicate,
    Rejected(RejectReason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The record contradicts itself (score above its maximum, a time that is not a time…).
    Invalid,
    /// The lesson does not exist, or is not in a course this learner is enrolled in.
    UnknownLesson,
    /// Another user already sent a record with this id.
    IdTaken,
    /// The user's role may not write this kind of record (a learner's attendance mark,
    /// a trainer's lesson progress).
    NotAllowed,
    /// No such session in a class this trainer teaches, in their institute.
    UnknownSession,
    /// The learner is not enrolled in the session's class.
    UnknownLearner,
    /// The institute has no such attendance status.
    UnknownStatus,
    /// A check-in code that is not this session's.
    WrongCode,
    /// A check-in code of this session, typed too long after it was shown.
    ExpiredCode,
    /// A check-in code of another session of the learner's.
    OtherSession,
    /// A check-in code the learner had already used.
    ReplayedCode,
}

// Reading records and results by hand rather than with `#[serde(flatten)]` and
// adjacently tagged enums: the same wire format, without serde's buffering machinery
// (which would cost learners several kilobytes of WebAssembly).
impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_json::value::RawValue;
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            LessonDone,
            CheckAttempt,
            TimeSpent,
            AttendanceMark,
            CheckIn,
        }
        #[derive(Deserialize)]
        struct Wire {
            id: RecordId,
            seq: u64,
            at: String,
            #[serde(default)]
            by: Option<UserId>,
            kind: Kind,
            data: Box<RawValue>,
        }
        #[derive(Deserialize)]
        struct Lesson {
            lesson: LessonId,
        }
        #[derive(Deserialize)]
        struct Attempt {
            lesson: LessonId,
            answers: Vec<Vec<u8>>,
            score: u16,
            max: u16,
        }
        #[derive(Deserialize)]
        struct Time {
            lesson: LessonId,
            seconds: u32,
        }
        #[derive(Deserialize)]
        struct Mark {
            session: SessionId,
            learner: UserId,
            status: String,
            #[serde(default)]
            minutes_late: u16,
            #[serde(default)]
            note: String,
            #[serde(default)]
            replaces: Vec<RecordId>,
        }
        #[derive(Deserialize)]
        struct CheckIn {
            session: SessionId,
            code: String,
        }
        let wire = Wire::deserialize(deserializer)?;
        let data = wire.data.get();
        let body = match wire.kind {
            Kind::LessonDone => serde_json::from_str::<Lesson>(data)
                .map(|d| RecordBody::LessonDone { lesson: d.lesson }),
            Kind::CheckAttempt => {
                serde_json::from_str::<Attempt>(data).map(|d| RecordBody::CheckAttempt {
                    lesson: d.lesson,
                    answers: d.answers,
                    score: d.score,
                    max: d.max,
                })
            }
            Kind::TimeSpent => serde_json::from_str::<Time>(data).map(|d| RecordBody::TimeSpent {
                lesson: d.lesson,
                seconds: d.seconds,
            }),
            Kind::AttendanceMark => {
                serde_json::from_str::<Mark>(data).map(|d| RecordBody::AttendanceMark {
                    session: d.session,
                    learner: d.learner,
                    status: d.status,
                    minutes_late: d.minutes_late,
                    note: d.note,
                    replaces: d.replaces,
                })
            }
            Kind::CheckIn => serde_json::from_str::<CheckIn>(data).map(|d| RecordBody::CheckIn {
                session: d.session,
                code: d.code,
            }),
        }
        .map_err(D::Error::custom)?;
        Ok(Record {
            id: wire.id,
            seq: wire.seq,
            at: wire.at,
            by: wire.by,
            body,
        })
    }
}

impl<'de> Deserialize<'de> for RecordResult {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Status {
            Accepted,
            Duplicate,
            Rejected,
        }
        #[derive(Deserialize)]
        struct Wire {
            id: RecordId,
            status: Status,
            #[serde(default)]
            reason: Option<RejectReason>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let outcome = match (wire.status, wire.reason) {
            (Status::Accepted, _) => Outcome::Accepted,
            (Status::Duplicate, _) => Outcome::Duplicate,
            (Status::Rejected, Some(reason)) => Outcome::Rejected(reason),
            (Status::Rejected, None) => return Err(D::Error::missing_field("reason")),
        };
        Ok(RecordResult {
            id: wire.id,
            outcome,
        })
    }
}

/// Checks what a record says about itself, without looking anything up.
pub fn validate(record: &Record) -> Result<(), RejectReason> {
    if !looks_like_utc_timestamp(&record.at) || record.seq == 0 {
        return Err(RejectReason::Invalid);
    }
    match &record.body {
        RecordBody::LessonDone { .. } => Ok(()),
        RecordBody::CheckAttempt {
            answers,
            score,
            max,
            ..
        } => {
            let ok = *max > 0
                && *max <= 1000
                && score <= max
                && answers.len() <= 200
                && answers.iter().all(|a| a.len() <= 50);
            if ok {
                Ok(())
            } else {
                Err(RejectReason::Invalid)
            }
        }
        RecordBody::TimeSpent { seconds, .. } => {
            if *seconds > 0 && *seconds <= 24 * 3600 {
                Ok(())
            } else {
                Err(RejectReason::Invalid)
            }
        }
        RecordBody::AttendanceMark {
            status,
            minutes_late,
            note,
            replaces,
            ..
        } => {
            // An empty status clears the mark (`attendance::CLEARED`).
            let ok = status.len() <= 20
                && status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && *minutes_late <= 600
                && note.chars().count() <= 500
                && replaces.len() <= 50;
            if ok {
                Ok(())
            } else {
                Err(RejectReason::Invalid)
            }
        }
        RecordBody::CheckIn { code, .. } => {
            if super::check_in::is_well_formed(code) {
                Ok(())
            } else {
                Err(RejectReason::Invalid)
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`: what devices send, so text order is time order.
fn looks_like_utc_timestamp(at: &str) -> bool {
    let b = at.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    (20..=30).contains(&b.len())
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b.last() == Some(&b'Z')
}

/// One knowledge-check attempt, as the learner's state keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub lesson: LessonId,
    pub score: u16,
    pub max: u16,
    pub at: String,
}

/// The answer to a pull: the user's records after `cursor`, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub protocol: u32,
    pub records: Vec<Record>,
    /// Ask again from here.
    pub cursor: i64,
    /// More records wait after `cursor`.
    pub more: bool,
}

/// A learner's learning record as the accepted records make it. Kept in sorted lists
/// rather than trees: a learner has at most a few hundred records, and lists keep the
/// browser's code small. Sorted by key, so equal states compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LearnerState {
    seen: Vec<RecordId>,
    /// Lessons done, with the earliest time they were marked done.
    pub done: Vec<(LessonId, String)>,
    /// Every check attempt.
    pub attempts: Vec<(RecordId, Attempt)>,
    /// Seconds spent per lesson.
    pub seconds: Vec<(LessonId, u64)>,
}

/// The entry for `key` in a list sorted by key, made with `new` if missing.
fn entry<K: Ord + Copy, V>(list: &mut Vec<(K, V)>, key: K, new: impl FnOnce() -> V) -> &mut V {
    let at = match list.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => at,
        Err(at) => {
            list.insert(at, (key, new()));
            at
        }
    };
    &mut list[at].1
}

impl LearnerState {
    pub fn is_done(&self, lesson: LessonId) -> bool {
        self.done_at(lesson).is_some()
    }

    /// When the lesson was first marked done.
    pub fn done_at(&self, lesson: LessonId) -> Option<&str> {
        self.done
            .iter()
            .find(|(l, _)| *l == lesson)
            .map(|(_, at)| at.as_str())
    }

    /// Seconds spent reading the lesson.
    pub fn seconds_on(&self, lesson: LessonId) -> u64 {
        self.seconds
            .iter()
            .find(|(l, _)| *l == lesson)
            .map_or(0, |(_, s)| *s)
    }

    /// Applies one record exactly once. Order does not matter: "done" keeps the
    /// earliest time, attempts are a set, seconds are a sum.
    pub fn apply(&mut self, record: &Record) -> Outcome {
        if let Err(reason) = validate(record) {
            return Outcome::Rejected(reason);
        }
        match self.seen.binary_search(&record.id) {
            Ok(_) => return Outcome::Duplicate,
            Err(at) => self.seen.insert(at, record.id),
        }
        match &record.body {
            RecordBody::LessonDone { lesson } => {
                let at = entry(&mut self.done, *lesson, || record.at.clone());
                if record.at < *at {
                    at.clone_from(&record.at);
                }
            }
            RecordBody::CheckAttempt {
                lesson, score, max, ..
            } => {
                entry(&mut self.attempts, record.id, || Attempt {
                    lesson: *lesson,
                    score: *score,
                    max: *max,
                    at: record.at.clone(),
                });
            }
            RecordBody::TimeSpent { lesson, seconds } => {
                *entry(&mut self.seconds, *lesson, || 0) += u64::from(*seconds);
            }
            // Not part of a learner's learning record.
            RecordBody::AttendanceMark { .. } | RecordBody::CheckIn { .. } => {}
        }
        Outcome::Accepted
    }

    /// The best attempt at a lesson's check, as (score, max), by share of the maximum.
    pub fn best_score(&self, lesson: LessonId) -> Option<(u16, u16)> {
        self.attempts
            .iter()
            .map(|(_, a)| a)
            .filter(|a| a.lesson == lesson)
            .map(|a| (a.score, a.max))
            .max_by(|a, b| {
                (u32::from(a.0) * u32::from(b.1)).cmp(&(u32::from(b.0) * u32::from(a.1)))
            })
    }

    /// The latest attempt at a lesson's check (greatest time; the record id breaks ties),
    /// as (score, max).
    pub fn latest_score(&self, lesson: LessonId) -> Option<(u16, u16)> {
        self.attempts
            .iter()
            .filter(|(_, a)| a.lesson == lesson)
            .max_by(|(ida, a), (idb, b)| a.at.cmp(&b.at).then(ida.cmp(idb)))
            .map(|(_, a)| (a.score, a.max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn lesson(n: u8) -> LessonId {
        LessonId(Uuid::from_bytes([n; 16]))
    }

    fn record(id: u128, seq: u64, at: &str, body: RecordBody) -> Record {
        Record {
            id: RecordId(Uuid::from_u128(id)),
            by: None,
            seq,
            at: at.to_owned(),
            body,
        }
    }

    #[test]
    fn wire_format_is_tagged_and_flat() {
        let r = record(
            1,
            7,
            "2026-11-30T08:00:00Z",
            RecordBody::LessonDone { lesson: lesson(1) },
        );
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["kind"], "lesson_done");
        assert_eq!(json["data"]["lesson"], lesson(1).to_string());
        assert_eq!(json["seq"], 7);
        let result = RecordResult {
            id: r.id,
            outcome: Outcome::Rejected(RejectReason::UnknownLesson),
        };
        let json = serde_json::to_value(result).expect("json");
        assert_eq!(json["status"], "rejected");
        assert_eq!(json["reason"], "unknown_lesson");
        let ok = serde_json::to_value(RecordResult {
            id: r.id,
            outcome: Outcome::Accepted,
        })
        .expect("json");
        assert_eq!(ok["status"], "accepted");
        let check_in = record(
            2,
            8,
            "2026-11-30T08:00:00Z",
            RecordBody::CheckIn {
                session: crate::domain::SessionId(Uuid::from_u128(9)),
                code: "012345".into(),
            },
        );
        let json = serde_json::to_string(&check_in).expect("json");
        assert!(json.contains(r#""kind":"check_in","data":{"session":"#));
        assert_eq!(
            serde_json::from_str::<Record>(&json).ok(),
            Some(check_in.clone())
        );
        let mut short = check_in;
        short.body = RecordBody::CheckIn {
            session: crate::domain::SessionId(Uuid::from_u128(9)),
            code: "1234".into(),
        };
        assert_eq!(validate(&short), Err(RejectReason::Invalid));
        let refused = RecordResult {
            id: r.id,
            outcome: Outcome::Rejected(RejectReason::ExpiredCode),
        };
        let json = serde_json::to_string(&refused).expect("json");
        assert!(json.contains(r#""reason":"expired_code""#));
        assert_eq!(
            serde_json::from_str::<RecordResult>(&json).ok(),
            Some(refused)
        );
    }

    #[test]
    fn self_contradicting_records_are_invalid() {
        let at = "2026-11-30T08:00:00Z";
        let bad = [
            record(
                1,
                1,
                at,
                RecordBody::CheckAttempt {
                    lesson: lesson(1),
                    answers: vec![],
                    score: 5,
                    max: 4,
                },
            ),
            record(
                2,
                1,
                at,
                RecordBody::CheckAttempt {
                    lesson: lesson(1),
                    answers: vec![],
                    score: 0,
                    max: 0,
                },
            ),
            record(
                3,
                1,
                at,
                RecordBody::TimeSpent {
                    lesson: lesson(1),
                    seconds: 0,
                },
            ),
            record(
                4,
                1,
                at,
                RecordBody::TimeSpent {
                    lesson: lesson(1),
                    seconds: 90_000,
                },
            ),
            record(
                5,
                1,
                "yesterday",
                RecordBody::LessonDone { lesson: lesson(1) },
            ),
            record(6, 0, at, RecordBody::LessonDone { lesson: lesson(1) }),
        ];
        for r in &bad {
            assert_eq!(validate(r), Err(RejectReason::Invalid), "{r:?}");
        }
        assert_eq!(
            validate(&record(
                7,
                1,
                "2026-11-30T08:00:00.123Z",
                RecordBody::LessonDone { lesson: lesson(1) }
            )),
            Ok(())
        );
    }

    #[test]
    fn done_stays_done_with_the_earliest_time_and_best_score_is_derived() {
        let mut state = LearnerState::default();
        let l = lesson(3);
        assert_eq!(
            state.apply(&record(
                1,
                1,
                "2026-11-30T09:00:00Z",
                RecordBody::LessonDone { lesson: l }
            )),
            Outcome::Accepted
        );
        assert_eq!(
            state.apply(&record(
                2,
                2,
                "2026-11-30T08:00:00Z",
                RecordBody::LessonDone { lesson: l }
            )),
            Outcome::Accepted
        );
        assert_eq!(
            state.apply(&record(
                1,
                1,
                "2026-11-30T09:00:00Z",
                RecordBody::LessonDone { lesson: l }
            )),
            Outcome::Duplicate
        );
        assert_eq!(state.done_at(l), Some("2026-11-30T08:00:00Z"));
        state.apply(&record(
            3,
            3,
            "2026-11-30T09:00:00Z",
            RecordBody::CheckAttempt {
                lesson: l,
                answers: vec![vec![1]],
                score: 2,
                max: 4,
            },
        ));
        state.apply(&record(
            4,
            4,
            "2026-11-30T09:05:00Z",
            RecordBody::CheckAttempt {
                lesson: l,
                answers: vec![vec![1]],
                score: 3,
                max: 4,
            },
        ));
        state.apply(&record(
            5,
            5,
            "2026-11-30T09:09:00Z",
            RecordBody::CheckAttempt {
                lesson: l,
                answers: vec![vec![0]],
                score: 1,
                max: 4,
            },
        ));
        assert_eq!(
            state.best_score(l),
            Some((3, 4)),
            "the best, not the latest"
        );
        assert_eq!(state.latest_score(l), Some((1, 4)), "the latest by time");
        assert_eq!(state.latest_score(lesson(9)), None);
        assert_eq!(state.attempts.len(), 3, "attempts are append-only");
    }

    fn arb_record() -> impl Strategy<Value = Record> {
        let body = prop_oneof![
            (0u8..4).prop_map(|l| RecordBody::LessonDone { lesson: lesson(l) }),
            (0u8..4, 0u16..=10, 1u16..=10).prop_map(|(l, s, m)| RecordBody::CheckAttempt {
                lesson: lesson(l),
                answers: vec![vec![s as u8]],
                score: s.min(m),
                max: m,
            }),
            (0u8..4, 1u32..3600).prop_map(|(l, seconds)| RecordBody::TimeSpent {
                lesson: lesson(l),
                seconds
            }),
        ];
        (0u8..24, 0u8..60, body).prop_map(|(h, m, body)| Record {
            id: RecordId(Uuid::nil()),
            by: None,
            seq: 1,
            at: format!("2026-11-30T{h:02}:{m:02}:00Z"),
            body,
        })
    }

    /// Distinct records, then the same records shuffled, some sent several times.
    fn arb_history() -> impl Strategy<Value = (Vec<Record>, Vec<Record>)> {
        prop::collection::vec(arb_record(), 0..40).prop_flat_map(|mut records| {
            for (i, r) in records.iter_mut().enumerate() {
                r.id = RecordId(Uuid::from_u128(i as u128 + 1));
                r.seq = i as u64 + 1;
            }
            let n = records.len();
            let replays = prop::collection::vec(0..n.max(1), 0..n * 2 + 1);
            (Just(records), replays).prop_flat_map(|(records, replays)| {
                let mut delivered = records.clone();
                if !records.is_empty() {
                    delivered.extend(replays.into_iter().map(|i| records[i].clone()));
                }
                (Just(records), Just(delivered).prop_shuffle())
            })
        })
    }

    proptest! {
        #[test]
        fn any_order_and_any_replay_gives_the_clean_state((clean, delivered) in arb_history()) {
            let mut once = LearnerState::default();
            for r in &clean {
                prop_assert_eq!(once.apply(r), Outcome::Accepted);
            }
            let mut messy = LearnerState::default();
            let mut accepted = 0;
            for r in &delivered {
                match messy.apply(r) {
                    Outcome::Accepted => accepted += 1,
                    Outcome::Duplicate => {}
                    Outcome::Rejected(reason) => prop_assert!(false, "rejected {:?}", reason),
                }
            }
            prop_assert_eq!(accepted, clean.len(), "each record accepted exactly once");
            prop_assert_eq!(&messy, &once);
        }
    }
}
