//! Classes as an institute's admin opens and fills them.

use domain::calendar::Date;
use domain::{ClassId, Localized, UserId};
use serde::{Deserialize, Serialize};

/// A person named on a class's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: UserId,
    pub username: String,
    pub name: Localized,
}

/// One class in the admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: ClassId,
    pub code: String,
    pub name: Localized,
    pub programme: Localized,
    pub version: u32,
    pub starts_on: Date,
    pub learners: u32,
    pub trainers: Vec<Localized>,
}

/// A published programme version a new class may follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeChoice {
    pub id: String,
    pub title: Localized,
    pub version: u32,
}

/// The classes page: the classes, and the versions a new one may follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassesPage {
    pub classes: Vec<ClassSummary>,
    pub programmes: Vec<ProgrammeChoice>,
}

/// A learner who left a class: who, when they were enrolled and when they left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub learner: PersonRef,
    pub enrolled_at: String,
    pub withdrawn_at: String,
}

/// One class's page for its admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAdmin {
    pub class: ClassSummary,
    pub trainers: Vec<PersonRef>,
    /// The institute's active trainers, for "assign trainers".
    pub all_trainers: Vec<PersonRef>,
    pub learners: Vec<PersonRef>,
    pub withdrawn: Vec<Withdrawal>,
}
