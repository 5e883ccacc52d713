//! The sync engine's rules, pure: what a record written on a device is, which records
//! the server refuses on their own merits, and how accepted records combine into a
//! learner's state. The server's store applies exactly these rules; the property tests
//! below pin them: any order, duplication or replay of the same records gives the same
//! state as applying each once.
//!
//! Protocol and limits: `docs/sync-protocol.md`.

use super::{DeviceId, LessonId, RecordId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// UUIDv7 made by the device: the idempotency key.
    pub id: RecordId,
    /// The device's own counter, increasing by one per record it writes.
    pub seq: u64,
    /// When it happened, on the device's clock (RFC 3339, UTC).
    pub at: String,
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
}

impl RecordBody {
    pub fn kind(&self) -> &'static str {
        match self {
            RecordBody::LessonDone { .. } => "lesson_done",
            RecordBody::CheckAttempt { .. } => "check_attempt",
            RecordBody::TimeSpent { .. } => "time_spent",
        }
    }

    pub fn lesson(&self) -> LessonId {
        match self {
            RecordBody::LessonDone { lesson }
            | RecordBody::CheckAttempt { lesson, .. }
            | RecordBody::TimeSpent { lesson, .. } => *lesson,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A learner's learning record as the accepted records make it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LearnerState {
    seen: BTreeSet<RecordId>,
    /// Lessons done, with the earliest time they were marked done.
    pub done: BTreeMap<LessonId, String>,
    /// Every check attempt.
    pub attempts: BTreeMap<RecordId, Attempt>,
    /// Seconds spent per lesson.
    pub seconds: BTreeMap<LessonId, u64>,
}

impl LearnerState {
    /// Applies one record exactly once. Order does not matter: "done" keeps the
    /// earliest time, attempts are a set, seconds are a sum.
    pub fn apply(&mut self, record: &Record) -> Outcome {
        if let Err(reason) = validate(record) {
            return Outcome::Rejected(reason);
        }
        if !self.seen.insert(record.id) {
            return Outcome::Duplicate;
        }
        match &record.body {
            RecordBody::LessonDone { lesson } => {
                self.done
                    .entry(*lesson)
                    .and_modify(|at| {
                        if record.at < *at {
                            at.clone_from(&record.at);
                        }
                    })
                    .or_insert_with(|| record.at.clone());
            }
            RecordBody::CheckAttempt {
                lesson, score, max, ..
            } => {
                self.attempts.insert(
                    record.id,
                    Attempt {
                        lesson: *lesson,
                        score: *score,
                        max: *max,
                        at: record.at.clone(),
                    },
                );
            }
            RecordBody::TimeSpent { lesson, seconds } => {
                *self.seconds.entry(*lesson).or_default() += u64::from(*seconds);
            }
        }
        Outcome::Accepted
    }

    /// The best attempt at a lesson's check, as (score, max), by share of the maximum.
    pub fn best_score(&self, lesson: LessonId) -> Option<(u16, u16)> {
        self.attempts
            .values()
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
        assert_eq!(state.done[&l], "2026-11-30T08:00:00Z");
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
