//! The pure domain: identifiers, roles, delivery modes, localised text and calendar
//! arithmetic. Compiles for the server and for the browser; does no I/O and knows
//! nothing about Leptos, HTTP or the database.

pub mod attendance;
pub mod calendar;
pub mod check;
pub mod check_in;
pub mod delivery;
pub mod ids;
pub mod ingest;
pub mod role;
pub mod sign_in;
pub mod sync;
pub mod text;

pub use delivery::DeliveryMode;
pub use ids::*;
pub use role::Role;
pub use text::Localized;
