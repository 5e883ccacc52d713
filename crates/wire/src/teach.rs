//! What trainers' pages receive: sessions (learners see them too), the agenda, a
//! session's roll call and a class's attendance.

use domain::attendance::{MarkVersion, StatusDef};
use domain::calendar::{ClockTime, Date};
use domain::{ClassId, DeliveryMode, Localized, SessionId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSlot {
    pub id: SessionId,
    pub class: domain::ClassId,
    pub class_name: Localized,
    pub activity: Localized,
    pub mode: DeliveryMode,
    /// The day in Cambodia.
    pub date: Date,
    /// Start and end on Cambodia's clock.
    pub start: ClockTime,
    pub end: ClockTime,
    pub place: Localized,
    pub learners: u32,
    /// How many learners have an attendance mark.
    pub marked: u32,
}

/// A trainer's sessions from today (in Cambodia) for a number of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub today: Date,
    pub sessions: Vec<SessionSlot>,
    /// Sessions of the 14 days before today, most recent first (their marks can still
    /// be changed; every change is kept).
    pub earlier: Vec<SessionSlot>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: UserId,
    pub name: Localized,
}

/// A self check-in the server refused, as the session's trainers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub learner: UserId,
    pub reason: domain::sync::RejectReason,
    /// When the learner checked in (their phone's clock).
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollCallView {
    pub session: SessionSlot,
    pub statuses: Vec<StatusDef>,
    pub roster: Vec<Person>,
    /// The class's trainers (who may have marked too).
    pub trainers: Vec<Person>,
    /// Every version of every mark the server has.
    pub versions: Vec<MarkVersion>,
    /// The key the trainer's phone makes this session's check-in codes with (hex); empty
    /// outside the session's own time (`check_in::key_is_live`): then there is no code.
    pub check_in_key: String,
    /// Check-ins the server refused.
    pub refusals: Vec<Refusal>,
}

/// A roll call as its page loads it: the trainer taking it, and the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerRollCall {
    pub trainer: UserId,
    pub roll_call: RollCallView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAttendance {
    pub class: ClassId,
    pub class_name: Localized,
    /// Below this rate (percent) a learner is at risk.
    pub threshold: u8,
    pub statuses: Vec<StatusDef>,
    /// Sessions that have started, oldest first.
    pub sessions: Vec<SessionColumn>,
    pub learners: Vec<LearnerRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionColumn {
    pub id: SessionId,
    pub date: Date,
    pub start: ClockTime,
    pub activity: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerRow {
    pub id: UserId,
    pub name: Localized,
    /// The status code that counts, per session (same order as `sessions`).
    pub marks: Vec<Option<String>>,
    pub rate: Option<u8>,
    pub at_risk: bool,
    /// Every version of every mark of this learner: (session, status, minutes, note,
    /// who, when), oldest first.
    pub history: Vec<HistoryEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub session: SessionId,
    pub status: String,
    pub minutes_late: u16,
    pub note: String,
    pub by: Localized,
    pub at: String,
}
