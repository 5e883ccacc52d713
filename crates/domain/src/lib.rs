//! Sala's rules, pure: identifiers, roles, delivery modes and blend arithmetic, the two
//! languages and how numbers and dates are written in each, the calendar, sync records
//! and their validation, who may write what and how records fold into effects
//! (`ingest`), attendance, self check-in and sign-in limits. Compiles for the server and
//! for the browser; does no I/O and knows nothing about Leptos, HTTP or the database:
//! the store loads facts, asks here, and writes what comes back.

pub mod attendance;
pub mod calendar;
pub mod check;
pub mod check_in;
pub mod delivery;
pub mod ids;
pub mod ingest;
pub mod locale;
pub mod role;
pub mod sign_in;
pub mod sync;
pub mod text;

pub use delivery::{percent, DeliveryMode};
pub use ids::*;
pub use locale::Locale;
pub use role::Role;
pub use text::Localized;
