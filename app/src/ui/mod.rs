//! Pieces every feature's pages use, in one place so that no feature imports another:
//! the page frame and its loading and error lines, the role guard, the session card,
//! the "coming soon" list of tools, and a textarea that keeps typed text text.

pub mod coming_soon;
pub mod gap_plan;
pub mod guard;
pub mod page;
pub mod session_card;
pub mod stages;
pub mod status;
pub mod text_box;
