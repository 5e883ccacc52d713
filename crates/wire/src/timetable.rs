//! A class's timetable as its admin plans it.

use crate::classes::ClassSummary;
use domain::calendar::{ClockTime, Date};
use domain::{DeliveryMode, Localized};
use serde::{Deserialize, Serialize};

/// A face-to-face or workplace activity of the class's programme version: what a planned
/// session may be for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityChoice {
    pub id: String,
    pub module: Localized,
    pub title: Localized,
    pub mode: DeliveryMode,
    pub minutes: u32,
}

/// One session of a class as its admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSession {
    pub id: String,
    pub date: Date,
    pub start: ClockTime,
    pub end: ClockTime,
    pub place: Localized,
    /// Empty when the session is for no activity in particular.
    pub activity: Localized,
    pub mode: Option<DeliveryMode>,
    pub cancelled: bool,
    /// Learners with a mark in its roll call (kept when it is cancelled).
    pub marked: u32,
}

/// The timetable page of one class.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetablePage {
    pub class: ClassSummary,
    pub activities: Vec<ActivityChoice>,
    /// Every session, in time order.
    pub sessions: Vec<PlannedSession>,
}
