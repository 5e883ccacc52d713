//! The sync engine's rules, pure: what a record written on a device is, which records
//! the server refuses on their own merits, and how accepted records combine into a
//! learner's state. The server's store applies exactly these rules; the property tests
//! below pin them: any order, duplication or replay of the same records gives the same
//! state as applying each once.
//!
//! Protocol and limits: `docs/sync-protocol.md`.

use super::{LessonId, RecordId, SessionId, UserId};
use serde::{Deserialize, Serialize};

/// At most this many records one user may send in a day (Cambodia's); more wait for the
/// next day (`retry`, reason `daily_limit`).
pub const MAX_RECORDS_PER_DAY: u32 = 5_000;
/// At most this much reading time in one `time_spent` record.
pub const MAX_SECONDS_PER_RECORD: u32 = 4 * 3600;

/// One change made on a device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// UUIDv7 made by the device: the idempotency key.
    pub id: RecordId,
    /// The device's own counter, increasing by one per record it writes.
    pub seq: u64,
    /// When it happened, on the device's clock (RFC 3339, UTC).
    pub at: String,
    /// Who wrote it: filled in by the server when it sends records to a device (a
    /// trainer's device receives other trainers' marks); ignored in a push.
    pub by: Option<UserId>,
    pub body: RecordBody,
}

/// JSON kept as it came (a record of a kind this code does not know).
#[derive(Clone, Debug)]
pub struct RawJson(pub Box<serde_json::value::RawValue>);

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}
impl Eq for RawJson {}

#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// `domain::attendance` for the conflict rule). An empty status clears the mark.
    AttendanceMark {
        session: SessionId,
        learner: UserId,
        status: String,
        minutes_late: u16,
        note: String,
        replaces: Vec<RecordId>,
    },
    /// A learner checked in to a session with the code its trainer's phone showed (see
    /// `domain::check_in`). Once the server has checked the code, it counts as a mark
    /// by the learner, in the institute's first status.
    CheckIn { session: SessionId, code: String },
    /// A kind this code does not know, or one whose data it cannot read (a newer app or
    /// server wrote it): kept as it came, never applied. A server refuses it in a push
    /// (`unknown_kind`: try again after an upgrade, or `invalid`); a device keeps it
    /// from a pull and skips it.
    Unknown { kind: String, data: RawJson },
}

/// The kinds this code knows.
pub const KINDS: [&str; 5] = [
    "lesson_done",
    "check_attempt",
    "time_spent",
    "attendance_mark",
    "check_in",
];

impl RecordBody {
    pub fn kind(&self) -> &str {
        match self {
            RecordBody::LessonDone { .. } => "lesson_done",
            RecordBody::CheckAttempt { .. } => "check_attempt",
            RecordBody::TimeSpent { .. } => "time_spent",
            RecordBody::AttendanceMark { .. } => "attendance_mark",
            RecordBody::CheckIn { .. } => "check_in",
            RecordBody::Unknown { kind, .. } => kind,
        }
    }

