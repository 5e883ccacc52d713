//! What an institute admin's pages receive.

use domain::attendance::StatusDef;
use serde::{Deserialize, Serialize};

/// An institute's attendance statuses (in tap order) and its at-risk threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSettings {
    pub statuses: Vec<StatusDef>,
    /// Below this attendance rate (percent) a learner is at risk.
    pub threshold: u8,
}
