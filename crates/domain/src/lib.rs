//! Sala's rules, pure: identifiers, roles, delivery modes and blend arithmetic, the two
//! languages and how numbers and dates are written in each, the calendar, sync records
//! and their validation, who may write what and how records fold into effects
//! (`ingest`), attendance, self check-in and sign-in limits, competency standards
//! (`standard`) and their 1EdTech CASE 1.1 JSON (`case`). Compiles for the server and
//! for the browser; does no I/O and knows nothing about Leptos, HTTP or the database:
//! the store loads facts, asks here, and writes what comes back.

pub mod attendance;
pub mod blend;
pub mod calendar;
pub mod case;
pub mod check;
pub mod check_edit;
pub mod check_in;
pub mod classes;
pub mod csv;
pub mod delivery;
pub mod ids;
pub mod ingest;
pub mod institutes;
pub mod lesson;
pub mod locale;
pub mod moodle;
pub mod people;
pub mod report;
pub mod role;
pub mod roster;
pub mod rpl;
pub mod sign_in;
pub mod spreadsheet;
pub mod standard;
pub mod sync;
pub mod text;
pub mod timetable;
pub mod versions;

pub use delivery::{percent, DeliveryMode};
pub use ids::*;
pub use locale::Locale;
pub use role::Role;
pub use text::Localized;