    /// The lesson a learner's record is about.
    pub fn lesson(&self) -> Option<LessonId> {
        match self {
            RecordBody::LessonDone { lesson }
            | RecordBody::CheckAttempt { lesson, .. }
            | RecordBody::TimeSpent { lesson, .. } => Some(*lesson),
            RecordBody::AttendanceMark { .. }
            | RecordBody::CheckIn { .. }
            | RecordBody::Unknown { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordResult {
    pub id: RecordId,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What the server did with one record. The device deletes a record from its outbox
/// on `accepted` and `duplicate` (both mean "the server has it"); on `rejected` it keeps
/// it aside and shows the reason; on `retry` it keeps it in the outbox, shows it as
/// waiting with the reason, and sends it again later (what it depends on may change:
/// an enrolment, a status the admin renamed, a server upgrade, tomorrow's allowance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Duplicate,
    Rejected(RejectReason),
    #[serde(rename = "retry")]
    Deferred(RejectReason),
}

impl Outcome {
    /// As a device that speaks `protocol` understands it (version 1 knows no `retry`).
    pub fn for_protocol(self, protocol: u32) -> Outcome {
        match self {
            Outcome::Deferred(reason) if protocol < 2 => Outcome::Rejected(reason),
            other => other,
        }
    }
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
    /// A check-in code that is not this session's (the trainer's reason).
    WrongCode,
    /// A check-in code of this session, typed too long after it was shown (the
    /// trainer's reason).
    ExpiredCode,
    /// A check-in code of another session of the learner's (the trainer's reason).
    OtherSession,
    /// A check-in code the learner had already used (the trainer's reason).
    ReplayedCode,
    /// A check-in the server did not accept: all a learner is told (the trainer sees why).
    NotAccepted,
    /// The learner has used up their check-in attempts at this session.
    TooManyAttempts,
    /// More records than a user may send in a day: they go tomorrow.
    DailyLimit,
    /// A kind of record this server does not know (from a newer app).
    UnknownKind,
    /// A reason this code does not know (from a newer server).
    #[serde(other)]
    Unrecognised,
}

impl RejectReason {
    /// Whether a refusal for this reason may succeed later, when what it depends on has
    /// changed (then the record waits on the device and is sent again).
    pub fn may_pass_later(self) -> bool {
        matches!(
            self,
            RejectReason::UnknownLesson
                | RejectReason::UnknownSession
                | RejectReason::UnknownLearner
                | RejectReason::UnknownStatus
                | RejectReason::DailyLimit
                | RejectReason::UnknownKind
                | RejectReason::Unrecognised
        )
    }

    /// The outcome of a refusal for this reason: `retry` when it may pass later.
    pub fn outcome(self) -> Outcome {
        if self.may_pass_later() {
            Outcome::Deferred(self)
        } else {
            Outcome::Rejected(self)
        }
    }

    /// The reason as it is written on the wire and stored.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::Invalid => "invalid",
            RejectReason::UnknownLesson => "unknown_lesson",
            RejectReason::IdTaken => "id_taken",
            RejectReason::NotAllowed => "not_allowed",
            RejectReason::UnknownSession => "unknown_session",
            RejectReason::UnknownLearner => "unknown_learner",
            RejectReason::UnknownStatus => "unknown_status",
            RejectReason::WrongCode => "wrong_code",
            RejectReason::ExpiredCode => "expired_code",
            RejectReason::OtherSession => "other_session",
            RejectReason::ReplayedCode => "replayed_code",
            RejectReason::NotAccepted => "not_accepted",
            RejectReason::TooManyAttempts => "too_many_attempts",
            RejectReason::DailyLimit => "daily_limit",
            RejectReason::UnknownKind => "unknown_kind",
            RejectReason::Unrecognised => "unrecognised",
        }
    }
}

/// The data part of a record on the wire, serialised in place (untagged serialisation
/// costs the browser nothing like flattening does).
#[derive(Serialize)]
#[serde(untagged)]
enum Data<'a> {
    Lesson {
        lesson: &'a LessonId,
    },
    Attempt {
        lesson: &'a LessonId,
        answers: &'a [Vec<u8>],
        score: u16,
        max: u16,
    },
    Time {
        lesson: &'a LessonId,
        seconds: u32,
    },
    Mark {
        session: &'a SessionId,
        learner: &'a UserId,
        status: &'a str,
        minutes_late: u16,
        note: &'a str,
        replaces: &'a [RecordId],
    },
    CheckIn {
        session: &'a SessionId,
        code: &'a str,
    },
    Raw(&'a serde_json::value::RawValue),
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let data = match &self.body {
            RecordBody::LessonDone { lesson } => Data::Lesson { lesson },
            RecordBody::CheckAttempt {
                lesson,
                answers,
                score,
                max,
            } => Data::Attempt {
                lesson,
                answers,
                score: *score,
                max: *max,
            },
            RecordBody::TimeSpent { lesson, seconds } => Data::Time {
                lesson,
                seconds: *seconds,
            },
            RecordBody::AttendanceMark {
                session,
                learner,
                status,
                minutes_late,
                note,
                replaces,
            } => Data::Mark {
                session,
                learner,
                status,
                minutes_late: *minutes_late,
                note,
                replaces,
            },
            RecordBody::CheckIn { session, code } => Data::CheckIn { session, code },
            RecordBody::Unknown { data, .. } => Data::Raw(&data.0),
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("seq", &self.seq)?;
        map.serialize_entry("at", &self.at)?;
        if let Some(by) = &self.by {
            map.serialize_entry("by", by)?;
        }
        map.serialize_entry("kind", self.body.kind())?;
        map.serialize_entry("data", &data)?;
        map.end()
    }
}

// Reading records and results by hand rather than with `#[serde(flatten)]` and
// adjacently tagged enums: the same wire format, without serde's buffering machinery
// (which would cost learners several kilobytes of WebAssembly).
impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde_json::value::RawValue;
        #[derive(Deserialize)]
        struct Wire {
            id: RecordId,
            seq: u64,
            at: String,
            #[serde(default)]
            by: Option<UserId>,
            kind: String,
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
        let body = match wire.kind.as_str() {
            "lesson_done" => serde_json::from_str::<Lesson>(data)
                .map(|d| RecordBody::LessonDone { lesson: d.lesson })
                .ok(),
            "check_attempt" => serde_json::from_str::<Attempt>(data)
                .map(|d| RecordBody::CheckAttempt {
                    lesson: d.lesson,
                    answers: d.answers,
                    score: d.score,
                    max: d.max,
                })
                .ok(),
            "time_spent" => serde_json::from_str::<Time>(data)
                .map(|d| RecordBody::TimeSpent {
                    lesson: d.lesson,
                    seconds: d.seconds,
                })
                .ok(),
            "attendance_mark" => serde_json::from_str::<Mark>(data)
                .map(|d| RecordBody::AttendanceMark {
                    session: d.session,
                    learner: d.learner,
                    status: d.status,
                    minutes_late: d.minutes_late,
                    note: d.note,
                    replaces: d.replaces,
                })
                .ok(),
            "check_in" => serde_json::from_str::<CheckIn>(data)
                .map(|d| RecordBody::CheckIn {
                    session: d.session,
                    code: d.code,
                })
                .ok(),
            _ => None,
        };
        let body = body.unwrap_or(RecordBody::Unknown {
            kind: wire.kind,
            data: RawJson(wire.data),
        });
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
        #[derive(Deserialize)]
        struct Wire {
            id: RecordId,
            status: String,
            #[serde(default)]
            reason: Option<RejectReason>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let reason = wire.reason.unwrap_or(RejectReason::Unrecognised);
        let outcome = match wire.status.as_str() {
            "accepted" => Outcome::Accepted,
            "duplicate" => Outcome::Duplicate,
            "rejected" => Outcome::Rejected(reason),
            // `retry`, or a status from a newer server: keep the record and try later.
            _ => Outcome::Deferred(reason),
        };
        Ok(RecordResult {
            id: wire.id,
            outcome,
        })
    }
}

/// At most this many versions one mark may replace (a trainer's decision replaces every
/// head; a learner's own check-ins replace their earlier ones, so heads stay few).
pub const MAX_REPLACES: usize = 200;

/// Checks what a record says about itself, without looking anything up: a real time
/// (not only the shape of one: `2026-99-99T99:99:99Z` is refused), a counter, and data
/// within its bounds. A kind this code does not know is `unknown_kind`.
pub fn validate(record: &Record) -> Result<(), RejectReason> {
    if !is_real_utc_timestamp(&record.at) || record.seq == 0 || record.seq > i64::MAX as u64 {
        return Err(RejectReason::Invalid);
    }
    let ok = match &record.body {
        RecordBody::LessonDone { .. } => true,
        RecordBody::CheckAttempt {
            answers,
            score,
            max,
            ..
        } => {
            *max > 0
                && *max <= 1000
                && score <= max
                && answers.len() <= 200
                && answers.iter().all(|a| a.len() <= 50)
        }
        RecordBody::TimeSpent { seconds, .. } => *seconds > 0 && *seconds <= MAX_SECONDS_PER_RECORD,
        RecordBody::AttendanceMark {
            status,
            minutes_late,
            note,
            replaces,
            ..
        } => {
            // An empty status clears the mark (`attendance::CLEARED`).
            status.len() <= 20
                && status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && *minutes_late <= 600
                && note.chars().count() <= 500
                && replaces.len() <= MAX_REPLACES
        }
        RecordBody::CheckIn { code, .. } => super::check_in::is_well_formed(code),
        RecordBody::Unknown { kind, .. } => {
            return Err(if KINDS.contains(&kind.as_str()) {
                RejectReason::Invalid
            } else {
                RejectReason::UnknownKind
            })
        }
    };
    if ok {
        Ok(())
    } else {
        Err(RejectReason::Invalid)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`, a real moment between 2020 and 2100: what devices send,
/// so text order is time order.
pub fn is_real_utc_timestamp(at: &str) -> bool {
    let b = at.as_bytes();
    let shaped = (20..=30).contains(&b.len())
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b.last() == Some(&b'Z')
        && (b.len() == 20 || (b[19] == b'.' && b[20..b.len() - 1].iter().all(u8::is_ascii_digit)));
    shaped
        && super::calendar::parse_utc(at).is_some_and(|t| {
            (1_577_836_800..4_102_444_800).contains(&t) && b[17..19].iter().all(u8::is_ascii_digit)
        })
}

/// One knowledge-check attempt, as the learner's state keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub lesson: LessonId,
    pub score: u16,
    pub max: u16,
    pub at: String,
}

/// The best of some attempts, as (score, max): the greatest share of the maximum; of
/// equal shares the latest, then the one out of more. The one rule for the device's and
/// the server's "best score" (the store loads attempts and asks this).
pub fn best_attempt<'a>(attempts: impl IntoIterator<Item = &'a Attempt>) -> Option<(u16, u16)> {
    attempts
        .into_iter()
        .max_by(|a, b| {
            (u32::from(a.score) * u32::from(b.max))
                .cmp(&(u32::from(b.score) * u32::from(a.max)))
                .then_with(|| a.at.cmp(&b.at))
                .then_with(|| a.max.cmp(&b.max))
        })
        .map(|a| (a.score, a.max))
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
            RecordBody::AttendanceMark { .. }
            | RecordBody::CheckIn { .. }
            | RecordBody::Unknown { .. } => {}
        }
        Outcome::Accepted
    }

    /// The best attempt at a lesson's check, as (score, max) (see [`best_attempt`]).
    pub fn best_score(&self, lesson: LessonId) -> Option<(u16, u16)> {
        best_attempt(
            self.attempts
                .iter()
                .map(|(_, a)| a)
                .filter(|a| a.lesson == lesson),
        )
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
                session: crate::SessionId(Uuid::from_u128(9)),
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
            session: crate::SessionId(Uuid::from_u128(9)),
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
            record(
                8,
                1,
                "2026-99-99T99:99:99Z",
                RecordBody::LessonDone { lesson: lesson(1) },
            ),
            record(
                9,
                1,
                "2026-02-30T08:00:00Z",
                RecordBody::LessonDone { lesson: lesson(1) },
            ),
            record(
                10,
                1,
                "1999-12-31T23:00:00Z",
                RecordBody::LessonDone { lesson: lesson(1) },
            ),
            record(
                11,
                1,
                at,
                RecordBody::TimeSpent {
                    lesson: lesson(1),
                    seconds: MAX_SECONDS_PER_RECORD + 1,
                },
            ),
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
                    Outcome::Rejected(reason) | Outcome::Deferred(reason) => {
                        prop_assert!(false, "refused {:?}", reason)
                    }
                }
            }
            prop_assert_eq!(accepted, clean.len(), "each record accepted exactly once");
            prop_assert_eq!(&messy, &once);
        }
    }
}
