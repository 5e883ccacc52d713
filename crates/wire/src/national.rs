//! What a national administrator's pages receive: the institutes and their admins.

use crate::account::PersonSummary;
use domain::{InstituteId, Localized};
use serde::{Deserialize, Serialize};

/// One institute in the national administrator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstituteSummary {
    pub id: InstituteId,
    pub code: String,
    pub name: Localized,
    /// Its learners and its other people (trainers, assessors, curriculum team, admins),
    /// deactivated ones left out.
    pub learners: u32,
    pub staff: u32,
    pub admins: u32,
    pub classes: u32,
    pub created_at: String,
}

/// One institute's page: its figures and its admins (whom the national administrator
/// may give a new sign-in slip, should an institute's only admin lose theirs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutePage {
    pub institute: InstituteSummary,
    pub admins: Vec<PersonSummary>,
}
