//! What learners' pages receive: their courses, a course's outline and what "Download
//! for offline" saves, a lesson, their progress, and today's sessions to check in to.

use crate::teach::SessionSlot;
use domain::{ActivityId, ClassId, DeliveryMode, LessonId, Localized, SessionId, UserId};
use serde::{Deserialize, Serialize};

/// One enrolled course as listed on "My courses".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCard {
    pub class: ClassId,
    pub class_name: Localized,
    pub programme: Localized,
    pub qualification_code: String,
    pub cqf_level: u8,
    pub modules: u32,
    pub activities: u32,
    pub lessons: u32,
    /// Whole percent of the programme's activities done.
    pub percent_done: u8,
    pub next_session: Option<SessionSlot>,
}

/// The learner's timetable: the face-to-face and workplace sessions of every class they
/// are enrolled in, from today to `days` days on, soonest first (cancelled ones left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerTimetable {
    pub days: u32,
    pub sessions: Vec<SessionSlot>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseOutline {
    pub class: ClassId,
    pub class_name: Localized,
    pub programme: Localized,
    pub modules: Vec<ModuleOutline>,
    pub offline: OfflineBundle,
}

/// Everything "Download for offline" saves for a course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineBundle {
    /// Same-origin paths of the pages to keep, each saved in every language.
    pub pages: Vec<String>,
    /// Same-origin paths of the images the lessons show.
    pub files: Vec<String>,
    /// About how many bytes downloading it takes on the network (compressed).
    pub estimate_bytes: u64,
    /// Changes whenever the course's content does: an older saved copy needs updating.
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleOutline {
    pub title: Localized,
    pub activities: Vec<ActivityOutline>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityOutline {
    pub id: ActivityId,
    pub title: Localized,
    pub mode: DeliveryMode,
    pub minutes: u32,
    pub lesson: Option<LessonId>,
    pub done: bool,
    pub sessions: Vec<SessionSlot>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    pub id: LessonId,
    /// Who reads it (the device keeps each person's records apart).
    pub learner: UserId,
    pub class: ClassId,
    pub title: Localized,
    /// The lesson's Markdown in each language (the store does not render: the page does,
    /// once, in the reader's language).
    pub body: Localized,
    pub done: bool,
    pub checks: Vec<domain::check::CheckItem>,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonLink {
    pub id: LessonId,
    pub title: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub programme: Localized,
    /// Whole percent of the programme's activities done.
    pub percent_done: u8,
    pub modules: Vec<ModuleProgress>,
    pub units: Vec<UnitProgress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleProgress {
    pub title: Localized,
    pub done: u32,
    pub total: u32,
    pub lessons: Vec<LessonProgress>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    pub title: Localized,
    pub done: bool,
    /// The best attempt.
    pub best: Option<Score>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub code: String,
    pub title: Localized,
    /// Its performance criteria, in order.
    pub criteria: Vec<CriterionProgress>,
}

/// A knowledge-check score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub score: u16,
    pub max: u16,
}

/// One performance criterion of a unit, and whether the learner has covered it (done an
/// activity that covers it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionProgress {
    /// Its number in the unit, like "1.2".
    pub number: String,
    pub text: Localized,
    pub covered: bool,
}

/// The signed-in learner and their sessions of today (in Cambodia), to check in to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInSessions {
    pub learner: UserId,
    pub sessions: Vec<CheckInSession>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInSession {
    pub id: SessionId,
    /// Its start time and activity, "07:30 Safety briefing", in each language.
    pub label: Localized,
}
