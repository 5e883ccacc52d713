//! The people who sign in: who the browser may know is signed in, their devices, and
//! an institute's people as its admin lists them.

use domain::{Localized, Role, UserId};
use serde::{Deserialize, Serialize};

/// The session cookie's name. HttpOnly: scripts never see the token.
pub const SESSION_COOKIE: &str = "sala_session";

/// The header every page answer carries with the id of the person it was made for (none
/// when signed out): the service worker forgets saved pages only when it changes.
pub const USER_HEADER: &str = "x-sala-user";

/// What the browser may know about the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: domain::UserId,
    pub username: String,
    pub display_name: Localized,
    pub role: Role,
}

/// One signed-in device, as its person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// Names the session in "sign out there" (its token's hash, never the token).
    pub id: String,
    pub description: String,
    pub signed_in_at: String,
    pub last_used_at: String,
    pub this_one: bool,
}

/// One of an institute's people, as its admin lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: UserId,
    pub username: String,
    pub name: Localized,
    pub role: Role,
    pub phone: Option<String>,
    /// When their admin deactivated them; `None` while they may sign in.
    pub deactivated_at: Option<String>,
    /// Whether they have a password (set with a sign-in slip).
    pub has_password: bool,
    /// The expiry of their sign-in slip not yet used, if any.
    pub slip_expires_at: Option<String>,
    /// Devices they are signed in on now.
    pub sessions: u32,
}

/// An import of learners from a spreadsheet, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImport {
    pub file_name: String,
    pub created_at: String,
    /// The people this import added (as they are now).
    pub added: Vec<PersonSummary>,
    /// Rows that were someone already here.
    pub already: u32,
    /// Why nothing was imported (empty when it was).
    pub problems: Vec<domain::roster::RosterProblem>,
}
