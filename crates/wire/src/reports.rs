//! What the report pages receive: a class's report (the admin's, and the trainer's "who
//! is behind" for their own classes: the same figures) and the institute at a glance.
//! The rules behind every figure are `domain::report`'s.

use domain::calendar::{ClockTime, Date};
use domain::{ClassId, Localized, SessionId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassReport {
    pub class: ClassId,
    pub class_name: Localized,
    pub programme: Localized,
    /// Below this attendance rate (percent) a learner is at risk.
    pub threshold: u8,
    /// Percentage points below the class's median progress from which a learner is behind.
    pub behind_by: u8,
    /// The class's median progress (percent), if it has learners.
    pub median_progress: Option<u8>,
    /// The mean of the learners' attendance rates, over those with a mark.
    pub attendance: Option<u8>,
    /// Sessions that have started (not cancelled), oldest first, with their attendance.
    pub sessions: Vec<SessionAttendance>,
    /// The enrolled learners, at risk first, then by name.
    pub learners: Vec<LearnerFigures>,
    /// Per lesson with a knowledge check, in the programme's order.
    pub checks: Vec<CheckResult>,
    /// When the figures were read (UTC).
    pub as_of: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAttendance {
    pub id: SessionId,
    pub date: Date,
    pub start: ClockTime,
    pub activity: Localized,
    /// How many learners have a mark that counts.
    pub marked: u32,
    /// The rate of those marks (`None` when no one is marked).
    pub rate: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerFigures {
    pub id: UserId,
    pub name: Localized,
    pub username: String,
    /// Attendance rate over the sessions they are marked in (`None`: not marked yet).
    pub attendance: Option<u8>,
    /// Sessions in which they have a mark that counts.
    pub sessions_marked: u32,
    pub done: u32,
    pub activities: u32,
    /// `done` of `activities`, in percent.
    pub progress: u8,
    pub low_attendance: bool,
    pub behind: bool,
}

impl LearnerFigures {
    pub fn at_risk(&self) -> bool {
        self.low_attendance || self.behind
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub lesson: String,
    pub title: Localized,
    /// Learners of the class who tried it at least once.
    pub tried: u32,
    pub learners: u32,
    /// The mean of their best scores, in percent.
    pub mean_best: Option<u8>,
}

/// The institute at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstituteReport {
    pub threshold: u8,
    pub classes: Vec<ClassSummary>,
    /// Active learners of the institute (enrolled in a class or not).
    pub learners: u32,
    /// Learners enrolled in at least one class.
    pub enrolled: u32,
    /// When the figures were read (UTC).
    pub as_of: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub class: ClassId,
    pub code: String,
    pub name: Localized,
    pub programme: Localized,
    pub learners: u32,
    pub sessions_held: u32,
    /// The mean of the learners' attendance rates.
    pub attendance: Option<u8>,
    /// The mean of the learners' progress (completion).
    pub completion: Option<u8>,
    pub at_risk: u32,
}
