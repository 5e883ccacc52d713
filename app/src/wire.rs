//! What crosses HTTP and is not a page's own view: named structs with stable field
//! names (no tuples on the wire), shared by the server, the store and the browser. No
//! Leptos, no SQL.

use crate::domain::{Localized, Role, UserId};
use serde::{Deserialize, Serialize};

/// One of an institute's people, as its admin lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: UserId,
    pub username: String,
    pub name: Localized,
    pub role: Role,
    /// Devices they are signed in on now.
    pub sessions: u32,
}
