//! Pieces every feature's pages use, in one place so that no feature imports another:
//! the page frame and its loading and error lines, the role guard, the session card,
//! and the "coming soon" list of tools.

pub mod coming_soon;
pub mod guard;
pub mod page;
pub mod session_card;
pub mod status;
